import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPage, openPage, signIn, useServer } from './harness';

/**
 * Catalogue back office, edits: a manager edits a facility, a group and a unit of the demo catalogue
 * (forms prefilled), sees a French error next to a field on bad input, and deletes a calendar exception.
 */
describe('catalogue edits', () => {
  const server = useServer();

  it('edits a facility, a group and a unit, and deletes an exception', async () => {
    const page = await openPage(server);
    await signIn(page, server, 'gestion@demo.test', 'Demo-Gestion-2026');
    await page.goto(`${server.url}/demo/gestion/catalogue`);
    await page.getByRole('link', { name: /Modifier la structure Les P'tits Loups/ }).click();
    await page.waitForURL(/\/gestion\/catalogue\/structures\//);
    await checkPage(page, 'catalogue-facility-edit');
    assert.equal(await page.inputValue('#f-f_name'), "Les P'tits Loups");
    await page.fill('#f-f_address', '12 rue des Écoles');
    await page.getByRole('button', { name: 'Enregistrer la structure' }).click();
    await page.waitForURL(/\/gestion\/catalogue$/);
    assert.match((await page.textContent('main')) ?? '', /12 rue des Écoles/);

    await page.getByRole('link', { name: 'Mercredis', exact: true }).click();
    await page.waitForURL(/\/gestion\/catalogue\/activites\//);
    await page.getByRole('link', { name: '3-5 ans', exact: true }).click();
    await page.waitForURL(/\/gestion\/catalogue\/groupes\//);
    await checkPage(page, 'catalogue-group-edit');
    await page.fill('#f-g_capacity', '-2');
    await page.getByRole('button', { name: 'Enregistrer le groupe' }).click();
    assert.match((await page.textContent('#f-g_capacity-error')) ?? '', /ne peut pas être négative/);
    await checkPage(page, 'catalogue-group-error');
    await page.fill('#f-g_capacity', '18');
    await page.getByRole('button', { name: 'Enregistrer le groupe' }).click();
    await page.waitForURL(/\/gestion\/catalogue\/activites\//);

    await page.getByRole('link', { name: 'Matin', exact: true }).click();
    await page.waitForURL(/\/gestion\/catalogue\/unites\//);
    const unitUrl = page.url();
    assert.equal(await page.inputValue('#f-u_name'), 'Matin');
    await page.fill('#f-x_day', '2027-03-10');
    await page.fill('#f-x_label', 'Journée pédagogique');
    await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
    await page.waitForURL(unitUrl);
    await checkPage(page, 'catalogue-unit-edit');
    await page
      .getByRole('button', { name: /Supprimer l’exception du/ })
      .first()
      .click();
    await page.waitForURL(unitUrl);
    assert.match((await page.textContent('main')) ?? '', /Exception supprimée/);
    await page.fill('#f-u_endTime', '12:15');
    await page.getByRole('button', { name: 'Enregistrer l’unité' }).click();
    await page.waitForURL(unitUrl);
    assert.match((await page.textContent('main')) ?? '', /08:30–12:15/);

    // The waiting list of the demo Mercredis, reordered by hand.
    await page.goto(`${server.url}/demo/gestion/inscriptions`);
    const down = page.getByRole('button', { name: /^↓ Descendre/ });
    assert.ok((await down.count()) > 0, 'the demo has a waiting list');
    await down.first().click();
    await page.waitForURL(/\/gestion\/inscriptions/);
    assert.match((await page.textContent('main')) ?? '', /Rang 1 → rang 2 sur la liste d'attente/);
    await checkPage(page, 'enrollments-waiting-moves');
  });
});
