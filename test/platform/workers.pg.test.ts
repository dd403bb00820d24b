// Concurrency of the outbox and jobs workers on real PostgreSQL (PGlite runs one query at a time, so
// races cannot show there). Several workers with their own connections poll the same tables at once.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { type Database, openDatabase } from '../../src/platform/db/client';
import { enqueueJob, runDueJobs } from '../../src/platform/jobs/jobs';
import type { Mailer, OutgoingMail } from '../../src/platform/mail/mailer';
import { enqueueEmail, sendDueEmails } from '../../src/platform/mail/outbox';

const url = process.env.TEST_DATABASE_URL;
const NOW = new Date('2026-11-25T09:00:00Z');
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('workers on PostgreSQL', { skip: url ? false : 'TEST_DATABASE_URL is not set' }, () => {
  const workers: Database[] = [];
  let main: Database;

  before(async () => {
    main = await openDatabase({ url, poolMax: 4 });
    await main.migrate();
    // Each worker has its own pool, as separate processes would.
    for (let i = 0; i < 4; i++) workers.push(await openDatabase({ url, poolMax: 2 }));
  });
  beforeEach(async () => {
    await main.db.execute(sql`truncate outbox_emails, jobs`);
  });
  after(async () => {
    for (const w of workers) await w.close();
    await main?.close();
  });

  it('four workers never send the same message twice', async () => {
    const total = 300;
    await main.db.transaction(async (tx) => {
      for (let i = 0; i < total; i++)
        await enqueueEmail(tx, { tenantId: null, to: `p${i}@exemple.test`, subject: `n°${i}`, text: 'x' });
    });
    const delivered: string[] = [];
    const byWorker = workers.map(() => 0);
    const mailer = (w: number): Mailer => ({
      kind: 'smtp',
      async send(m: OutgoingMail) {
        await pause(Math.random() * 3);
        delivered.push(m.messageId);
        byWorker[w]!++;
      },
      close() {},
    });
    await Promise.all(
      workers.map(async (w, i) => {
        // Keep polling until a few consecutive passes find nothing (others may still hold claims).
        let idle = 0;
        while (idle < 3) {
          const n = await sendDueEmails(w.db, mailer(i), 'x@test', NOW, 7);
          idle = n === 0 ? idle + 1 : 0;
          if (n === 0) await pause(10);
        }
      }),
    );
    assert.equal(delivered.length, total, 'every message sent');
    assert.equal(new Set(delivered).size, total, 'no message sent twice');
    assert.ok(byWorker.filter((n) => n > 0).length >= 2, `work was shared: ${byWorker.join('/')}`);
    const res = await main.db.execute<{ status: string; n: string | number }>(
      sql`select status, count(*) as n from outbox_emails group by status`,
    );
    const rows = (res as unknown as { rows: { status: string; n: string | number }[] }).rows;
    assert.deepEqual(
      rows.map((r) => [r.status, Number(r.n)]),
      [['sent', total]],
    );
  });

  it('four workers never run the same job twice', async () => {
    const total = 200;
    await main.db.transaction(async (tx) => {
      for (let i = 0; i < total; i++) await enqueueJob(tx, { kind: 'count', payload: { i } });
    });
    const runs: number[] = [];
    const handlers = {
      count: async (payload: unknown) => {
        await pause(Math.random() * 3);
        runs.push((payload as { i: number }).i);
      },
    };
    await Promise.all(
      workers.map(async (w) => {
        let idle = 0;
        while (idle < 3) {
          const n = await runDueJobs(w.db, handlers, NOW, 5);
          idle = n === 0 ? idle + 1 : 0;
          if (n === 0) await pause(10);
        }
      }),
    );
    assert.equal(runs.length, total);
    assert.equal(new Set(runs).size, total);
    const res = await main.db.execute(
      sql`select count(*) as n from jobs where status = 'done' and attempts = 1`,
    );
    assert.equal(Number((res as unknown as { rows: { n: string }[] }).rows[0]!.n), total);
  });

  it('concurrent enqueues with the same dedupeKey create one job', async () => {
    const results = await Promise.all(
      workers.flatMap((w) =>
        [1, 2, 3].map(() => enqueueJob(w.db, { kind: 'count', dedupeKey: 'invoice-run:t1:2026-11' })),
      ),
    );
    assert.equal(results.filter(Boolean).length, 1);
    const res = await main.db.execute(sql`select count(*) as n from jobs`);
    assert.equal(Number((res as unknown as { rows: { n: string }[] }).rows[0]!.n), 1);
  });
});
