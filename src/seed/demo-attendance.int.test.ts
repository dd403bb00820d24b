import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { useTestApp } from '../../test/helpers/app';
import { seedDemo } from './demo';
import { demoRegisterDays } from './demo-attendance';

const t = useTestApp();

describe('demo bookings seed', () => {
  it('books the Mercredis children (not the Martins) on open Wednesdays, within every capacity', async () => {
    await seedDemo(t.db);
    const days = demoRegisterDays();
    assert.ok(days.includes('2026-11-25'));
    assert.ok(!days.includes('2026-12-23'), 'Christmas holidays are closed');
    const rows = async (q: ReturnType<typeof sql>) =>
      ((await t.db.execute(q)) as unknown as { rows: Record<string, unknown>[] }).rows;
    const perDay = await rows(sql`select day::text as day, count(*)::int as n from bookings
      where status = 'confirmed' and day >= '2026-11-01' group by day order by day`); // October: demo-billing.ts
    assert.deepEqual(
      perDay.map((r) => r.day),
      days,
    );
    assert.ok(perDay.every((r) => Number(r.n) >= 10));
    // The Martins' bookings are the demo parent's own request (demo-bookings.ts), not the register's.
    const martins = await rows(sql`select count(*)::int as n from bookings b
      join households h on h.id = b.household_id where h.name = 'Martin' and b.submission_id is null`);
    assert.equal(Number(martins[0]!.n), 0);
    // No cell over its capacity: Journée per group, the other units as a whole.
    const over = await rows(sql`select b.unit_id, b.day, b.group_key, count(*)::int as n,
        coalesce(max(g.capacity), max(u.capacity)) as cap
      from bookings b join units u on u.id = b.unit_id
      left join activity_groups g on g.id::text = b.group_key
      group by b.unit_id, b.day, b.group_key
      having count(*) > coalesce(max(g.capacity), max(u.capacity))`);
    assert.deepEqual(over, []);
  });
});
