// Shared parts of the booking benchmarks (bench/rush.ts, bench/booking.ts): a database of their own
// (PostgreSQL, created and dropped, or PGlite in a temporary directory), families seeded in bulk with
// real sessions (the cookie value's SHA-256 stored, as the session module does), the real server
// spawned on it, an HTTP client over loopback, the checks read from the database afterwards, and
// pgbench on the booking's SQL.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { memberships, platformUsers } from '../src/features/accounts/accounts.schema';
import { enrollments } from '../src/features/enrollments/enrollments.schema';
import {
  children,
  guardians,
  householdChildren,
  households,
} from '../src/features/households/households.schema';
import { loadBundledSchoolHolidays } from '../src/platform/calendar/school-holidays';
import { type Database, openDatabase } from '../src/platform/db/client';
import { hashToken, newToken } from '../src/platform/http/session';
import { platformSessions } from '../src/platform/http/sessions.schema';
import { createBookableActivity } from '../test/helpers/booking-factories';
import { createTenant } from '../test/helpers/factories';

export const log = (tag: string) => (m: string) => process.stderr.write(`[${tag}] ${m}\n`);

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface Res {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One HTTP request over loopback; status 0 on a network error or a client timeout. */
export function request(
  agent: http.Agent,
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
  timeoutMs = 15_000,
): Promise<Res> {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
      res.on('error', () => resolve({ status: 0, headers: {}, body: '' }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('client timeout')));
    req.on('error', () => resolve({ status: 0, headers: {}, body: '' }));
    if (body) req.end(body);
    else req.end();
  });
}

export const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)]!;

export interface Engine {
  kind: 'postgres' | 'pglite';
  /** DATABASE_URL for the server (postgres), or the DATA_DIR holding PGlite's files. */
  url: string | null;
  dataDir: string;
  open(): Promise<Database>;
  drop(): Promise<void>;
}

