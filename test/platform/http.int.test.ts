import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { tenants } from '../../src/features/tenants/tenants.schema';
import { FixedClock } from '../../src/platform/clock';
import { openDatabase } from '../../src/platform/db/client';
import { RESERVED_SLUGS } from '../../src/platform/http/tenant-directory';
import { useTestApp } from '../helpers/app';
import { TestClient } from '../helpers/client';
import { createTenant } from '../helpers/factories';

const CSP =
  "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;font-src 'self';" +
  "connect-src 'self';form-action 'self';object-src 'none';base-uri 'none';frame-ancestors 'none'";

function assertSecurityHeaders(res: LightMyRequestResponse, what: string) {
  assert.equal(res.headers['content-security-policy'], CSP, `${what}: CSP`);
  assert.equal(res.headers['x-content-type-options'], 'nosniff', `${what}: nosniff`);
  assert.equal(res.headers['referrer-policy'], 'same-origin', `${what}: Referrer-Policy`);
  assert.ok(res.headers['x-frame-options'], `${what}: X-Frame-Options`);
}

describe('platform HTTP', () => {
  const t = useTestApp();

  it('security headers on every kind of response, and no inline script', async () => {
    const tenant = await createTenant(t.db, { slug: 'ville-a', name: 'Ville A' });
    await t.app.tenants.refresh();
    const home = await t.app.inject({ url: '/' });
    const css = /href="(\/assets\/[^"]+\.css)"/.exec(home.body)?.[1];
    assert.ok(css, 'the page links its stylesheet');
    const client = new TestClient(t.app);
    const cases: [string, LightMyRequestResponse][] = [
      ['platform home', home],
      ['tenant home', await t.app.inject({ url: `/${tenant.slug}/` })],
      ['asset', await t.app.inject({ url: css })],
      ['tenant colours', await t.app.inject({ url: `/assets/tenant/${tenant.slug}.css` })],
      ['404 page', await t.app.inject({ url: '/nope/' })],
      ['404 JSON', await t.app.inject({ url: '/api/x' })],
      ['health', await t.app.inject({ url: '/healthz' })],
      ['403 CSRF', await t.app.inject({ method: 'POST', url: '/_langue', payload: { lang: 'en' } })],
      ['redirect', await client.post('/_langue', { lang: 'en', back: '/' })],
    ];
    for (const [what, res] of cases) assertSecurityHeaders(res, what);
    for (const [what, res] of cases.filter(([, r]) =>
      String(r.headers['content-type']).startsWith('text/html'),
    )) {
      assert.doesNotMatch(res.body, /<script(?![^>]*\ssrc=)[^>]*>/i, `${what}: inline script`);
      assert.doesNotMatch(res.body, /\son[a-z]+=/i, `${what}: inline event handler`);
      assert.doesNotMatch(res.body, /\sstyle=/i, `${what}: inline style`);
    }
  });

  it('/nope/ is a French 404 page', async () => {
    const res = await t.app.inject({ url: '/nope/' });
    assert.equal(res.statusCode, 404);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.match(res.body, /<html lang="fr"/);
    assert.match(res.body, /<h1[^>]*>Page introuvable<\/h1>/);
    assert.match(res.body, /Référence de la demande/);
    const deep = await t.app.inject({ url: '/nope/plus/loin?x=<script>' });
    assert.equal(deep.statusCode, 404);
    assert.doesNotMatch(deep.body, /<script>/);
  });

  it('an unknown tenant is a 404, a suspended one « service suspendu » (503), never another tenant', async () => {
    await createTenant(t.db, { slug: 'ville-suspendue', status: 'suspended' });
    await t.app.tenants.refresh();
    const unknown = await t.app.inject({ url: '/ville-inconnue/' });
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.body, /Page introuvable/);
    for (const url of ['/ville-suspendue/', '/ville-suspendue/contact']) {
      const res = await t.app.inject({ url });
      assert.equal(res.statusCode, 503, url);
      assert.match(res.body, /Service suspendu/);
    }
  });

  it('/api/… errors are JSON, with the request id', async () => {
    const res = await t.app.inject({ url: '/api/x' });
    assert.equal(res.statusCode, 404);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const body = res.json() as { error: { status: number }; requestId: string };
    assert.equal(body.error.status, 404);
    assert.match(body.requestId, /^[0-9a-f-]{36}$/);
    const accept = await t.app.inject({ url: '/nope', headers: { accept: 'application/json' } });
    assert.match(String(accept.headers['content-type']), /^application\/json/);
  });

  it('a POST without CSRF token is a French 403 page and changes nothing', async () => {
    const client = new TestClient(t.app);
    await client.get('/');
    const noToken = await client.post('/_langue', { lang: 'en', back: '/' }, { csrf: false });
    assert.equal(noToken.statusCode, 403);
    assert.match(noToken.body, /Accès refusé/);
    assert.match(noToken.body, /<html lang="fr"/);
    assert.ok(!noToken.cookies.some((c) => c.name === 'lang'), 'no language cookie set');
    const forged = await client.post(
      '/_langue',
      { lang: 'en', back: '/', _csrf: 'forged-token' },
      { csrf: false },
    );
    assert.equal(forged.statusCode, 403);
    assert.ok(!forged.cookies.some((c) => c.name === 'lang'));
    const bare = await t.app.inject({ method: 'POST', url: '/_langue', payload: { lang: 'en' } });
    assert.equal(bare.statusCode, 403);
    // The same request with the token works.
    const ok = await client.post('/_langue', { lang: 'en', back: '/' });
    assert.equal(ok.statusCode, 303);
    assert.ok(ok.cookies.some((c) => c.name === 'lang' && c.value === 'en'));
  });

  it('language switch: English pages, and open-redirect attempts stay on the site', async () => {
    const client = new TestClient(t.app);
    const ok = await client.post('/_langue', { lang: 'en', back: '/demo/contact?x=1' });
    assert.equal(ok.headers.location, '/demo/contact?x=1');
    const page = await client.get('/nope');
    assert.match(page.body, /<html lang="en"/);
    assert.match(page.body, /Page not found/);
    for (const back of [
      '//evil.test',
      'https://evil.test',
      '/\\evil.test',
      '/\t/evil.test',
      'javascript:alert(1)',
      '//evil.test/%2F..',
    ]) {
      const res = await client.post('/_langue', { lang: 'fr', back });
      assert.equal(res.statusCode, 303, JSON.stringify(back));
      assert.equal(res.headers.location, '/', JSON.stringify(back));
    }
    const bad = await client.post('/_langue', { lang: 'de', back: '/' });
    assert.equal(bad.statusCode, 400);
  });

  it('a tenant hostname serves the tenant at its root, platform paths stay platform', async () => {
    const tenant = await createTenant(t.db, { slug: 'ville-a', name: 'Ville A' });
    await createTenant(t.db, { slug: 'ville-b', name: 'Ville B' });
    await t.db
      .update(tenants)
      .set({ hostnames: ['portail.ville-a.test'] })
      .where(eq(tenants.id, tenant.id));
    await t.app.tenants.refresh();
    const host = { host: 'portail.ville-a.test' };

    const home = await t.app.inject({ url: '/', headers: host });
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /Ville A/);
    assert.doesNotMatch(home.body, /Ville B/, 'not the platform tenant list');
    assert.match(home.body, /href="\/mentions-legales"/, 'links have no /ville-a prefix on the own hostname');
    assert.doesNotMatch(home.body, /href="\/ville-a\//);

    const legal = await t.app.inject({ url: '/mentions-legales', headers: host });
    assert.equal(legal.statusCode, 200);
    assert.match(legal.body, /Mentions légales/);
    const portCase = await t.app.inject({
      url: '/contact?x=1',
      headers: { host: 'PORTAIL.Ville-A.test:443' },
    });
    assert.equal(portCase.statusCode, 200, 'host matching ignores case and port');

    const health = await t.app.inject({ url: '/healthz', headers: host });
    assert.deepEqual(health.json(), { status: 'ok' });
    const api = await t.app.inject({ url: '/api/x', headers: host });
    assert.match(String(api.headers['content-type']), /^application\/json/);
    const missing = await t.app.inject({ url: '/nope', headers: host });
    assert.equal(missing.statusCode, 404);
    assert.match(missing.body, /Page introuvable/);
    // The other tenant is not reachable through this hostname.
    const other = await t.app.inject({ url: '/ville-b/', headers: host });
    assert.equal(other.statusCode, 404);
    // On the platform hostname, the tenant is still under its slug.
    const bySlug = await t.app.inject({ url: '/ville-a/mentions-legales', headers: { host: 'localhost' } });
    assert.equal(bySlug.statusCode, 200);
    assert.match(bySlug.body, /href="\/ville-a\//);
  });

  it('every platform route is under a reserved first segment', () => {
    const firstSegments = new Set(
      t.app.routeList
        .map((r) => r.url)
        .filter((url) => !url.startsWith('/:tenant') && url !== '/')
        .map((url) => url.split('/')[1]!),
    );
    for (const segment of firstSegments) assert.ok(RESERVED_SLUGS.has(segment), `${segment} is not reserved`);
    for (const s of ['healthz', 'readyz', 'assets', 'api', 'operateur', '_dev'])
      assert.ok(RESERVED_SLUGS.has(s), s);
  });

  it('reserved slugs win over a tenant of the same name', async () => {
    // Nothing stops a database row from using a reserved word; the platform route must still answer.
    await createTenant(t.db, { slug: 'healthz', name: 'Mauvais nom' });
    await t.app.tenants.refresh();
    const res = await t.app.inject({ url: '/healthz' });
    assert.deepEqual(res.json(), { status: 'ok' });
  });

  it('health probes', async () => {
    assert.deepEqual((await t.app.inject({ url: '/healthz' })).json(), { status: 'ok' });
    const ready = await t.app.inject({ url: '/readyz' });
    assert.equal(ready.statusCode, 200);
    assert.deepEqual(ready.json(), { status: 'ok', database: 'pglite' });
  });
});

describe('readyz without a database', () => {
  it('answers 503 when the database is closed', async () => {
    const database = await openDatabase({ dataDir: null });
    await database.migrate();
    const app = await buildApp({
      config: loadConfig({ NODE_ENV: 'test', DATA_DIR: './data/test' }),
      database,
      clock: new FixedClock('2026-11-25T09:00:00Z'),
      mailer: { kind: 'files', send: async () => {}, close() {} },
      storage: {
        put: async () => assert.fail('unused'),
        get: async () => assert.fail('unused'),
        stream: async () => assert.fail('unused'),
        delete: async () => {},
      },
      cookieSecret: 'test-cookie-secret-that-is-long-enough-000',
    });
    try {
      assert.equal((await app.inject({ url: '/readyz' })).statusCode, 200);
      await database.close();
      const res = await app.inject({ url: '/readyz' });
      assert.equal(res.statusCode, 503);
      assert.equal(res.headers['retry-after'], '5');
      assert.deepEqual(res.json(), { status: 'unavailable', database: 'unreachable' });
      assert.equal((await app.inject({ url: '/healthz' })).statusCode, 200, 'the process itself is alive');
    } finally {
      await app.close();
    }
  });
});
