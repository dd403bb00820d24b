// Two application instances on two ports, one PostgreSQL database, as behind a load balancer
// (docs/OPERATIONS.md): whatever one instance writes (sessions, CSRF secrets in signed cookies), the
// other honours. Runs in a database created and dropped here.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { bookingCapacity, bookings } from '../../src/features/bookings/bookings.schema';
import { systemClock } from '../../src/platform/clock';
import { type Database, openDatabase } from '../../src/platform/db/client';
import { encryptedStorage, localFileStorage } from '../../src/platform/files/storage';
import { MemoryMailer } from '../helpers/app';
import { createBookableActivity, enroll } from '../helpers/booking-factories';
import { createFamily, createTenant, TEST_PASSWORD } from '../helpers/factories';

const url = process.env.TEST_DATABASE_URL;

export interface Instance {
  app: FastifyInstance;
  database: Database;
  baseUrl: string;
}

/** A browser over real HTTP: one cookie jar, whichever instance answers. */
export class Browser {
  private jar = new Map<string, string>();
  csrf: string | null = null;

  /** Another browser holding the same cookies (e.g. an old session cookie replayed later). */
  clone(): Browser {
    const c = new Browser();
    for (const [k, v] of this.jar) c.jar.set(k, v);
    return c;
  }

  /** A JSON API call with the CSRF header (and an Idempotency-Key when given). */
  async json(base: string, path: string, method = 'GET', body?: unknown, idempotencyKey?: string) {
    const headers: Record<string, string> = {
      cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '),
      accept: 'application/json',
    };
    if (this.csrf) headers['x-csrf-token'] = this.csrf;
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, text: await res.text() };
  }

  async request(base: string, path: string, init: { method?: string; form?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ') };
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams({ ...init.form, _csrf: this.csrf ?? '' }).toString();
    }
    const res = await fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body,
      redirect: 'manual',
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    const text = await res.text();
    const m = /name="_csrf" value="([^"]+)"/.exec(text);
    if (m) this.csrf = m[1]!;
    return { status: res.status, location: res.headers.get('location'), text };
  }
}

