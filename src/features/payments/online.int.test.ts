import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { useTestApp } from '../../../test/helpers/app';
import { createIssuedInvoice } from '../../../test/helpers/billing-factories';
import { signedInClient, type TestClient } from '../../../test/helpers/client';
import { createFamily, createStaff, createTenant } from '../../../test/helpers/factories';
import { pdfText } from '../../../test/helpers/pdf-text';
import { auditLog } from '../../platform/audit/audit.schema';
import { jobs } from '../../platform/jobs/jobs.schema';
import { deriveKey, sealSecret } from '../../platform/secrets';
import { invoices } from '../billing/billing.schema';
import { enterCollection, settleInvoice } from '../billing/invoices.repository';
import { tenantSettings } from '../settings/settings.schema';
import { systempaySignature, verifySystempaySignature } from './domain/signature';
import { paymentSimulations } from './online.schema';
import { paymentAllocations, payments } from './payments.schema';
import { setPayfipTransport } from './providers';
import { signedNotice } from './providers/simulator';

// The test clock: Wednesday 25 November 2026, 10:00 in Paris.
const t = useTestApp();

async function setup() {
  const tenant = await createTenant(t.db);
  const other = await createTenant(t.db);
  await t.app.tenants.refresh();
  const a = await createFamily(t.db, tenant.id);
  const b = await createFamily(t.db, tenant.id);
  const c = await createFamily(t.db, other.id);
  const inv1 = await createIssuedInvoice(t.db, tenant.id, a.household.id, { month: '2026-09-01' });
  const inv2 = await createIssuedInvoice(t.db, tenant.id, a.household.id, {
    month: '2026-10-01',
    lines: [{ quantity: 3, unitPriceCents: 1000 }],
  });
  const invB = await createIssuedInvoice(t.db, tenant.id, b.household.id);
  const invC = await createIssuedInvoice(t.db, other.id, c.household.id);
  const accountant = await createStaff(t.db, tenant.id, ['accountant']);
  return {
    tenant,
    other,
    a,
    b,
    inv1,
    inv2,
    invB,
    invC,
    base: `/${tenant.slug}`,
    fa: await signedInClient(t, a.user.id, tenant.id),
    fb: await signedInClient(t, b.user.id, tenant.id),
    acc: await signedInClient(t, accountant.id, tenant.id),
  };
}
type S = Awaited<ReturnType<typeof setup>>;

/** Opens the pay form (CSRF and one-time token), then posts the chosen invoices. */
async function pay(s: S, ids: string[], client: TestClient = s.fa, extra: Record<string, string> = {}) {
  const page = await client.get(`${s.base}/paiements/nouveau`);
  assert.equal(page.statusCode, 200);
  // No form when nothing is payable: a hostile client posts anyway, with a fresh token.
  const formToken = /name="formToken" value="([^"]+)"/.exec(page.body)?.[1] ?? randomUUID();
  const res = await client.post(`${s.base}/paiements/nouveau`, { factures: ids, formToken, ...extra });
  return { res, formToken };
}

const refOf = (location: string) => decodeURIComponent(/paiement-simule\/([^/?]+)/.exec(location)?.[1] ?? '');

async function paymentRow(id?: string) {
  const rows = await t.db.select().from(payments);
  return id ? rows.find((r) => r.id === id)! : rows[0]!;
}
const invoiceRow = async (id: string) => (await t.db.select().from(invoices).where(eq(invoices.id, id)))[0]!;

/** The payer decides on the simulator page. */
async function decide(s: S, client: TestClient, ref: string, decision: string, notification = 'now') {
  const page = await client.get(`${s.base}/paiement-simule/${ref}`);
  assert.equal(page.statusCode, 200);
  return client.post(`${s.base}/paiement-simule/${ref}`, { decision, notification });
}

