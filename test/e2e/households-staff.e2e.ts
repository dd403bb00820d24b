// Browser journey (issues 3 and 4): a manager creates a household from a paper file → the guardian gets
// an activation e-mail → opens the link, chooses a password, signs in and sees the dashboard.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { checkPage, openPage, signIn, useServer } from './harness';

async function submit(page: Page, selector: string): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
}

describe('households: staff create a household, the guardian activates the account', () => {
  const server = useServer();

  it('manager creates a household → activation e-mail → password → sign-in → dashboard', async () => {
    const page = await openPage(server);
    await signIn(page, server, 'gestion@demo.test', 'Demo-Gestion-2026');
    await page.goto(`${server.url}/demo/gestion/familles`);
    await submit(page, 'a[href$="/gestion/familles/nouvelle"]');
    await checkPage(page, 'households-new');

    // An invalid submission first: messages next to the fields.
    await page.fill('#f-h_name', 'Bernard');
    await submit(page, 'main button[type=submit]');
    assert.match((await page.textContent('main')) ?? '', /au moins un enfant/);
    await checkPage(page, 'households-new-errors');

    await page.fill('#f-h_addressLine', '5 rue des Écoles');
    await page.fill('#f-h_postalCode', '69002');
    await page.fill('#f-h_city', 'Lyon');
    await page.fill('#f-g1_firstName', 'Inès');
    await page.fill('#f-g1_lastName', 'Bernard');
    await page.fill('#f-g1_email', 'ines.bernard@exemple.test');
    await page.fill('#f-g1_mobilePhone', '06 12 34 56 78');
    await page.fill('#f-c1_firstName', 'Hugo');
    await page.fill('#f-c1_lastName', 'Bernard');
    await page.fill('#f-c1_birthDate', '2017-09-14');
    await page.selectOption('#f-c1_sex', 'M');
    await submit(page, 'main button[type=submit]');
    assert.match(new URL(page.url()).pathname, /^\/demo\/gestion\/familles\/[0-9a-f-]{36}$/);
    assert.match((await page.textContent('body')) ?? '', /lien\(s\) d’activation envoyé\(s\)/);
    await checkPage(page, 'households-created');
    await page.context().clearCookies();

    let link = '';
    for (let i = 0; i < 20 && !link; i++) {
      const mail = (await server.mail()).find(
        (m) => m.to.toLowerCase() === 'ines.bernard@exemple.test' && m.text.includes('/activation/'),
      );
      link = (mail && /https?:\/\/[^/\s]+(\/\S+)/.exec(mail.text)?.[1]) ?? '';
      if (!link) await new Promise((r) => setTimeout(r, 250));
    }
    assert.ok(link, 'the guardian got an activation e-mail');
    await page.goto(`${server.url}${link}`);
    await page.fill('#f-password', 'les cerises de hugo en juin');
    await page.fill('#f-confirmation', 'les cerises de hugo en juin');
    await submit(page, 'main button[type=submit]');
    assert.equal(new URL(page.url()).pathname, '/demo/connexion');

    await signIn(page, server, 'ines.bernard@exemple.test', 'les cerises de hugo en juin');
    assert.equal(new URL(page.url()).pathname, '/demo/espace');
    assert.match((await page.textContent('h1')) ?? '', /Bernard/);
    await checkPage(page, 'households-activated-dashboard');
  });
});
