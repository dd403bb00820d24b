import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { useTestApp } from '../../test/helpers/app';
import { invoices } from '../features/billing/billing.schema';
import { households } from '../features/households/households.schema';
import { payments } from '../features/payments/payments.schema';
import { ibanKey } from '../features/payments/sepa.routes';
import { sepaCollections, sepaMandates } from '../features/payments/sepa.schema';
import { collectionFile } from '../features/payments/sepa.service';
import { tenants } from '../features/tenants/tenants.schema';
import { seedDemo } from './demo';

const t = useTestApp();

describe('demo payments seed', () => {
  it('has a paid cheque, an invoice in collection, an unpaid one and two active mandates; the file opens', async () => {
    await seedDemo(
      t.db,
      undefined,
      t.clock.now(),
      t.app.deps.secretsKey ?? new TextEncoder().encode(t.app.deps.cookieSecret),
    );
    const [demo] = await t.db.select().from(tenants).where(eq(tenants.slug, 'demo'));
    // This seed's invoices: September 2026, issued by hand (no run), outside the Martins' (whose invoices
    // come from the online-payment seed).
    const [martin] = await t.db.select().from(households).where(eq(households.name, 'Martin'));
    const rows = (await t.db.select().from(invoices).where(eq(invoices.tenantId, demo!.id))).filter(
      (r) => r.periodStart === '2026-09-01' && r.runId === null && r.householdId !== martin!.id,
    );
    assert.deepEqual(rows.map((r) => r.status).sort(), ['in_collection', 'paid', 'unpaid', 'unpaid']);
    const pays = await t.db.select().from(payments);
    assert.ok(
      pays.some(
        (p) => p.method === 'cheque' && p.status === 'paid' && /^REC-2026-\d{6}$/.test(p.receiptNumber ?? ''),
      ),
    );
    assert.equal((await t.db.select().from(sepaMandates)).filter((m) => m.status === 'active').length, 2);
    const [col] = await t.db.select().from(sepaCollections);
    const f = await collectionFile(t.db, { tenant: demo!, id: col!.id, secretsKey: ibanKey(t.app) });
    assert.ok(f.xml.includes('<SeqTp>FRST</SeqTp>'));
  });
});
