import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { useTestApp } from '../../test/helpers/app';
import { invoices } from '../features/billing/billing.schema';
import { billingRuns } from '../features/billing/run.schema';
import { tariffVersions } from '../features/billing/tariffs.schema';
import { households } from '../features/households/households.schema';
import { seedDemo } from './demo';

const t = useTestApp();

describe('demo billing seed', () => {
  it('prices every unit and issues October 2026 (not the Martins, who book for themselves)', async () => {
    await seedDemo(t.db);
    const versions = await t.db.select().from(tariffVersions);
    assert.deepEqual([...new Set(versions.map((v) => v.mode))].sort(), ['brackets', 'effort', 'flat']);
    const [run] = await t.db.select().from(billingRuns);
    assert.equal(run!.status, 'issued');
    assert.equal(run!.periodStart, '2026-10-01');
    const issued = await t.db.select().from(invoices);
    assert.ok(issued.length >= 10, `${issued.length} invoices`);
    assert.deepEqual(
      issued.map((i) => i.sequence).sort((a, b) => a - b),
      issued.map((_, i) => i + 1),
    );
    const [martin] = await t.db.select().from(households).where(eq(households.name, 'Martin'));
    // The Martins' invoices come from the online-payment seed (no run); the October run skips them.
    assert.ok(!issued.some((i) => i.householdId === martin!.id && i.runId === run!.id));
    assert.ok(issued.filter((i) => i.runId === run!.id).length >= 10);
  });
});
