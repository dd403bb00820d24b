import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { activities, activityGroups, facilities, periods, units } from '../catalogue/catalogue.schema';
import { children } from '../households/households.schema';
import { enrollments } from './enrollments.schema';

/** Queries only; every function takes tenantId and accepts a transaction. */

export async function findPeriodWithActivity(db: Db, tenantId: string, periodId: string) {
  const [row] = await db
    .select({ period: periods, activity: activities, facility: facilities })
    .from(periods)
    .innerJoin(activities, and(eq(activities.id, periods.activityId), eq(activities.tenantId, tenantId)))
    .innerJoin(facilities, and(eq(facilities.id, activities.facilityId), eq(facilities.tenantId, tenantId)))
    .where(and(eq(periods.tenantId, tenantId), eq(periods.id, periodId)));
  return row ?? null;
}

export async function groupsOfActivity(db: Db, tenantId: string, activityId: string) {
  return db
    .select()
    .from(activityGroups)
    .where(and(eq(activityGroups.tenantId, tenantId), eq(activityGroups.activityId, activityId)))
    .orderBy(asc(activityGroups.minAge), asc(activityGroups.name));
}

export async function unitsOfActivity(db: Db, tenantId: string, activityId: string) {
  return db
    .select()
    .from(units)
    .where(and(eq(units.tenantId, tenantId), eq(units.activityId, activityId)))
    .orderBy(asc(units.position), asc(units.startTime));
}

/** Visible periods of the tenant, with activity and facility, for the family's choice. */
export async function visiblePeriods(db: Db, tenantId: string) {
  return db
    .select({ period: periods, activity: activities, facility: facilities })
    .from(periods)
    .innerJoin(activities, eq(activities.id, periods.activityId))
    .innerJoin(facilities, eq(facilities.id, activities.facilityId))
    .where(and(eq(periods.tenantId, tenantId), eq(periods.visible, true)))
    .orderBy(asc(facilities.name), asc(activities.name), asc(periods.firstDay));
}

/** Rank on the waiting list: computed, so ranks are unique and gap-free whatever happens concurrently. */
const waitingRank = sql<number>`case when ${enrollments.status} = 'waiting' then row_number() over (
  partition by ${enrollments.periodId}, (${enrollments.status} = 'waiting')
  order by ${enrollments.waitingSince}, ${enrollments.id}) end`;

const listColumns = {
  enrollment: enrollments,
  childFirstName: children.firstName,
  childLastName: children.lastName,
  childBirthDate: children.birthDate,
  activityName: activities.name,
  enrollmentOnly: activities.enrollmentOnly,
  requiredDocuments: activities.requiredDocuments,
  facilityId: facilities.id,
  facilityName: facilities.name,
  periodName: periods.name,
  periodFirstDay: periods.firstDay,
  periodLastDay: periods.lastDay,
  groupName: activityGroups.name,
};

function listQuery(db: Db, tenantId: string) {
  return db
    .select({ ...listColumns, rank: waitingRank })
    .from(enrollments)
    .innerJoin(children, eq(children.id, enrollments.childId))
    .innerJoin(periods, eq(periods.id, enrollments.periodId))
    .innerJoin(activities, eq(activities.id, enrollments.activityId))
    .innerJoin(facilities, eq(facilities.id, activities.facilityId))
    .leftJoin(activityGroups, eq(activityGroups.id, enrollments.groupId))
    .where(eq(enrollments.tenantId, tenantId))
    .$dynamic();
}

export type EnrollmentListRow = Awaited<ReturnType<typeof enrollmentsOfHousehold>>[number];

export async function enrollmentsOfHousehold(db: Db, tenantId: string, householdId: string) {
  // The rank window must see the whole period: filter the household outside it.
  const all = await listQuery(db, tenantId).orderBy(asc(periods.firstDay), asc(children.firstName));
  return all
    .filter((r) => r.enrollment.householdId === householdId)
    .map((r) => ({ ...r, rank: r.rank === null ? null : Number(r.rank) }));
}

export async function enrollmentsOfTenant(db: Db, tenantId: string, statuses: string[]) {
  const rows = await listQuery(db, tenantId).orderBy(
    asc(facilities.name),
    asc(activities.name),
    asc(periods.firstDay),
    asc(enrollments.waitingSince),
    asc(enrollments.requestedAt),
  );
  return rows
    .filter((r) => statuses.includes(r.enrollment.status))
    .map((r) => ({ ...r, rank: r.rank === null ? null : Number(r.rank) }));
}

export async function findEnrollmentOfHousehold(db: Db, tenantId: string, householdId: string, id: string) {
  const rows = await enrollmentsOfHousehold(db, tenantId, householdId);
  return rows.find((r) => r.enrollment.id === id) ?? null;
}

