import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { children, guardians, householdChildren, households } from '../households/households.schema';

/**
 * The only place where enrollments read children and households. The households feature may change
 * how children link to households (shared custody); adapt these functions and nothing else.
 */
export interface ChildSummary {
  id: string;
  householdId: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  schoolClass: string;
}

const childColumns = {
  id: children.id,
  householdId: householdChildren.householdId,
  firstName: children.firstName,
  lastName: children.lastName,
  birthDate: children.birthDate,
  schoolClass: children.schoolClass,
};

/** Children are linked to households through household_children (a child may have two: shared custody). */
const childOfHousehold = (tenantId: string, householdId: string) =>
  and(
    eq(householdChildren.childId, children.id),
    eq(householdChildren.tenantId, tenantId),
    eq(householdChildren.householdId, householdId),
    eq(children.tenantId, tenantId),
  );

export async function childrenOfHousehold(
  db: Db,
  tenantId: string,
  householdId: string,
): Promise<ChildSummary[]> {
  return db
    .select(childColumns)
    .from(children)
    .innerJoin(householdChildren, childOfHousehold(tenantId, householdId))
    .orderBy(asc(children.birthDate), asc(children.firstName));
}

/** The children among `ids` that belong to the household (others are silently absent). */
export async function childrenOfHouseholdByIds(
  db: Db,
  tenantId: string,
  householdId: string,
  ids: string[],
): Promise<ChildSummary[]> {
  if (ids.length === 0) return [];
  return db
    .select(childColumns)
    .from(children)
    .innerJoin(householdChildren, childOfHousehold(tenantId, householdId))
    .where(inArray(children.id, ids));
}

/** Addresses to tell a household about its enrollments: the household's, then its guardians'. */
export async function householdEmails(db: Db, tenantId: string, householdId: string): Promise<string[]> {
  const [h] = await db
    .select({ email: households.email })
    .from(households)
    .where(and(eq(households.tenantId, tenantId), eq(households.id, householdId)));
  const gs = await db
    .select({ email: guardians.email })
    .from(guardians)
    .where(and(eq(guardians.tenantId, tenantId), eq(guardians.householdId, householdId)));
  const all = [h?.email ?? '', ...gs.map((g) => g.email)].map((e) => e.trim().toLowerCase()).filter(Boolean);
  return [...new Set(all)];
}
