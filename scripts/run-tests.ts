// Runs the node:test suites: unit tests (twice, under TZ=UTC and TZ=Europe/Paris), HTTP tests on PGlite,
// and the PostgreSQL suite when TEST_DATABASE_URL is set. Node 20 does not expand globs: we list files.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name === 'node_modules' || name === 'e2e') return [];
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const files = [...walk('src'), ...walk('test')].filter((f) => f.endsWith('.test.ts')).sort();
const only = process.argv.slice(2);
const pick = (f: string) => only.length === 0 || only.some((o) => f.includes(o));
const unit = files.filter((f) => !f.endsWith('.int.test.ts') && !f.endsWith('.pg.test.ts') && pick(f));
const http = files.filter((f) => f.endsWith('.int.test.ts') && pick(f));
const pgSuite = files.filter((f) => f.endsWith('.pg.test.ts') && pick(f));

function run(label: string, list: string[], env: Record<string, string> = {}): boolean {
  if (list.length === 0) return true;
  process.stdout.write(`\n# ${label}: ${list.length} file(s)\n`);
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...list],
    { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test', ...env } },
  );
  return r.status === 0;
}

let ok = true;
ok = run('unit tests, TZ=UTC', unit, { TZ: 'UTC' }) && ok;
ok = run('unit tests, TZ=Europe/Paris', unit, { TZ: 'Europe/Paris' }) && ok;
ok = run('HTTP tests on PGlite', http, { TZ: 'Europe/Paris' }) && ok;
if (process.env.TEST_DATABASE_URL) ok = run('PostgreSQL suite', pgSuite) && ok;
else if (pgSuite.length > 0)
  process.stdout.write('\n# PostgreSQL suite skipped: TEST_DATABASE_URL is not set\n');
process.exit(ok ? 0 : 1);
