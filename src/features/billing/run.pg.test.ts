// The monthly run on real PostgreSQL: concurrent passes of the same run (plus an invoice issued by hand
// at the same time) and a crashed then resumed run give numbers 1..N with no gap and no duplicate.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asc, eq } from 'drizzle-orm';
import { createIssuedInvoice } from '../../../test/helpers/billing-factories';
import { createHousehold, createStaff } from '../../../test/helpers/factories';
import { useOwnPgDatabase } from '../../../test/helpers/pg-database';
import type { Db } from '../../platform/db/client';
import type { StaffActor } from '../../platform/http/policies';
import { invoices } from './billing.schema';
import { billingRuns } from './run.schema';
import { issueRun, openRun, runHooks, startIssue } from './run.service';
import { billingWorld } from './run.test-support';

const url = process.env.TEST_DATABASE_URL;
const NOW = new Date('2026-11-25T09:00:00Z');

async function preparedRun(db: Db, families: number) {
  const w = await billingWorld(db, families);
  const user = await createStaff(db, w.tenant.id, ['accountant']);
  const staff = {
    actor: { userId: user.id, email: user.email, displayName: 'Régie', isOperator: false, membership: null },
    tenant: w.tenant,
    roles: ['accountant'],
    facilityIds: [],
  } as unknown as StaffActor;
  const run = await openRun(db, { staff, now: NOW, input: { month: '2026-10' } });
  assert.equal(await startIssue(db, { staff, now: NOW, runId: run.id }), 'started');
  return { ...w, run, staff };
}

const sequences = async (db: Db, tenantId: string) =>
  (
    await db.select().from(invoices).where(eq(invoices.tenantId, tenantId)).orderBy(asc(invoices.sequence))
  ).map((i) => i.sequence);
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('billing run on PostgreSQL', { skip: url ? false : 'TEST_DATABASE_URL is not set' }, () => {
  const own = useOwnPgDatabase('_billing_run', 12);

  it('three concurrent passes of the same run and a hand-made invoice: 1..N, no gap, no duplicate', async () => {
    const db = own.database.db;
    const w = await preparedRun(db, 24);
    const { household } = await createHousehold(db, w.tenant.id);
    const results = await Promise.all([
      issueRun(db, { tenantId: w.tenant.id, runId: w.run.id, now: NOW, batchSize: 5 }),
      issueRun(db, { tenantId: w.tenant.id, runId: w.run.id, now: NOW, batchSize: 7 }),
      issueRun(db, { tenantId: w.tenant.id, runId: w.run.id, now: NOW, batchSize: 5 }),
      createIssuedInvoice(db, w.tenant.id, household.id, { issuedOn: '2026-11-25' }),
    ]);
    const passes = results.slice(0, 3) as { issued: number }[];
    assert.equal(
      passes.reduce((s, r) => s + r.issued, 0),
      24,
      'each household issued by exactly one pass',
    );
    assert.deepEqual(await sequences(db, w.tenant.id), range(25));
    const runInvoices = await db.select().from(invoices).where(eq(invoices.runId, w.run.id));
    assert.equal(new Set(runInvoices.map((i) => i.householdId)).size, 24);
    const [run] = await db.select().from(billingRuns).where(eq(billingRuns.id, w.run.id));
    assert.equal(run!.status, 'issued');
    // Running it again does nothing.
    assert.equal((await issueRun(db, { tenantId: w.tenant.id, runId: w.run.id, now: NOW })).issued, 0);
    assert.equal(await startIssue(db, { staff: w.staff, now: NOW, runId: w.run.id }), 'already');
    assert.deepEqual(await sequences(db, w.tenant.id), range(25));
  });

  it('a run that crashes after 7 households resumes (twice at once) without a gap or a duplicate', async () => {
    const db = own.database.db;
    const w = await preparedRun(db, 15);
    runHooks.afterHousehold = (n) => {
      if (n === 7) throw new Error('crash simulé');
    };
    await assert.rejects(
      issueRun(db, { tenantId: w.tenant.id, runId: w.run.id, now: NOW, batchSize: 4 }),
      /crash simulé/,
    );
    runHooks.afterHousehold = undefined;
    assert.deepEqual(await sequences(db, w.tenant.id), range(7));
    const [mid] = await db.select().from(billingRuns).where(eq(billingRuns.id, w.run.id));
    assert.equal(mid!.status, 'issuing');
    await Promise.all([
      issueRun(db, { tenantId: w.tenant.id, runId: w.run.id, now: NOW, batchSize: 3 }),
      issueRun(db, { tenantId: w.tenant.id, runId: w.run.id, now: NOW, batchSize: 3 }),
    ]);
    assert.deepEqual(await sequences(db, w.tenant.id), range(15));
    const [run] = await db.select().from(billingRuns).where(eq(billingRuns.id, w.run.id));
    assert.equal(run!.status, 'issued');
    assert.equal(run!.householdsDone, 15);
  });
});
