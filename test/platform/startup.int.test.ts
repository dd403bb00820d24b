// A bad environment stops the real process with exactly one line naming the variable, and exit code 1.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

function startMain(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'maisonnee-startup-'));
  const base: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'development' };
  delete base.DATABASE_URL;
  delete base.PORT;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...base, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `main.ts did not exit within 120 s (a hang guard, not a timing check):\n${stdout}${stderr}`,
        ),
      );
    }, 120_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      rmSync(dataDir, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    });
  });
}

function assertOneLineNaming(r: { code: number | null; stdout: string; stderr: string }, variable: string) {
  assert.equal(r.code, 1, `exit code (stderr: ${r.stderr})`);
  assert.equal(r.stdout, '', 'nothing on stdout');
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  assert.equal(lines.length, 1, `exactly one line, got:\n${r.stderr}`);
  assert.match(lines[0]!, new RegExp(`\\b${variable}\\b`));
}

describe('start-up with a bad environment', { concurrency: true }, () => {
  it('an unreachable DATABASE_URL: one line, exit 1, no password shown', async () => {
    const r = await startMain({ DATABASE_URL: 'postgres://nobody:hunter2-secret@127.0.0.1:1/x' });
    assertOneLineNaming(r, 'DATABASE_URL');
    assert.doesNotMatch(r.stderr, /hunter2-secret/);
  });

  it('a DATABASE_URL that is not a PostgreSQL URL: one line, exit 1', async () => {
    assertOneLineNaming(await startMain({ DATABASE_URL: 'mysql://nobody@127.0.0.1/x' }), 'DATABASE_URL');
  });

  it('a PORT that is not a number: one line, exit 1', async () => {
    assertOneLineNaming(await startMain({ PORT: 'abc' }), 'PORT');
  });

  it('a PORT out of range: one line, exit 1', async () => {
    assertOneLineNaming(await startMain({ PORT: '70000' }), 'PORT');
  });
});
