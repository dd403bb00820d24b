// Concurrency on real PostgreSQL (PGlite runs one query at a time): collections and cancellations.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { createIssuedInvoice } from '../../../test/helpers/billing-factories';
import { createFamily, createStaff, createTenant } from '../../../test/helpers/factories';
import { useOwnPgDatabase } from '../../../test/helpers/pg-database';
import { createMandate, setUpSepa } from '../../../test/helpers/sepa-factories';
import { loadConfig } from '../../config';
import { AppError } from '../../platform/http/errors';
import type { StaffActor } from '../../platform/http/policies';
import { invoices } from '../billing/billing.schema';
import type { Tenant } from '../tenants/tenants.schema';
import { cancelManualPayment, recordManualPayment } from './manual.service';
import { sepaCollectionItems } from './sepa.schema';
import { createCollection } from './sepa.service';

const url = process.env.TEST_DATABASE_URL;
const NOW = new Date('2026-11-25T09:00:00Z');
const staffActor = (tenant: Tenant, userId: string) =>
  ({ actor: { userId }, tenant, roles: ['accountant'], facilityIds: [] }) as unknown as StaffActor;

describe('payments and collections on PostgreSQL', {
  skip: url ? false : 'TEST_DATABASE_URL is not set',
}, () => {
  const own = useOwnPgDatabase('_pay_sepa', 12);

  it('two accountants creating the month’s collection at once: each invoice in one collection only', async () => {
    const db = own.database.db;
    const tenant = await createTenant(db);
    await setUpSepa(db, tenant.id);
    const key = new Uint8Array(32);
    const invoiceIds: string[] = [];
    for (let i = 0; i < 8; i++) {
      const fam = await createFamily(db, tenant.id);
      await createMandate(db, tenant.id, fam.household.id, key);
      invoiceIds.push((await createIssuedInvoice(db, tenant.id, fam.household.id)).id);
    }
    const a = staffActor(tenant, (await createStaff(db, tenant.id, ['accountant'])).id);
    const b = staffActor(tenant, (await createStaff(db, tenant.id, ['accountant'])).id);
    const results = await Promise.all(
      [a, b, a, b].map((staff) =>
        createCollection(db, {
          staff,
          now: NOW,
          input: { date: '2026-12-07', formToken: randomUUID() },
        }).catch((e: unknown) => (e instanceof AppError ? e.code : e)),
      ),
    );
    const created = results.filter((r) => typeof r === 'object');
    assert.ok(created.length >= 1);
    for (const r of results) if (typeof r !== 'object') assert.equal(r, 'VALIDATION');
    const items = await db.select().from(sepaCollectionItems);
    assert.equal(items.length, 8);
    assert.equal(new Set(items.map((i) => i.invoiceId)).size, 8);
    const rows = await db.select().from(invoices).where(eq(invoices.tenantId, tenant.id));
    assert.ok(rows.every((r) => r.status === 'in_collection'));
  });

  it('ten concurrent cancellations of one payment reverse it once', async () => {
    const db = own.database.db;
    const tenant = await createTenant(db);
    const fam = await createFamily(db, tenant.id);
    const inv = await createIssuedInvoice(db, tenant.id, fam.household.id);
    const staff = staffActor(tenant, (await createStaff(db, tenant.id, ['accountant'])).id);
    const { id } = await recordManualPayment(db, {
      staff,
      now: NOW,
      householdId: fam.household.id,
      fields: { method: 'cash', amount: '50', reference: '', formToken: randomUUID() },
    });
    const config = loadConfig({});
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () =>
        cancelManualPayment(db, { staff, config, now: NOW, id, input: { reason: 'Erreur de saisie' } }).then(
          () => 'ok',
          (e: unknown) => (e instanceof AppError ? e.code : String(e)),
        ),
      ),
    );
    assert.equal(outcomes.filter((o) => o === 'ok').length, 1);
    assert.equal(outcomes.filter((o) => o === 'CONFLICT').length, 9);
    const [row] = await db.select().from(invoices).where(eq(invoices.id, inv.id));
    assert.equal(row!.settledCents, 0);
    assert.equal(row!.status, 'unpaid');
  });
});
