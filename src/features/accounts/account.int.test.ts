import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { useTestApp } from '../../../test/helpers/app';
import { signedInClient, TestClient } from '../../../test/helpers/client';
import { createFamily, createStaff, createTenant, TEST_PASSWORD } from '../../../test/helpers/factories';
import { platformSessions } from '../../platform/http/sessions.schema';
import { tenants } from '../tenants/tenants.schema';
import { loginEvents, platformUsers } from './accounts.schema';
import { totpCode } from './test-support';

const t = useTestApp();
const NEW_PASSWORD = 'trois petits chats blancs';

async function setup() {
  const tenant = await createTenant(t.db);
  await t.app.tenants.refresh();
  const family = await createFamily(t.db, tenant.id);
  return { tenant, family, base: `/${tenant.slug}` };
}

describe('my account', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    s = await setup();
  });

  it('changes the password (current + new twice) and ends the other sessions only', async () => {
    const me = await signedInClient(t, s.family.user.id, s.tenant.id);
    const other = await signedInClient(t, s.family.user.id, s.tenant.id);
    await me.get(`${s.base}/mon-compte`);
    const url = `${s.base}/mon-compte/mot-de-passe`;
    const wrong = await me.post(url, {
      current: 'pas le bon',
      password: NEW_PASSWORD,
      confirmation: NEW_PASSWORD,
    });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /Mot de passe actuel incorrect/);
    const weak = await me.post(url, {
      current: TEST_PASSWORD,
      password: 'soleil123',
      confirmation: 'soleil123',
    });
    assert.equal(weak.statusCode, 400);
    const mismatch = await me.post(url, {
      current: TEST_PASSWORD,
      password: NEW_PASSWORD,
      confirmation: 'autre chose encore',
    });
    assert.equal(mismatch.statusCode, 400);
    const ok = await me.post(url, {
      current: TEST_PASSWORD,
      password: NEW_PASSWORD,
      confirmation: NEW_PASSWORD,
    });
    assert.equal(ok.statusCode, 303);
    assert.equal((await me.get(`${s.base}/mon-compte`)).statusCode, 200);
    assert.equal((await other.get(`${s.base}/mon-compte`)).statusCode, 303);
    const signIn = await new TestClient(t.app).post(`${s.base}/connexion`, {
      email: s.family.user.email,
      password: NEW_PASSWORD,
    });
    assert.equal(signIn.statusCode, 303);
  });

  it('lists the sessions, marks this one, and revokes one or all the others', async () => {
    const me = await signedInClient(t, s.family.user.id, s.tenant.id);
    const b = new TestClient(t.app);
    await b.post(
      `${s.base}/connexion`,
      { email: s.family.user.email, password: TEST_PASSWORD },
      {
        headers: { 'user-agent': 'Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0' },
      },
    );
    const c = await signedInClient(t, s.family.user.id, s.tenant.id);
    const page = await me.get(`${s.base}/mon-compte`);
    assert.match(page.body, /cette session/);
    assert.match(page.body, /Firefox sur Android/);
    assert.match(page.body, /127\.0\.0\.0\/24/);
    const ids = [...page.body.matchAll(/name="session" value="([0-9a-f]{24})"/g)].map((m) => m[1]!);
    assert.equal(ids.length, 2);
    const one = await me.post(`${s.base}/mon-compte/sessions`, { session: ids[0]! });
    assert.equal(one.statusCode, 303);
    assert.equal((await t.db.select().from(platformSessions)).length, 2);
    const others = await me.post(`${s.base}/mon-compte/sessions`, { session: 'autres' });
    assert.equal(others.statusCode, 303);
    assert.equal((await t.db.select().from(platformSessions)).length, 1);
    assert.equal((await b.get(`${s.base}/mon-compte`)).statusCode, 303);
    assert.equal((await c.get(`${s.base}/mon-compte`)).statusCode, 303);
    assert.equal((await me.get(`${s.base}/mon-compte`)).statusCode, 200);
  });

  it('cannot revoke a session of someone else', async () => {
    const intruder = await createFamily(t.db, s.tenant.id);
    const victim = await signedInClient(t, s.family.user.id, s.tenant.id);
    const page = await (await signedInClient(t, s.family.user.id, s.tenant.id)).get(`${s.base}/mon-compte`);
    const id = /name="session" value="([0-9a-f]{24})"/.exec(page.body)![1]!;
    const attacker = await signedInClient(t, intruder.user.id, s.tenant.id);
    const res = await attacker.post(`${s.base}/mon-compte/sessions`, { session: id });
    assert.equal(res.statusCode, 404);
    assert.equal((await victim.get(`${s.base}/mon-compte`)).statusCode, 200);
  });

  it('shows the connection history of the week or of the month', async () => {
    const tenantId = s.tenant.id;
    const userId = s.family.user.id;
    const at = (days: number) => new Date(t.clock.now().getTime() - days * 86_400_000);
    await t.db.insert(loginEvents).values([
      {
        tenantId,
        userId,
        at: at(2),
        ip: '192.168.1.0/24',
        userAgent: 'Firefox sur Android',
        success: true,
        kind: 'sign_in',
      },
      {
        tenantId,
        userId,
        at: at(12),
        ip: '10.0.0.0/24',
        userAgent: 'Safari sur iPhone',
        success: false,
        kind: 'sign_in_failed',
      },
      {
        tenantId,
        userId,
        at: at(40),
        ip: '10.9.9.0/24',
        userAgent: 'Edge sur Windows',
        success: true,
        kind: 'sign_in',
      },
    ]);
    const me = await signedInClient(t, userId, tenantId);
    const week = await me.get(`${s.base}/mon-compte?periode=semaine`);
    assert.match(week.body, /Firefox sur Android/);
    assert.doesNotMatch(week.body, /Safari sur iPhone/);
    const month = await me.get(`${s.base}/mon-compte?periode=mois`);
    assert.match(month.body, /Safari sur iPhone/);
    assert.match(month.body, /Échec de connexion/);
    assert.doesNotMatch(month.body, /Edge sur Windows/);
    const junk = await me.get(`${s.base}/mon-compte?periode=<script>`);
    assert.equal(junk.statusCode, 200);
  });
});

