// Browser journey (issue 11, back office B): the manager imports a CSV with two bad rows (clear errors,
// nothing written), fixes it, imports it; searches a family; opens its 360° view (invoices, payments,
// criteria), sets « famille résidente »; the staff home shows alerts and today's occupancy.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { checkPage, openPage, signIn, useServer } from './harness';

async function submit(page: Page, selector: string): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
}

const HEADER = 'type;reference_foyer;reference;nom;prenom;email;telephone;date_naissance;sexe;qf;qf_depuis';
const rows = (birth: string, firstName: string) =>
  [
    HEADER,
    'foyer;ANC-101;;Rousseau;;rousseau@exemple.test;04 78 11 22 33;;;540;01/09/2026',
    'responsable;ANC-101;ANC-R1;Rousseau;Maëlle;maelle.rousseau@exemple.test;06 21 43 65 87;;;;',
    `enfant;ANC-101;ANC-E1;Rousseau;${firstName};;;${birth};F;;`,
    'foyer;ANC-102;;Garnier;;;;;;;',
    'responsable;ANC-102;ANC-R2;Garnier;Bastien;;;;;;',
  ].join('\r\n');

describe('back office: families import, search and 360° view', () => {
  const server = useServer();

  it('imports a CSV after fixing two bad rows, finds the family and opens its file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mn-import-'));
    const bad = join(dir, 'familles-erreurs.csv');
    const good = join(dir, 'familles.csv');
    await writeFile(bad, `\uFEFF${rows('31/02/2019', '')}`);
    await writeFile(good, `\uFEFF${rows('14/02/2019', 'Capucine')}`);

    const page = await openPage(server);
    await signIn(page, server, 'gestion@demo.test', 'Demo-Gestion-2026');
    await page.goto(`${server.url}/demo/gestion/familles`);
    await submit(page, 'a[href$="/gestion/import"]');
    await checkPage(page, 'backoffice-import');

    await page.setInputFiles('#f-fichier', bad);
    await submit(page, 'main form[enctype] button[type=submit]');
    const errors = (await page.textContent('main')) ?? '';
    assert.match(errors, /2 erreur\(s\)/);
    assert.match(errors, /date invalide/);
    assert.match(errors, /prénom manquant/);
    assert.equal(await page.locator('button:has-text("Importer")').count(), 0);
    await checkPage(page, 'backoffice-import-errors');

    await page.setInputFiles('#f-fichier', good);
    await submit(page, 'main form:has(#f-fichier) button[type=submit]');
    assert.match((await page.textContent('main')) ?? '', /Foyers à créer\s*2/);
    await checkPage(page, 'backoffice-import-preview');
    await submit(page, 'button:has-text("Importer")');
    assert.match((await page.textContent('body')) ?? '', /Import terminé : 2 foyer\(s\) créé\(s\)/);

    // Search by the child's first name, without accents and in capitals (no-JS form submit).
    await page.fill('#f-q', 'CAPUCINE');
    await submit(page, 'main form.filters button[type=submit]');
    const link = page.locator('#resultats a.cell-link', { hasText: 'Rousseau' });
    assert.equal(await link.count(), 1);
    await checkPage(page, 'backoffice-search');
    // With htmx: typing a phone number updates the results in place.
    await page.fill('#f-q', '06 21 43');
    await page.waitForFunction(() => document.querySelector('#resultats')?.textContent?.includes('Maëlle'));

    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), link.first().click()]);
    const body = (await page.textContent('main')) ?? '';
    assert.match(body, /Foyer Rousseau/);
    for (const title of [
      'Inscriptions',
      'Justificatifs déposés',
      'Conversations',
      'Journal des opérations',
      'Critères d’attribution',
      'Factures',
      'Paiements',
    ])
      assert.match(body, new RegExp(title));
    assert.match(body, /Aucune facture\./);
    assert.match(body, /Aucun paiement\./);
    assert.match(body, /Foyer créé par import CSV/);
    await checkPage(page, 'backoffice-household-360');

    // The « famille résidente » criterion: the form, then back to the file with the change audited.
    await submit(page, 'a:has-text("Modifier ce critère")');
    await checkPage(page, 'backoffice-household-criteria');
    await page.check('#f-resident-oui');
    await submit(page, 'main form button[type=submit]');
    const after = (await page.textContent('main')) ?? '';
    assert.match(after, /Critère « famille résidente » enregistré/);
    assert.match(after, /Critère « famille résidente » modifié/);

    // The back-office home: work queues, alerts and today's occupancy per facility.
    await page.goto(`${server.url}/demo/gestion`);
    const home = (await page.textContent('main')) ?? '';
    assert.match(home, /À traiter/);
    assert.match(home, /Alertes/);
    assert.match(home, /Occupation du jour/);
    assert.match(home, /Les P'tits Loups/);
    await checkPage(page, 'backoffice-staff-home');
  });
});
