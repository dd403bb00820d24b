// Authenticated planning page vs a static page (issue #6, QUALITY.md P3: ≥ 2,000 req/s, p99 ≤ 100 ms).
// The server is the real app (buildApp, as src/main.ts builds it) on a database of its own (PostgreSQL:
// BENCH_DATABASE_URL, else TEST_DATABASE_URL, created and dropped; or `--pglite`), with one extra route
// `/_bench/static` answering a fixed 6 KB HTML page from the same Fastify instance (same plugins and hooks:
// helmet, cookies, request context without a session). Families with real sessions are seeded, some
// Wednesdays booked, then a keep-alive HTTP client loads, for BENCH_SECONDS each, the static page and the
// week planning page of the signed-in families (`GET /<slug>/reservations/<enrollment>`), BENCH_CONNECTIONS
// at a time. Prints ONE JSON line:
// {"planningReqPerSec":…, "planningP99Ms":…, "staticReqPerSec":…, "staticP99Ms":…, "ratio":…}
// Env: BENCH_CONNECTIONS (50), BENCH_SECONDS (10), BENCH_FAMILIES (500), BENCH_DB_POOL (20).
// The client shares the machine's cores with the server and PostgreSQL: the ratio, measured in the same
// run, is the figure that does not depend on the machine.
import http from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import {
  createEngine,
  csrfPair,
  log as logger,
  percentile,
  request,
  seed,
  startServer,
  wednesdaysAfter,
} from './bookings-kit';

const log = logger('bench:planning');
const env = (k: string, d: number) => Number(process.env[k] ?? d);

/** A static HTML page of 6 KB (6,144 bytes), built once. */
function staticPage(): Buffer {
  const head =
    '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Page statique</title></head><body><main><h1>Page statique</h1>';
  const tail = '</main></body></html>';
  const para = '<p>Maisonnée, le portail des familles : réservations, factures, documents.</p>\n';
  let body = head;
  while (Buffer.byteLength(body + para + tail) <= 6144) body += para;
  body += ' '.repeat(6144 - Buffer.byteLength(body + tail)) + tail;
  return Buffer.from(body);
}

