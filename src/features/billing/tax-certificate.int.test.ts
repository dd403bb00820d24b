import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { useTestApp } from '../../../test/helpers/app';
import { createIssuedInvoice } from '../../../test/helpers/billing-factories';
import { signedInClient, type TestClient } from '../../../test/helpers/client';
import { createFamily, createStaff, createTenant } from '../../../test/helpers/factories';
import { pdfText } from '../../../test/helpers/pdf-text';
import { payInvoice } from './family.fixtures';

describe('tax certificates', () => {
  const t = useTestApp();
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let fam: Awaited<ReturnType<typeof createFamily>>;
  let accountant: TestClient;
  let parent: TestClient;
  let base: string;
  beforeEach(async () => {
    tenant = await createTenant(t.db, {
      siret: '21750001600019',
      address: '1 place de la Mairie, 75001 Paris',
    });
    await t.app.tenants.refresh();
    fam = await createFamily(t.db, tenant.id);
    accountant = await signedInClient(t, (await createStaff(t.db, tenant.id, ['accountant'])).id, tenant.id);
    parent = await signedInClient(t, fam.user.id, tenant.id);
    base = `/${tenant.slug}`;
  });

  async function paidInvoiceWithMeal() {
    // 40 € of care (eligible) + 10 € of meals; 50 € paid in 2026.
    const inv = await createIssuedInvoice(t.db, tenant.id, fam.household.id, {
      childName: 'Lou Martin',
      lines: [
        { quantity: 4, unitPriceCents: 1000, childBirthDate: '2021-05-04' },
        {
          quantity: 2,
          unitPriceCents: 500,
          label: 'Repas',
          taxEligible: false,
          childBirthDate: '2021-05-04',
        },
      ],
    });
    await payInvoice(
      t.db,
      tenant.id,
      fam.household.id,
      inv.id,
      inv.totalCents,
      new Date('2026-11-20T10:00:00Z'),
    );
    return inv;
  }

  it('lets the family download its certificate for the year (amount paid for eligible care, meals excluded)', async () => {
    await paidInvoiceWithMeal();
    const page = await parent.get(`${base}/factures`);
    assert.ok(page.body.includes('Attestation fiscale 2026'));
    const res = await parent.get(`${base}/factures/attestation-fiscale/2026`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(
      String(res.headers['content-disposition']),
      /attachment; filename="attestation-fiscale-2026.pdf"/,
    );
    const text = pdfText(res.rawPayload);
    for (const s of [
      'Attestation fiscale 2026',
      'SIRET : 217 500 016 00019',
      '1 place de la Mairie',
      'Payeur : Alex Famille',
      'Lou Martin',
      '04/05/2021',
      '40,00',
      `N° AF-2026-`,
      'Signature et cachet',
    ])
      assert.ok(text.includes(s), `certificate lacks ${s}:\n${text}`);
    assert.ok(!text.includes('50,00'), 'meals are excluded');
    assert.ok(!/3\s?500/.test(text), 'nothing about the cap');
    // No certificate for a year without payments, nor a future or nonsense year.
    for (const y of ['2025', '2027', 'abc', '1999'])
      assert.equal((await parent.get(`${base}/factures/attestation-fiscale/${y}`)).statusCode, 404, y);
  });

  it('gives nothing for a child 6 or older on 1 January, and another household never sees it', async () => {
    const inv = await createIssuedInvoice(t.db, tenant.id, fam.household.id, {
      lines: [{ childBirthDate: '2020-01-01' }],
    });
    await payInvoice(t.db, tenant.id, fam.household.id, inv.id, inv.totalCents);
    assert.equal((await parent.get(`${base}/factures/attestation-fiscale/2026`)).statusCode, 404);
    await paidInvoiceWithMeal();
    const neighbour = await createFamily(t.db, tenant.id);
    const stranger = await signedInClient(t, neighbour.user.id, tenant.id);
    assert.equal((await stranger.get(`${base}/factures/attestation-fiscale/2026`)).statusCode, 404);
  });

  it('generates the year’s certificates in bulk for staff: the households concerned and one PDF', async () => {
    await paidInvoiceWithMeal();
    const other = await createFamily(t.db, tenant.id);
    const inv = await createIssuedInvoice(t.db, tenant.id, other.household.id, {
      childName: 'Éva Durand',
      lines: [{ quantity: 1, unitPriceCents: 2500, childBirthDate: '2024-02-29' }],
    });
    await payInvoice(t.db, tenant.id, other.household.id, inv.id, 2500);
    const page = await accountant.get(`${base}/gestion/attestations-fiscales?annee=2026`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(fam.household.name));
    assert.ok(page.body.includes(other.household.name));
    assert.ok(page.body.includes('Générer les 2 attestations'));
    const pdf = await accountant.get(`${base}/gestion/attestations-fiscales/2026/pdf`);
    assert.equal(pdf.statusCode, 200);
    const text = pdfText(pdf.rawPayload);
    assert.ok(text.includes('Lou Martin') && text.includes('Éva Durand') && text.includes('29/02/2024'));
    // Previous year by default: nobody.
    const empty = await accountant.get(`${base}/gestion/attestations-fiscales`);
    assert.ok(empty.body.includes('Aucun foyer concerné en 2025.'));
    assert.equal((await accountant.get(`${base}/gestion/attestations-fiscales/2025/pdf`)).statusCode, 404);
    assert.equal((await accountant.get(`${base}/gestion/attestations-fiscales?annee=3000`)).statusCode, 404);
  });
});
