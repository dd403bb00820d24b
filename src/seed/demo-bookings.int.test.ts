import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { useTestApp } from '../../test/helpers/app';
import { seedDemo } from './demo';

const t = useTestApp();

describe('demo bookings', () => {
  it('gives the demo parent three confirmed Wednesdays and one waiting-list entry in the coming weeks', async () => {
    await seedDemo(t.db, undefined, t.clock.now());
    const res = await t.db.execute(sql`select b.status, b.day from bookings b
      join household_children hc on hc.child_id = b.child_id
      join memberships m on m.household_id = hc.household_id
      join platform_users u on u.id = m.user_id
      where u.email = 'parent@demo.test' order by b.day`);
    const rows = (res as unknown as { rows: { status: string; day: string }[] }).rows;
    assert.deepEqual(
      rows.map((r) => r.status),
      ['confirmed', 'confirmed', 'confirmed', 'waiting'],
    );
    assert.ok(rows.every((r) => String(r.day) > '2026-12-02'));
    const sub = await t.db.execute(sql`select s.request_number from booking_submissions s
      join memberships m on m.household_id = s.household_id
      join platform_users u on u.id = m.user_id where u.email = 'parent@demo.test'`);
    assert.equal((sub as unknown as { rows: unknown[] }).rows.length, 1);
  });
});
