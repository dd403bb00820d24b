// Opening-day rush (issue #6, QUALITY.md P1 and L1–L3). The real server (src/main.ts) on a database of its
// own: PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL; created and dropped) or `--pglite`.
// 3,000 families with real sessions arrive within 60 s; each reads /me (its enrollment and a CSRF token),
// opens its planning, puts 5–10 Wednesdays in its basket, confirms with an Idempotency-Key (retried with
// the same key on a timeout, a 5xx, a 409 or a 429), then reads its request's summary. Capacity is far
// below demand. Afterwards the database is read: places over capacity, the remaining invariant, rows or
// submissions written twice, and each answer against the rows. pgbench runs the booking's SQL in the same
// database. Prints ONE JSON line on stdout (progress on stderr).
// Env: BENCH_FAMILIES (3000), BENCH_ARRIVAL_S (60), BENCH_CAPACITY (places a day, 100), BENCH_SOCKETS (500),
// BENCH_TIMEOUT_MS (client timeout per request, 15000), BENCH_DB_POOL (server pool, 20).
import http from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import {
  checkDatabase,
  createEngine,
  csrfPair,
  type Family,
  log as logger,
  percentile,
  pgbenchSameSql,
  type Res,
  request,
  seed,
  startServer,
  wednesdaysAfter,
} from './bookings-kit';

const log = logger('bench:rush');

export interface RushOptions {
  pglite: boolean;
  families: number;
  arrivalSeconds: number;
  capacity: number;
  sockets: number;
  timeoutMs: number;
  pgbenchSeconds: number;
}

export interface RushResult {
  engine: 'postgres' | 'pglite';
  families: number;
  attempts: number;
  capacity: number;
  booked: number;
  overbooked: number;
  unanswered: number;
  duplicates: number;
  statusCounts: Record<string, number>;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  bookingsPerSec: number;
  pgbenchSameSqlTps: number | null;
  ratio: number | null;
  /** Extra checks: cells with remaining ≠ capacity − confirmed; answers that differ from the rows. */
  invariantBroken: number;
  answerMismatches: number;
  waiting: number;
  seconds: number;
}

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RETRY = new Set([0, 409, 429, 500, 502, 503, 504]);