const notify = (s: S, body: Record<string, string>, provider = 'simulator') =>
  t.app.inject({
    method: 'POST',
    url: `${s.base}/paiements/notification/${provider}`,
    payload: new URLSearchParams(body).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

describe('online payment with the simulator', () => {
  it('a parent pays two invoices: pending before the redirect, paid after the notification, receipt', async () => {
    const s = await setup();
    const form = await s.fa.get(`${s.base}/paiements/nouveau`);
    // The form leads to the providers' sites (redirect or posted form): the CSP lets it.
    assert.match(
      String(form.headers['content-security-policy']),
      /form-action 'self' https:\/\/www.payfip.gouv.fr https:\/\/paiement.systempay.fr;/,
    );
    assert.match(form.body, new RegExp(s.inv1.number));
    assert.match(form.body, new RegExp(s.inv2.number));
    assert.doesNotMatch(form.body, new RegExp(`value="${s.invB.id}"`));
    // Coming from « Payer en ligne » on the invoice pages (?factures=…): those invoices are pre-checked.
    const chosen = await s.fa.get(`${s.base}/paiements/nouveau?factures=${s.inv2.id}`);
    assert.match(chosen.body, new RegExp(`value="${s.inv2.id}"[^>]*checked`));
    assert.doesNotMatch(chosen.body, new RegExp(`value="${s.inv1.id}"[^>]*checked`));
    const { res } = await pay(s, [s.inv1.id, s.inv2.id]);
    assert.equal(res.statusCode, 303);
    const ref = refOf(res.headers.location as string);
    assert.match(ref, /^SIM-/);
    // Written before the redirect: pending, whole amounts, the provider's reference.
    const p = await paymentRow();
    assert.equal(p.status, 'pending');
    assert.equal(p.method, 'online');
    assert.equal(p.provider, 'simulator');
    assert.equal(p.providerRef, ref);
    assert.equal(p.amountCents, 5000 + 3000);
    const allocs = await t.db.select().from(paymentAllocations);
    assert.deepEqual(allocs.map((x) => x.amountCents).sort(), [3000, 5000]);

    const sim = await s.fa.get(`${s.base}/paiement-simule/${ref}`);
    assert.match(sim.body, /Simulateur — aucun paiement réel/);
    assert.match(sim.body, /80,00/);

    // Before the notification the return page says so and refreshes itself.
    const before = await s.fa.get(`${s.base}/paiements/${p.id}/retour`);
    assert.match(before.body, /Paiement en cours de confirmation/);
    assert.equal(before.headers.refresh, '5');

    const back = await decide(s, s.fa, ref, 'accepter');
    assert.equal(back.statusCode, 303);
    assert.match(back.headers.location as string, new RegExp(`/paiements/${p.id}/retour$`));
    const paid = await paymentRow(p.id);
    assert.equal(paid.status, 'paid');
    assert.equal(paid.receiptNumber, 'REC-2026-000001');
    assert.equal((await invoiceRow(s.inv1.id)).status, 'paid');
    assert.equal((await invoiceRow(s.inv2.id)).settledCents, 3000);

    const after = await s.fa.get(`${s.base}/paiements/${p.id}/retour`);
    assert.match(after.body, /Paiement confirmé/);
    assert.equal(after.headers.refresh, undefined);

    await t.worker.tick();
    const mail = t.mailer.sent.find((m) => m.subject === 'Reçu de paiement REC-2026-000001');
    assert.ok(mail, 'a receipt e-mail is sent');
    assert.equal(mail.to, s.a.user.email);

    const history = await s.fa.get(`${s.base}/paiements?periode=mois`);
    assert.match(history.body, /REC-2026-000001/);
    assert.match(history.body, /Payé/);
    const receipt = await s.fa.get(`${s.base}/paiements/${p.id}/recu`);
    assert.equal(receipt.headers['content-type'], 'application/pdf');
    const text = pdfText(receipt.rawPayload);
    assert.match(text, /Reçu de paiement n° REC-2026-000001/);
    assert.match(text, new RegExp(s.inv1.number));
    assert.match(text, /80,00/);
    // Another household's receipt does not exist for them.
    assert.equal((await s.fb.get(`${s.base}/paiements/${p.id}/recu`)).statusCode, 404);
    assert.equal((await s.fb.get(`${s.base}/paiements/${p.id}/retour`)).statusCode, 404);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.subjectId, p.id));
    assert.deepEqual(audit.map((r) => r.action).sort(), ['payment.online.paid', 'payment.online.start']);
  });

  it('a refused payment leaves the invoice unpaid; it can be paid again at once', async () => {
    const s = await setup();
    const { res } = await pay(s, [s.inv1.id]);
    await decide(s, s.fa, refOf(res.headers.location as string), 'refuser');
    const p = await paymentRow();
    assert.equal(p.status, 'refused');
    assert.equal((await invoiceRow(s.inv1.id)).status, 'unpaid');
    assert.match((await s.fa.get(`${s.base}/paiements/${p.id}/retour`)).body, /Paiement refusé/);
    const again = await pay(s, [s.inv1.id]);
    assert.equal(again.res.statusCode, 303);
  });

  it('refuses other households’ and tenants’ invoices (404), paid or collected ones, and held ones', async () => {
    const s = await setup();
    assert.equal((await pay(s, [s.invB.id])).res.statusCode, 404);
    assert.equal((await pay(s, [s.inv1.id, s.invC.id])).res.statusCode, 404);
    assert.equal((await pay(s, ['not-a-uuid'])).res.statusCode, 404);
    assert.equal((await t.db.select().from(payments)).length, 0);

    const none = await pay(s, []);
    assert.equal(none.res.statusCode, 400);
    assert.match(none.res.body, /Choisissez au moins une facture/);

    await t.db.transaction((tx) => settleInvoice(tx, s.tenant.id, s.inv2.id, 3000));
    const paid = await pay(s, [s.inv2.id]);
    assert.equal(paid.res.statusCode, 400);
    assert.match(paid.res.body, new RegExp(`La facture ${s.inv2.number} est déjà payée`));

    await t.db.transaction((tx) => enterCollection(tx, s.tenant.id, [s.inv1.id]));
    const collected = await pay(s, [s.inv1.id]);
    assert.equal(collected.res.statusCode, 400);
    assert.match(collected.res.body, /sera prélevée/);
    assert.equal((await t.db.select().from(payments)).length, 0);
  });

  it('an invoice in a pending payment younger than 15 minutes cannot be paid again (the other guardian)', async () => {
    const s = await setup();
    const second = await createFamily(t.db, s.tenant.id);
    // A second guardian of household A.
    const { memberships } = await import('../accounts/accounts.schema');
    await t.db.delete(memberships).where(eq(memberships.userId, second.user.id));
    await t.db
      .insert(memberships)
      .values({ tenantId: s.tenant.id, userId: second.user.id, householdId: s.a.household.id });
    const g2 = await signedInClient(t, second.user.id, s.tenant.id);
    const first = await pay(s, [s.inv1.id]);
    assert.equal(first.res.statusCode, 303);
    const held = await pay(s, [s.inv1.id], g2);
    assert.equal(held.res.statusCode, 400);
    assert.match(held.res.body, /en cours de confirmation : réessayez dans 15 minutes/);
    // The form shows it as not selectable meanwhile.
    assert.match((await g2.get(`${s.base}/paiements/nouveau`)).body, /disabled/);
    t.clock.set('2026-11-25T09:15:00Z');
    assert.equal((await pay(s, [s.inv1.id], g2)).res.statusCode, 303);
  });

  it('a replayed form finds the first payment', async () => {
    const s = await setup();
    const { res, formToken } = await pay(s, [s.inv1.id]);
    assert.equal(res.statusCode, 303);
    const replay = await s.fa.post(`${s.base}/paiements/nouveau`, { factures: [s.inv1.id], formToken });
    assert.equal(replay.statusCode, 303);
    const list = await t.db.select().from(payments);
    assert.equal(list.length, 1);
    assert.match(replay.headers.location as string, new RegExp(`/paiements/${list[0]!.id}/retour$`));
  });
});