async function startInstance(dbUrl: string, filesDir: string, filesKey: Buffer): Promise<Instance> {
  const database = await openDatabase({ url: dbUrl, poolMax: 4 });
  const app = await buildApp({
    config: loadConfig({ NODE_ENV: 'test', DATA_DIR: filesDir, DATABASE_URL: dbUrl }),
    database,
    clock: systemClock,
    mailer: new MemoryMailer(),
    // Shared storage and shared secrets: what several instances behind a load balancer need.
    storage: encryptedStorage(localFileStorage(filesDir), filesKey),
    cookieSecret: 'two-instances-cookie-secret-shared-0000000',
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, database, baseUrl: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

/** Signs a family in through an instance's form; the browser then holds its session cookie. */
async function signIn(browser: Browser, via: Instance, slug: string, email: string): Promise<void> {
  await browser.request(via.baseUrl, `/${slug}/connexion`);
  const res = await browser.request(via.baseUrl, `/${slug}/connexion`, {
    method: 'POST',
    form: { email, password: TEST_PASSWORD },
  });
  assert.equal(res.status, 303);
}

/**
 * The bookings half: many families confirm a basket for the same day at once, alternately through `a`
 * and `b` (JSON API: basket line, then confirmation with an Idempotency-Key, replayed on the other
 * instance); the places booked never exceed capacity, each family gets one definite answer, and a
 * replay on the other instance returns the first answer.
 */
export async function concurrentBookingsThroughBothInstances(a: Instance, b: Instance): Promise<void> {
  const db = a.database.db;
  const tenant = await createTenant(db, { slug: 'ville-deux-instances-resa' });
  const capacity = 5;
  const cat = await createBookableActivity(db, tenant.id, { capacity });
  const day = '2027-01-06'; // a Wednesday inside the period
  const families = [];
  for (let i = 0; i < 16; i++) {
    const f = await createFamily(db, tenant.id);
    const e = await enroll(db, tenant.id, f.household.id, f.child.id, cat.activity.id, cat.period.id);
    families.push({ f, e, browser: new Browser() });
  }
  await a.app.tenants.refresh();
  await b.app.tenants.refresh();
  const slug = tenant.slug;
  for (const [i, x] of families.entries()) await signIn(x.browser, i % 2 ? b : a, slug, x.f.user.email);

  const answers = await Promise.all(
    families.map(async (x, i) => {
      const via = i % 2 ? b : a;
      const other = i % 2 ? a : b;
      const me = JSON.parse((await x.browser.json(via.baseUrl, `/api/v1/${slug}/me`)).text);
      x.browser.csrf = me.csrfToken;
      const line = await x.browser.json(via.baseUrl, `/api/v1/${slug}/basket/lines`, 'POST', {
        enrollment: x.e.id,
        day,
        unit: cat.journee.id,
      });
      assert.equal(line.status, 200, line.text);
      const key = `deux-instances-${i}`;
      const first = await x.browser.json(via.baseUrl, `/api/v1/${slug}/basket/confirm`, 'POST', {}, key);
      const replay = await x.browser.json(other.baseUrl, `/api/v1/${slug}/basket/confirm`, 'POST', {}, key);
      assert.equal(first.status, 201, first.text);
      assert.equal(replay.status, 201, replay.text);
      assert.deepEqual(JSON.parse(replay.text).summary, JSON.parse(first.text).summary);
      return JSON.parse(first.text).summary.counts as Record<string, number>;
    }),
  );
  const confirmed = answers.reduce((n, c) => n + (c.confirmed ?? 0), 0);
  const waiting = answers.reduce((n, c) => n + (c.waiting ?? 0), 0);
  assert.equal(confirmed, capacity);
  assert.equal(waiting, families.length - capacity);
  const rows = await db
    .select()
    .from(bookings)
    .where(and(eq(bookings.tenantId, tenant.id), eq(bookings.day, day), eq(bookings.status, 'confirmed')));
  assert.equal(rows.length, capacity);
  const [cap] = await db.select().from(bookingCapacity).where(eq(bookingCapacity.unitId, cat.journee.id));
  assert.equal(cap!.remaining, 0);
}

describe('two instances on one PostgreSQL database', {
  skip: url ? false : 'TEST_DATABASE_URL is not set',
}, () => {
  const name = `maisonnee_two_instances_${process.pid}`;
  let admin: pg.Client;
  let a: Instance;
  let b: Instance;
  let filesDir: string;

  before(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.query(`create database "${name}"`);
    const u = new URL(url!);
    u.pathname = `/${name}`;
    const migrator = await openDatabase({ url: u.toString(), poolMax: 1 });
    // Migrations run once, before the instances start (as a deployment step would).
    await migrator.migrate();
    await migrator.close();
    filesDir = await mkdtemp(join(tmpdir(), 'maisonnee-two-'));
    const key = randomBytes(32);
    a = await startInstance(u.toString(), filesDir, key);
    b = await startInstance(u.toString(), filesDir, key);
  });
  after(async () => {
    for (const i of [a, b]) {
      await i?.app.close();
      await i?.database.close();
    }
    await admin?.query(`drop database if exists "${name}" with (force)`);
    await admin?.end();
    if (filesDir) await rm(filesDir, { recursive: true, force: true });
  });

  it('a session created on one instance works on the other, and ends on both', async () => {
    const tenant = await createTenant(a.database.db, { slug: 'ville-deux-instances' });
    const family = await createFamily(a.database.db, tenant.id);
    // Each instance caches the tenant list; B learns the new tenant as it would from its periodic refresh.
    await a.app.tenants.refresh();
    await b.app.tenants.refresh();
    const browser = new Browser();
    const slug = tenant.slug;

    assert.equal((await browser.request(a.baseUrl, `/${slug}/connexion`)).status, 200);
    const signIn = await browser.request(a.baseUrl, `/${slug}/connexion`, {
      method: 'POST',
      form: { email: family.user.email, password: TEST_PASSWORD },
    });
    assert.equal(signIn.status, 303);

    const onB = await browser.request(b.baseUrl, `/${slug}/espace`);
    assert.equal(onB.status, 200);
    assert.equal((await browser.request(a.baseUrl, `/${slug}/espace`)).status, 200);

    // The CSRF token of a page served by B is accepted by A, and signing out on A ends it on B.
    await browser.request(b.baseUrl, `/${slug}/espace`);
    const replay = browser.clone();
    const out = await browser.request(a.baseUrl, `/${slug}/deconnexion`, { method: 'POST', form: {} });
    assert.equal(out.status, 303);
    // The old session cookie, replayed on B, is refused: the session ended in the shared database.
    const after = await replay.request(b.baseUrl, `/${slug}/espace`);
    assert.equal(after.status, 303);
    assert.match(after.location ?? '', /\/connexion/);
  });

  it('concurrent bookings through both instances never exceed capacity', async () => {
    await concurrentBookingsThroughBothInstances(a, b);
  });
});
