// Online payment races on real PostgreSQL (PGlite runs one query at a time, so it cannot race).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { createIssuedInvoice } from '../../../test/helpers/billing-factories';
import { createFamily, createTenant, createUser } from '../../../test/helpers/factories';
import { useOwnPgDatabase } from '../../../test/helpers/pg-database';
import { loadConfig } from '../../config';
import type { Actor } from '../../platform/http/actor';
import { memberships } from '../accounts/accounts.schema';
import { invoices } from '../billing/billing.schema';
import { paymentSimulations } from './online.schema';
import { applyAnswer, receiveNotification, startOnlinePayment } from './online.service';
import { paymentAllocations, payments } from './payments.schema';
import { configureProviders, httpSoapTransport } from './providers';
import { signedNotice } from './providers/simulator';

const url = process.env.TEST_DATABASE_URL;
const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: './data/test' });

describe('online payment races on PostgreSQL', { skip: url ? false : 'TEST_DATABASE_URL is not set' }, () => {
  const own = useOwnPgDatabase('_pay_online', 24);
  configureProviders({
    secretsKey: Buffer.alloc(32, 1),
    payfipTransport: httpSoapTransport,
    production: false,
  });
  const now = new Date('2026-11-25T09:00:00Z');

  async function world() {
    const db = own.database.db;
    const tenant = await createTenant(db);
    const fam = await createFamily(db, tenant.id);
    const inv1 = await createIssuedInvoice(db, tenant.id, fam.household.id);
    const inv2 = await createIssuedInvoice(db, tenant.id, fam.household.id, { month: '2026-09-01' });
    const actor = (userId: string) =>
      ({ userId, membership: { householdId: fam.household.id } }) as unknown as Actor;
    return { db, tenant, fam, inv1, inv2, actor };
  }

  it('20 concurrent duplicate notifications: one payment paid, invoices settled once, one receipt', async () => {
    const { db, tenant, fam, inv1, inv2, actor } = await world();
    const { payment } = await startOnlinePayment(db, {
      fam: { actor: actor(fam.user.id), tenant, householdId: fam.household.id },
      now,
      body: { factures: [inv1.id, inv2.id], formToken: randomUUID() },
      provider: 'simulator',
    });
    const ref = `SIM-${'A'.repeat(16)}`;
    await db.update(payments).set({ providerRef: ref }).where(eq(payments.id, payment.id));
    await db.insert(paymentSimulations).values({
      tenantId: tenant.id,
      ref,
      amountCents: payment.amountCents,
      label: 'test',
      status: 'PAID',
      notifyUrl: 'http://x/n',
      returnUrl: 'http://x/r',
      createdAt: now,
    });
    const notice = signedNotice({ ref, status: 'PAID', amountCents: payment.amountCents }, now);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        receiveNotification(db, {
          tenant,
          provider: 'simulator',
          request: { body: notice, query: {} },
          now,
          config,
        }),
      ),
    );
    assert.equal(outcomes.filter((o) => o === 'paid').length, 1);
    assert.equal(outcomes.filter((o) => o === 'unchanged').length, 19);
    const [p] = await db.select().from(payments).where(eq(payments.id, payment.id));
    assert.equal(p!.status, 'paid');
    assert.equal(p!.receiptNumber, 'REC-2026-000001');
    const inv = await db.select().from(invoices).where(eq(invoices.householdId, fam.household.id));
    for (const i of inv) {
      assert.equal(i.status, 'paid');
      assert.equal(i.settledCents, i.totalCents);
    }
  });

  it('two guardians pay the same invoice at once: at most one ends paid, never a double settlement', async () => {
    const { db, tenant, fam, inv1, actor } = await world();
    const second = await createUser(db);
    await db
      .insert(memberships)
      .values({ tenantId: tenant.id, userId: second.id, householdId: fam.household.id });
    const attempt = (userId: string) =>
      startOnlinePayment(db, {
        fam: { actor: actor(userId), tenant, householdId: fam.household.id },
        now,
        body: { factures: [inv1.id], formToken: randomUUID() },
        provider: 'simulator',
      }).then(
        (r) => r.payment,
        (err: Error) => err,
      );
    // Ten submissions by each guardian at the same instant.
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => attempt(i % 2 === 0 ? fam.user.id : second.id)),
    );
    const started = results.filter((r) => !(r instanceof Error));
    const refused = results.filter((r) => r instanceof Error);
    assert.equal(started.length, 1, 'one pending payment holds the invoice');
    assert.equal(refused.length, 19);
    for (const e of refused)
      assert.match(
        (e as Error & { fields: Record<string, string> }).fields.factures ?? '',
        /en cours de confirmation/,
      );

    // After the hold, a second payment of the same invoice is possible; both are then confirmed at once.
    const later = new Date(now.getTime() + 16 * 60_000);
    const { payment: other } = await startOnlinePayment(db, {
      fam: { actor: actor(second.id), tenant, householdId: fam.household.id },
      now: later,
      body: { factures: [inv1.id], formToken: randomUUID() },
      provider: 'simulator',
    });
    const ids = [(started[0] as { id: string }).id, other.id];
    const outcomes = await Promise.all(
      ids.flatMap((paymentId) =>
        Array.from({ length: 5 }, () =>
          applyAnswer(db, {
            tenant,
            paymentId,
            answer: { status: 'PAID', amountCents: 5000 },
            now: later,
            source: 'notification',
            config,
          }),
        ),
      ),
    );
    assert.equal(outcomes.filter((o) => o === 'paid').length, 1);
    assert.equal(outcomes.filter((o) => o === 'flagged').length, 1);
    const rows = await db.select().from(payments).where(eq(payments.householdId, fam.household.id));
    assert.deepEqual(rows.map((r) => r.status).sort(), ['flagged', 'paid']);
    const [i1] = await db.select().from(invoices).where(eq(invoices.id, inv1.id));
    assert.equal(i1!.settledCents, 5000);
    assert.equal(i1!.status, 'paid');
    const allocs = await db
      .select()
      .from(paymentAllocations)
      .where(eq(paymentAllocations.invoiceId, inv1.id));
    assert.equal(allocs.length, 2);
  });
});