describe('notifications', () => {
  async function pendingWithRef(s: S) {
    const { res } = await pay(s, [s.inv1.id, s.inv2.id]);
    const ref = refOf(res.headers.location as string);
    // The payer accepted at the bank, but the notification never came (so the tests post it).
    await decide(s, s.fa, ref, 'accepter', 'never');
    const [sim] = await t.db.select().from(paymentSimulations).where(eq(paymentSimulations.ref, ref));
    return { ref, sim: sim!, payment: await paymentRow() };
  }

  it('a valid signed notification pays once; the same one replayed changes nothing', async () => {
    const s = await setup();
    const { sim, payment } = await pendingWithRef(s);
    assert.equal(payment.status, 'pending');
    const notice = signedNotice(sim, t.clock.now());
    const first = await notify(s, notice);
    assert.equal(first.statusCode, 200);
    assert.equal(first.body, 'OK paid');
    const replay = await notify(s, notice);
    assert.equal(replay.statusCode, 200);
    assert.equal(replay.body, 'OK unchanged');
    assert.equal((await paymentRow()).status, 'paid');
    assert.equal((await invoiceRow(s.inv1.id)).settledCents, 5000);
    const paidAudits = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, payment.id), eq(auditLog.action, 'payment.online.paid')));
    assert.equal(paidAudits.length, 1);
  });

  it('an invalid, tampered or unsigned notification is refused and changes nothing', async () => {
    const s = await setup();
    const { sim } = await pendingWithRef(s);
    const notice = signedNotice(sim, t.clock.now());
    assert.equal((await notify(s, { ...notice, signature: 'f'.repeat(64) })).statusCode, 403);
    assert.equal((await notify(s, { ...notice, amount: '1' })).statusCode, 403);
    assert.equal((await notify(s, { ...notice, status: 'DENIED' })).statusCode, 403);
    const { signature: _, ...unsigned } = notice;
    assert.equal((await notify(s, unsigned)).statusCode, 403);
    assert.equal((await notify(s, notice, 'inconnu')).statusCode, 404);
    assert.equal((await paymentRow()).status, 'pending');
    assert.equal((await invoiceRow(s.inv1.id)).status, 'unpaid');
  });

  it('a notification for an unknown reference or another tenant is not found', async () => {
    const s = await setup();
    const { sim } = await pendingWithRef(s);
    const notice = signedNotice({ ...sim, ref: 'SIM-AAAAAAAAAAAAAAAA' }, t.clock.now());
    assert.equal((await notify(s, notice)).statusCode, 404);
    const elsewhere = await t.app.inject({
      method: 'POST',
      url: `/${s.other.slug}/paiements/notification/simulator`,
      payload: new URLSearchParams(signedNotice(sim, t.clock.now())).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(elsewhere.statusCode, 404);
    assert.equal((await paymentRow()).status, 'pending');
  });

  it('a paid amount that does not match flags the payment; invoices stay unpaid; staff see it', async () => {
    const s = await setup();
    const { sim, payment } = await pendingWithRef(s);
    const res = await notify(s, signedNotice({ ...sim, amountCents: sim.amountCents - 1 }, t.clock.now()));
    assert.equal(res.body, 'OK flagged');
    const p = await paymentRow();
    assert.equal(p.status, 'flagged');
    assert.match(p.statusReason ?? '', /différent du montant attendu/);
    assert.equal((await invoiceRow(s.inv1.id)).status, 'unpaid');
    const home = await s.acc.get(`${s.base}/gestion`);
    assert.match(home.body, /Paiements en ligne à vérifier/);
    const list = await s.acc.get(`${s.base}/gestion/paiements/a-verifier`);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, new RegExp(s.inv1.number));
    assert.match(list.body, new RegExp(payment.providerRef!));
    assert.match((await s.fa.get(`${s.base}/paiements/${payment.id}/retour`)).body, /Paiement à vérifier/);
  });

  it('an invoice paid by other means meanwhile: the payment is flagged, nothing is settled twice', async () => {
    const s = await setup();
    const { sim } = await pendingWithRef(s);
    await t.db.transaction((tx) => settleInvoice(tx, s.tenant.id, s.inv2.id, 3000));
    const res = await notify(s, signedNotice(sim, t.clock.now()));
    assert.equal(res.body, 'OK flagged');
    const p = await paymentRow();
    assert.equal(p.status, 'flagged');
    assert.equal(p.receiptNumber, null);
    assert.match(p.statusReason ?? '', new RegExp(s.inv2.number));
    assert.equal((await invoiceRow(s.inv1.id)).settledCents, 0);
    assert.equal((await invoiceRow(s.inv2.id)).settledCents, 3000);
  });

  it('a notification sent twice by the simulator pays once', async () => {
    const s = await setup();
    const { res } = await pay(s, [s.inv1.id]);
    await decide(s, s.fa, refOf(res.headers.location as string), 'accepter', 'twice');
    assert.equal((await paymentRow()).status, 'paid');
    assert.equal((await invoiceRow(s.inv1.id)).settledCents, 5000);
  });
});

