import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import {
  enqueueJob,
  JOB_LOCK_MS,
  type JobHandler,
  jobRetryDelayMs,
  runDueJobs,
} from '../../src/platform/jobs/jobs';
import { jobs } from '../../src/platform/jobs/jobs.schema';
import { useTestApp } from '../helpers/app';
import { createTenant } from '../helpers/factories';

describe('jobs', () => {
  const t = useTestApp();
  const all = () => t.db.select().from(jobs);
  const one = async (id?: string) =>
    (await (id ? t.db.select().from(jobs).where(eq(jobs.id, id)) : all()))[0]!;
  const run = (handlers: Record<string, JobHandler>) => runDueJobs(t.db, handlers, t.clock.now());

  it('a job enqueued in a rolled-back transaction never runs', async () => {
    let ran = 0;
    await assert.rejects(
      t.db.transaction(async (tx) => {
        await enqueueJob(tx, { kind: 'test.count' });
        throw new Error('rollback');
      }),
    );
    assert.equal(await run({ 'test.count': async () => void ran++ }), 0);
    assert.equal(ran, 0);
  });

  it('runs with payload, tenant and progress, then is done', async () => {
    const tenant = await createTenant(t.db);
    await enqueueJob(t.db, { kind: 'invoices.run', tenantId: tenant.id, payload: { month: '2026-11' } });
    const seen: unknown[] = [];
    await run({
      'invoices.run': async (payload, ctx) => {
        seen.push(payload, ctx.tenantId);
        await ctx.progress(40.4);
        const mid = await one(ctx.jobId);
        seen.push(mid.progress, mid.status);
        await ctx.progress(250);
        seen.push((await one(ctx.jobId)).progress);
      },
    });
    assert.deepEqual(seen, [{ month: '2026-11' }, tenant.id, 40, 'running', 100]);
    const job = await one();
    assert.equal(job.status, 'done');
    assert.equal(job.progress, 100);
    assert.equal(job.attempts, 1);
    assert.equal(job.finishedAt?.toISOString(), t.clock.now().toISOString());
    assert.equal(await run({ 'invoices.run': async () => assert.fail('ran twice') }), 0);
  });

  it('dedupeKey: enqueued once, even after the first run', async () => {
    assert.equal(await enqueueJob(t.db, { kind: 'k', dedupeKey: 'reminder:t1:2026-11-25' }), true);
    assert.equal(await enqueueJob(t.db, { kind: 'k', dedupeKey: 'reminder:t1:2026-11-25' }), false);
    assert.equal(await enqueueJob(t.db, { kind: 'k', dedupeKey: 'reminder:t1:2026-11-26' }), true);
    assert.equal(await enqueueJob(t.db, { kind: 'k' }), true);
    assert.equal(await enqueueJob(t.db, { kind: 'k' }), true, 'no key, no deduplication');
    await run({ k: async () => {} });
    assert.equal(await enqueueJob(t.db, { kind: 'k', dedupeKey: 'reminder:t1:2026-11-25' }), false);
    assert.equal((await all()).length, 4);
  });

  it('waits for runAt on the injected clock', async () => {
    let ran = 0;
    await enqueueJob(t.db, { kind: 'later', runAt: new Date(t.clock.now().getTime() + 60_000) });
    assert.equal(await run({ later: async () => void ran++ }), 0);
    t.clock.advanceMs(60_000);
    assert.equal(await run({ later: async () => void ran++ }), 1);
    assert.equal(ran, 1);
  });

  it('retries with back-off, then succeeds', async () => {
    let calls = 0;
    const flaky: JobHandler = async () => {
      calls++;
      if (calls <= 2) throw new Error(`panne ${calls}`);
    };
    await enqueueJob(t.db, { kind: 'flaky' });
    for (let attempt = 1; attempt <= 2; attempt++) {
      assert.equal(await run({ flaky }), 1);
      const job = await one();
      assert.equal(job.status, 'pending');
      assert.equal(job.attempts, attempt);
      assert.equal(job.lastError, `panne ${attempt}`);
      assert.equal(job.runAt.getTime(), t.clock.now().getTime() + jobRetryDelayMs(attempt));
      assert.equal(await run({ flaky }), 0, 'not before the back-off');
      t.clock.advanceMs(jobRetryDelayMs(attempt));
    }
    assert.equal(await run({ flaky }), 1);
    const job = await one();
    assert.equal(job.status, 'done');
    assert.equal(job.attempts, 3);
    assert.equal(job.lastError, null);
    assert.deepEqual([1, 2, 3, 20].map(jobRetryDelayMs), [20_000, 40_000, 80_000, 3_600_000]);
  });

  it('fails for good after maxAttempts', async () => {
    let calls = 0;
    await enqueueJob(t.db, { kind: 'broken', maxAttempts: 3 });
    for (let i = 0; i < 6; i++) {
      await run({
        broken: async () => {
          calls++;
          throw new Error('toujours en panne');
        },
      });
      t.clock.advanceMs(3_600_000);
    }
    assert.equal(calls, 3);
    const job = await one();
    assert.equal(job.status, 'failed');
    assert.equal(job.attempts, 3);
    assert.ok(job.finishedAt);
    assert.match(job.lastError!, /toujours en panne/);
  });

  it('a job whose worker died is taken again when its claim expires; a poison job ends failed', async () => {
    let started = 0;
    const crashing = {
      stuck: () => {
        started++;
        return new Promise<void>(() => {});
      },
    };
    await enqueueJob(t.db, { kind: 'stuck', maxAttempts: 2 });
    void runDueJobs(t.db, crashing, t.clock.now());
    while (started === 0) await new Promise((r) => setTimeout(r, 5));
    assert.equal((await one()).status, 'running');
    let resumed = 0;
    const resume = { stuck: async () => void resumed++ };
    assert.equal(await run(resume), 0, 'still claimed');
    t.clock.advanceMs(JOB_LOCK_MS + 1000);
    // Second claim crashes as well.
    void runDueJobs(t.db, crashing, t.clock.now());
    while (started === 1) await new Promise((r) => setTimeout(r, 5));
    t.clock.advanceMs(JOB_LOCK_MS + 1000);
    assert.equal(await run(resume), 0);
    assert.equal(resumed, 0);
    const job = await one();
    assert.equal(job.status, 'failed');
    assert.equal(job.lastError, 'worker lost while running');
    assert.equal(job.attempts, 2);
  });

  it('a job of a kind no handler knows stays pending', async () => {
    await enqueueJob(t.db, { kind: 'future.kind' });
    assert.equal(await run({ other: async () => {} }), 0);
    assert.equal((await one()).status, 'pending');
  });

  it('the app worker runs the platform jobs (sessions.purge)', async () => {
    await enqueueJob(t.db, { kind: 'sessions.purge' });
    await t.worker.tick();
    assert.equal((await one()).status, 'done');
  });
});