/** A fresh database: PostgreSQL next to BENCH_DATABASE_URL / TEST_DATABASE_URL, or PGlite with --pglite. */
export async function createEngine(name: string, pglite: boolean): Promise<Engine> {
  const dataDir = mkdtempSync(join(tmpdir(), `maisonnee-${name}-`));
  if (pglite) {
    return {
      kind: 'pglite',
      url: null,
      dataDir,
      open: () => openDatabase({ dataDir }),
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('BENCH_DATABASE_URL or TEST_DATABASE_URL is required (or --pglite)');
  const dbName = `bench_${name}_${process.pid}`;
  const adminUrl = new URL(base);
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const own = new URL(base);
  own.pathname = `/${dbName}`;
  return {
    kind: 'postgres',
    url: own.toString(),
    dataDir,
    open: () => openDatabase({ url: own.toString(), poolMax: 10 }),
    drop: async () => {
      const a = new pg.Client({ connectionString: adminUrl.toString() });
      await a.connect();
      await a.query(`drop database if exists ${dbName} with (force)`);
      await a.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Family {
  householdId: string;
  childId: string;
  enrollmentId: string;
  /** The raw session cookie value. */
  sid: string;
}

export interface Seeded {
  tenant: { id: string; slug: string };
  unitId: string;
  activityId: string;
  periodId: string;
  families: Family[];
}

/**
 * One tenant, the Wednesday activity of the tests (Journée limited to `capacity` places a day, Matin and
 * Repas unlimited), and `count` families of one child each, enrolled, with a guardian who has an e-mail
 * address (the confirmation e-mail goes through the outbox) and a live session.
 */
export async function seed(database: Database, count: number, capacity: number, now: Date): Promise<Seeded> {
  const db = database.db;
  await database.migrate();
  await loadBundledSchoolHolidays(db);
  const tenant = await createTenant(db, { slug: 'rush', name: 'Ville de la ruée' });
  const cat = await createBookableActivity(db, tenant.id, { capacity });
  const families: Family[] = [];
  const BATCH = 500;
  for (let from = 0; from < count; from += BATCH) {
    const n = Math.min(BATCH, count - from);
    const idx = Array.from({ length: n }, (_, i) => from + i + 1);
    const hs = await db
      .insert(households)
      .values(idx.map((i) => ({ tenantId: tenant.id, name: `Famille ${i}`, city: 'Ruée' })))
      .returning({ id: households.id });
    await db.insert(guardians).values(
      hs.map((h, k) => ({
        tenantId: tenant.id,
        householdId: h.id,
        firstName: 'Alex',
        lastName: `Famille ${idx[k]}`,
        email: `famille${idx[k]}@exemple.test`,
      })),
    );
    const cs = await db
      .insert(children)
      .values(
        idx.map((i) => ({
          tenantId: tenant.id,
          firstName: 'Lou',
          lastName: `Famille ${i}`,
          birthDate: '2019-05-04',
          sex: 'F' as const,
        })),
      )
      .returning({ id: children.id });
    await db
      .insert(householdChildren)
      .values(hs.map((h, k) => ({ tenantId: tenant.id, householdId: h.id, childId: cs[k]!.id })));
    const us = await db
      .insert(platformUsers)
      .values(
        // No sign-in in these benchmarks: the sessions are created directly, the hash is never checked.
        idx.map((i) => ({
          email: `famille${i}@exemple.test`,
          displayName: `Parent ${i}`,
          passwordHash: '!',
        })),
      )
      .returning({ id: platformUsers.id });
    await db
      .insert(memberships)
      .values(us.map((u, k) => ({ tenantId: tenant.id, userId: u.id, householdId: hs[k]!.id })));
    const es = await db
      .insert(enrollments)
      .values(
        hs.map((h, k) => ({
          tenantId: tenant.id,
          householdId: h.id,
          childId: cs[k]!.id,
          activityId: cat.activity.id,
          periodId: cat.period.id,
          status: 'accepted',
          requestedAt: new Date('2026-09-01T08:00:00Z'),
        })),
      )
      .returning({ id: enrollments.id });
    const tokens = us.map(() => newToken());
    await db.insert(platformSessions).values(
      us.map((u, k) => ({
        idHash: hashToken(tokens[k]!),
        userId: u.id,
        tenantId: tenant.id,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + 12 * 3_600_000),
        ip: '127.0.0.1',
        userAgent: 'bench',
      })),
    );
    for (let k = 0; k < n; k++)
      families.push({ householdId: hs[k]!.id, childId: cs[k]!.id, enrollmentId: es[k]!.id, sid: tokens[k]! });
  }
  return {
    tenant: { id: tenant.id, slug: tenant.slug },
    unitId: cat.journee.id,
    activityId: cat.activity.id,
    periodId: cat.period.id,
    families,
  };
}

/** The real server (src/main.ts) on the engine, listening on a free loopback port. */
export async function startServer(
  engine: Engine,
  tag: string,
  extraEnv: Record<string, string> = {},
  /** The entry point: src/main.ts, or a bench's own (bench/planning.ts --serve). */
  entry: string[] = ['src/main.ts'],
): Promise<{ port: number; server: ChildProcess; logFile: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const logFile = join(tmpdir(), `bench-${tag}-server-${process.pid}.log`);
  // BENCH_NODE_ARGS: e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the server.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const inherited = { ...process.env };
  delete inherited.DATABASE_URL; // PGlite: no URL at all (an empty one is refused)
  const server = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', ...entry], {
    env: {
      ...inherited,
      NODE_ENV: 'development',
      ...(engine.url ? { DATABASE_URL: engine.url } : {}),
      DATA_DIR: engine.dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      SEED_DEMO: 'no',
      DB_POOL_MAX: process.env.BENCH_DB_POOL ?? '20',
      ...extraEnv,
    },
    stdio: ['ignore', openSync(logFile, 'w'), 'inherit'],
  });
  const probe = new http.Agent();
  for (let i = 0; ; i++) {
    const r = await request(probe, port, 'GET', '/readyz', {}, undefined, 1000);
    if (r.status === 200) break;
    if (server.exitCode !== null) throw new Error(`server exited (${server.exitCode}); log: ${logFile}`);
    if (i > 1200) throw new Error('server did not start within 120 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  probe.destroy();
  return {
    port,
    server,
    logFile,
    stop: async () => {
      if (server.exitCode !== null) return;
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    },
  };
}

/** A `_csrf` secret cookie and its token (independent of the session: shared by the clients). */
export async function csrfPair(agent: http.Agent, port: number, slug: string, sid: string) {
  const r = await request(agent, port, 'GET', `/api/v1/${slug}/me`, { cookie: `sid=${sid}` });
  if (r.status !== 200) throw new Error(`GET /me answered ${r.status}: ${r.body.slice(0, 200)}`);
  const cookie = (r.headers['set-cookie'] ?? [])
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('_csrf='));
  return { cookie: cookie ?? '', token: (JSON.parse(r.body) as { csrfToken: string }).csrfToken };
}

export interface DbChecks {
  booked: number;
  waiting: number;
  capacity: number;
  overbooked: number;
  /** Cells whose remaining ≠ capacity − confirmed. */
  invariantBroken: number;
  duplicates: number;
  submissions: number;
}

/** L1 / L3 from the database: places over capacity, the remaining invariant, rows or submissions twice. */
export async function checkDatabase(database: Database, tenantId: string): Promise<DbChecks> {
  const rows = async <T>(q: ReturnType<typeof sql>) =>
    (await database.db.execute(q)) as unknown as { rows: T[] };
  const cells = await rows<{ capacity: number; remaining: number; confirmed: number }>(sql`
    select c.capacity, c.remaining,
           (select count(*)::int from bookings b
             where b.tenant_id = c.tenant_id and b.unit_id = c.unit_id and b.day = c.day
               and b.group_key = c.group_key and b.status = 'confirmed') as confirmed
      from booking_capacity c where c.tenant_id = ${tenantId}`);
  let overbooked = 0;
  let invariantBroken = 0;
  let capacity = 0;
  for (const c of cells.rows) {
    capacity += c.capacity;
    overbooked += Math.max(0, c.confirmed - c.capacity);
    if (c.remaining !== c.capacity - c.confirmed) invariantBroken++;
  }
  const [counts] = (
    await rows<{
      booked: number;
      waiting: number;
      dup_rows: number;
      submissions: number;
      dup_subs: number;
    }>(sql`
      select
        (select count(*)::int from bookings where tenant_id = ${tenantId} and status = 'confirmed') as booked,
        (select count(*)::int from bookings where tenant_id = ${tenantId} and status = 'waiting') as waiting,
        (select count(*)::int - count(distinct (child_id, day, unit_id))::int from bookings
          where tenant_id = ${tenantId} and status in ('confirmed','requested','cancel-requested','waiting')) as dup_rows,
        (select count(*)::int from booking_submissions where tenant_id = ${tenantId}) as submissions,
        (select count(*)::int - count(distinct household_id)::int from booking_submissions
          where tenant_id = ${tenantId}) as dup_subs`)
  ).rows;
  return {
    booked: counts!.booked,
    waiting: counts!.waiting,
    capacity,
    overbooked,
    invariantBroken,
    // Each family confirms once (one key): a second submission of a household is a duplicate too.
    duplicates: counts!.dup_rows + counts!.dup_subs,
    submissions: counts!.submissions,
  };
}

/**
 * pgbench on the booking's own SQL (submission insert, conditional capacity UPDATE, booking INSERT), on a
 * unit of its own with ample capacity over the same Wednesdays, in the same database. Returns TPS
 * (transactions = bookings), or null when pgbench or PostgreSQL is not there.
 */
export async function pgbenchSameSql(
  engine: Engine,
  database: Database,
  s: Seeded,
  days: string[],
  clients: number,
  seconds: number,
): Promise<number | null> {
  if (engine.kind !== 'postgres' || !engine.url) return null;
  if (spawnSync('pgbench', ['--version']).status !== 0) return null;
  const db = database.db;
  const f = s.families[0]!;
  const [unit] = (
    (await db.execute(sql`
      insert into units (tenant_id, activity_id, name, kind, start_time, end_time, position, weekdays, capacity)
      values (${s.tenant.id}, ${s.activityId}, 'pgbench', 'day', '08:30', '17:30', 9, '{3}', 1000000000)
      returning id`)) as unknown as { rows: { id: string }[] }
  ).rows;
  for (const day of days)
    await db.execute(sql`
      insert into booking_capacity (tenant_id, unit_id, day, group_key, capacity, remaining)
      values (${s.tenant.id}, ${unit!.id}, ${day}, '', 1000000000, 1000000000)`);
  const script = join(engine.dataDir, 'booking.sql');
  // The booking's day is far and random so that (child, day, unit) stays unique across transactions;
  // the capacity row is one of the real Wednesdays (the hot rows, as in the application).
  writeFileSync(
    script,
    `\\set d random(0, ${days.length - 1})
\\set far random(1, 2000000)
BEGIN;
INSERT INTO booking_submissions (tenant_id, idempotency_key, household_id, request_number, created_at)
  VALUES (:tenant, gen_random_uuid()::text, :household, gen_random_uuid()::text, now());
UPDATE booking_capacity SET remaining = remaining - 1
  WHERE tenant_id = :tenant AND unit_id = :unit AND day = (:day0::date + 7 * :d::int) AND group_key = '' AND remaining > 0;
INSERT INTO bookings (tenant_id, household_id, child_id, enrollment_id, activity_id, period_id, unit_id, day,
                      group_key, status, kind, requested_at, updated_at)
  VALUES (:tenant, :household, :child, :enrollment, :activity, :period, :unit, (:day0::date + :far::int), '',
          'confirmed', 'booking', now(), now())
  ON CONFLICT DO NOTHING;
END;
`,
  );
  const url = new URL(engine.url);
  const args = [
    '-n',
    '-M',
    'prepared',
    '-c',
    String(clients),
    '-j',
    '2',
    '-T',
    String(seconds),
    '-f',
    script,
    '-h',
    url.hostname,
    '-p',
    url.port || '5432',
    '-U',
    decodeURIComponent(url.username || 'postgres'),
    ...['tenant', s.tenant.id, 'household', f.householdId, 'child', f.childId, 'enrollment', f.enrollmentId]
      .concat(['activity', s.activityId, 'period', s.periodId, 'unit', unit!.id, 'day0', days[0]!])
      .reduce<string[]>((acc, v, i, all) => (i % 2 === 0 ? acc.concat('-D', `${v}=${all[i + 1]}`) : acc), []),
    url.pathname.slice(1),
  ];
  const r = spawnSync('pgbench', args, {
    encoding: 'utf8',
    env: { ...process.env, ...(url.password ? { PGPASSWORD: decodeURIComponent(url.password) } : {}) },
  });
  const m = /tps = ([\d.]+) \((without|excluding)/.exec(r.stdout) ?? /tps = ([\d.]+)/.exec(r.stdout);
  if (!m) throw new Error(`pgbench failed: ${r.stderr || r.stdout}`);
  // pgbench's rows are not the application's: remove them so the checks read only the HTTP bookings.
  await db.execute(sql`delete from bookings where unit_id = ${unit!.id}`);
  await db.execute(sql`delete from booking_capacity where unit_id = ${unit!.id}`);
  await db.execute(
    sql`delete from booking_submissions where tenant_id = ${s.tenant.id} and household_id = ${f.householdId} and request_number !~ '^R'`,
  );
  await db.execute(sql`delete from units where id = ${unit!.id}`);
  return Number(m[1]);
}

/** The next `n` open Wednesdays of the activity after `today` (school holidays skipped by the planning). */
export function wednesdaysAfter(today: string, n: number): string[] {
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  while (d.getUTCDay() !== 3) d.setUTCDate(d.getUTCDate() + 1);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 7);
  }
  return out;
}