describe('late and missing notifications', () => {
  it('a late notification comes through a job', async () => {
    const s = await setup();
    const { res } = await pay(s, [s.inv1.id]);
    await decide(s, s.fa, refOf(res.headers.location as string), 'accepter', 'late');
    assert.equal((await paymentRow()).status, 'pending');
    await t.worker.tick();
    assert.equal((await paymentRow()).status, 'pending');
    t.clock.set('2026-11-25T09:02:00Z');
    await t.worker.tick();
    assert.equal((await paymentRow()).status, 'paid');
  });

  it('no notification: polling finds the payment paid, or abandoned; unanswered ones expire', async () => {
    const s = await setup();
    const accepted = await pay(s, [s.inv1.id]);
    await decide(s, s.fa, refOf(accepted.res.headers.location as string), 'accepter', 'never');
    const abandoned = await pay(s, [s.inv2.id]);
    await decide(s, s.fa, refOf(abandoned.res.headers.location as string), 'abandonner', 'never');
    const bInvoice = await pay(s, [s.invB.id], s.fb);
    assert.equal(bInvoice.res.statusCode, 303); // the payer never decides
    assert.ok((await t.db.select().from(jobs)).some((j) => j.kind === 'payments.poll-online'));

    t.clock.set('2026-11-25T09:05:00Z');
    await t.worker.tick();
    const rows = await t.db.select().from(payments);
    const byInvoice = async (invoiceId: string) => {
      const [al] = await t.db
        .select()
        .from(paymentAllocations)
        .where(eq(paymentAllocations.invoiceId, invoiceId));
      return rows.find((r) => r.id === al!.paymentId)!;
    };
    assert.equal((await byInvoice(s.inv1.id)).status, 'paid');
    assert.equal((await byInvoice(s.inv2.id)).status, 'abandoned');
    assert.equal((await byInvoice(s.invB.id)).status, 'pending');

    // Past the simulator's 15-minute lifetime, the next pass (it rescheduled itself) expires it.
    t.clock.set('2026-11-25T09:20:00Z');
    await t.worker.tick();
    const [last] = await t.db.select().from(payments).where(eq(payments.householdId, s.b.household.id));
    assert.equal(last!.status, 'expired');
    assert.equal((await invoiceRow(s.invB.id)).status, 'unpaid');
  });
});

