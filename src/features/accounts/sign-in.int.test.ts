import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { useTestApp } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import {
  createFamily,
  createStaff,
  createTenant,
  createUser,
  TEST_PASSWORD,
} from '../../../test/helpers/factories';
import { auditLog } from '../../platform/audit/audit.schema';
import { platformSessions } from '../../platform/http/sessions.schema';
import { loginEvents, platformUsers } from './accounts.schema';
import { argonLimiter, signInGate } from './passwords';
import { stable } from './test-support';

const t = useTestApp();

async function setup() {
  const tenant = await createTenant(t.db);
  const other = await createTenant(t.db);
  await t.app.tenants.refresh();
  const family = await createFamily(t.db, tenant.id);
  return { tenant, other, family, url: `/${tenant.slug}/connexion` };
}

describe('sign-in', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    s = await setup();
  });

  it('shows the form with the email and password fields', async () => {
    const res = await new TestClient(t.app).get(s.url);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /name="email"/);
    assert.match(res.body, /name="password"/);
    assert.match(res.body, /Mot de passe oublié/);
  });

  it('signs a family in, e-mail compared case-insensitively, with a fresh HttpOnly SameSite=Lax cookie', async () => {
    const c = new TestClient(t.app);
    const res = await c.post(s.url, {
      email: `  ${s.family.user.email.toUpperCase()} `,
      password: TEST_PASSWORD,
    });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/${s.tenant.slug}/espace`);
    const cookie = res.cookies.find((k) => k.name === 'sid');
    assert.ok(cookie);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');
    assert.equal(cookie.path, '/');
    const events = await t.db.select().from(loginEvents).where(eq(loginEvents.userId, s.family.user.id));
    assert.equal(events.length, 1);
    assert.equal(events[0]!.kind, 'sign_in');
    assert.equal(events[0]!.ip, '127.0.0.0/24');
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.action, 'auth.sign_in'));
    assert.equal(audits.length, 1);
    const account = await c.get(`/${s.tenant.slug}/mon-compte`);
    assert.equal(account.statusCode, 200);
  });

  it('sends staff to the back office, the operator to /operateur, and honours a same-site return path', async () => {
    const staff = await createStaff(t.db, s.tenant.id, ['manager']);
    const operator = await createUser(t.db, { isOperator: true });
    let res = await new TestClient(t.app).post(s.url, { email: staff.email, password: TEST_PASSWORD });
    assert.equal(res.headers.location, `/${s.tenant.slug}/gestion`);
    res = await new TestClient(t.app).post(s.url, { email: operator.email, password: TEST_PASSWORD });
    assert.equal(res.headers.location, '/operateur');
    res = await new TestClient(t.app).post(s.url, {
      email: s.family.user.email,
      password: TEST_PASSWORD,
      retour: `/${s.tenant.slug}/mon-compte?periode=mois`,
    });
    assert.equal(res.headers.location, `/${s.tenant.slug}/mon-compte?periode=mois`);
    for (const evil of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      res = await new TestClient(t.app).post(s.url, {
        email: s.family.user.email,
        password: TEST_PASSWORD,
        retour: evil,
      });
      assert.equal(res.headers.location, `/${s.tenant.slug}/espace`, evil);
    }
  });

  it('gives one generic answer for a wrong password, an unknown e-mail and a login of another tenant', async () => {
    const otherFamily = await createFamily(t.db, s.other.id);
    const c = new TestClient(t.app);
    const wrong = await c.post(s.url, { email: s.family.user.email, password: 'pas le bon mot de passe' });
    const unknown = await c.post(s.url, {
      email: s.family.user.email.replace('@', 'x@'),
      password: 'pas le bon mot de passe',
    });
    const elsewhere = await c.post(s.url, { email: otherFamily.user.email, password: TEST_PASSWORD });
    for (const r of [wrong, unknown, elsewhere]) {
      assert.equal(r.statusCode, 400);
      assert.match(r.body, /Adresse e-mail ou mot de passe incorrect/);
      assert.equal(
        r.cookies.find((k) => k.name === 'sid'),
        undefined,
      );
    }
    // Same page apart from the e-mail typed back into the field.
    const norm = (b: string) => stable(b).replace(/value="[^"]*@[^"]*"/g, '');
    assert.equal(norm(wrong.body), norm(unknown.body));
    assert.equal(norm(wrong.body), norm(elsewhere.body));
  });

  it('spends one argon2 verify on unknown e-mails too (a dummy hash): the time does not tell', async () => {
    const c = new TestClient(t.app);
    for (const email of [s.family.user.email, 'inconnu@exemple.test']) {
      const before = argonLimiter.started;
      await c.post(s.url, { email, password: 'pas le bon mot de passe' });
      assert.equal(argonLimiter.started - before, 1, email);
    }
  });

  it('ends the previous session at sign-in (new session id)', async () => {
    const c = new TestClient(t.app);
    await c.post(s.url, { email: s.family.user.email, password: TEST_PASSWORD });
    const before = await t.db.select().from(platformSessions);
    assert.equal(before.length, 1);
    await c.post(s.url, { email: s.family.user.email, password: TEST_PASSWORD });
    const after = await t.db.select().from(platformSessions);
    assert.equal(after.length, 1);
    assert.notEqual(after[0]!.idHash, before[0]!.idHash);
  });

  it('refuses a form without CSRF token and over-long inputs', async () => {
    const c = new TestClient(t.app);
    const noCsrf = await c.post(
      s.url,
      { email: s.family.user.email, password: TEST_PASSWORD },
      { csrf: false },
    );
    assert.equal(noCsrf.statusCode, 403);
    assert.equal(
      noCsrf.cookies.find((k) => k.name === 'sid'),
      undefined,
    );
    const longEmail = await c.post(s.url, {
      email: `${'a'.repeat(5000)}@exemple.test`,
      password: TEST_PASSWORD,
    });
    assert.equal(longEmail.statusCode, 400);
    const longPassword = await c.post(s.url, { email: s.family.user.email, password: 'a'.repeat(10_000) });
    assert.equal(longPassword.statusCode, 400);
    const huge = await c.post(s.url, { email: s.family.user.email, password: 'a'.repeat(300_000) });
    assert.ok(huge.statusCode === 400 || huge.statusCode === 413, String(huge.statusCode));
  });

  it('locks an account softly after 10 failures for 15 minutes, even for the right password', async () => {
    const c = new TestClient(t.app);
    for (let i = 0; i < 10; i++) {
      const r = await c.post(s.url, { email: s.family.user.email, password: `mauvais-${i}-mot-de-passe` });
      assert.equal(r.statusCode, 400);
    }
    const [u] = await t.db.select().from(platformUsers).where(eq(platformUsers.id, s.family.user.id));
    assert.ok(u!.lockedUntil && u!.lockedUntil > t.clock.now());
    const locked = await c.post(s.url, { email: s.family.user.email, password: TEST_PASSWORD });
    assert.equal(locked.statusCode, 400);
    assert.match(locked.body, /Adresse e-mail ou mot de passe incorrect/);
    t.clock.advanceMs(15 * 60_000 + 1000);
    const later = await c.post(s.url, { email: s.family.user.email, password: TEST_PASSWORD });
    assert.equal(later.statusCode, 303);
  });

  it('answers 429 in French after 20 failures from one IP in 10 minutes', async () => {
    const c = new TestClient(t.app);
    for (let i = 0; i < 20; i++) {
      const r = await c.post(s.url, {
        email: `inconnu${i}@exemple.test`,
        password: 'pas le bon mot de passe',
      });
      assert.equal(r.statusCode, 400);
    }
    const blocked = await c.post(s.url, { email: s.family.user.email, password: TEST_PASSWORD });
    assert.equal(blocked.statusCode, 429);
    assert.match(blocked.body, /Trop de tentatives/);
    assert.ok(blocked.headers['retry-after']);
    t.clock.advanceMs(10 * 60_000 + 1000);
    const ok = await c.post(s.url, { email: s.family.user.email, password: TEST_PASSWORD });
    assert.equal(ok.statusCode, 303);
  });

  it('answers 503 with Retry-After at once when the argon2 queue is full', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const blockers: Promise<unknown>[] = [];
    for (let i = 0; i < argonLimiter.concurrency + argonLimiter.queueMax; i++)
      blockers.push(argonLimiter.run(() => gate));
    try {
      const started = performance.now();
      const res = await new TestClient(t.app).post(s.url, {
        email: s.family.user.email,
        password: TEST_PASSWORD,
      });
      assert.equal(res.statusCode, 503);
      assert.ok(res.headers['retry-after']);
      assert.match(res.body, /Service momentanément indisponible/);
      assert.ok(performance.now() - started < 1000);
    } finally {
      release();
      await Promise.all(blockers);
    }
  });

  it('sheds sign-ins beyond the gate with a static French 503 page at once', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const blockers: Promise<unknown>[] = [];
    for (let i = 0; i < signInGate.concurrency + signInGate.queueMax; i++)
      blockers.push(signInGate.run(() => gate));
    try {
      const res = await new TestClient(t.app).post(s.url, {
        email: s.family.user.email,
        password: TEST_PASSWORD,
      });
      assert.equal(res.statusCode, 503);
      assert.equal(res.headers['retry-after'], '5');
      assert.match(res.body, /<html lang="fr">/);
      assert.match(res.body, /Réessayez dans quelques secondes/);
      assert.equal(
        res.cookies.find((k) => k.name === 'sid'),
        undefined,
      );
    } finally {
      release();
      await Promise.all(blockers);
    }
    const ok = await new TestClient(t.app).post(s.url, {
      email: s.family.user.email,
      password: TEST_PASSWORD,
    });
    assert.equal(ok.statusCode, 303);
  });

  it('signs out: the session ends, a flash message, back to the tenant home', async () => {
    const c = new TestClient(t.app);
    await c.post(s.url, { email: s.family.user.email, password: TEST_PASSWORD });
    const res = await c.post(`/${s.tenant.slug}/deconnexion`);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/${s.tenant.slug}/`);
    assert.equal((await t.db.select().from(platformSessions)).length, 0);
    const home = await c.get(`/${s.tenant.slug}/`);
    assert.match(home.body, /Vous êtes déconnecté/);
    const account = await c.get(`/${s.tenant.slug}/mon-compte`);
    assert.equal(account.statusCode, 303);
    const out = await t.db
      .select()
      .from(loginEvents)
      .where(and(eq(loginEvents.userId, s.family.user.id), eq(loginEvents.kind, 'sign_out')));
    assert.equal(out.length, 1);
  });
});
