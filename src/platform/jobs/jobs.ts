import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { jobs } from './jobs.schema';

export interface JobContext {
  db: Db;
  now: Date;
  jobId: string;
  tenantId: string | null;
  /** Records progress (0–100) so staff pages can show a progress bar. */
  progress(percent: number): Promise<void>;
}

export type JobHandler = (payload: unknown, ctx: JobContext) => Promise<void>;

export interface NewJob {
  kind: string;
  tenantId?: string | null;
  payload?: unknown;
  runAt?: Date;
  /**
   * Enqueue at most once for this key, ever (a replayed use case does not add a second job, even after
   * the first has finished). The key is global: include the tenant id in it.
   */
  dedupeKey?: string;
  /** Attempts before the job is marked failed (default 10). */
  maxAttempts?: number;
}

/** Adds a job in the caller's transaction; it runs after commit. Returns false when deduplicated. */
export async function enqueueJob(db: Db, job: NewJob): Promise<boolean> {
  const rows = await db
    .insert(jobs)
    .values({
      kind: job.kind,
      tenantId: job.tenantId ?? null,
      payload: job.payload ?? {},
      // Due at once unless told otherwise. Not new Date() nor now(): the worker compares with the
      // injected clock, which tests keep behind real time.
      runAt: job.runAt ?? ASAP,
      dedupeKey: job.dedupeKey ?? null,
      ...(job.maxAttempts ? { maxAttempts: job.maxAttempts } : {}),
    })
    .onConflictDoNothing({ target: jobs.dedupeKey })
    .returning({ id: jobs.id });
  return rows.length > 0;
}

const ASAP = new Date(0);
/** How long a claim lasts: a job whose worker died is taken again after this. */
export const JOB_LOCK_MS = 5 * 60_000;

/** Back-off after the n-th failed attempt: 20 s, 40 s, 80 s… capped at 1 h. */
export function jobRetryDelayMs(attempt: number): number {
  return Math.min(3_600_000, 10_000 * 2 ** Math.max(1, attempt));
}

/**
 * Claims due jobs with FOR UPDATE SKIP LOCKED and runs them. A job whose process died is taken again
 * once its claim expires, so handlers must be idempotent (they are written to resume).
 */
export async function runDueJobs(
  db: Db,
  handlers: Record<string, JobHandler>,
  now: Date,
  batch = 5,
): Promise<number> {
  const kinds = Object.keys(handlers);
  if (kinds.length === 0) return 0;
  const claimed = await db.transaction(async (tx) => {
    // A job that keeps killing its worker (claim expired while running) must not be retried forever.
    await tx
      .update(jobs)
      .set({ status: 'failed', lockedUntil: null, finishedAt: now, lastError: 'worker lost while running' })
      .where(
        and(
          eq(jobs.status, 'running'),
          lt(jobs.lockedUntil, now),
          sql`${jobs.attempts} >= ${jobs.maxAttempts}`,
          inArray(jobs.kind, kinds),
        ),
      );
    const due = await tx
      .select({ id: jobs.id })
      .from(jobs)
      .where(
        and(
          inArray(jobs.kind, kinds),
          or(eq(jobs.status, 'pending'), and(eq(jobs.status, 'running'), lt(jobs.lockedUntil, now))),
          lte(jobs.runAt, now),
          or(isNull(jobs.lockedUntil), lt(jobs.lockedUntil, now)),
        ),
      )
      .orderBy(asc(jobs.runAt), asc(jobs.createdAt))
      .limit(batch)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(jobs)
      .set({
        status: 'running',
        lockedUntil: new Date(now.getTime() + JOB_LOCK_MS),
        attempts: sql`${jobs.attempts} + 1`,
      })
      .where(
        inArray(
          jobs.id,
          due.map((d) => d.id),
        ),
      )
      .returning();
  });
  for (const job of claimed) {
    const handler = handlers[job.kind]!;
    try {
      await handler(job.payload, {
        db,
        now,
        jobId: job.id,
        tenantId: job.tenantId,
        progress: async (p) => {
          await db
            .update(jobs)
            .set({ progress: Math.max(0, Math.min(100, Math.round(p))) })
            .where(eq(jobs.id, job.id));
        },
      });
    } catch (err) {
      const failed = job.attempts >= job.maxAttempts;
      await db
        .update(jobs)
        .set({
          status: failed ? 'failed' : 'pending',
          lockedUntil: null,
          runAt: new Date(now.getTime() + jobRetryDelayMs(job.attempts)),
          finishedAt: failed ? now : null,
          lastError: String((err as Error).message ?? err).slice(0, 1000),
        })
        .where(eq(jobs.id, job.id));
      continue;
    }
    // Outside the try: a failure to record success must not requeue a job that has run.
    await db
      .update(jobs)
      .set({ status: 'done', progress: 100, finishedAt: now, lockedUntil: null, lastError: null })
      .where(eq(jobs.id, job.id));
  }
  return claimed.length;
}
