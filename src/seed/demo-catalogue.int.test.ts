import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { useTestApp } from '../../test/helpers/app';
import { seedDemo } from './demo';

const t = useTestApp();

describe('demo catalogue seed', () => {
  it('holds the catalogue, deadlines, groups and enrollments the demo relies on', async () => {
    await seedDemo(t.db);
    const rows = async (q: ReturnType<typeof sql>) =>
      (await t.db.execute(q)) as unknown as { rows: Record<string, unknown>[] };
    const units =
      await rows(sql`select a.name as activity, u.name, u.incompatible_unit_ids, u.required_unit_ids, u.day_type
      from units u join activities a on a.id = u.activity_id order by a.name, u.position`);
    const mercredis = units.rows.filter((u) => u.activity === 'Mercredis');
    assert.deepEqual(
      mercredis.map((u) => u.name),
      ['Journée', 'Matin', 'Après-midi', 'Repas'],
    );
    assert.equal((mercredis[0]!.incompatible_unit_ids as string[]).length, 2);
    assert.equal((mercredis[3]!.required_unit_ids as string[]).length, 1);
    assert.ok(units.rows.filter((u) => u.activity === 'Cantine').every((u) => u.day_type === 'school_days'));
    const spring = await rows(
      sql`select allocation_mode from periods where name = 'Vacances de printemps 2027'`,
    );
    assert.equal(spring.rows[0]!.allocation_mode, 'request_window');
    const deadlines = await rows(
      sql`select count(*)::int as n from activities where booking_deadline is not null`,
    );
    assert.ok(Number(deadlines.rows[0]!.n) >= 5);
    const states = await rows(sql`select e.status, count(*)::int as n from enrollments e group by 1`);
    const by = Object.fromEntries(states.rows.map((r) => [r.status, Number(r.n)]));
    assert.ok(by.accepted! > 10 && by.pending! >= 1 && by.waiting! >= 1, JSON.stringify(by));
    const martin =
      await rows(sql`select c.first_name, e.status from enrollments e join children c on c.id = e.child_id
      join activities a on a.id = e.activity_id where c.last_name = 'Martin' and a.name = 'Mercredis' order by 1`);
    assert.deepEqual(martin.rows, [
      { first_name: 'Emma', status: 'accepted' },
      { first_name: 'Léo', status: 'accepted' },
    ]);
    // No group over capacity.
    const over = await rows(sql`select g.id from activity_groups g where g.capacity <
      (select count(*) from enrollments e where e.group_id = g.id and e.status = 'accepted')`);
    assert.equal(over.rows.length, 0);
  });
});