describe('PayFiP and Systempay through the app', () => {
  const ID_OP = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
  const fixture = (name: string) =>
    readFileSync(new URL(`./providers/fixtures/${name}`, import.meta.url), 'utf8');

  it('PayFiP: idOp before the redirect, the unsigned notification is confirmed with the web service', async () => {
    const s = await setup();
    await t.db.insert(tenantSettings).values({
      tenantId: s.tenant.id,
      paymentProvider: 'payfip',
      payfipNumcli: '012345',
      payfipMode: 'X',
      updatedAt: t.clock.now(),
    });
    const sent: string[] = [];
    let result = 'P';
    setPayfipTransport({
      async post(_url, envelope) {
        sent.push(envelope);
        return envelope.includes('creerPaiementSecurise')
          ? fixture('payfip-creer-response.xml')
          : fixture(`payfip-detail-${result}.xml`);
      },
    });
    const { res } = await pay(s, [s.inv1.id]);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `https://www.payfip.gouv.fr/tpa/paiementws.web?idop=${ID_OP}`);
    const p = await paymentRow();
    assert.equal(p.provider, 'payfip');
    assert.equal(p.providerRef, ID_OP);
    assert.match(sent[0]!, /<saisie>X<\/saisie>/);
    assert.match(
      sent[0]!,
      new RegExp(
        `<urlnotif>http://localhost(:80)?/${s.tenant.slug}/paiements/notification/payfip</urlnotif>`,
      ),
    );

    // The notification says nothing by itself: PayFiP's detail (here: refused) decides.
    result = 'R';
    assert.equal((await notify(s, { idOp: ID_OP }, 'payfip')).body, 'OK refused');
    assert.equal((await invoiceRow(s.inv1.id)).status, 'unpaid');
  });

  it('PayFiP: paid once, even when notified twice; the poll of an unknown idOp expires after 15 minutes', async () => {
    const s = await setup();
    await t.db.insert(tenantSettings).values({
      tenantId: s.tenant.id,
      paymentProvider: 'payfip',
      payfipNumcli: '012345',
      updatedAt: t.clock.now(),
    });
    let detail = 'payfip-detail-P.xml';
    setPayfipTransport({
      async post(_url, envelope) {
        return envelope.includes('creerPaiementSecurise')
          ? fixture('payfip-creer-response.xml')
          : fixture(detail);
      },
    });
    await pay(s, [s.inv1.id]);
    assert.equal((await notify(s, { idOp: ID_OP }, 'payfip')).body, 'OK paid');
    assert.equal((await notify(s, { idOp: ID_OP }, 'payfip')).body, 'OK unchanged');
    assert.equal((await invoiceRow(s.inv1.id)).settledCents, 5000);

    // Another payment (its own idOp) never answered: polling waits, then expires it.
    detail = 'payfip-detail-unknown.xml';
    await t.db.update(payments).set({ providerRef: 'done-1' });
    await pay(s, [s.inv2.id]);
    t.clock.set('2026-11-25T09:05:00Z');
    await t.worker.tick();
    const pending = (await t.db.select().from(payments)).find((r) => r.providerRef === ID_OP)!;
    assert.equal(pending.status, 'pending');
    t.clock.set('2026-11-25T09:16:00Z');
    await t.worker.tick();
    assert.equal((await paymentRow(pending.id)).status, 'expired');
  });

  it('Systempay: signed form, trans ids per day, IPN verified, replay pays once, tampering refused', async () => {
    const s = await setup();
    const KEY = 'cle-de-test-systempay-0001';
    const sealed = sealSecret(
      deriveKey('test-cookie-secret-that-is-long-enough-000', 'tenant-settings'),
      KEY,
    );
    await t.db.insert(tenantSettings).values({
      tenantId: s.tenant.id,
      paymentProvider: 'systempay',
      systempaySiteId: '12345678',
      systempayKeySealed: sealed,
      updatedAt: t.clock.now(),
    });
    const { res } = await pay(s, [s.inv1.id]);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /action="https:\/\/paiement.systempay.fr\/vads-payment\/"/);
    assert.match(
      String(res.headers['content-security-policy']),
      /form-action 'self' [^;]*https:\/\/paiement.systempay.fr/,
    );
    const fields = Object.fromEntries(
      [...res.body.matchAll(/<input type="hidden" name="((?:vads_|signature)[^"]*)" value="([^"]*)"/g)].map(
        (m) => [m[1]!, m[2]!.replace(/&#34;/g, '"').replace(/&amp;/g, '&')],
      ),
    );
    assert.equal(fields.vads_trans_id, '000001');
    assert.equal(fields.vads_amount, '5000');
    assert.equal(verifySystempaySignature(fields, KEY), true);
    const p = await paymentRow();
    assert.equal(p.providerRef, `20261125-000001`);

    const body: Record<string, string> = {
      vads_amount: fields.vads_amount!,
      vads_currency: '978',
      vads_site_id: '12345678',
      vads_trans_date: fields.vads_trans_date!,
      vads_trans_id: fields.vads_trans_id!,
      vads_trans_status: 'AUTHORISED',
    };
    body.signature = systempaySignature(body, KEY);
    assert.equal((await notify(s, { ...body, vads_amount: '1' }, 'systempay')).statusCode, 403);
    assert.equal((await paymentRow()).status, 'pending');
    assert.equal((await notify(s, body, 'systempay')).body, 'OK paid');
    assert.equal((await notify(s, body, 'systempay')).body, 'OK unchanged');
    assert.equal((await invoiceRow(s.inv1.id)).settledCents, 5000);

    const second = await pay(s, [s.inv2.id]);
    assert.match(second.res.body, /name="vads_trans_id" value="000002"/);
  });
});

describe('the simulator in production', () => {
  const prod = useTestApp({ env: { NODE_ENV: 'production', PAYMENT_SIMULATOR: 'auto' } });

  it('a tenant left on the simulator offers no online payment; its pages and notifications do not exist', async () => {
    const tenant = await createTenant(prod.db);
    await prod.app.tenants.refresh();
    const fam = await createFamily(prod.db, tenant.id);
    const inv = await createIssuedInvoice(prod.db, tenant.id, fam.household.id);
    const client = await signedInClient(prod, fam.user.id, tenant.id);
    const page = await client.get(`/${tenant.slug}/paiements/nouveau`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Le paiement en ligne n’est pas encore ouvert/);
    assert.doesNotMatch(page.body, new RegExp(inv.id));
    const res = await client.post(`/${tenant.slug}/paiements/nouveau`, {
      factures: inv.id,
      formToken: randomUUID(),
    });
    assert.equal(res.statusCode, 404);
    assert.equal((await prod.db.select().from(payments)).length, 0);
    assert.equal((await client.get(`/${tenant.slug}/paiement-simule/SIM-AAAAAAAAAAAAAAAA`)).statusCode, 404);
  });
});
