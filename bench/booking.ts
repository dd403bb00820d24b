// Booking throughput (issue #6, QUALITY.md P2): one-day bookings through the real server at 200 concurrent
// connections, each booking = POST /basket/lines (1 day) + POST /basket/confirm (Idempotency-Key), with
// session, CSRF, audit row and outbox e-mail; against pgbench running the booking's SQL in the same
// database. PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL) or `--pglite`. Prints one JSON line.
// Env: BENCH_CONNECTIONS (200), BENCH_SECONDS (20), BENCH_FAMILIES (2000), BENCH_PGBENCH_S (10).
import http from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import {
  checkDatabase,
  createEngine,
  csrfPair,
  log as logger,
  percentile,
  pgbenchSameSql,
  request,
  seed,
  startServer,
  wednesdaysAfter,
} from './bookings-kit';

const log = logger('bench:booking');
const env = (k: string, d: number) => Number(process.env[k] ?? d);
const CONNECTIONS = env('BENCH_CONNECTIONS', 200);
const SECONDS = env('BENCH_SECONDS', 20);
const FAMILIES = env('BENCH_FAMILIES', 2000);
const pglite = process.argv.includes('--pglite');

const engine = await createEngine('booking', pglite);
let stop: (() => Promise<void>) | null = null;
try {
  const now = new Date();
  const days = wednesdaysAfter(now.toISOString().slice(0, 10), 12);
  log(`${engine.kind}: seeding ${FAMILIES} families`);
  let database = await engine.open();
  // Ample places: this measures the booking path, not the waiting list.
  const seeded = await seed(database, FAMILIES, 1_000_000, now);
  if (engine.kind === 'pglite') await database.close();
  const server = await startServer(engine, 'booking');
  stop = server.stop;
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const base = `/api/v1/${seeded.tenant.slug}`;
  const csrf = await csrfPair(agent, server.port, seeded.tenant.slug, seeded.families[0]!.sid);

  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  let booked = 0;
  let failed = 0;
  const until = performance.now() + SECONDS * 1000;
  log(`${CONNECTIONS} connections for ${SECONDS} s`);
  const t0 = performance.now();
  let lastDone = t0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, c) => {
      // Connection c books for its own families (no two connections share a basket), day after day.
      const mine = seeded.families.filter((_f, i) => i % CONNECTIONS === c);
      for (let n = 0; performance.now() < until && mine.length > 0; n++) {
        const f = mine[n % mine.length]!;
        const day = days[Math.floor(n / mine.length) % days.length]!;
        const headers = { cookie: `sid=${f.sid}; ${csrf.cookie}`, 'x-csrf-token': csrf.token };
        const start = performance.now();
        const lines = await request(
          agent,
          server.port,
          'POST',
          `${base}/basket/lines`,
          { ...headers, 'content-type': 'application/json' },
          JSON.stringify({ enrollment: f.enrollmentId, day, unit: seeded.unitId, op: 'add' }),
        );
        statusCounts[String(lines.status)] = (statusCounts[String(lines.status)] ?? 0) + 1;
        if (lines.status !== 200) {
          failed++;
          continue;
        }
        const confirm = await request(agent, server.port, 'POST', `${base}/basket/confirm`, {
          ...headers,
          'idempotency-key': `b-${c}-${n}`,
        });
        statusCounts[String(confirm.status)] = (statusCounts[String(confirm.status)] ?? 0) + 1;
        latencies.push(performance.now() - start);
        if (confirm.status === 201) {
          booked++;
          lastDone = performance.now();
        } else failed++;
      }
    }),
  );
  const seconds = (lastDone - t0) / 1000;
  log(
    `load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, cores ${availableParallelism()}`,
  );
  agent.destroy();
  await stop();
  stop = null;
  if (engine.kind === 'pglite') database = await engine.open();
  const checks = await checkDatabase(database, seeded.tenant.id);
  log(`pgbench: the booking's SQL, 20 clients`);
  const tps = await pgbenchSameSql(engine, database, seeded, days, 20, env('BENCH_PGBENCH_S', 10));
  await database.close();
  latencies.sort((a, b) => a - b);
  const bookingsPerSec = booked / seconds;
  process.stdout.write(
    `${JSON.stringify({
      engine: engine.kind,
      connections: CONNECTIONS,
      seconds: Number(seconds.toFixed(1)),
      booked,
      failed,
      bookedInDatabase: checks.booked,
      overbooked: checks.overbooked,
      duplicates: checks.duplicates,
      statusCounts,
      p50Ms: Math.round(percentile(latencies, 0.5)),
      p99Ms: Math.round(percentile(latencies, 0.99)),
      bookingsPerSec: Math.round(bookingsPerSec),
      pgbenchSameSqlTps: tps === null ? null : Math.round(tps),
      ratio: tps ? Number((bookingsPerSec / tps).toFixed(3)) : null,
    })}\n`,
  );
} finally {
  if (stop) await stop().catch(() => {});
  await engine.drop().catch(() => {});
}
