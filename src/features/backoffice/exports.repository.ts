import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { activities, activityGroups, facilities, periods } from '../catalogue/catalogue.schema';
import { enrollments } from '../enrollments/enrollments.schema';
import {
  childHealth,
  children,
  guardians,
  householdContacts,
  households,
} from '../households/households.schema';

/** Periods with their activity and facility, for the export choices. */
export function listPeriods(db: Db, tenantId: string) {
  return db
    .select({
      id: periods.id,
      name: periods.name,
      firstDay: periods.firstDay,
      activityName: activities.name,
      facilityId: facilities.id,
      facilityName: facilities.name,
    })
    .from(periods)
    .innerJoin(activities, eq(activities.id, periods.activityId))
    .innerJoin(facilities, eq(facilities.id, activities.facilityId))
    .where(eq(periods.tenantId, tenantId))
    .orderBy(asc(facilities.name), asc(activities.name), asc(periods.firstDay));
}

export type PeriodChoice = Awaited<ReturnType<typeof listPeriods>>[number];

/** Guardians of active households, one row each (contacts export). */
export function contactRows(db: Db, tenantId: string) {
  return db
    .select({ household: households, guardian: guardians })
    .from(guardians)
    .innerJoin(households, eq(households.id, guardians.householdId))
    .where(and(eq(guardians.tenantId, tenantId), ne(households.status, 'archived')))
    .orderBy(asc(households.name), asc(guardians.lastName), asc(guardians.firstName));
}

/** Children enrolled in a period (not refused), with their household and group. */
export function enrolledChildren(db: Db, tenantId: string, periodId: string) {
  return db
    .select({
      enrollmentId: enrollments.id,
      status: enrollments.status,
      householdId: enrollments.householdId,
      householdName: households.name,
      householdPhone: households.phone,
      child: children,
      groupName: activityGroups.name,
    })
    .from(enrollments)
    .innerJoin(children, eq(children.id, enrollments.childId))
    .innerJoin(households, eq(households.id, enrollments.householdId))
    .leftJoin(activityGroups, eq(activityGroups.id, enrollments.groupId))
    .where(
      and(
        eq(enrollments.tenantId, tenantId),
        eq(enrollments.periodId, periodId),
        inArray(enrollments.status, ['accepted', 'pending', 'waiting']),
      ),
    )
    .orderBy(asc(children.lastName), asc(children.firstName), asc(children.id));
}

export function healthOf(db: Db, tenantId: string, childIds: string[]) {
  if (childIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(childHealth)
    .where(and(eq(childHealth.tenantId, tenantId), inArray(childHealth.childId, childIds)));
}

export function contactsOf(db: Db, tenantId: string, householdIds: string[]) {
  if (householdIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(householdContacts)
    .where(
      and(eq(householdContacts.tenantId, tenantId), inArray(householdContacts.householdId, householdIds)),
    )
    .orderBy(asc(householdContacts.name));
}

export function guardiansOf(db: Db, tenantId: string, householdIds: string[]) {
  if (householdIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(guardians)
    .where(and(eq(guardians.tenantId, tenantId), inArray(guardians.householdId, householdIds)))
    .orderBy(asc(guardians.lastName), asc(guardians.firstName));
}
