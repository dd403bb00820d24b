import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { useTestApp } from '../../../test/helpers/app';
import { createIssuedInvoice } from '../../../test/helpers/billing-factories';
import { signedInClient, type TestClient } from '../../../test/helpers/client';
import { createFamily, createStaff, createTenant } from '../../../test/helpers/factories';
import { pdfText } from '../../../test/helpers/pdf-text';
import { auditLog } from '../../platform/audit/audit.schema';
import { outboxEmails } from '../../platform/mail/mail.schema';
import { creditNotes } from './billing.schema';
import { payInvoice } from './family.fixtures';
import { findInvoice } from './invoices.repository';

describe('staff invoice pages and credit notes', () => {
  const t = useTestApp();
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let fam: Awaited<ReturnType<typeof createFamily>>;
  let accountant: TestClient;
  let manager: TestClient;
  let base: string;
  beforeEach(async () => {
    tenant = await createTenant(t.db);
    await t.app.tenants.refresh();
    fam = await createFamily(t.db, tenant.id);
    accountant = await signedInClient(t, (await createStaff(t.db, tenant.id, ['accountant'])).id, tenant.id);
    manager = await signedInClient(t, (await createStaff(t.db, tenant.id, ['manager'])).id, tenant.id);
    base = `/${tenant.slug}`;
  });

  it('lists invoices with filters (status, month, name or number, overdue) and pages', async () => {
    const oct = await createIssuedInvoice(t.db, tenant.id, fam.household.id, { month: '2026-10-01' });
    const sept = await createIssuedInvoice(t.db, tenant.id, fam.household.id, {
      month: '2026-09-01',
      dueOn: '2026-11-05',
    });
    const other = await createFamily(t.db, tenant.id);
    const paid = await createIssuedInvoice(t.db, tenant.id, other.household.id, { month: '2026-10-01' });
    await payInvoice(t.db, tenant.id, other.household.id, paid.id, paid.totalCents);
    const list = async (qs: string) => {
      const res = await manager.get(`${base}/gestion/factures${qs}`);
      assert.equal(res.statusCode, 200);
      return [oct, sept, paid].filter((i) => res.body.includes(`>${i.number}<`)).map((i) => i.number);
    };
    assert.deepEqual(await list(''), [oct.number, sept.number, paid.number]);
    assert.deepEqual(await list('?statut=paid'), [paid.number]);
    assert.deepEqual(await list('?mois=2026-09'), [sept.number]);
    assert.deepEqual(await list('?retard=1'), [sept.number]);
    assert.deepEqual(await list(`?q=${encodeURIComponent(other.household.name.toUpperCase())}`), [
      paid.number,
    ]);
    assert.deepEqual(await list(`?q=${oct.number}`), [oct.number]);
    // Nonsense filters are ignored, never an error; a LIKE wildcard matches itself.
    assert.deepEqual(await list('?statut=x&mois=13&page=-1'), [oct.number, sept.number, paid.number]);
    assert.deepEqual(await list('?q=%25'), []);
    const page2 = await manager.get(`${base}/gestion/factures?page=2`);
    assert.ok(page2.body.includes('Aucune facture ne correspond.'));
  });

  it('shows one invoice with the household link and balance; managers read, without the credit form', async () => {
    const inv = await createIssuedInvoice(t.db, tenant.id, fam.household.id);
    const res = await manager.get(`${base}/gestion/factures/${inv.id}`);
    assert.equal(res.statusCode, 200);
    assert.ok(res.body.includes(`href="${base}/gestion/familles/${fam.household.id}"`));
    assert.ok(res.body.includes('solde du foyer : 50,00'));
    assert.ok(!res.body.includes('Émettre l’avoir'));
    assert.ok((await accountant.get(`${base}/gestion/factures/${inv.id}`)).body.includes('Émettre l’avoir'));
    const pdf = await manager.get(`${base}/gestion/factures/${inv.id}/pdf`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['cache-control'], 'no-store');
    assert.ok(pdfText(pdf.rawPayload).includes(inv.number));
    // Managers may not issue credit notes.
    const refused = await manager.post(`${base}/gestion/factures/${inv.id}/avoirs`, {
      mode: 'total',
      reason: 'Erreur',
      formToken: randomUUID(),
    });
    assert.equal(refused.statusCode, 403);
    // Another tenant's invoice does not exist here.
    const other = await createTenant(t.db);
    const otherFam = await createFamily(t.db, other.id);
    const foreign = await createIssuedInvoice(t.db, other.id, otherFam.household.id);
    assert.equal((await accountant.get(`${base}/gestion/factures/${foreign.id}`)).statusCode, 404);
    assert.equal((await accountant.get(`${base}/gestion/factures/${foreign.id}/pdf`)).statusCode, 404);
    assert.equal(
      (
        await accountant.post(`${base}/gestion/factures/${foreign.id}/avoirs`, {
          mode: 'total',
          reason: 'Erreur',
          formToken: randomUUID(),
        })
      ).statusCode,
      404,
    );
  });

  it('issues a partial credit note once (replayed form), numbered, audited, e-mailed, with its PDF', async () => {
    const inv = await createIssuedInvoice(t.db, tenant.id, fam.household.id);
    const token = randomUUID();
    const form = { mode: 'partiel', amount: '12,50', reason: 'Sortie annulée <script>', formToken: token };
    const res = await accountant.post(`${base}/gestion/factures/${inv.id}/avoirs`, form);
    assert.equal(res.statusCode, 303);
    const again = await accountant.post(`${base}/gestion/factures/${inv.id}/avoirs`, form);
    assert.equal(again.statusCode, 303);
    const notes = await t.db.select().from(creditNotes).where(eq(creditNotes.invoiceId, inv.id));
    assert.equal(notes.length, 1);
    assert.equal(notes[0]!.number, 'AV-2026-000001');
    assert.equal(notes[0]!.amountCents, 1250);
    assert.equal((await findInvoice(t.db, tenant.id, inv.id))!.creditedCents, 1250);
    const audits = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.action, 'invoice.credit_note')));
    assert.equal(audits.length, 1);
    const mails = await t.db.select().from(outboxEmails).where(eq(outboxEmails.tenantId, tenant.id));
    assert.equal(mails.length, 1);
    assert.match(mails[0]!.subject, /Avoir n° AV-2026-000001 sur votre facture n° 2026-000001/);
    assert.match(mails[0]!.textBody, /Reste à payer sur cette facture : 37,50/);
    const page = await accountant.get(`${base}/gestion/factures/${inv.id}`);
    assert.ok(page.body.includes('Sortie annulée &lt;script'));
    const pdf = await accountant.get(`${base}/gestion/factures/${inv.id}/avoirs/${notes[0]!.id}/pdf`);
    assert.equal(pdf.statusCode, 200);
    const text = pdfText(pdf.rawPayload);
    for (const s of [
      'Avoir n° AV-2026-000001',
      'Facture concernée : n° 2026-000001',
      '12,50',
      'Sortie annulée',
      'SIRET',
    ])
      assert.ok(text.includes(s), `credit note PDF lacks ${s}:\n${text}`);
    // The family downloads it too, and sees it on its invoice (and not someone else's).
    const parent = await signedInClient(t, fam.user.id, tenant.id);
    assert.equal((await parent.get(`${base}/factures/${inv.id}/avoirs/${notes[0]!.id}/pdf`)).statusCode, 200);
    const neighbour = await createFamily(t.db, tenant.id);
    const stranger = await signedInClient(t, neighbour.user.id, tenant.id);
    assert.equal(
      (await stranger.get(`${base}/factures/${inv.id}/avoirs/${notes[0]!.id}/pdf`)).statusCode,
      404,
    );
    const invoicePdf = pdfText((await parent.get(`${base}/factures/${inv.id}/pdf`)).rawPayload);
    assert.ok(invoicePdf.includes('Avoir n° AV-2026-000001'));
  });

  it('refuses more than what is due with a French message, and credits the whole remaining due', async () => {
    const inv = await createIssuedInvoice(t.db, tenant.id, fam.household.id);
    await payInvoice(t.db, tenant.id, fam.household.id, inv.id, 2000);
    const over = await accountant.post(`${base}/gestion/factures/${inv.id}/avoirs`, {
      mode: 'partiel',
      amount: '30,01',
      reason: 'Trop',
      formToken: randomUUID(),
    });
    assert.equal(over.statusCode, 400);
    assert.match(over.body, /Le montant dépasse le reste à payer de la facture \(30,00/);
    const bad = await accountant.post(`${base}/gestion/factures/${inv.id}/avoirs`, {
      mode: 'partiel',
      amount: 'douze',
      reason: '',
      formToken: randomUUID(),
    });
    assert.equal(bad.statusCode, 400);
    assert.ok(bad.body.includes('Indiquez le motif de l’avoir'));
    const whole = await accountant.post(`${base}/gestion/factures/${inv.id}/avoirs`, {
      mode: 'total',
      reason: 'Geste commercial',
      formToken: randomUUID(),
    });
    assert.equal(whole.statusCode, 303);
    const now = (await findInvoice(t.db, tenant.id, inv.id))!;
    assert.equal(now.creditedCents, 3000);
    assert.equal(now.status, 'paid');
    const nothingLeft = await accountant.post(`${base}/gestion/factures/${inv.id}/avoirs`, {
      mode: 'total',
      reason: 'Encore',
      formToken: randomUUID(),
    });
    assert.equal(nothingLeft.statusCode, 400);
    assert.ok(nothingLeft.body.includes('plus rien à payer'));
    assert.equal((await t.db.select().from(creditNotes)).length, 1);
  });

  it('refuses a form token already used on another invoice', async () => {
    const a = await createIssuedInvoice(t.db, tenant.id, fam.household.id);
    const b = await createIssuedInvoice(t.db, tenant.id, fam.household.id);
    const token = randomUUID();
    const form = { mode: 'partiel', amount: '1', reason: 'Erreur', formToken: token };
    assert.equal((await accountant.post(`${base}/gestion/factures/${a.id}/avoirs`, form)).statusCode, 303);
    const replay = await accountant.post(`${base}/gestion/factures/${b.id}/avoirs`, form);
    assert.equal(replay.statusCode, 400);
    assert.ok(replay.body.includes('Ce formulaire a déjà servi'));
  });
});
