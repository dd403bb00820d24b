import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { checkPage, openPage, signIn, useServer } from './harness';

// Issue 8, billing run: the accountant opens the tariffs, previews September 2026 (the demo leaves it to
// invoice), adjusts a line with a reason, issues the month and watches the progress bar reach the end.

const ACCOUNTANT = { email: 'regie@demo.test', password: 'Demo-Regie-2026' };

async function submitAndWait(page: Page, name: string | RegExp) {
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name }).click()]);
  await page.waitForLoadState('load');
}

describe('billing run journey', () => {
  // The demo seed now also bills October: allow a slow start on a loaded machine.
  const server = useServer({ startTimeoutMs: 150_000 });

  it('the accountant previews, adjusts and issues a month with the progress bar', async () => {
    const page = await openPage(server);
    await signIn(page, server, ACCOUNTANT.email, ACCOUNTANT.password);
    await page.goto(`${server.url}/demo/gestion/tarifs`);
    await checkPage(page, 'billing-tariffs');
    assert.ok(await page.getByText('Tranches de quotient familial').first().isVisible());
    await page.getByRole('link', { name: 'Journée' }).first().click();
    await page.waitForLoadState('load');
    await checkPage(page, 'billing-tariff-unit');

    await page.getByRole('link', { name: 'Facturation', exact: true }).first().click();
    await page.waitForLoadState('load');
    // October 2026 is already issued in the demo.
    assert.ok(await page.getByRole('link', { name: /octobre 2026/i }).isVisible());
    await checkPage(page, 'billing-run-index');
    await page.getByLabel('Mois (AAAA-MM)').fill('2026-09');
    await submitAndWait(page, 'Ouvrir l’aperçu');
    assert.match(page.url(), /\/demo\/gestion\/facturation\/[0-9a-f-]{36}$/);
    const runUrl = page.url();
    await checkPage(page, 'billing-run-preview');

    await page.locator('table a').first().click();
    await page.waitForLoadState('load');
    assert.match(await page.locator('main').innerText(), /QF|Tarif unique|QF inconnu/);
    await checkPage(page, 'billing-run-household');
    await page.getByLabel('Décision').selectOption('amount');
    await page.getByLabel('Montant retenu (euros)').fill('5,00');
    await page.getByLabel('Motif (obligatoire)').fill('Geste commercial : sortie annulée');
    await submitAndWait(page, 'Enregistrer l’ajustement');
    assert.ok(await page.getByText('Ajustement enregistré').isVisible());
    assert.ok(await page.getByText(/Facturé 5,00\s€ au lieu de/).isVisible());

    await page.goto(runUrl);
    await submitAndWait(page, /Émettre les \d+ factures/);
    assert.ok(await page.locator('progress').isVisible());
    // htmx replaces the bar every 2 s until the worker has issued every household.
    await page.getByText(/Émission terminée : \d+ facture\(s\) émise\(s\)/).waitFor({ timeout: 60_000 });
    const bar = page.locator('progress');
    assert.equal(await bar.getAttribute('value'), await bar.getAttribute('max'));
    await checkPage(page, 'billing-run-issued');
    await page.getByRole('link', { name: /Factures à imprimer/ }).click();
    await page.waitForLoadState('load');
    await checkPage(page, 'billing-run-print');
  });
});
