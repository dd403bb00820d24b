import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { useTestApp } from '../../../test/helpers/app';
import { createIssuedInvoice } from '../../../test/helpers/billing-factories';
import { signedInClient, type TestClient } from '../../../test/helpers/client';
import { createCatalogue, createFamily, createStaff, createTenant } from '../../../test/helpers/factories';
import { auditLog } from '../../platform/audit/audit.schema';
import { settleInvoice } from '../billing/invoices.repository';
import { households } from '../households/households.schema';
import { paymentAllocations, payments } from '../payments/payments.schema';
import { upsertTenantSettings } from '../settings/settings.repository';

// Issue 11 leftovers: invoice numbers in the family search, « Factures » and « Paiements » in the
// household 360° view, the « famille résidente » criterion edited by staff.
const t = useTestApp();

async function setup() {
  const tenant = await createTenant(t.db, { slug: 'ville-a' });
  const other = await createTenant(t.db, { slug: 'ville-b' });
  await t.app.tenants.refresh();
  const cat = await createCatalogue(t.db, tenant.id);
  await upsertTenantSettings(t.db, tenant.id, { invoicePrefix: 'ENF-', updatedAt: new Date() });
  const family = await createFamily(t.db, tenant.id);
  const neighbour = await createFamily(t.db, tenant.id);
  const familyB = await createFamily(t.db, other.id);
  const users = {
    manager: await createStaff(t.db, tenant.id, ['manager']),
    accountant: await createStaff(t.db, tenant.id, ['accountant']),
    director: await createStaff(t.db, tenant.id, ['director'], [cat.facility.id]),
    animator: await createStaff(t.db, tenant.id, ['animator'], [cat.facility.id]),
    otherManager: await createStaff(t.db, other.id, ['manager']),
  };
  const client = (id: string, tenantId = tenant.id) => signedInClient(t, id, tenantId);
  return {
    tenant,
    other,
    family,
    neighbour,
    familyB,
    manager: await client(users.manager.id),
    accountant: await client(users.accountant.id),
    director: await client(users.director.id),
    animator: await client(users.animator.id),
    otherManager: await client(users.otherManager.id, other.id),
  };
}
let w: Awaited<ReturnType<typeof setup>>;
beforeEach(async () => {
  w = await setup();
});

const hits = async (c: TestClient, q: string) => {
  const res = await c.get(`/ville-a/gestion/familles?q=${encodeURIComponent(q)}`);
  assert.equal(res.statusCode, 200);
  return res.body;
};

describe('search by invoice number', () => {
  it('finds the household from its invoice number: exact, prefix, any case, with or without the tenant prefix', async () => {
    const first = await createIssuedInvoice(t.db, w.tenant.id, w.family.household.id, { prefix: 'ENF-' });
    await createIssuedInvoice(t.db, w.tenant.id, w.neighbour.household.id, {
      prefix: 'ENF-',
      month: '2026-09-01',
    });
    assert.equal(first.number, 'ENF-2026-000001');
    const name = w.family.household.name;
    const other = w.neighbour.household.name;
    for (const q of [
      'ENF-2026-000001',
      'enf-2026-000001',
      '2026-000001',
      ' 2026-000001 ',
      'Enf-2026-00000',
    ]) {
      const body = await hits(w.manager, q);
      assert.match(body, new RegExp(name), `${q} finds the household`);
      if (q.endsWith('000001') || q.endsWith('000001 '))
        assert.doesNotMatch(body, new RegExp(other), `${q} is exact: not the other household`);
    }
    // A prefix common to both invoices finds both.
    const both = await hits(w.manager, '2026-00000');
    assert.match(both, new RegExp(name));
    assert.match(both, new RegExp(other));
    // Wildcards are not wildcards; a number that does not exist finds nothing.
    assert.doesNotMatch(await hits(w.manager, '2026-0%'), new RegExp(name));
    assert.doesNotMatch(await hits(w.manager, 'ENF-2026-000009'), new RegExp(name));
  });

  it('never finds another tenant’s invoice', async () => {
    await createIssuedInvoice(t.db, w.other.id, w.familyB.household.id, { prefix: 'ENF-' });
    const body = await hits(w.manager, 'ENF-2026-000001');
    assert.doesNotMatch(body, new RegExp(w.familyB.household.name));
  });
});

async function payByCheque(invoiceId: string, householdId: string, cents: number, status = 'paid') {
  const [p] = await t.db
    .insert(payments)
    .values({
      tenantId: w.tenant.id,
      householdId,
      method: 'cheque',
      status,
      amountCents: cents,
      createdAt: new Date('2026-11-10T10:00:00Z'),
      paidAt: status === 'paid' ? new Date('2026-11-10T10:00:00Z') : null,
    })
    .returning();
  await t.db
    .insert(paymentAllocations)
    .values({ tenantId: w.tenant.id, paymentId: p!.id, invoiceId, amountCents: cents });
  if (status === 'paid')
    assert.ok(await t.db.transaction((tx) => settleInvoice(tx, w.tenant.id, invoiceId, cents)));
}

