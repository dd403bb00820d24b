// SQL round trips per request on the booking and sign-in hot paths (issue #6, QUALITY.md P1–P3, P5).
// The app runs in this process (buildApp, no worker) on a PostgreSQL database of its own (BENCH_DATABASE_URL,
// else TEST_DATABASE_URL; created and dropped); every statement sent by node-postgres is counted
// (pg.Client#query = one round trip), request by request, sequentially. Prints ONE JSON line
// `{"me":n, "planningApi":n, …}`; BENCH_SQL_LOG=1 also prints each statement on stderr.
import { loadavg } from 'node:os';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { platformUsers } from '../src/features/accounts/accounts.schema';
import { hashPassword } from '../src/features/accounts/passwords';
import { systemClock } from '../src/platform/clock';
import { localFileStorage } from '../src/platform/files/storage';
import { fileMailer } from '../src/platform/mail/mailer';
import { createEngine, log as logger, seed, wednesdaysAfter } from './bookings-kit';

const log = logger('bench:roundtrips');
const showSql = process.env.BENCH_SQL_LOG === '1';

let count = 0;
const original = pg.Client.prototype.query;
// biome-ignore lint/suspicious/noExplicitAny: wraps every overload of Client#query.
(pg.Client.prototype as any).query = function (this: pg.Client, ...args: any[]) {
  count++;
  if (showSql) {
    const text = typeof args[0] === 'string' ? args[0] : (args[0]?.text ?? '');
    process.stderr.write(`  sql: ${String(text).replace(/\s+/g, ' ').slice(0, 160)}\n`);
  }
  // biome-ignore lint/suspicious/noExplicitAny: see above.
  return (original as any).apply(this, args);
};