describe('TOTP second factor', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    s = await setup();
  });

  async function enableTotp(userId: string) {
    const c = await signedInClient(t, userId, s.tenant.id);
    const page = await c.get(`${s.base}/mon-compte/double-authentification`);
    assert.equal(page.statusCode, 200);
    const [u] = await t.db.select().from(platformUsers).where(eq(platformUsers.id, userId));
    const secret = u!.totpPendingSecret!;
    assert.ok(page.body.includes(secret.slice(0, 4)));
    const bad = await c.post(`${s.base}/mon-compte/double-authentification`, { code: '000000' });
    assert.equal(bad.statusCode, 400);
    const ok = await c.post(`${s.base}/mon-compte/double-authentification`, {
      code: totpCode(secret, t.clock.now()),
    });
    assert.equal(ok.statusCode, 303);
    return secret;
  }

  it('is for staff only', async () => {
    const c = await signedInClient(t, s.family.user.id, s.tenant.id);
    assert.equal((await c.get(`${s.base}/mon-compte/double-authentification`)).statusCode, 403);
  });

  it('asks for the code on a second step, with no session before it, and refuses a replayed code', async () => {
    const staff = await createStaff(t.db, s.tenant.id, ['manager']);
    const secret = await enableTotp(staff.id);
    t.clock.advanceMs(60_000);
    const c = new TestClient(t.app);
    const first = await c.post(`${s.base}/connexion`, { email: staff.email, password: TEST_PASSWORD });
    assert.equal(first.statusCode, 303);
    assert.equal(first.headers.location, `${s.base}/connexion/code`);
    assert.equal(
      first.cookies.find((k) => k.name === 'sid'),
      undefined,
    );
    const sessionsBefore = await t.db
      .select()
      .from(platformSessions)
      .where(eq(platformSessions.userId, staff.id));
    assert.equal(sessionsBefore.length, 1); // only the one used to enable TOTP
    assert.equal((await c.get(`${s.base}/connexion/code`)).statusCode, 200);
    const wrong = await c.post(`${s.base}/connexion/code`, { code: '12345' });
    assert.equal(wrong.statusCode, 400);
    const code = totpCode(secret, t.clock.now());
    const ok = await c.post(`${s.base}/connexion/code`, { code });
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, `${s.base}/gestion`);
    assert.ok(ok.cookies.find((k) => k.name === 'sid'));
    // The same code again, within the same 30 s step: refused.
    const d = new TestClient(t.app);
    await d.post(`${s.base}/connexion`, { email: staff.email, password: TEST_PASSWORD });
    const replay = await d.post(`${s.base}/connexion/code`, { code });
    assert.equal(replay.statusCode, 400);
    assert.match(replay.body, /déjà utilisé/);
    // Next step's code works.
    t.clock.advanceMs(30_000);
    const next = await d.post(`${s.base}/connexion/code`, { code: totpCode(secret, t.clock.now()) });
    assert.equal(next.statusCode, 303);
  });

  it('refuses a tampered or expired pending sign-in', async () => {
    const staff = await createStaff(t.db, s.tenant.id, ['manager']);
    const secret = await enableTotp(staff.id);
    t.clock.advanceMs(60_000);
    const forged = new TestClient(t.app);
    forged.setCookie(
      'mfa',
      encodeURIComponent(JSON.stringify({ u: staff.id, t: s.tenant.id, r: null, exp: Date.now() * 2 })),
    );
    await forged.get(`${s.base}/connexion`);
    const res = await forged.post(`${s.base}/connexion/code`, { code: totpCode(secret, t.clock.now()) });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `${s.base}/connexion`);
    const c = new TestClient(t.app);
    await c.post(`${s.base}/connexion`, { email: staff.email, password: TEST_PASSWORD });
    t.clock.advanceMs(6 * 60_000);
    const late = await c.post(`${s.base}/connexion/code`, { code: totpCode(secret, t.clock.now()) });
    assert.equal(late.headers.location, `${s.base}/connexion`);
  });

  it('sends an administrator of a tenant that requires TOTP to set it up before anything else', async () => {
    await t.db.update(tenants).set({ requireAdminTotp: true }).where(eq(tenants.id, s.tenant.id));
    await t.app.tenants.refresh();
    const admin = await createStaff(t.db, s.tenant.id, ['admin']);
    const c = new TestClient(t.app);
    const res = await c.post(`${s.base}/connexion`, { email: admin.email, password: TEST_PASSWORD });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `${s.base}/mon-compte/double-authentification`);
    const account = await c.get(`${s.base}/mon-compte`);
    assert.equal(account.statusCode, 303);
    assert.equal(account.headers.location, `${s.base}/mon-compte/double-authentification`);
    const setupPage = await c.get(`${s.base}/mon-compte/double-authentification`);
    assert.equal(setupPage.statusCode, 200);
    assert.match(setupPage.body, /exige la double authentification/);
    const post = await c.post(`${s.base}/mon-compte/sessions`, { session: 'autres' });
    assert.equal(post.statusCode, 403);
    const [u] = await t.db.select().from(platformUsers).where(eq(platformUsers.id, admin.id));
    const ok = await c.post(`${s.base}/mon-compte/double-authentification`, {
      code: totpCode(u!.totpPendingSecret!, t.clock.now()),
    });
    assert.equal(ok.statusCode, 303);
    assert.equal((await c.get(`${s.base}/mon-compte`)).statusCode, 200);
    // Required: it cannot be disabled.
    const off = await c.post(`${s.base}/mon-compte/double-authentification/desactiver`, {
      totpPassword: TEST_PASSWORD,
    });
    assert.equal(off.statusCode, 403);
  });

  it('can be disabled with the password when not required', async () => {
    const staff = await createStaff(t.db, s.tenant.id, ['manager']);
    await enableTotp(staff.id);
    const c = await signedInClient(t, staff.id, s.tenant.id);
    const wrong = await c.post(`${s.base}/mon-compte/double-authentification/desactiver`, {
      totpPassword: 'pas le bon',
    });
    assert.equal(wrong.statusCode, 400);
    const ok = await c.post(`${s.base}/mon-compte/double-authentification/desactiver`, {
      totpPassword: TEST_PASSWORD,
    });
    assert.equal(ok.statusCode, 303);
    const signIn = await new TestClient(t.app).post(`${s.base}/connexion`, {
      email: staff.email,
      password: TEST_PASSWORD,
    });
    assert.equal(signIn.headers.location, `${s.base}/gestion`);
  });
});
