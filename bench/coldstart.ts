// Cold start (P7): starts the server twice on the same temporary DATA_DIR. The first start migrates and
// seeds; the second is the one measured against the ≤ 3 s budget: spawn → first /readyz answering 200.
// Prints one JSON line: {"firstStartMs":…,"secondStartMs":…}. Usage: npm run bench:coldstart
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

function freePort(): Promise<number> {
  return new Promise((ok, ko) => {
    const s = createServer();
    s.on('error', ko);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => ok(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

async function startOnce(dataDir: string): Promise<number> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  delete env.SMTP_URL;
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
  });
  let exited = false;
  const done = new Promise<void>((ok) =>
    child.on('exit', () => {
      exited = true;
      ok();
    }),
  );
  try {
    for (;;) {
      if (exited) throw new Error(`the server exited before /readyz:\n${out}`);
      if (performance.now() - started > 120_000) throw new Error(`no /readyz within 120 s:\n${out}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(1000) });
        if (res.status === 200) return Math.round(performance.now() - started);
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    child.kill('SIGTERM');
    await done;
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'maisonnee-coldstart-'));
try {
  const firstStartMs = await startOnce(dataDir);
  const secondStartMs = await startOnce(dataDir);
  process.stdout.write(`${JSON.stringify({ firstStartMs, secondStartMs })}\n`);
  // Wall times depend on what else runs: say how busy the machine was.
  process.stderr.write(`(load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} CPUs)\n`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
