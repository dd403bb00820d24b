import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { useTestApp } from '../../../test/helpers/app';
import { createIssuedInvoice } from '../../../test/helpers/billing-factories';
import { signedInClient, type TestClient } from '../../../test/helpers/client';
import { createFamily, createStaff, createTenant } from '../../../test/helpers/factories';
import { pdfText } from '../../../test/helpers/pdf-text';
import { auditLog } from '../../platform/audit/audit.schema';
import { outboxEmails } from '../../platform/mail/mail.schema';
import { invoices } from '../billing/billing.schema';
import { runDunning } from './dunning.job';
import { paymentAllocations, payments } from './payments.schema';
import { dunningNotices } from './sepa.schema';

// The test clock: Wednesday 25 November 2026, 10:00 in Paris.
const t = useTestApp();

async function setup() {
  const tenant = await createTenant(t.db);
  const other = await createTenant(t.db);
  await t.app.tenants.refresh();
  const accountant = await createStaff(t.db, tenant.id, ['accountant']);
  const manager = await createStaff(t.db, tenant.id, ['manager']);
  const animator = await createStaff(t.db, tenant.id, ['animator']);
  const a = await createFamily(t.db, tenant.id);
  const b = await createFamily(t.db, tenant.id);
  const c = await createFamily(t.db, other.id);
  // Family A: two invoices of 50 € (October, then November) — oldest first is October.
  const inv1 = await createIssuedInvoice(t.db, tenant.id, a.household.id, {
    month: '2026-09-01',
    issuedOn: '2026-10-05',
    dueOn: '2026-11-05',
  });
  const inv2 = await createIssuedInvoice(t.db, tenant.id, a.household.id, { month: '2026-10-01' });
  const invB = await createIssuedInvoice(t.db, tenant.id, b.household.id);
  const invC = await createIssuedInvoice(t.db, other.id, c.household.id);
  return {
    tenant,
    other,
    a,
    b,
    c,
    inv1,
    inv2,
    invB,
    invC,
    base: `/${tenant.slug}`,
    acc: await signedInClient(t, accountant.id, tenant.id),
    m: await signedInClient(t, manager.id, tenant.id),
    anim: await signedInClient(t, animator.id, tenant.id),
    fa: await signedInClient(t, a.user.id, tenant.id),
  };
}
type S = Awaited<ReturnType<typeof setup>>;

async function formToken(client: TestClient, url: string) {
  const page = await client.get(url);
  assert.equal(page.statusCode, 200, page.body.slice(0, 300));
  return /name="formToken" value="([^"]+)"/.exec(page.body)?.[1] ?? randomUUID();
}

async function pay(s: S, fields: Record<string, string>, householdId = s.a.household.id) {
  const url = `${s.base}/gestion/paiements/nouveau?foyer=${householdId}`;
  const token = fields.formToken ?? (await formToken(s.acc, url));
  return s.acc.post(url, { formToken: token, ...fields });
}

const invoiceRow = async (id: string) => (await t.db.select().from(invoices).where(eq(invoices.id, id)))[0]!;

