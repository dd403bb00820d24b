import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestApp } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { createFamily, createTenant, TEST_PASSWORD } from '../../../test/helpers/factories';

const t = useTestApp({ env: { PUBLIC_URL: 'https://portail.exemple.fr' } });

describe('sign-in behind HTTPS', () => {
  it('sets a __Host- cookie, Secure, HttpOnly, SameSite=Lax, path /', async () => {
    const tenant = await createTenant(t.db);
    await t.app.tenants.refresh();
    const family = await createFamily(t.db, tenant.id);
    const c = new TestClient(t.app);
    const res = await c.post(`/${tenant.slug}/connexion`, {
      email: family.user.email,
      password: TEST_PASSWORD,
    });
    assert.equal(res.statusCode, 303);
    const cookie = res.cookies.find((k) => k.name === '__Host-sid');
    assert.ok(cookie, 'a __Host-sid cookie');
    assert.equal(cookie.secure, true);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');
    assert.equal(cookie.path, '/');
    assert.equal(cookie.domain, undefined);
    assert.equal(
      res.cookies.find((k) => k.name === 'sid'),
      undefined,
    );
    assert.equal((await c.get(`/${tenant.slug}/mon-compte`)).statusCode, 200);
  });
});