/** Accepted children per (period, group) vs the group's capacity. */
export async function groupOccupancy(db: Db, tenantId: string) {
  const rows = await db
    .select({
      periodId: periods.id,
      periodName: periods.name,
      activityName: activities.name,
      facilityId: facilities.id,
      groupId: activityGroups.id,
      groupName: activityGroups.name,
      capacity: activityGroups.capacity,
      accepted: sql<number>`(select count(*) from ${enrollments} e where e.tenant_id = ${tenantId}
        and e.period_id = ${periods.id} and e.group_id = ${activityGroups.id} and e.status = 'accepted')`,
    })
    .from(periods)
    .innerJoin(activities, eq(activities.id, periods.activityId))
    .innerJoin(facilities, eq(facilities.id, activities.facilityId))
    .innerJoin(activityGroups, eq(activityGroups.activityId, activities.id))
    .where(eq(periods.tenantId, tenantId))
    .orderBy(asc(facilities.name), asc(activities.name), asc(periods.firstDay), asc(activityGroups.minAge));
  return rows.map((r) => ({ ...r, accepted: Number(r.accepted) }));
}

export async function countAccepted(
  db: Db,
  tenantId: string,
  periodId: string,
  groupId: string,
  exceptId?: string,
) {
  const [row] = await db
    .select({ n: count() })
    .from(enrollments)
    .where(
      and(
        eq(enrollments.tenantId, tenantId),
        eq(enrollments.periodId, periodId),
        eq(enrollments.groupId, groupId),
        eq(enrollments.status, 'accepted'),
        exceptId ? sql`${enrollments.id} <> ${exceptId}` : undefined,
      ),
    );
  return Number(row?.n ?? 0);
}

/** Locks a group row for the rest of the transaction: accepts into it are serialised. */
export async function lockGroup(db: Db, tenantId: string, groupId: string) {
  const [g] = await db
    .select()
    .from(activityGroups)
    .where(and(eq(activityGroups.tenantId, tenantId), eq(activityGroups.id, groupId)))
    .for('update');
  return g ?? null;
}

export async function lockEnrollment(db: Db, tenantId: string, id: string) {
  const [e] = await db
    .select()
    .from(enrollments)
    .where(and(eq(enrollments.tenantId, tenantId), eq(enrollments.id, id)))
    .for('update');
  return e ?? null;
}

export async function existingEnrollments(db: Db, tenantId: string, periodId: string, childIds: string[]) {
  if (childIds.length === 0) return [];
  return db
    .select()
    .from(enrollments)
    .where(
      and(
        eq(enrollments.tenantId, tenantId),
        eq(enrollments.periodId, periodId),
        inArray(enrollments.childId, childIds),
      ),
    );
}

/** For the staff home's work queue (wired by the lead): enrollments waiting for a decision. */
export async function countPendingEnrollments(
  db: Db,
  tenantId: string,
  /** Only these facilities' activities (a director's queue); null or absent: the whole tenant. */
  facilityIds: readonly string[] | null = null,
): Promise<number> {
  if (facilityIds && facilityIds.length === 0) return 0;
  const [row] = await db
    .select({ n: count() })
    .from(enrollments)
    .innerJoin(
      activities,
      and(eq(activities.tenantId, enrollments.tenantId), eq(activities.id, enrollments.activityId)),
    )
    .where(
      and(
        eq(enrollments.tenantId, tenantId),
        eq(enrollments.status, 'pending'),
        facilityIds ? inArray(activities.facilityId, [...facilityIds]) : undefined,
      ),
    );
  return Number(row?.n ?? 0);
}

/** An enrollment of the tenant with its facility (for staff authorisation), or null. */
export async function findEnrollment(db: Db, tenantId: string, id: string) {
  const [row] = await db
    .select({ enrollment: enrollments, facilityId: activities.facilityId })
    .from(enrollments)
    .innerJoin(activities, eq(activities.id, enrollments.activityId))
    .where(and(eq(enrollments.tenantId, tenantId), eq(enrollments.id, id)));
  return row ?? null;
}

/** Locks a period row: serializes hand moves on its waiting list. */
export async function lockPeriod(db: Db, tenantId: string, periodId: string) {
  const [p] = await db
    .select({ id: periods.id, frozen: periods.frozen })
    .from(periods)
    .where(and(eq(periods.tenantId, tenantId), eq(periods.id, periodId)))
    .for('update');
  return p ?? null;
}

/** Facilities where the household has an accepted enrollment (news for "my facilities"). */
export async function acceptedFacilityIdsOfHousehold(db: Db, tenantId: string, householdId: string) {
  const rows = await db
    .selectDistinct({ facilityId: activities.facilityId })
    .from(enrollments)
    .innerJoin(
      activities,
      and(eq(activities.tenantId, enrollments.tenantId), eq(activities.id, enrollments.activityId)),
    )
    .where(
      and(
        eq(enrollments.tenantId, tenantId),
        eq(enrollments.householdId, householdId),
        eq(enrollments.status, 'accepted'),
      ),
    );
  return rows.map((r) => r.facilityId);
}