describe('manual payments', () => {
  it('a cheque allocated oldest first settles the invoices, gets a receipt number, a PDF and an audit row', async () => {
    const s = await setup();
    // The household search finds family A.
    const search = await s.acc.get(
      `${s.base}/gestion/paiements/nouveau?q=${encodeURIComponent(s.a.household.name)}`,
    );
    assert.equal(search.statusCode, 200);
    assert.ok(search.body.includes(`foyer=${s.a.household.id}`), 'search');
    const res = await pay(s, {
      method: 'cheque',
      amount: '70,00',
      reference: 'Chèque 1234567 — Banque <b>Test</b>',
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    const [p] = await t.db.select().from(payments);
    assert.equal(p!.status, 'paid');
    assert.equal(p!.amountCents, 7000);
    assert.equal(p!.receiptNumber, 'REC-2026-000001');
    const allocs = await t.db.select().from(paymentAllocations);
    assert.deepEqual(
      allocs.map((x) => [x.invoiceId, x.amountCents]).sort(),
      [
        [s.inv1.id, 5000],
        [s.inv2.id, 2000],
      ].sort(),
    );
    assert.equal((await invoiceRow(s.inv1.id)).status, 'paid');
    assert.equal((await invoiceRow(s.inv2.id)).settledCents, 2000);
    assert.equal((await invoiceRow(s.inv2.id)).status, 'unpaid');
    assert.deepEqual(
      (await t.db.select().from(auditLog)).map((x) => x.action),
      ['payment.record'],
    );
    const detail = await s.acc.get(res.headers.location as string);
    assert.equal(detail.statusCode, 200);
    assert.ok(
      detail.body.includes('Banque &lt;b>Test&lt;/b>') ||
        detail.body.includes('Banque &lt;b&gt;Test&lt;/b&gt;'),
      'escaped',
    );
    const pdf = await s.acc.get(`${s.base}/gestion/paiements/${p!.id}/recu`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    const text = pdfText(pdf.rawPayload);
    assert.match(text, /Reçu n° REC-2026-000001/);
    assert.match(text, /70,00/);
    assert.match(text, new RegExp(`Facture n° ${s.inv1.number}`));
    assert.match(text, /Chèque/);
    // A second payment takes the next receipt number; the manager can read the list but not write.
    const res2 = await pay(s, { method: 'cash', amount: '30' });
    assert.equal(res2.statusCode, 303);
    assert.equal((await invoiceRow(s.inv2.id)).status, 'paid');
    const list = await s.m.get(`${s.base}/gestion/paiements?moyen=cash`);
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.includes('REC-2026-000002'), 'list 2');
    assert.ok(!list.body.includes('REC-2026-000001'), 'list 1');
    assert.equal((await s.m.get(`${s.base}/gestion/paiements/nouveau`)).statusCode, 403);
  });

  it('an explicit allocation must add up, stay within what is due, and be the household’s invoices', async () => {
    const s = await setup();
    const sumBad = await pay(s, { method: 'cash', amount: '60', [`alloc_${s.inv1.id}`]: '50' });
    assert.equal(sumBad.statusCode, 400);
    assert.match(
      sumBad.body,
      /La somme répartie sur les factures \(50,00\s€\) doit être égale au montant \(60,00\s€\)/,
    );
    const over = await pay(s, { method: 'cash', amount: '60', [`alloc_${s.inv1.id}`]: '60' });
    assert.equal(over.statusCode, 400);
    assert.match(over.body, /ne doit plus que 50,00/);
    const tooMuch = await pay(s, { method: 'cash', amount: '150' });
    assert.equal(tooMuch.statusCode, 400);
    assert.match(tooMuch.body, /Le montant dépasse ce que le foyer doit/);
    for (const amount of ['', 'abc', '0', '-5', '12,345', '999999999'])
      assert.equal((await pay(s, { method: 'cash', amount })).statusCode, 400, amount);
    const noRef = await pay(s, { method: 'cheque', amount: '10' });
    assert.equal(noRef.statusCode, 400);
    assert.match(noRef.body, /numéro du chèque/);
    assert.equal((await pay(s, { method: 'online', amount: '10' })).statusCode, 400);
    assert.equal(
      (await pay(s, { method: 'cash', amount: '10', reference: 'x'.repeat(101) })).statusCode,
      400,
    );
    // Another household's invoice, another tenant's household, ids that are not ids: 404.
    assert.equal(
      (await pay(s, { method: 'cash', amount: '10', [`alloc_${s.invB.id}`]: '10' })).statusCode,
      404,
    );
    assert.equal(
      (await pay(s, { method: 'cash', amount: '10', formToken: randomUUID() }, s.c.household.id)).statusCode,
      404,
    );
    assert.equal(
      (await s.acc.post(`${s.base}/gestion/paiements/nouveau?foyer=nope`, { method: 'cash' })).statusCode,
      404,
    );
    assert.equal(
      (await s.acc.get(`${s.base}/gestion/paiements/nouveau?foyer=${s.c.household.id}`)).statusCode,
      404,
    );
    assert.equal(
      (await s.acc.get(`${s.base}/gestion/paiements/nouveau?facture=${s.invC.id}`)).statusCode,
      404,
    );
    assert.equal((await s.acc.get(`${s.base}/gestion/paiements/${randomUUID()}`)).statusCode, 404);
    assert.equal((await s.fa.get(`${s.base}/gestion/paiements`)).statusCode, 403);
    assert.equal((await s.anim.get(`${s.base}/gestion/paiements`)).statusCode, 403);
    assert.equal((await t.db.select().from(payments)).length, 0);
    // From an invoice link: the invoice is pre-filled with what it owes.
    const fromInvoice = await s.acc.get(`${s.base}/gestion/paiements/nouveau?facture=${s.inv2.id}`);
    assert.equal(fromInvoice.statusCode, 200);
    assert.match(fromInvoice.body, new RegExp(`name="alloc_${s.inv2.id}"[^>]*value="50,00"`));
  });

  it('a replayed form records one payment; a reused token for another amount is refused', async () => {
    const s = await setup();
    const token = await formToken(s.acc, `${s.base}/gestion/paiements/nouveau?foyer=${s.a.household.id}`);
    const [r1, r2] = await Promise.all([
      pay(s, { method: 'cash', amount: '20', formToken: token }),
      pay(s, { method: 'cash', amount: '20', formToken: token }),
    ]);
    assert.equal(r1.statusCode, 303);
    assert.equal(r2.statusCode, 303);
    assert.equal(r1.headers.location, r2.headers.location);
    const r3 = await pay(s, { method: 'cash', amount: '25', formToken: token });
    assert.equal(r3.statusCode, 400);
    assert.equal((await t.db.select().from(payments)).length, 1);
    assert.equal((await invoiceRow(s.inv1.id)).settledCents, 2000);
  });

  it('cancellation needs a reason, reverses once, tells the family and marks the receipt', async () => {
    const s = await setup();
    const res = await pay(s, { method: 'transfer', amount: '50', reference: 'VIR 42' });
    const url = res.headers.location as string;
    const id = url.split('/').pop()!;
    const noReason = await s.acc.post(`${url}/annuler`, { reason: ' ' });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Indiquez le motif de l’annulation/);
    assert.equal((await s.m.post(`${url}/annuler`, { reason: 'Erreur' })).statusCode, 403);
    const ok = await s.acc.post(`${url}/annuler`, { reason: 'Virement jamais reçu' });
    assert.equal(ok.statusCode, 303);
    const [p] = await t.db.select().from(payments).where(eq(payments.id, id));
    assert.equal(p!.status, 'cancelled');
    assert.equal(p!.statusReason, 'Virement jamais reçu');
    assert.equal((await invoiceRow(s.inv1.id)).status, 'unpaid');
    assert.equal((await invoiceRow(s.inv1.id)).settledCents, 0);
    assert.equal((await s.acc.post(`${url}/annuler`, { reason: 'Encore' })).statusCode, 409);
    const mails = await t.db.select().from(outboxEmails);
    assert.equal(mails.length, 1);
    assert.match(mails[0]!.textBody, /a été annulé par le service/);
    assert.match(mails[0]!.textBody, /Virement jamais reçu/);
    assert.match(pdfText((await s.acc.get(`${url}/recu`)).rawPayload), /PAIEMENT ANNULÉ/);
    // A manual payment cannot be "returned" like a direct debit.
    assert.equal((await s.acc.post(`${url}/rejet`, { code: 'AM04' })).statusCode, 404);
    assert.deepEqual((await t.db.select().from(auditLog)).map((x) => x.action).sort(), [
      'payment.cancel',
      'payment.record',
    ]);
  });
});

describe('dunning', () => {
  it('the settings form validates; the job sends one reminder per invoice and level, never twice', async () => {
    const s = await setup();
    const page = await s.acc.get(`${s.base}/gestion/paiements/relances`);
    assert.equal(page.statusCode, 200);
    const bad = await s.acc.post(`${s.base}/gestion/paiements/relances`, { delays: '7, 7' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Indiquez 1 à 3 nombres de jours différents/);
    assert.equal((await s.m.post(`${s.base}/gestion/paiements/relances`, { delays: '7' })).statusCode, 403);
    assert.equal(
      (await s.acc.post(`${s.base}/gestion/paiements/relances`, { delays: '21, 7' })).statusCode,
      303,
    );
    // 25 Nov: inv1 (due 5 Nov) is 20 days late → level 1; inv2 and invB (due 5 Dec) not yet.
    assert.equal(await runDunning(t.db, t.app.deps.config, t.clock.now()), 1);
    assert.equal(await runDunning(t.db, t.app.deps.config, t.clock.now()), 0);
    // 26 Nov: 21 days late → level 2, once.
    const later = new Date('2026-11-26T10:00:00Z');
    assert.equal(await runDunning(t.db, t.app.deps.config, later), 1);
    assert.equal(await runDunning(t.db, t.app.deps.config, later), 0);
    const notices = await t.db.select().from(dunningNotices);
    assert.deepEqual(notices.map((n) => n.level).sort(), [1, 2]);
    const mails = (await t.db.select().from(outboxEmails)).filter((m) => m.subject.includes(s.inv1.number));
    assert.equal(mails.length, 2);
    assert.match(mails[1]!.subject + mails[0]!.subject, /Relance n° 2/);
    // A paid invoice is not reminded.
    await pay(s, { method: 'cash', amount: '100' });
    assert.equal(await runDunning(t.db, t.app.deps.config, new Date('2027-01-30T10:00:00Z')), 1); // invB only
  });
});
