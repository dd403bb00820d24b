import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { useTestApp } from '../../../test/helpers/app';
import { createIssuedInvoice } from '../../../test/helpers/billing-factories';
import { createHousehold, createTenant } from '../../../test/helpers/factories';
import { pdfText } from '../../../test/helpers/pdf-text';
import { renderInvoicePdf } from './invoice-pdf';
import {
  amountDue,
  creditInvoice,
  enterCollection,
  findInvoice,
  householdBalanceCents,
  leaveCollection,
  linesOfInvoice,
  settleInvoice,
  unsettleInvoice,
} from './invoices.repository';
import { combinedInvoicesPdf } from './run-print';

describe('issued invoices', () => {
  const t = useTestApp();
  let tenantId: string;
  let householdId: string;
  beforeEach(async () => {
    tenantId = (await createTenant(t.db)).id;
    householdId = (await createHousehold(t.db, tenantId)).household.id;
  });

  it('numbers invoices gap-free per tenant and year, each tenant from 1', async () => {
    const a = await createIssuedInvoice(t.db, tenantId, householdId);
    const b = await createIssuedInvoice(t.db, tenantId, householdId, { prefix: 'ENF-' });
    const nextYear = await createIssuedInvoice(t.db, tenantId, householdId, { issuedOn: '2027-01-04' });
    const other = await createTenant(t.db);
    const otherHousehold = (await createHousehold(t.db, other.id)).household;
    const o = await createIssuedInvoice(t.db, other.id, otherHousehold.id);
    assert.deepEqual(
      [a.number, b.number, nextYear.number, o.number],
      ['2026-000001', 'ENF-2026-000002', '2027-000001', '2026-000001'],
    );
  });

  it('sums the lines, settles and credits only what is due, and says paid exactly when nothing is', async () => {
    const inv = await createIssuedInvoice(t.db, tenantId, householdId, {
      lines: [
        { quantity: 3, unitPriceCents: 1000 },
        { quantity: 1, unitPriceCents: 250, kind: 'surcharge' },
      ],
    });
    assert.equal(inv.totalCents, 3250);
    assert.equal((await linesOfInvoice(t.db, tenantId, inv.id)).length, 2);
    assert.equal(await t.db.transaction((tx) => settleInvoice(tx, tenantId, inv.id, 3251)), false);
    assert.equal(await t.db.transaction((tx) => creditInvoice(tx, tenantId, inv.id, 250)), true);
    assert.equal(await t.db.transaction((tx) => settleInvoice(tx, tenantId, inv.id, 1000)), true);
    let now = (await findInvoice(t.db, tenantId, inv.id))!;
    assert.equal(amountDue(now), 2000);
    assert.equal(now.status, 'unpaid');
    assert.equal(await householdBalanceCents(t.db, tenantId, householdId), 2000);
    assert.equal(await t.db.transaction((tx) => settleInvoice(tx, tenantId, inv.id, 2000)), true);
    now = (await findInvoice(t.db, tenantId, inv.id))!;
    assert.equal(now.status, 'paid');
    assert.equal(await householdBalanceCents(t.db, tenantId, householdId), 0);
    // A returned payment makes it due again.
    assert.equal(await t.db.transaction((tx) => unsettleInvoice(tx, tenantId, inv.id, 2000)), true);
    now = (await findInvoice(t.db, tenantId, inv.id))!;
    assert.equal(now.status, 'unpaid');
    assert.equal(await t.db.transaction((tx) => unsettleInvoice(tx, tenantId, inv.id, 5000)), false);
  });

  it('moves unpaid invoices in and out of a collection, and a paid one never', async () => {
    const a = await createIssuedInvoice(t.db, tenantId, householdId);
    const b = await createIssuedInvoice(t.db, tenantId, householdId);
    await t.db.transaction((tx) => settleInvoice(tx, tenantId, b.id, b.totalCents));
    const entered = await t.db.transaction((tx) => enterCollection(tx, tenantId, [a.id, b.id]));
    assert.deepEqual(entered, [a.id]);
    assert.equal((await findInvoice(t.db, tenantId, a.id))!.status, 'in_collection');
    await t.db.transaction((tx) => settleInvoice(tx, tenantId, a.id, a.totalCents));
    assert.equal((await findInvoice(t.db, tenantId, a.id))!.status, 'paid');
    const c = await createIssuedInvoice(t.db, tenantId, householdId);
    await t.db.transaction((tx) => enterCollection(tx, tenantId, [c.id]));
    await t.db.transaction((tx) => leaveCollection(tx, tenantId, [c.id]));
    assert.equal((await findInvoice(t.db, tenantId, c.id))!.status, 'unpaid');
  });

  it('finds an invoice only in its tenant and, when asked, its household', async () => {
    const inv = await createIssuedInvoice(t.db, tenantId, householdId);
    const other = await createTenant(t.db);
    assert.equal(await findInvoice(t.db, other.id, inv.id), null);
    const neighbour = (await createHousehold(t.db, tenantId)).household;
    assert.equal(await findInvoice(t.db, tenantId, inv.id, neighbour.id), null);
    assert.ok(await findInvoice(t.db, tenantId, inv.id, householdId));
  });

  it('prints issuer, SIRET, payer, lines, total, due date, payment means and appeal in the PDF', async () => {
    const inv = await createIssuedInvoice(t.db, tenantId, householdId, {
      childName: 'Lou Durand',
      lines: [
        { quantity: 2, unitPriceCents: 1234, days: ['2026-10-07', '2026-10-14'], pricingNote: 'QF 820' },
      ],
    });
    const text = pdfText(
      await renderInvoicePdf({
        invoice: inv,
        lines: await linesOfInvoice(t.db, tenantId, inv.id),
        creditNotes: [],
      }),
    );
    for (const expected of [
      `Facture n° ${inv.number}`,
      'SIRET',
      'Alex Famille',
      'Lou Durand',
      '07/10, 14/10',
      'QF 820',
      '24,68',
      'Reste à payer',
      'À payer avant le : 05/12/2026',
      'Moyens de paiement',
      'Voies et délais de recours',
    ])
      assert.ok(text.includes(expected), `PDF lacks ${expected}:\n${text}`);
  });

  it('joins several invoices into one PDF to print, each keeping its own pages', async () => {
    const a = await createIssuedInvoice(t.db, tenantId, householdId);
    const b = await createIssuedInvoice(t.db, tenantId, householdId);
    const text = pdfText(await combinedInvoicesPdf(t.db, tenantId, [a, b], '#1f4e8c', new Date()));
    assert.ok(text.includes(`Facture n° ${a.number}`) && text.includes(`Facture n° ${b.number}`), text);
    assert.equal(text.split('Page 1 / 1').length - 1, 2);
  });
});
