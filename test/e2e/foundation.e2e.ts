// Browser journey of the foundation: public pages, footer pages, French 404s, language switch, dev mailbox,
// each checked with axe-core, tap targets and 360 px layout; no inline script; everything works without JS.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPage, openPage, useServer } from './harness';

const FOOTER_PAGES = ['accessibilite', 'mentions-legales', 'donnees-personnelles', 'contact'] as const;

describe('foundation', () => {
  const server = useServer();

  it('the platform home lists the tenants', async () => {
    const page = await openPage(server);
    const res = await page.goto(`${server.url}/`);
    assert.equal(res?.status(), 200);
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
    assert.ok(await page.getByRole('link', { name: 'Ville de Démo' }).isVisible());
    await checkPage(page, 'platform-home');
  });

  it('the demo tenant home welcomes families and offers to sign in', async () => {
    const page = await openPage(server);
    const res = await page.goto(`${server.url}/demo/`);
    assert.equal(res?.status(), 200);
    assert.match((await page.locator('h1').textContent()) ?? '', /Ville de Démo/);
    assert.ok(await page.getByRole('link', { name: 'Se connecter' }).first().isVisible());
    await checkPage(page, 'demo-home');
  });

  for (const path of FOOTER_PAGES) {
    it(`the footer page ${path} is reachable from the footer`, async () => {
      const page = await openPage(server);
      await page.goto(`${server.url}/demo/`);
      await page.locator(`footer a[href="/demo/${path}"]`).click();
      await page.waitForURL(`${server.url}/demo/${path}`);
      assert.equal(await page.locator('h1').count(), 1);
      await checkPage(page, `demo-${path}`);
    });
  }

  for (const path of ['/nope/', '/demo/nope']) {
    it(`${path} is a French 404 page`, async () => {
      const page = await openPage(server);
      const res = await page.goto(`${server.url}${path}`);
      assert.equal(res?.status(), 404);
      assert.match((await page.locator('h1').textContent()) ?? '', /Page introuvable/);
      await checkPage(page, `404${path.replace(/\//g, '-').replace(/-$/, '')}`);
    });
  }

  it('switches the interface to English and back to French', async () => {
    const page = await openPage(server);
    await page.goto(`${server.url}/demo/contact`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForURL(`${server.url}/demo/contact`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.ok(await page.getByRole('link', { name: 'Skip to content' }).count());
    await checkPage(page, 'demo-contact-en');
    await page.getByRole('button', { name: 'Français' }).click();
    await page.waitForURL(`${server.url}/demo/contact`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
  });

  it('the development mailbox opens', async () => {
    const page = await openPage(server);
    const res = await page.goto(`${server.url}/_dev/mail`);
    assert.equal(res?.status(), 200);
    assert.match((await page.locator('h1').textContent()) ?? '', /Boîte de test/);
    await checkPage(page, 'dev-mail');
    assert.ok(Array.isArray(await server.mail()));
  });

  it('no page has an inline script', async () => {
    const paths = [
      '/',
      '/demo/',
      ...FOOTER_PAGES.map((p) => `/demo/${p}`),
      '/nope/',
      '/demo/nope',
      '/_dev/mail',
    ];
    for (const path of paths) {
      const html = await (await fetch(`${server.url}${path}`)).text();
      const scripts = [...html.matchAll(/<script\b([^>]*)>/gi)].map((m) => m[1] ?? '');
      assert.ok(scripts.length > 0, `${path} loads its scripts`);
      for (const attrs of scripts) assert.match(attrs, /\ssrc=/, `${path}: inline <script${attrs}>`);
      assert.doesNotMatch(html, /\son[a-z]+\s*=\s*["']/i, `${path}: inline event handler`);
    }
  });

  it('works with JavaScript disabled: navigation, footer, language switch', async () => {
    const page = await openPage(server, { javaScriptEnabled: false });
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Ville de Démo' }).click();
    await page.waitForURL(`${server.url}/demo/`);
    await page.locator('footer a[href="/demo/mentions-legales"]').click();
    await page.waitForURL(`${server.url}/demo/mentions-legales`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForURL(`${server.url}/demo/mentions-legales`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await checkPage(page, 'no-js-legal-en');
    await page.getByRole('button', { name: 'Français' }).click();
    await page.waitForURL(`${server.url}/demo/mentions-legales`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
  });
});
