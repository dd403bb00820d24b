import { and, eq } from 'drizzle-orm';
import { bookings } from '../features/bookings/bookings.schema';
import { activities, periods, unitCapacities, units } from '../features/catalogue/catalogue.schema';
import { regionHolidays } from '../features/catalogue/domain/calendar';
import { enrollments } from '../features/enrollments/enrollments.schema';
import { addDays } from '../platform/calendar/days';
import { bundledSchoolHolidays, isSchoolHoliday } from '../platform/calendar/school-holidays';
import type { Db } from '../platform/db/client';

/** First and last Wednesday of the demo's booked weeks (the registers show children on those days). */
const FIRST = '2026-11-04';
const LAST = '2027-02-03';

/**
 * The Wednesdays of the demo's booked weeks when Les P'tits Loups opens (zone B school days, no public
 * holiday). Browser tests use it to find a register with children, whatever the date they run.
 */
export function demoRegisterDays(): string[] {
  const school = bundledSchoolHolidays('B');
  const holidays = regionHolidays('metropole');
  const out: string[] = [];
  for (let d = FIRST; d <= LAST; d = addDays(d, 7))
    if (!isSchoolHoliday(d, school) && !holidays.isPublicHoliday(d)) out.push(d);
  return out;
}

/**
 * Confirmed Wednesday bookings of the accepted Mercredis enrollments, following each one's typical
 * week, on the demo's register days. The Martin household (the demo family) is left free to book.
 */
export async function seedDemoAttendanceBookings(
  tx: Db,
  input: { tenantId: string; skipHouseholdId: string },
) {
  const t = input.tenantId;
  const rows = await tx
    .select({ enrollment: enrollments, period: periods })
    .from(enrollments)
    .innerJoin(activities, eq(activities.id, enrollments.activityId))
    .innerJoin(periods, eq(periods.id, enrollments.periodId))
    .where(
      and(eq(enrollments.tenantId, t), eq(enrollments.status, 'accepted'), eq(activities.name, 'Mercredis')),
    );
  const perGroupUnits = new Set(
    (await tx.select({ unitId: unitCapacities.unitId, groupId: unitCapacities.groupId }).from(unitCapacities))
      .filter((r) => r.groupId !== null)
      .map((r) => r.unitId),
  );
  const unitIds = new Set(
    (await tx.select({ id: units.id }).from(units).where(eq(units.tenantId, t))).map((u) => u.id),
  );
  const at = new Date('2026-10-01T08:00:00Z');
  const values: (typeof bookings.$inferInsert)[] = [];
  for (const { enrollment: e, period } of rows) {
    if (e.householdId === input.skipHouseholdId) continue;
    for (const day of demoRegisterDays()) {
      if (day < period.firstDay || day > period.lastDay) continue;
      for (const unitId of e.typicalWeek['3'] ?? []) {
        if (!unitIds.has(unitId)) continue;
        values.push({
          tenantId: t,
          householdId: e.householdId,
          childId: e.childId,
          enrollmentId: e.id,
          activityId: e.activityId,
          periodId: e.periodId,
          unitId,
          day,
          groupKey: perGroupUnits.has(unitId) && e.groupId ? e.groupId : '',
          status: 'confirmed',
          requestedAt: at,
          updatedAt: at,
        });
      }
    }
  }
  for (let i = 0; i < values.length; i += 500) await tx.insert(bookings).values(values.slice(i, i + 500));
  return values.length;
}
