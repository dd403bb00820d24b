import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { checkPage, openPage, PHONE, signIn, useServer } from './harness';

// Issue 9, manual payments and SEPA: the accountant records a cheque; a parent asks for direct debit on
// a 360 px phone, the accountant accepts, creates the month's collection and downloads the pain.008 file.

const PARENT = { email: 'parent@demo.test', password: 'Demo-Famille-2026' };
const ACCOUNTANT = { email: 'regie@demo.test', password: 'Demo-Regie-2026' };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

async function submitAndWait(page: Page, name: string | RegExp) {
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name }).click()]);
  await page.waitForLoadState('load');
}

describe('payments and SEPA journeys', () => {
  const server = useServer();

  it('the accountant records a cheque; a parent asks for direct debit; the accountant accepts and exports the file', async () => {
    const acc = await openPage(server);
    await signIn(acc, server, ACCOUNTANT.email, ACCOUNTANT.password);
    await acc.goto(`${server.url}/demo/gestion/paiements`);
    await checkPage(acc, 'payments-list');
    await acc.getByRole('link', { name: 'Enregistrer un paiement' }).click();
    await acc.waitForLoadState('load');
    await acc.getByLabel('Nom du foyer').fill('Thomas');
    await submitAndWait(acc, 'Rechercher');
    await acc
      .getByRole('link', { name: /^Thomas/ })
      .first()
      .click();
    await acc.waitForLoadState('load');
    await checkPage(acc, 'payments-new');
    await acc.getByLabel('Moyen de paiement').selectOption('cheque');
    await acc.getByLabel('Montant (€)').fill('10');
    await acc.getByLabel('Référence').fill('Chèque 123 — Banque Démo');
    await submitAndWait(acc, 'Enregistrer le paiement');
    assert.match(acc.url(), /\/demo\/gestion\/paiements\/[0-9a-f-]{36}$/);
    assert.ok(await acc.getByText('Encaissé').first().isVisible());
    await checkPage(acc, 'payments-detail');

    const parent = await openPage(server, { viewport: PHONE });
    await signIn(parent, server, PARENT.email, PARENT.password);
    await parent.goto(`${server.url}/demo/prelevement`);
    await checkPage(parent, 'sepa-family-none');
    await parent.getByRole('link', { name: 'Demander le prélèvement automatique' }).click();
    await parent.waitForLoadState('load');
    await checkPage(parent, 'sepa-family-request');
    await parent.getByLabel('Titulaire du compte').fill('Camille Martin');
    await parent.locator('#f-bankName').fill('Banque Démo');
    await parent.locator('#f-iban').fill('FR76 3000 6000 0112 3456 7890 188');
    await parent.setInputFiles('input[name="file"]', {
      name: 'rib.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await parent.getByLabel('J’ai lu et j’accepte ce mandat de prélèvement SEPA.').check();
    await submitAndWait(parent, 'Envoyer la demande');
    // A wrong RIB key is told next to the field.
    assert.ok(await parent.locator('#f-iban-error').isVisible());
    await checkPage(parent, 'sepa-family-request-error');
    await parent.locator('#f-iban').fill('FR76 3000 6000 0112 3456 7890 189');
    await parent.setInputFiles('input[name="file"]', {
      name: 'rib.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await parent.getByLabel('J’ai lu et j’accepte ce mandat de prélèvement SEPA.').check();
    await submitAndWait(parent, 'Envoyer la demande');
    assert.match(parent.url(), /\/demo\/prelevement$/);
    assert.ok(await parent.getByText('En attente de validation').first().isVisible());

    await acc.goto(`${server.url}/demo/gestion`);
    assert.ok(await acc.getByText('Demandes de prélèvement').first().isVisible());
    await acc.goto(`${server.url}/demo/gestion/prelevements/demandes`);
    await checkPage(acc, 'sepa-requests');
    await acc.getByRole('link', { name: 'Martin' }).click();
    await acc.waitForLoadState('load');
    await checkPage(acc, 'sepa-request-detail');
    await submitAndWait(acc, 'Accepter et créer le mandat');
    assert.ok(await acc.getByText(/mandat MND-\d{4}-[A-Z2-9]{8} actif/).isVisible());

    await parent.goto(`${server.url}/demo/prelevement`);
    const rum = (await parent.getByText(/^MND-\d{4}-[A-Z2-9]{8}$/).textContent()) ?? '';
    assert.match(rum, /^MND-/);
    assert.ok(await parent.getByText('FR76 **** **** 0189 (Banque Démo)').isVisible());
    await checkPage(parent, 'sepa-family-active');

    await acc.goto(`${server.url}/demo/gestion/prelevements`);
    await submitAndWait(acc, 'Voir les factures à prélever');
    await checkPage(acc, 'sepa-collection-preview');
    await submitAndWait(acc, 'Créer le prélèvement');
    assert.match(acc.url(), /\/demo\/gestion\/prelevements\/[0-9a-f-]{36}$/);
    await checkPage(acc, 'sepa-collection-detail');
    const rums = await acc.locator('td[data-label="RUM"]').allTextContents();
    assert.ok(rums.length > 0);
    const [download] = await Promise.all([
      acc.waitForEvent('download'),
      acc.getByRole('link', { name: 'Télécharger le fichier SEPA (XML)' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^PRLV-.*\.xml$/);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const xml = readFileSync(path!, 'utf8');
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>/);
    assert.match(xml, /urn:iso:std:iso:20022:tech:xsd:pain\.008\.001\.02/);
    for (const r of rums) assert.ok(xml.includes(`<MndtId>${r.trim()}</MndtId>`), r);
  });
});
