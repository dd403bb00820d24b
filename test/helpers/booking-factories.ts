import { eq } from 'drizzle-orm';
import { activities, unitCapacities, units } from '../../src/features/catalogue/catalogue.schema';
import type { DeadlineRule } from '../../src/features/catalogue/domain/deadlines';
import { enrollments } from '../../src/features/enrollments/enrollments.schema';
import type { Db } from '../../src/platform/db/client';
import { createCatalogue } from './factories';

export interface BookableSetupOptions {
  /** Places per day of the "Journée" unit (null: unlimited). */
  capacity?: number | null;
  bookingDeadline?: DeadlineRule | null;
  cancelDeadline?: DeadlineRule | null;
  lateChangePolicy?: 'refuse' | 'request';
  bookingValidation?: 'auto' | 'staff';
}

/**
 * A Wednesday activity (2026-09-01 → 2027-07-02) with three units: Journée (capacity), Matin
 * (incompatible with Journée) and Repas (requires Matin), all open on Wednesdays.
 */
export async function createBookableActivity(db: Db, tenantId: string, o: BookableSetupOptions = {}) {
  const { facility, activity, period } = await createCatalogue(db, tenantId);
  await db
    .update(activities)
    .set({
      bookingDeadline: o.bookingDeadline ?? null,
      cancelDeadline: o.cancelDeadline ?? null,
      lateChangePolicy: o.lateChangePolicy ?? 'refuse',
      bookingValidation: o.bookingValidation ?? 'auto',
    })
    .where(eq(activities.id, activity.id));
  const [journee] = await db
    .insert(units)
    .values({
      tenantId,
      activityId: activity.id,
      name: 'Journée',
      kind: 'day',
      startTime: '08:30',
      endTime: '17:30',
      position: 0,
      weekdays: [3],
      capacity: o.capacity === undefined ? 20 : o.capacity,
    })
    .returning();
  const [matin] = await db
    .insert(units)
    .values({
      tenantId,
      activityId: activity.id,
      name: 'Matin',
      kind: 'half_day',
      startTime: '08:30',
      endTime: '12:00',
      position: 1,
      weekdays: [3],
      incompatibleUnitIds: [journee!.id],
    })
    .returning();
  const [repas] = await db
    .insert(units)
    .values({
      tenantId,
      activityId: activity.id,
      name: 'Repas',
      kind: 'meal',
      startTime: '12:00',
      endTime: '13:30',
      position: 2,
      weekdays: [3],
      requiredUnitIds: [matin!.id],
    })
    .returning();
  await db
    .update(units)
    .set({ incompatibleUnitIds: [matin!.id] })
    .where(eq(units.id, journee!.id));
  return { facility, activity, period, journee: journee!, matin: matin!, repas: repas! };
}

export async function enroll(
  db: Db,
  tenantId: string,
  householdId: string,
  childId: string,
  activityId: string,
  periodId: string,
  groupId: string | null = null,
) {
  const [e] = await db
    .insert(enrollments)
    .values({
      tenantId,
      householdId,
      childId,
      activityId,
      periodId,
      groupId,
      status: 'accepted',
      requestedAt: new Date('2026-09-01T08:00:00Z'),
    })
    .returning();
  return e!;
}

export async function setDayCapacity(
  db: Db,
  tenantId: string,
  unitId: string,
  day: string | null,
  capacity: number,
) {
  await db.insert(unitCapacities).values({ tenantId, unitId, day, capacity });
}