export async function runRush(o: RushOptions): Promise<RushResult> {
  const engine = await createEngine('rush', o.pglite);
  let stop: (() => Promise<void>) | null = null;
  try {
    const now = new Date();
    const today = now.toISOString().slice(0, 10);
    const days = wednesdaysAfter(today, 12);
    log(`${engine.kind}: seeding ${o.families} families (capacity ${o.capacity} a day)`);
    let database = await engine.open();
    const seeded = await seed(database, o.families, o.capacity, now);
    if (engine.kind === 'pglite') await database.close(); // one process at a time on PGlite's files
    const started = await startServer(engine, 'rush');
    stop = started.stop;
    const { port } = started;
    const slug = seeded.tenant.slug;
    const base = `/api/v1/${slug}`;
    const agent = new http.Agent({ keepAlive: true, maxSockets: o.sockets });
    const csrf = await csrfPair(agent, port, slug, seeded.families[0]!.sid);

    const latencies: number[] = [];
    const statusCounts: Record<string, number> = {};
    const call = async (
      f: Family,
      method: string,
      path: string,
      body?: unknown,
      extra: Record<string, string> = {},
    ) => {
      const t0 = performance.now();
      const r: Res = await request(
        agent,
        port,
        method,
        path,
        {
          cookie: `sid=${f.sid}; ${csrf.cookie}`,
          ...(method === 'GET' ? {} : { 'x-csrf-token': csrf.token }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...extra,
        },
        body === undefined ? undefined : JSON.stringify(body),
        o.timeoutMs,
      );
      latencies.push(performance.now() - t0);
      statusCounts[String(r.status)] = (statusCounts[String(r.status)] ?? 0) + 1;
      return r;
    };
    /** Retries reads and idempotent writes on a timeout / 5xx / 409 / 429, honouring Retry-After. */
    const withRetry = async (fn: () => Promise<Res>, tries = 6) => {
      let r = await fn();
      for (let n = 1; n < tries && RETRY.has(r.status); n++) {
        const after = Number(r.headers['retry-after']);
        const wait =
          Number.isFinite(after) && after > 0 ? Math.min(after * 1000, 5000) : Math.min(250 * 2 ** n, 4000);
        await new Promise((res) => setTimeout(res, wait * (0.5 + Math.random())));
        r = await fn();
      }
      return r;
    };

    const answers = new Map<number, { confirmed: number; waiting: number }>();
    let attempts = 0;
    let linesDecided = 0;
    let lastAnswer = 0;
    const runId = Date.now().toString(36);
    log(`rush: ${o.families} families within ${o.arrivalSeconds} s over ${o.sockets} sockets`);
    const t0 = performance.now();
    await Promise.all(
      seeded.families.map(async (f, i) => {
        const rnd = prng(i + 1);
        await new Promise((res) => setTimeout(res, rnd() * o.arrivalSeconds * 1000));
        const me = await withRetry(() => call(f, 'GET', `${base}/me`));
        if (me.status !== 200) return;
        const planning = await withRetry(() =>
          call(
            f,
            'GET',
            `${base}/planning?enrollment=${f.enrollmentId}&from=${days[0]}&to=${days[days.length - 1]}`,
          ),
        );
        if (planning.status !== 200) return;
        const cells = (
          JSON.parse(planning.body) as {
            cells: { day: string; unitId: string; tap: { op: string | null } }[];
          }
        ).cells.filter((c) => c.unitId === seeded.unitId && c.tap.op === 'add');
        // 5–10 days among those offered (bookable, or full: the waiting list).
        const want = 5 + Math.floor(rnd() * 6);
        const chosen = cells
          .map((c) => ({ c, k: rnd() }))
          .sort((a, b) => a.k - b.k)
          .slice(0, want)
          .map(({ c }) => ({ enrollment: f.enrollmentId, day: c.day, unit: c.unitId, op: 'add' }));
        if (chosen.length === 0) return;
        const lines = await withRetry(() => call(f, 'POST', `${base}/basket/lines`, { lines: chosen }));
        if (lines.status !== 200) return;
        attempts += chosen.length;
        const key = `rush-${runId}-${i}`;
        const confirm = await withRetry(
          () => call(f, 'POST', `${base}/basket/confirm`, undefined, { 'idempotency-key': key }),
          8,
        );
        if (confirm.status !== 201) return;
        const body = JSON.parse(confirm.body) as {
          requestNumber: string;
          summary: { counts: Record<string, number> };
        };
        const counts = body.summary.counts;
        answers.set(i, { confirmed: counts.confirmed ?? 0, waiting: counts.waiting ?? 0 });
        linesDecided += Object.values(counts).reduce((a, b) => a + b, 0);
        lastAnswer = performance.now();
        await withRetry(() => call(f, 'GET', `${base}/requests/${body.requestNumber}`));
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const busySeconds = (lastAnswer - t0) / 1000;
    log(
      `rush done in ${seconds.toFixed(1)} s, load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    agent.destroy();
    await stop();
    stop = null;

    if (engine.kind === 'pglite') database = await engine.open();
    const checks = await checkDatabase(database, seeded.tenant.id);
    // L2: each answer matches the rows of its child (nothing committed without a definite answer).
    const perChild = (
      (await database.db.execute(
        sql`select child_id, status, count(*)::int as n from bookings
          where tenant_id = ${seeded.tenant.id} and status in ('confirmed','waiting') group by child_id, status`,
      )) as unknown as { rows: { child_id: string; status: string; n: number }[] }
    ).rows;
    const rowsOf = new Map<string, { confirmed: number; waiting: number }>();
    for (const r of perChild) {
      const e = rowsOf.get(r.child_id) ?? { confirmed: 0, waiting: 0 };
      if (r.status === 'confirmed') e.confirmed = r.n;
      else e.waiting = r.n;
      rowsOf.set(r.child_id, e);
    }
    let answerMismatches = 0;
    let unanswered = 0;
    seeded.families.forEach((f, i) => {
      const a = answers.get(i);
      const rows = rowsOf.get(f.childId) ?? { confirmed: 0, waiting: 0 };
      if (!a) {
        unanswered++;
        return;
      }
      if (a.confirmed !== rows.confirmed || a.waiting !== rows.waiting) answerMismatches++;
    });
    log(`pgbench: the booking's SQL, 20 clients, ${o.pgbenchSeconds} s`);
    const tps = await pgbenchSameSql(engine, database, seeded, days, 20, o.pgbenchSeconds);
    await database.close();
    latencies.sort((a, b) => a - b);
    const bookingsPerSec = busySeconds > 0 ? linesDecided / busySeconds : 0;
    return {
      engine: engine.kind,
      families: o.families,
      attempts,
      capacity: checks.capacity,
      booked: checks.booked,
      overbooked: checks.overbooked,
      unanswered,
      duplicates: checks.duplicates,
      statusCounts,
      p50Ms: Math.round(percentile(latencies, 0.5)),
      p95Ms: Math.round(percentile(latencies, 0.95)),
      p99Ms: Math.round(percentile(latencies, 0.99)),
      bookingsPerSec: Math.round(bookingsPerSec),
      pgbenchSameSqlTps: tps === null ? null : Math.round(tps),
      ratio: tps ? Number((bookingsPerSec / tps).toFixed(3)) : null,
      invariantBroken: checks.invariantBroken,
      answerMismatches,
      waiting: checks.waiting,
      seconds: Number(seconds.toFixed(1)),
    };
  } finally {
    if (stop) await stop().catch(() => {});
    await engine.drop().catch(() => {});
  }
}

const isMain = process.argv[1]?.endsWith('rush.ts');
if (isMain) {
  const env = (k: string, d: number) => Number(process.env[k] ?? d);
  const result = await runRush({
    pglite: process.argv.includes('--pglite'),
    families: env('BENCH_FAMILIES', 3000),
    arrivalSeconds: env('BENCH_ARRIVAL_S', 60),
    capacity: env('BENCH_CAPACITY', 100),
    sockets: env('BENCH_SOCKETS', 500),
    timeoutMs: env('BENCH_TIMEOUT_MS', 15_000),
    pgbenchSeconds: env('BENCH_PGBENCH_S', 10),
  });
  log(
    `cores ${availableParallelism()}, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
