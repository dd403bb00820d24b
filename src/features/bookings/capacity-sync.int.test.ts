import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { useTestApp } from '../../../test/helpers/app';
import { createBookableActivity, enroll } from '../../../test/helpers/booking-factories';
import { createFamily, createStaff, createTenant } from '../../../test/helpers/factories';
import { jobs } from '../../platform/jobs/jobs.schema';
import { unitCapacities } from '../catalogue/catalogue.schema';
import { deleteCapacity, deleteUnit, setCapacity, updateUnit } from '../catalogue/catalogue.service';
import { enrollmentsUsingUnit } from '../enrollments/enrollments.service';
import { bookingCapacity, bookings } from './bookings.schema';
import { confirmBasket } from './confirm';

const t = useTestApp();

async function setup(capacity: number) {
  const tenant = await createTenant(t.db);
  const cat = await createBookableActivity(t.db, tenant.id, { capacity });
  const admin = await createStaff(t.db, tenant.id, ['admin']);
  const change = { db: t.db, tenantId: tenant.id, userId: admin.id, now: t.clock.now() };
  let n = 0;
  const bookDay = async (day: string) => {
    const f = await createFamily(t.db, tenant.id);
    await enroll(t.db, tenant.id, f.household.id, f.child.id, cat.activity.id, cat.period.id);
    t.clock.advanceMs(1000);
    return confirmBasket({
      db: t.db,
      tenant,
      householdId: f.household.id,
      idempotencyKey: `k${n++}`,
      basketId: null,
      lines: [{ childId: f.child.id, day, unitId: cat.journee.id, op: 'add' }],
      now: t.clock.now(),
      actorUserId: f.user.id,
    });
  };
  const cap = async (day: string) => {
    const [r] = await t.db
      .select()
      .from(bookingCapacity)
      .where(and(eq(bookingCapacity.unitId, cat.journee.id), eq(bookingCapacity.day, day)));
    return r ? { capacity: r.capacity, remaining: r.remaining } : null;
  };
  return { tenant, cat, change, bookDay, cap };
}

const unitValues = (
  u: Awaited<ReturnType<typeof createBookableActivity>>['journee'],
  capacity: number | null,
) => {
  const { tenantId: _t, id: _i, activityId: _a, ...rest } = u;
  return { ...rest, capacity };
};

describe('capacity changes from the catalogue resync booking capacity rows', () => {
  it('raises a day override: remaining follows and the waiting list is promoted', async () => {
    const s = await setup(1);
    await s.bookDay('2026-12-02');
    await s.bookDay('2026-12-02'); // waiting
    assert.deepEqual(await s.cap('2026-12-02'), { capacity: 1, remaining: 0 });
    await setCapacity(s.change, s.cat.journee.id, { groupId: null, day: '2026-12-02', capacity: 3 });
    assert.deepEqual(await s.cap('2026-12-02'), { capacity: 3, remaining: 2 });
    assert.equal((await t.db.select().from(jobs).where(eq(jobs.kind, 'bookings.promote-waiting'))).length, 1);
    await t.worker.tick();
    const confirmed = await t.db.select().from(bookings).where(eq(bookings.status, 'confirmed'));
    assert.equal(confirmed.length, 2);
    assert.deepEqual(await s.cap('2026-12-02'), { capacity: 3, remaining: 1 });
  });

  it('refuses to lower below what is booked, with a French message, and changes nothing', async () => {
    const s = await setup(3);
    await s.bookDay('2026-12-09');
    await s.bookDay('2026-12-09');
    await assert.rejects(
      setCapacity(s.change, s.cat.journee.id, { groupId: null, day: null, capacity: 1 }),
      (err: Error & { fields?: Record<string, string> }) =>
        /2 enfants sont déjà réservés le mercredi 9 décembre 2026/.test(err.fields?.c_capacity ?? ''),
    );
    assert.equal((await t.db.select().from(unitCapacities)).length, 0);
    assert.deepEqual(await s.cap('2026-12-09'), { capacity: 3, remaining: 1 });
    // Lowering to exactly what is booked is fine.
    await updateUnit(s.change, s.cat.journee.id, unitValues(s.cat.journee, 2));
    assert.deepEqual(await s.cap('2026-12-09'), { capacity: 2, remaining: 0 });
    await assert.rejects(
      updateUnit(s.change, s.cat.journee.id, unitValues(s.cat.journee, 1)),
      (
        err: Error & {
          fields?: Record<string, string>;
        },
      ) => /déjà réservés/.test(err.fields?.u_capacity ?? ''),
    );
  });

  it('deleting an override goes back to the unit capacity (refused when too many are booked)', async () => {
    const s = await setup(1);
    const row = await setCapacity(s.change, s.cat.journee.id, {
      groupId: null,
      day: '2026-12-16',
      capacity: 2,
    });
    await s.bookDay('2026-12-16');
    await s.bookDay('2026-12-16');
    assert.deepEqual(await s.cap('2026-12-16'), { capacity: 2, remaining: 0 });
    await assert.rejects(deleteCapacity(s.change, s.cat.journee.id, row.id), /déjà réservés/);
    assert.equal((await t.db.select().from(unitCapacities)).length, 1);
  });

  it('past days are left alone; a unit with bookings cannot be deleted', async () => {
    const s = await setup(2);
    await s.bookDay('2026-12-02');
    t.clock.set('2026-12-03T09:00:00Z');
    await updateUnit({ ...s.change, now: t.clock.now() }, s.cat.journee.id, unitValues(s.cat.journee, 0));
    assert.deepEqual(await s.cap('2026-12-02'), { capacity: 2, remaining: 1 });
    assert.equal(await enrollmentsUsingUnit(t.db, s.tenant.id, s.cat.journee.id), 1);
    await assert.rejects(deleteUnit(s.change, s.cat.journee.id, enrollmentsUsingUnit), /l’utilise/);
  });
});
