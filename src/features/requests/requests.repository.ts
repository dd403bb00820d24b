import { and, asc, count, desc, eq, exists, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { activities, facilities } from '../catalogue/catalogue.schema';
import { enrollments } from '../enrollments/enrollments.schema';
import { households } from '../households/households.schema';
import type { FieldChange } from './domain/diff';
import { householdRequests } from './requests.schema';

export type HouseholdRequest = typeof householdRequests.$inferSelect;
export const changesOf = (r: HouseholdRequest) => (r.changes ?? []) as FieldChange[];

/** The household's latest requests (never another household's: shared custody included). */
export function listRequestsOfHousehold(db: Db, tenantId: string, householdId: string, limit = 20) {
  return db
    .select()
    .from(householdRequests)
    .where(and(eq(householdRequests.tenantId, tenantId), eq(householdRequests.householdId, householdId)))
    .orderBy(desc(householdRequests.createdAt), desc(householdRequests.id))
    .limit(limit);
}

export function pendingRequestsOfHousehold(db: Db, tenantId: string, householdId: string) {
  return db
    .select()
    .from(householdRequests)
    .where(
      and(
        eq(householdRequests.tenantId, tenantId),
        eq(householdRequests.householdId, householdId),
        eq(householdRequests.status, 'pending'),
      ),
    )
    .orderBy(asc(householdRequests.createdAt));
}

export async function findRequest(db: Db, tenantId: string, id: string) {
  const [r] = await db
    .select()
    .from(householdRequests)
    .where(and(eq(householdRequests.tenantId, tenantId), eq(householdRequests.id, id)));
  return r ?? null;
}

/** Number of requests waiting for staff, for the back-office navigation and work queues. */
export async function countPendingHouseholdRequests(db: Db, tenantId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(householdRequests)
    .where(and(eq(householdRequests.tenantId, tenantId), eq(householdRequests.status, 'pending')));
  return Number(row?.n ?? 0);
}

/** Pending requests, oldest first, with the household's name. */
export function pendingQueue(
  db: Db,
  tenantId: string,
  kinds: string[] | null,
  facilityId: string | null = null,
  limit = 500,
) {
  const conds = [eq(householdRequests.tenantId, tenantId), eq(householdRequests.status, 'pending')];
  if (kinds) conds.push(inArray(householdRequests.kind, kinds));
  // A facility's requests: those of households with a child enrolled (or applying) there.
  if (facilityId)
    conds.push(
      exists(
        db
          .select({ one: enrollments.id })
          .from(enrollments)
          .innerJoin(activities, eq(activities.id, enrollments.activityId))
          .where(
            and(
              eq(enrollments.tenantId, tenantId),
              eq(enrollments.householdId, householdRequests.householdId),
              eq(activities.facilityId, facilityId),
              inArray(enrollments.status, ['pending', 'accepted', 'waiting']),
            ),
          ),
      ),
    );
  return db
    .select({ request: householdRequests, householdName: households.name })
    .from(householdRequests)
    .innerJoin(households, eq(households.id, householdRequests.householdId))
    .where(and(...conds))
    .orderBy(asc(householdRequests.createdAt), asc(householdRequests.id))
    .limit(limit);
}

/** The tenant's facilities, for the queue's filter. */
export function listFacilities(db: Db, tenantId: string) {
  return db
    .select({ id: facilities.id, name: facilities.name })
    .from(facilities)
    .where(eq(facilities.tenantId, tenantId))
    .orderBy(asc(facilities.name));
}
