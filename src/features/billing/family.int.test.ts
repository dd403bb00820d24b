import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { useTestApp } from '../../../test/helpers/app';
import { createIssuedInvoice } from '../../../test/helpers/billing-factories';
import { signedInClient, type TestClient } from '../../../test/helpers/client';
import { createFamily, createTenant } from '../../../test/helpers/factories';
import { pdfText } from '../../../test/helpers/pdf-text';
import { auditLog } from '../../platform/audit/audit.schema';
import { households } from '../households/households.schema';
import { payInvoice } from './family.fixtures';
import { setFamilyPayAction } from './family.service';
import { creditInvoice, enterCollection } from './invoices.repository';

describe('family invoice pages', () => {
  const t = useTestApp();
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let fam: Awaited<ReturnType<typeof createFamily>>;
  let client: TestClient;
  let base: string;
  beforeEach(async () => {
    tenant = await createTenant(t.db);
    await t.app.tenants.refresh();
    fam = await createFamily(t.db, tenant.id);
    client = await signedInClient(t, fam.user.id, tenant.id);
    base = `/${tenant.slug}`;
    setFamilyPayAction(null);
  });

  it('lists unpaid and paid invoices in two tabs with status, dates, amounts and the balance', async () => {
    const unpaid = await createIssuedInvoice(t.db, tenant.id, fam.household.id, { month: '2026-10-01' });
    const late = await createIssuedInvoice(t.db, tenant.id, fam.household.id, {
      month: '2026-09-01',
      issuedOn: '2026-10-05',
      dueOn: '2026-11-05',
    });
    const collected = await createIssuedInvoice(t.db, tenant.id, fam.household.id);
    await t.db.transaction((tx) => enterCollection(tx, tenant.id, [collected.id]));
    const paid = await createIssuedInvoice(t.db, tenant.id, fam.household.id, { month: '2026-08-01' });
    await payInvoice(t.db, tenant.id, fam.household.id, paid.id, paid.totalCents);
    // Partly credited: the amount due shows what is left.
    await t.db.transaction((tx) => creditInvoice(tx, tenant.id, unpaid.id, 1000));

    const res = await client.get(`${base}/factures`);
    assert.equal(res.statusCode, 200);
    const body = res.body;
    assert.match(body, /Solde de votre foyer : <\/span><strong>140,00\s€ à payer/);
    for (const i of [unpaid, late, collected]) assert.ok(body.includes(`N° ${i.number}`));
    assert.ok(!body.includes(`N° ${paid.number}`));
    assert.ok(body.includes('octobre 2026'));
    assert.ok(body.includes('En retard'));
    assert.ok(body.includes('En cours de prélèvement'));
    assert.ok(body.includes('À payer'));
    assert.ok(body.includes('40,00'));
    // No payments feature: no checkboxes, no pay form.
    assert.ok(!body.includes('name="factures"'));

    const paidTab = await client.get(`${base}/factures?onglet=payees`);
    assert.equal(paidTab.statusCode, 200);
    assert.ok(paidTab.body.includes(`N° ${paid.number}`));
    assert.ok(!paidTab.body.includes(`N° ${unpaid.number}`));
    assert.ok(paidTab.body.includes('Payée'));
    // Financial detail: billed amounts per child × activity over the school year 2026-2027 (Sept.→).
    assert.ok(body.includes('année scolaire 2026-2027'));
  });

  it('shows the slot for the payments feature: a form with a checkbox per payable invoice', async () => {
    const a = await createIssuedInvoice(t.db, tenant.id, fam.household.id);
    const b = await createIssuedInvoice(t.db, tenant.id, fam.household.id);
    await t.db.transaction((tx) => enterCollection(tx, tenant.id, [b.id]));
    setFamilyPayAction({ path: '/paiements/nouveau', label: 'Payer en ligne' });
    try {
      const res = await client.get(`${base}/factures`);
      assert.ok(res.body.includes(`action="${base}/paiements/nouveau"`));
      assert.ok(res.body.includes(`name="factures" value="${a.id}"`));
      assert.ok(
        !res.body.includes(`name="factures" value="${b.id}"`),
        'an invoice in collection is not payable',
      );
      const detail = await client.get(`${base}/factures/${a.id}`);
      assert.ok(detail.body.includes(`<input type="hidden" name="factures" value="${a.id}"`));
      assert.match(detail.body, /Payer en ligne \(50,00/);
    } finally {
      setFamilyPayAction(null);
    }
  });

  it('shows an invoice with its lines, credit notes and payments, and its PDF as a no-store attachment', async () => {
    const inv = await createIssuedInvoice(t.db, tenant.id, fam.household.id, {
      childName: 'Lou <b>Martin</b>',
      lines: [
        {
          quantity: 2,
          unitPriceCents: 1234,
          days: ['2026-10-07', '2026-10-14'],
          label: 'Mercredi — Journée',
        },
        {
          quantity: 1,
          unitPriceCents: 300,
          kind: 'surcharge',
          label: 'Majoration : présent sans réservation',
        },
      ],
    });
    await t.db.transaction((tx) => creditInvoice(tx, tenant.id, inv.id, 300));
    await payInvoice(t.db, tenant.id, fam.household.id, inv.id, 1000);
    const res = await client.get(`${base}/factures/${inv.id}`);
    assert.equal(res.statusCode, 200);
    assert.ok(res.body.includes('Lou &lt;b'), 'names are escaped');
    assert.ok(!res.body.includes('<b>Martin'));
    assert.ok(res.body.includes('07/10, 14/10'));
    assert.ok(res.body.includes('24,68'));
    assert.ok(res.body.includes('Majoration : présent sans réservation'));
    assert.ok(res.body.includes('Paiement de 10,00'));
    assert.ok(res.body.includes('Chèque'));
    assert.match(res.body, /Reste à payer sur cette facture : <\/span><strong>14,68/);

    const pdf = await client.get(`${base}/factures/${inv.id}/pdf`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.headers['cache-control'], 'no-store');
    assert.match(
      String(pdf.headers['content-disposition']),
      /^attachment; filename="facture-2026-000001.pdf"$/,
    );
    const text = pdfText(pdf.rawPayload);
    assert.ok(text.includes(`Facture n° ${inv.number}`));
    assert.ok(text.includes('Déjà payé'));
    assert.ok(text.includes('Reste à payer'));
  });

  it('answers 404 for another household’s or another tenant’s invoice, and for nonsense ids', async () => {
    const neighbour = await createFamily(t.db, tenant.id);
    const theirs = await createIssuedInvoice(t.db, tenant.id, neighbour.household.id);
    const other = await createTenant(t.db);
    const otherFam = await createFamily(t.db, other.id);
    const foreign = await createIssuedInvoice(t.db, other.id, otherFam.household.id);
    for (const id of [theirs.id, foreign.id, 'not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      assert.equal((await client.get(`${base}/factures/${id}`)).statusCode, 404, id);
      assert.equal((await client.get(`${base}/factures/${id}/pdf`)).statusCode, 404, id);
    }
    const list = await client.get(`${base}/factures`);
    assert.ok(!list.body.includes(`/factures/${theirs.id}`));
  });

  it('joins and leaves paperless invoicing, audited, and refuses nonsense', async () => {
    const leave = await client.post(`${base}/factures/dematerialisation`, { paperless: 'non' });
    assert.equal(leave.statusCode, 303);
    const [h] = await t.db.select().from(households).where(eq(households.id, fam.household.id));
    assert.equal(h!.paperlessInvoices, false);
    const page = await client.get(`${base}/factures`);
    assert.ok(page.body.includes('id="f-paperless-non" name="paperless" value="non" checked'));
    assert.equal(
      (await client.post(`${base}/factures/dematerialisation`, { paperless: 'oui' })).statusCode,
      303,
    );
    const audits = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.subjectId, fam.household.id)));
    assert.deepEqual(audits.map((a) => a.action).sort(), [
      'household.paperless.join',
      'household.paperless.leave',
    ]);
    const bad = await client.post(`${base}/factures/dematerialisation`, { paperless: 'peut-être' });
    assert.equal(bad.statusCode, 400);
    assert.ok(bad.body.includes('Choisissez comment recevoir vos factures.'));
  });
});
