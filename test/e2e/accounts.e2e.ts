import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_LOGINS } from '../../src/seed/demo';
import { checkPage, openPage, signIn, useServer } from './harness';

/** Clicks a submit button and waits for the page it leads to (a redirect may come back to the same URL). */
async function submit(page: Page, selector: string): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
}

/** The newest link to this address in the outbox, as a path. */
async function linkFor(server: ReturnType<typeof useServer>, to: string, pathPart: string): Promise<string> {
  for (let i = 0; i < 20; i++) {
    const mails = await server.mail();
    const mail = mails.find((m) => m.to.toLowerCase() === to.toLowerCase() && m.text.includes(pathPart));
    const m = mail && /https?:\/\/[^/\s]+(\/\S+)/.exec(mail.text);
    if (m) return m[1]!;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no e-mail with ${pathPart} to ${to}`);
}

describe('accounts journeys', () => {
  const server = useServer();

  it('signs in with the demo login of each role and lands on its home', async () => {
    const expected: Record<string, string> = {
      'parent@demo.test': '/demo/espace',
      'gestion@demo.test': '/demo/gestion',
      'directeur@demo.test': '/demo/gestion',
      'admin@demo.test': '/demo/gestion',
      'animation@demo.test': '/demo/gestion',
      'regie@demo.test': '/demo/gestion',
      'operateur@demo.test': '/operateur',
    };
    const page = await openPage(server);
    await page.goto(`${server.url}/demo/connexion`);
    await checkPage(page, 'accounts-sign-in');
    for (const login of DEMO_LOGINS) {
      await page.context().clearCookies();
      await signIn(page, server, login.email, login.password);
      assert.equal(new URL(page.url()).pathname, expected[login.email], login.email);
    }
    // A wrong password: one generic message, still accessible.
    await page.context().clearCookies();
    await signIn(page, server, 'parent@demo.test', 'pas le bon mot de passe');
    assert.match(
      await page.textContent('main').then((t) => t ?? ''),
      /Adresse e-mail ou mot de passe incorrect/,
    );
    await checkPage(page, 'accounts-sign-in-error');
    await page.close();
  });

  it('activation → sign-in → change password → sign-out', async () => {
    const page = await openPage(server);
    // The demo family invites its second guardian (Thomas, already on the household without a login):
    // that sends an activation link.
    await signIn(page, server, 'parent@demo.test', 'Demo-Famille-2026');
    await page.goto(`${server.url}/demo/mon-compte`);
    await checkPage(page, 'accounts-my-account');
    await page.fill('#f-firstName', 'Thomas');
    await page.fill('#f-lastName', 'Martin');
    await page.fill('#f-guardianEmail', 'thomas.martin@exemple.test');
    await submit(page, 'form[action$="/mon-compte/second-responsable"] button[type=submit]');
    assert.match((await page.textContent('main')) ?? '', /Invitation envoyée/);
    await submit(page, 'form[action$="/deconnexion"] button[type=submit]');
    await page.context().clearCookies();

    const link = await linkFor(server, 'thomas.martin@exemple.test', '/activation/');
    await page.goto(`${server.url}${link}`);
    await checkPage(page, 'accounts-activation');
    await page.fill('#f-password', 'azertyuiop');
    await page.fill('#f-confirmation', 'azertyuiop');
    await submit(page, 'main button[type=submit]');
    assert.match((await page.textContent('main')) ?? '', /plus courants/);
    await checkPage(page, 'accounts-activation-error');
    await page.fill('#f-password', 'le jardin de thomas en hiver');
    await page.fill('#f-confirmation', 'le jardin de thomas en hiver');
    await submit(page, 'main button[type=submit]');
    assert.equal(new URL(page.url()).pathname, '/demo/connexion');

    await signIn(page, server, 'Thomas.Martin@exemple.test', 'le jardin de thomas en hiver');
    assert.equal(new URL(page.url()).pathname, '/demo/espace');
    await page.goto(`${server.url}/demo/mon-compte`);
    await page.fill('#f-current', 'le jardin de thomas en hiver');
    await page.fill('#f-password', 'un autre jardin au printemps');
    await page.fill('#f-confirmation', 'un autre jardin au printemps');
    await submit(page, 'form[action$="/mon-compte/mot-de-passe"] button[type=submit]');
    assert.match((await page.textContent('main')) ?? '', /mot de passe a été changé/);
    assert.match((await page.textContent('main')) ?? '', /cette session/);
    await checkPage(page, 'accounts-my-account-changed');
    await submit(page, 'form[action$="/deconnexion"] button[type=submit]');
    assert.equal(new URL(page.url()).pathname, '/demo/');
    assert.match((await page.textContent('main')) ?? '', /déconnecté/);

    await signIn(page, server, 'thomas.martin@exemple.test', 'un autre jardin au printemps');
    assert.equal(new URL(page.url()).pathname, '/demo/espace');
    await page.close();
  });

  it('forgotten password', async () => {
    const page = await openPage(server);
    await page.goto(`${server.url}/demo/mot-de-passe-oublie`);
    await checkPage(page, 'accounts-forgot');
    await page.fill('#f-email', 'REGIE@demo.test');
    await submit(page, 'main button[type=submit]');
    assert.match((await page.textContent('main')) ?? '', /Si un compte existe/);
    const link = await linkFor(server, 'regie@demo.test', '/reinitialisation/');
    await page.goto(`${server.url}${link}`);
    await checkPage(page, 'accounts-reset');
    await page.fill('#f-password', 'la regie fait ses comptes');
    await page.fill('#f-confirmation', 'la regie fait ses comptes');
    await submit(page, 'main button[type=submit]');
    assert.equal(new URL(page.url()).pathname, '/demo/connexion');
    await signIn(page, server, 'regie@demo.test', 'la regie fait ses comptes');
    assert.equal(new URL(page.url()).pathname, '/demo/gestion');
    // The link is single-use.
    await page.goto(`${server.url}${link}`);
    assert.match((await page.textContent('main')) ?? '', /déjà servi/);
    await page.close();
  });
});