describe('household 360°: invoices and payments', () => {
  it('lists invoices (number, month, amounts, due day, status) and payments with the balance', async () => {
    const h = w.family.household.id;
    const october = await createIssuedInvoice(t.db, w.tenant.id, h, { prefix: 'ENF-', dueOn: '2026-11-05' });
    const november = await createIssuedInvoice(t.db, w.tenant.id, h, {
      prefix: 'ENF-',
      month: '2026-11-01',
      dueOn: '2026-12-05',
      lines: [{ quantity: 2, unitPriceCents: 1000 }],
    });
    await payByCheque(october.id, h, 2000);
    const res = await w.accountant.get(`/ville-a/gestion/familles/${h}`);
    assert.equal(res.statusCode, 200);
    const body = res.body;
    assert.match(body, /<h2[^>]*>Factures<\/h2>/);
    assert.match(body, new RegExp(`href="/ville-a/gestion/factures/${october.id}"[^>]*>ENF-2026-000001<`));
    assert.match(body, new RegExp(`href="/ville-a/gestion/factures/${november.id}"[^>]*>ENF-2026-000002<`));
    assert.match(body, /octobre 2026/);
    assert.match(body, /novembre 2026/);
    // October: 50,00 € billed, 20,00 € paid by cheque, due 05/11 (today is 25/11): late.
    assert.match(body, /50,00\s€/);
    assert.match(body, /30,00\s€/);
    assert.match(body, /05\/11\/2026/);
    assert.match(body, /En retard/);
    assert.match(body, /À payer/);
    // Balance: 30 € + 20 € still due.
    assert.match(body, /Solde restant dû : 50,00\s€/);
    assert.match(body, /<h2[^>]*>Paiements<\/h2>/);
    assert.match(body, /Chèque/);
    assert.match(body, /10\/11\/2026/);
    assert.match(body, />Payé</);
    assert.match(body, /<td[^>]*><span>ENF-2026-000001<\/span><\/td>/);
  });

  it('says when nothing is due, and shows managers the sections too but not directors or animators', async () => {
    const h = w.family.household.id;
    const inv = await createIssuedInvoice(t.db, w.tenant.id, h, { prefix: 'ENF-' });
    await payByCheque(inv.id, h, 5000);
    const manager = (await w.manager.get(`/ville-a/gestion/familles/${h}`)).body;
    assert.match(manager, /Aucune somme due\./);
    assert.match(manager, />Payée</);
    const director = await w.director.get(`/ville-a/gestion/familles/${h}`);
    if (director.statusCode === 200) {
      assert.doesNotMatch(director.body, /<h2[^>]*>Factures<\/h2>/);
      assert.doesNotMatch(director.body, /<h2[^>]*>Paiements<\/h2>/);
    }
  });

  it('shows only this household’s rows, and empty sections say so', async () => {
    await createIssuedInvoice(t.db, w.tenant.id, w.neighbour.household.id, { prefix: 'ENF-' });
    const body = (await w.accountant.get(`/ville-a/gestion/familles/${w.family.household.id}`)).body;
    assert.doesNotMatch(body, /ENF-2026-000001/);
    assert.match(body, /Aucune facture\./);
    assert.match(body, /Aucun paiement\./);
  });
});

describe('staff edit « famille résidente »', () => {
  const url = () => `/ville-a/gestion/familles/${w.family.household.id}/criteres`;
  const resident = async () =>
    (await t.db.select().from(households).where(eq(households.id, w.family.household.id)))[0]!.resident;
  const audits = () =>
    t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'household.resident'), eq(auditLog.subjectId, w.family.household.id)));

  it('a manager sets it (audited with the old and new values); the same answer again changes nothing', async () => {
    const page = await w.manager.get(url());
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<legend>Famille résidente<\/legend>/);
    assert.match(page.body, /value="non" checked/);
    const res = await w.manager.post(url(), { resident: 'oui' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/ville-a/gestion/familles/${w.family.household.id}`);
    assert.equal(await resident(), true);
    const rows = await audits();
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0]!.details, { from: false, to: true });
    await w.manager.post(url(), { resident: 'oui' });
    assert.equal((await audits()).length, 1);
    // The 360° view shows the criterion and links to the form; the audit trail names the change.
    const view = (await w.manager.get(`/ville-a/gestion/familles/${w.family.household.id}`)).body;
    assert.match(view, /Critères d’attribution/);
    assert.match(view, /Critère « famille résidente » modifié/);
    assert.match(view, new RegExp(`href="${url()}"`));
    await w.manager.post(url(), { resident: 'non' });
    assert.equal(await resident(), false);
  });

  it('refuses a missing or unknown answer with a French error (400), nothing written', async () => {
    const forms: Record<string, string | string[]>[] = [
      {},
      { resident: 'peut-être' },
      { resident: ['oui', 'non'] },
    ];
    for (const form of forms) {
      const res = await w.manager.post(url(), form);
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /Indiquez si la famille est résidente/);
      assert.match(res.body, /aria-describedby="f-resident-hint f-resident-error"/);
    }
    assert.equal(await resident(), false);
    assert.equal((await audits()).length, 0);
  });

  it('is for managers: other roles 403, another tenant’s or unknown household 404', async () => {
    for (const c of [w.director, w.animator, w.accountant]) {
      assert.equal((await c.get(url())).statusCode, 403);
      assert.equal((await c.post(url(), { resident: 'oui' })).statusCode, 403);
    }
    const foreign = `/ville-a/gestion/familles/${w.familyB.household.id}/criteres`;
    assert.equal((await w.manager.get(foreign)).statusCode, 404);
    assert.equal((await w.manager.post(foreign, { resident: 'oui' })).statusCode, 404);
    assert.equal((await w.manager.get('/ville-a/gestion/familles/pas-un-id/criteres')).statusCode, 404);
    assert.equal((await w.otherManager.get(url())).statusCode, 404);
    assert.equal(await resident(), false);
  });
});
