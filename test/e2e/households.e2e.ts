// Browser journey (issue 4): a parent changes a phone (applied at once) and the address (a request);
// the manager accepts it; the parent's dashboard shows the request accepted and the new address.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPage, openPage, signIn, useServer } from './harness';

describe('households: change requests from the family to the manager and back', () => {
  const server = useServer();

  it('a direct phone change applies at once; the address goes through the manager', async () => {
    const page = await openPage(server);
    await signIn(page, server, 'parent@demo.test', 'Demo-Famille-2026');

    await page.goto(`${server.url}/demo/coordonnees`);
    await checkPage(page, 'households-coordonnees');
    await page.getByLabel('Téléphone du foyer').fill('06 98 76 54 32');
    await page.getByLabel('Adresse', { exact: true }).fill('8 rue des Lilas');
    await page.getByRole('button', { name: 'Enregistrer mes coordonnées' }).click();
    await page.getByText('Vos modifications ont été enregistrées.').waitFor();
    assert.equal(await page.getByLabel('Téléphone du foyer').inputValue(), '06 98 76 54 32');
    await page.getByText('Demande en attente de validation : 8 rue des Lilas').waitFor();

    await page.goto(`${server.url}/demo/espace`);
    await page.getByText('1 demande en attente de validation').waitFor();
    await checkPage(page, 'households-dashboard-pending');

    // The manager, in a fresh session.
    await page.context().clearCookies();
    await signIn(page, server, 'gestion@demo.test', 'Demo-Gestion-2026');
    await page.goto(`${server.url}/demo/gestion/demandes`);
    await checkPage(page, 'households-queue');
    const row = page
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: 'Martin', exact: true }) });
    await row.getByRole('link', { name: 'Modification' }).click();
    await page.getByText('8 rue des Lilas').first().waitFor();
    await checkPage(page, 'households-request');
    await page.getByRole('button', { name: 'Accepter la demande' }).click();
    await page.getByText('Demande acceptée et appliquée.').waitFor();

    // Back to the parent.
    await page.context().clearCookies();
    await signIn(page, server, 'parent@demo.test', 'Demo-Famille-2026');
    await page.goto(`${server.url}/demo/espace`);
    await page.getByText('Acceptée').first().waitFor();
    assert.equal(await page.locator('.address').textContent(), '8 rue des Lilas');
    await checkPage(page, 'households-dashboard-accepted');

    const mail = (await server.mail()).find((m) => m.subject === 'Votre demande a été acceptée');
    assert.ok(mail, 'the family got an e-mail');
    assert.match(mail.text, /8 rue des Lilas/);
  });
});
