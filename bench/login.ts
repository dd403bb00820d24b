// Login storm benchmark (QUALITY.md P5). Starts the real server on a PostgreSQL database of its own, creates
// 2,500 users directly in the database (one hash, reused), measures the argon2 ceiling (verifies/s on every
// core), then fires 2,500 concurrent sign-ins over loopback (one socket each) while a separate signed-in
// client loads a page. loginsPerSec counts the accepted sign-ins over the time until the last of them.
// Prints one JSON line. Env: BENCH_PG_URL (server URL, default postgres://postgres@127.0.0.1:5432),
// BENCH_USERS (2500), BENCH_SOCKETS (sockets of the storm client, one per user).
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash, verify } from '@node-rs/argon2';
import pg from 'pg';
import { ARGON2_OPTIONS } from '../src/features/accounts/passwords';

const PG = (process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/+$/, '');
const USERS = Number(process.env.BENCH_USERS ?? 2500);
const SOCKETS = Number(process.env.BENCH_SOCKETS ?? USERS);
const PASSWORD = 'tempete de connexions 2026';
const dbName = `bench_login_${process.pid}`;

const log = (m: string) => process.stderr.write(`[bench:login] ${m}\n`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

interface Res {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(
  agent: http.Agent,
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Res> {
  return new Promise((resolve, reject) => {
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
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body) req.end(body);
    else req.end();
  });
}

const cookiesOf = (res: Res) =>
  (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!).filter((c) => !c.endsWith('='));

/** argon2 verifies per second with one verify in flight per core: the ceiling of sign-ins per second. */
async function argonCeiling(passwordHash: string, ms = 3000): Promise<number> {
  let done = 0;
  const until = performance.now() + ms;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: availableParallelism() }, async () => {
      while (performance.now() < until) {
        await verify(passwordHash, PASSWORD);
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

async function main() {
  const admin = new pg.Client({ connectionString: `${PG}/postgres` });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'maisonnee-bench-'));
  const port = await freePort();
  const url = `${PG}/${dbName}`;
  // The server's log (pino, warn and above) goes to a file kept after the run.
  const logFile = join(tmpdir(), `bench-login-server-${process.pid}.log`);
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: url,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      SEED_DEMO: 'yes',
      DB_POOL_MAX: '20',
    },
    stdio: ['ignore', openSync(logFile, 'w'), 'inherit'],
  });
  const db = new pg.Client({ connectionString: url });
  try {
    // Wait for the server (migrations + demo seed) to answer.
    const probe = new http.Agent();
    for (let i = 0; ; i++) {
      try {
        const r = await request(probe, port, 'GET', '/readyz');
        if (r.status === 200) break;
      } catch {
        // not listening yet
      }
      if (i > 600) throw new Error('server did not start within 60 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    await db.connect();
    const passwordHash = await hash(PASSWORD, ARGON2_OPTIONS);
    const tenant = (await db.query(`select id from tenants where slug = 'demo'`)).rows[0].id as string;
    const household = (await db.query(`select id from households where tenant_id = $1 limit 1`, [tenant]))
      .rows[0].id as string;
    log(`creating ${USERS} users`);
    await db.query(
      `with u as (
         insert into platform_users (email, display_name, password_hash)
         select 'bench' || g || '@exemple.test', 'Parent ' || g, $1 from generate_series(1, $2::int) g
         returning id)
       insert into memberships (tenant_id, user_id, household_id) select $3, id, $4 from u`,
      [passwordHash, USERS, tenant, household],
    );

    log('measuring the argon2 ceiling');
    const ceilingBefore = await argonCeiling(passwordHash);

    // A CSRF secret cookie and its token, shared by every sign-in of the storm.
    const agent = new http.Agent({ keepAlive: true, maxSockets: SOCKETS });
    const form = await request(agent, port, 'GET', '/demo/connexion');
    const csrfCookie = cookiesOf(form).join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const signIn = (email: string, a: http.Agent) =>
      request(
        a,
        port,
        'POST',
        '/demo/connexion',
        { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
        new URLSearchParams({ _csrf: csrf, email, password: PASSWORD }).toString(),
      );

    // The separate client: signed in before the storm, it loads "Mon compte" in a loop during it.
    const watcherAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const watcherLogin = await signIn('parent@demo.test', watcherAgent).catch(() => null);
    let session = watcherLogin ? cookiesOf(watcherLogin).find((c) => c.startsWith('sid=')) : undefined;
    if (!session) {
      const w = await signIn('bench1@exemple.test', watcherAgent);
      session = cookiesOf(w).find((c) => c.startsWith('sid='));
    }
    if (!session) throw new Error('the watching client could not sign in');
    const latencies: number[] = [];
    let storming = true;
    let pageErrors = 0;
    const watcher = (async () => {
      while (storming) {
        const t0 = performance.now();
        const r = await request(watcherAgent, port, 'GET', '/demo/mon-compte', { cookie: session });
        latencies.push(performance.now() - t0);
        if (r.status !== 200) pageErrors++;
        await new Promise((r) => setTimeout(r, 20));
      }
    })();

    log(`storm: ${USERS} sign-ins over ${SOCKETS} sockets`);
    const statuses = new Map<number, number>();
    let slowest503 = 0;
    let missingRetryAfter = 0;
    let lastSuccess = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: USERS }, async (_, i) => {
        const t0 = performance.now();
        const r = await signIn(`bench${i + 1}@exemple.test`, agent).catch(
          () => ({ status: 0, headers: {} }) as Res,
        );
        const t1 = performance.now();
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (r.status === 303) lastSuccess = Math.max(lastSuccess, t1);
        if (r.status === 503) {
          slowest503 = Math.max(slowest503, t1 - t0);
          if (!r.headers['retry-after']) missingRetryAfter++;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    storming = false;
    await watcher;

    // The ceiling again after the storm: on a shared machine the mean of both is the fairer yardstick.
    const ceilingAfter = await argonCeiling(passwordHash);
    const verifiesPerSec = (ceilingBefore + ceilingAfter) / 2;
    log(
      `argon2 ceiling ${Math.round(ceilingBefore)}/s before, ${Math.round(ceilingAfter)}/s after the storm`,
    );
    const ok = statuses.get(303) ?? 0;
    // Throughput while the server was signing people in: from the first request to the last success.
    const loginsPerSec = ok / ((lastSuccess - started) / 1000);
    latencies.sort((a, b) => a - b);
    const p99 = latencies[Math.min(latencies.length - 1, Math.ceil(latencies.length * 0.99) - 1)] ?? 0;
    log(`server log: ${logFile}`);
    log(
      `statuses ${JSON.stringify(Object.fromEntries(statuses))}, ${seconds.toFixed(1)} s, ` +
        `${latencies.length} page loads (${pageErrors} not 200), cores ${availableParallelism()}, ` +
        `slowest 503 ${Math.round(slowest503)} ms, 503 without Retry-After ${missingRetryAfter}`,
    );
    process.stdout.write(
      `${JSON.stringify({
        verifiesPerSec: Math.round(verifiesPerSec),
        loginsPerSec: Math.round(loginsPerSec),
        ratio: Number((loginsPerSec / verifiesPerSec).toFixed(2)),
        rejected503: statuses.get(503) ?? 0,
        loggedInPageP99Ms: Math.round(p99),
      })}\n`,
    );
    agent.destroy();
    watcherAgent.destroy();
    probe.destroy();
  } finally {
    await db.end().catch(() => {});
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