const engine = await createEngine('roundtrips', false);
try {
  const now = new Date();
  const days = wednesdaysAfter(now.toISOString().slice(0, 10), 12);
  const database = await engine.open();
  const seeded = await seed(database, 40, 10, now);
  const f = seeded.families[0]!;
  const password = 'bench-roundtrips-password';
  await database.db
    .update(platformUsers)
    .set({ passwordHash: await hashPassword(password) })
    .where(eq(platformUsers.email, 'famille1@exemple.test'));
  const config = loadConfig({
    NODE_ENV: 'development',
    DATA_DIR: engine.dataDir,
    DATABASE_URL: engine.url ?? '',
    SEED_DEMO: 'no',
    LOG_LEVEL: 'warn',
  });
  const app = await buildApp({
    config,
    database,
    clock: systemClock,
    mailer: fileMailer(`${engine.dataDir}/mail`),
    storage: localFileStorage(`${engine.dataDir}/files`),
    cookieSecret: 'bench-roundtrips-cookie-secret-long-enough',
    logger: false,
  });
  await app.ready();
  const slug = seeded.tenant.slug;
  const api = `/api/v1/${slug}`;
  const cookie = `sid=${f.sid}`;
  const me = await app.inject({ method: 'GET', url: `${api}/me`, headers: { cookie } });
  const csrfCookie = (me.cookies as { name: string; value: string }[]).find((c) => c.name === '_csrf');
  const token = (me.json() as { csrfToken: string }).csrfToken;
  const both = `${cookie}; _csrf=${csrfCookie?.value ?? ''}`;
  const write = { cookie: both, 'x-csrf-token': token };

  const counts: Record<string, number> = {};
  const measure = async (name: string, fn: () => Promise<{ statusCode: number; body: string }>) => {
    if (showSql) process.stderr.write(`${name}\n`);
    // Twice: the first run of a path may fill caches; the second is the steady state that counts.
    for (let run = 0; run < 2; run++) {
      const before = count;
      const r = await fn();
      if (r.statusCode >= 400) throw new Error(`${name}: ${r.statusCode} ${r.body.slice(0, 300)}`);
      counts[name] = count - before;
    }
  };
  // CPU of this process (the app: routing, hooks, SQL building and parsing, rendering) per request, over
  // `n` sequential runs after a warm-up: independent of the neighbours' load, unlike wall times.
  const cpuUs: Record<string, number> = {};
  const cpu = async (
    name: string,
    n: number,
    fn: (i: number) => Promise<{ statusCode: number; body: string }>,
  ) => {
    for (let i = 0; i < 5; i++) await fn(i);
    const t0 = process.cpuUsage();
    for (let i = 5; i < n + 5; i++) {
      const r = await fn(i);
      if (r.statusCode >= 400) throw new Error(`${name}: ${r.statusCode} ${r.body.slice(0, 300)}`);
    }
    const d = process.cpuUsage(t0);
    cpuUs[name] = Math.round((d.user + d.system) / n);
  };
  const planningQs = `enrollment=${f.enrollmentId}&from=${days[0]}&to=${days[days.length - 1]}`;
  await measure('me', () => app.inject({ method: 'GET', url: `${api}/me`, headers: { cookie } }));
  await measure('planningApi', () =>
    app.inject({ method: 'GET', url: `${api}/planning?${planningQs}`, headers: { cookie } }),
  );
  await measure('planningPage', () =>
    app.inject({
      method: 'GET',
      url: `/${slug}/reservations/${f.enrollmentId}?vue=mois`,
      headers: { cookie },
    }),
  );
  // Five days in, then the same five again (op 'add' sets the line: the basket is unchanged).
  const lines = days
    .slice(0, 5)
    .map((day) => ({ enrollment: f.enrollmentId, day, unit: seeded.unitId, op: 'add' }));
  await measure('basketLines5', () =>
    app.inject({ method: 'POST', url: `${api}/basket/lines`, headers: write, payload: { lines } }),
  );
  // The basket holds the five days: confirm it once, then replay the same key.
  const key = `rt-${Date.now()}`;
  const confirm = () =>
    app.inject({
      method: 'POST',
      url: `${api}/basket/confirm`,
      headers: { ...write, 'idempotency-key': key },
    });
  const before = count;
  const first = await confirm();
  if (first.statusCode !== 201) throw new Error(`confirm: ${first.statusCode} ${first.body.slice(0, 300)}`);
  counts.confirm5 = count - before;
  const requestNumber = (first.json() as { requestNumber: string }).requestNumber;
  await measure('confirmReplay', confirm);
  await measure('request', () =>
    app.inject({ method: 'GET', url: `${api}/requests/${requestNumber}`, headers: { cookie } }),
  );
  await measure('staticAsset', () => app.inject({ method: 'GET', url: '/healthz' }));
  const N = Number(process.env.BENCH_RUNS ?? 100);
  await cpu('me', N, () => app.inject({ method: 'GET', url: `${api}/me`, headers: { cookie } }));
  await cpu('planningApi', N, () =>
    app.inject({ method: 'GET', url: `${api}/planning?${planningQs}`, headers: { cookie } }),
  );
  await cpu('planningPage', N, () =>
    app.inject({
      method: 'GET',
      url: `/${slug}/reservations/${f.enrollmentId}?vue=mois`,
      headers: { cookie },
    }),
  );
  await cpu('request', N, () =>
    app.inject({ method: 'GET', url: `${api}/requests/${requestNumber}`, headers: { cookie } }),
  );
  // One booking = POST basket/lines (1 day) + POST basket/confirm, for the other families in turn (the
  // day fills after 10: the rest go on the waiting list, as in a rush).
  const others = seeded.families.slice(1);
  const sessions = new Map<string, Record<string, string>>();
  for (const o of others) {
    const r = await app.inject({ method: 'GET', url: `${api}/me`, headers: { cookie: `sid=${o.sid}` } });
    const c = (r.cookies as { name: string; value: string }[]).find((x) => x.name === '_csrf');
    sessions.set(o.sid, {
      cookie: `sid=${o.sid}; _csrf=${c?.value ?? ''}`,
      'x-csrf-token': (r.json() as { csrfToken: string }).csrfToken,
    });
  }
  await cpu('booking', Math.min(N, others.length * 2 - 5), async (i) => {
    const o = others[i % others.length]!;
    const h = sessions.get(o.sid)!;
    const day = days[6 + Math.floor(i / others.length)]!;
    const l = await app.inject({
      method: 'POST',
      url: `${api}/basket/lines`,
      headers: h,
      payload: { enrollment: o.enrollmentId, day, unit: seeded.unitId, op: 'add' },
    });
    if (l.statusCode !== 200) return l;
    return app.inject({
      method: 'POST',
      url: `${api}/basket/confirm`,
      headers: { ...h, 'idempotency-key': `cpu-${i}` },
    });
  });
  // Sign-in (form post): the CSRF pair of the sign-in page, then the credentials.
  const page = await app.inject({ method: 'GET', url: `/${slug}/connexion` });
  const formCsrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const pageCookie = (page.cookies as { name: string; value: string }[])
    .map((c) => `${c.name}=${c.value}`)
    .join('; ');
  await measure('signIn', () =>
    app.inject({
      method: 'POST',
      url: `/${slug}/connexion`,
      headers: { cookie: pageCookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: formCsrf, email: 'famille1@exemple.test', password }).toString(),
    }),
  );
  await app.close();
  await database.close();
  log(
    `load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  process.stdout.write(`${JSON.stringify({ statements: counts, cpuUsPerRequest: cpuUs })}\n`);
} finally {
  await engine.drop().catch(() => {});
}
