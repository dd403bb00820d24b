import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { checkPage, openPage, PHONE, signIn, useServer } from './harness';

// Issue 8, invoices after issue: a parent opens « Factures » on a 360 px phone, opens an invoice,
// downloads its PDF and leaves paperless invoicing; the accountant issues a partial credit note.

const PARENT = { email: 'parent@demo.test', password: 'Demo-Famille-2026' };
const ACCOUNTANT = { email: 'regie@demo.test', password: 'Demo-Regie-2026' };

async function submitAndWait(page: Page, name: string | RegExp) {
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name }).click()]);
  await page.waitForLoadState('load');
}

describe('invoice journeys', () => {
  const server = useServer();

  it('a parent reads and downloads an invoice and leaves paperless; the accountant issues a credit note', async () => {
    const parent = await openPage(server, { viewport: PHONE, acceptDownloads: true });
    await signIn(parent, server, PARENT.email, PARENT.password);
    await parent.goto(`${server.url}/demo/espace`);
    await parent.getByRole('link', { name: 'Factures', exact: true }).first().click();
    await parent.waitForLoadState('load');
    assert.match(parent.url(), /\/demo\/factures$/);
    assert.match((await parent.locator('#household-balance').textContent()) ?? '', /à payer/);
    await checkPage(parent, 'billing-family-unpaid');
    await parent.getByRole('link', { name: 'Payées', exact: true }).click();
    await parent.waitForLoadState('load');
    assert.ok(await parent.getByText('Payée', { exact: true }).first().isVisible());
    await checkPage(parent, 'billing-family-paid');
    await parent.getByRole('link', { name: 'À payer', exact: true }).click();
    await parent.waitForLoadState('load');
    const number = (await parent.locator('.invoice-table a.cell-link').first().textContent())!
      .replace('N° ', '')
      .trim();
    await parent.locator('.invoice-table a.cell-link').first().click();
    await parent.waitForLoadState('load');
    assert.ok(await parent.getByRole('heading', { name: `Facture n° ${number}` }).isVisible());
    await checkPage(parent, 'billing-family-invoice');
    const [download] = await Promise.all([
      parent.waitForEvent('download'),
      parent.getByRole('link', { name: 'Télécharger la facture (PDF)' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), `facture-${number}.pdf`);
    const bytes = readFileSync((await download.path())!);
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');

    await parent.goto(`${server.url}/demo/factures`);
    await parent.getByLabel('Par courrier papier').check();
    await submitAndWait(parent, 'Enregistrer mon choix');
    assert.ok(
      await parent.getByText('vos prochaines factures vous seront envoyées par courrier').isVisible(),
    );
    assert.ok(await parent.getByLabel('Par courrier papier').isChecked());

    const accountant = await openPage(server);
    await signIn(accountant, server, ACCOUNTANT.email, ACCOUNTANT.password);
    await accountant.goto(`${server.url}/demo/gestion/factures`);
    await checkPage(accountant, 'billing-staff-list');
    await accountant.getByRole('link', { name: number, exact: true }).click();
    await accountant.waitForLoadState('load');
    await checkPage(accountant, 'billing-staff-invoice');
    await accountant.getByLabel('Montant en euros (avoir partiel)').fill('5,25');
    await accountant.getByLabel('Motif').fill('Sortie annulée le 14 octobre');
    await submitAndWait(accountant, 'Émettre l’avoir');
    assert.ok(await accountant.getByText(/Avoir n° AV-2026-000001 émis/).isVisible());
    assert.ok(await accountant.getByText('Avoir n° AV-2026-000001 du').isVisible());
    await checkPage(accountant, 'billing-staff-invoice-credited');

    const mail = (await server.mail()).find((x) => x.subject.startsWith('Avoir n° AV-2026-000001'));
    assert.ok(mail, 'the family is told by e-mail');
    assert.equal(mail.to, PARENT.email);

    await parent.goto(`${server.url}/demo/factures`);
    await parent.locator('.invoice-table a.cell-link').first().click();
    await parent.waitForLoadState('load');
    assert.ok(await parent.getByText('Motif : Sortie annulée le 14 octobre').isVisible());
    await checkPage(parent, 'billing-family-invoice-credited');
  });
});
