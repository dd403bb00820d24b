// Runs the browser journeys: every test/e2e/*.e2e.ts with node's test runner (Node 20 does not expand
// globs: files are listed explicitly). Optional arguments filter file names. Exits non-zero on failure.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = join('test', 'e2e');
const only = process.argv.slice(2);
const files = (existsSync(dir) ? readdirSync(dir) : [])
  .filter((f) => f.endsWith('.e2e.ts'))
  .map((f) => join(dir, f))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

if (files.length === 0) {
  process.stderr.write(
    `No browser test matched in ${dir}${only.length ? ` (filter: ${only.join(' ')})` : ''}\n`,
  );
  process.exit(1);
}
const concurrency = process.env.E2E_CONCURRENCY ?? '2';
process.stdout.write(`# browser tests: ${files.length} file(s), concurrency ${concurrency}\n`);
const started = Date.now();
const r = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${concurrency}`,
    '--test-timeout=180000',
    '--test-reporter=spec',
    ...files,
  ],
  { stdio: 'inherit', env: { ...process.env, TZ: process.env.TZ ?? 'Europe/Paris' } },
);
process.stdout.write(`# browser tests finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
process.exit(r.status === 0 ? 0 : 1);