/** `--serve`: the app as src/main.ts builds it (no worker, no demo seed) plus the static route. */
async function serve() {
  const { buildApp } = await import('../src/app');
  const { loadConfig } = await import('../src/config');
  const { systemClock } = await import('../src/platform/clock');
  const { openDatabase } = await import('../src/platform/db/client');
  const { fileMailer } = await import('../src/platform/mail/mailer');
  const { localFileStorage } = await import('../src/platform/files/storage');
  const config = loadConfig();
  const database = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.dataDir,
    poolMax: config.DB_POOL_MAX,
    statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
    connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
  });
  const app = await buildApp({
    config,
    database,
    clock: systemClock,
    mailer: fileMailer(`${config.dataDir}/mail`),
    storage: localFileStorage(`${config.dataDir}/files`),
    cookieSecret: 'bench-planning-cookie-secret-long-enough-0000',
    logger: true,
  });
  const page = staticPage();
  app.get('/_bench/static', async (_req, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page),
  );
  await app.listen({ port: config.PORT, host: config.HOST, backlog: 4096 });
  const stop = async () => {
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

interface LoadResult {
  requests: number;
  errors: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  bytes: number;
}

/** `connections` keep-alive loops for `seconds`, each calling `next(i)` for its path and headers. */
async function load(
  port: number,
  connections: number,
  seconds: number,
  next: (conn: number, n: number) => { path: string; headers: Record<string, string> },
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  let bytes = 0;
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async (_, c) => {
      for (let n = 0; performance.now() < until; n++) {
        const { path, headers } = next(c, n);
        const start = performance.now();
        const r = await request(agent, port, 'GET', path, headers, undefined, 10_000);
        latencies.push(performance.now() - start);
        if (r.status !== 200) errors++;
        else bytes = r.body.length;
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    reqPerSec: Math.round(latencies.length / elapsed),
    p50Ms: Number(percentile(latencies, 0.5).toFixed(1)),
    p99Ms: Number(percentile(latencies, 0.99).toFixed(1)),
    bytes,
  };
}

async function main() {
  const pglite = process.argv.includes('--pglite');
  const CONNECTIONS = env('BENCH_CONNECTIONS', 50);
  const SECONDS = env('BENCH_SECONDS', 10);
  const FAMILIES = env('BENCH_FAMILIES', 500);
  const engine = await createEngine('planning', pglite);
  let stop: (() => Promise<void>) | null = null;
  try {
    const now = new Date();
    const days = wednesdaysAfter(now.toISOString().slice(0, 10), 12);
    log(`${engine.kind}: seeding ${FAMILIES} families`);
    const database = await engine.open();
    const seeded = await seed(database, FAMILIES, 100, now);
    // Some booked days (confirmed, a few waiting) so that the cells are not all alike.
    await database.db.execute(sql`
      insert into bookings (tenant_id, household_id, child_id, enrollment_id, activity_id, period_id, unit_id,
                            day, group_key, status, kind, requested_at, updated_at)
      select ${seeded.tenant.id}, e.household_id, e.child_id, e.id, e.activity_id, e.period_id, ${seeded.unitId},
             d.day::date, '', case when row_number() over (partition by d.day order by e.id) <= 80
                                   then 'confirmed' else 'waiting' end, 'booking', now(), now()
        from enrollments e cross join unnest(${`{${days.slice(0, 2).join(',')}}`}::text[]) as d(day)
       where e.tenant_id = ${seeded.tenant.id} and (hashtext(e.id::text) % 3) = 0`);
    await database.close();
    const server = await startServer(engine, 'planning', {}, ['bench/planning.ts', '--serve']);
    stop = server.stop;
    const slug = seeded.tenant.slug;
    // Warm-up: every family's session once (and the JIT), not measured.
    const warm = new http.Agent({ keepAlive: true, maxSockets: 20 });
    await csrfPair(warm, server.port, slug, seeded.families[0]!.sid);
    warm.destroy();
    const planningOf = (c: number, n: number) => {
      const f = seeded.families[(c * 7919 + n) % seeded.families.length]!;
      return { path: `/${slug}/reservations/${f.enrollmentId}`, headers: { cookie: `sid=${f.sid}` } };
    };
    const staticOf = () => ({ path: '/_bench/static', headers: {} });
    await load(server.port, CONNECTIONS, Math.min(3, SECONDS), planningOf);
    await load(server.port, CONNECTIONS, Math.min(2, SECONDS), staticOf);
    log(`static page, ${CONNECTIONS} connections, ${SECONDS} s`);
    const st = await load(server.port, CONNECTIONS, SECONDS, staticOf);
    log(`planning page, ${CONNECTIONS} connections, ${SECONDS} s`);
    const pl = await load(server.port, CONNECTIONS, SECONDS, planningOf);
    log(
      `static ${JSON.stringify(st)}; planning ${JSON.stringify(pl)}; cores ${availableParallelism()}, load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    await stop();
    stop = null;
    process.stdout.write(
      `${JSON.stringify({
        engine: engine.kind,
        connections: CONNECTIONS,
        seconds: SECONDS,
        planningReqPerSec: pl.reqPerSec,
        planningP50Ms: pl.p50Ms,
        planningP99Ms: pl.p99Ms,
        planningErrors: pl.errors,
        planningBytes: pl.bytes,
        staticReqPerSec: st.reqPerSec,
        staticP50Ms: st.p50Ms,
        staticP99Ms: st.p99Ms,
        staticBytes: st.bytes,
        ratio: st.reqPerSec > 0 ? Number((pl.reqPerSec / st.reqPerSec).toFixed(3)) : null,
      })}\n`,
    );
  } finally {
    if (stop) await stop().catch(() => {});
    await engine.drop().catch(() => {});
  }
}

if (process.argv.includes('--serve')) await serve();
else await main();
