import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { activities } from '../catalogue/catalogue.schema';
import { enrollments } from '../enrollments/enrollments.schema';
import {
  childHealth,
  children,
  familyQuotients,
  guardians,
  householdChildren,
  householdContacts,
  householdFieldPolicies,
  households,
} from './households.schema';

export type Household = typeof households.$inferSelect;
export type Guardian = typeof guardians.$inferSelect;
export type Child = typeof children.$inferSelect;
export type ChildHealth = typeof childHealth.$inferSelect;
export type Contact = typeof householdContacts.$inferSelect;
export type FamilyQuotient = typeof familyQuotients.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids from URLs are checked before they reach SQL: a malformed one is simply "not found". */
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);

export async function findHousehold(db: Db, tenantId: string, householdId: string) {
  if (!isUuid(householdId)) return null;
  const [h] = await db
    .select()
    .from(households)
    .where(and(eq(households.tenantId, tenantId), eq(households.id, householdId)));
  return h ?? null;
}

export function listGuardians(db: Db, tenantId: string, householdId: string) {
  return db
    .select()
    .from(guardians)
    .where(and(eq(guardians.tenantId, tenantId), eq(guardians.householdId, householdId)))
    .orderBy(asc(guardians.lastName), asc(guardians.firstName), asc(guardians.id));
}

export async function findGuardianOfHousehold(db: Db, tenantId: string, householdId: string, id: string) {
  if (!isUuid(id)) return null;
  const [g] = await db
    .select()
    .from(guardians)
    .where(
      and(eq(guardians.tenantId, tenantId), eq(guardians.householdId, householdId), eq(guardians.id, id)),
    );
  return g ?? null;
}

/** The children of a household (through the custody link: a shared child appears in both households). */
export function listChildren(db: Db, tenantId: string, householdId: string): Promise<Child[]> {
  return db
    .select({
      tenantId: children.tenantId,
      id: children.id,
      firstName: children.firstName,
      lastName: children.lastName,
      birthDate: children.birthDate,
      sex: children.sex,
      school: children.school,
      schoolClass: children.schoolClass,
      imageRights: children.imageRights,
      externalRef: children.externalRef,
    })
    .from(householdChildren)
    .innerJoin(children, eq(children.id, householdChildren.childId))
    .where(and(eq(householdChildren.tenantId, tenantId), eq(householdChildren.householdId, householdId)))
    .orderBy(asc(children.birthDate), asc(children.id));
}

export async function findChildOfHousehold(
  db: Db,
  tenantId: string,
  householdId: string,
  childId: string,
): Promise<Child | null> {
  if (!isUuid(childId)) return null;
  const rows = await listChildrenWhere(db, tenantId, householdId, childId);
  return rows[0] ?? null;
}

async function listChildrenWhere(db: Db, tenantId: string, householdId: string, childId: string) {
  const all = await db
    .select({ child: children })
    .from(householdChildren)
    .innerJoin(children, eq(children.id, householdChildren.childId))
    .where(
      and(
        eq(householdChildren.tenantId, tenantId),
        eq(householdChildren.householdId, householdId),
        eq(householdChildren.childId, childId),
      ),
    );
  return all.map((r) => r.child);
}

/** Households a child belongs to (one, or two in shared custody). */
export async function householdsOfChild(db: Db, tenantId: string, childId: string) {
  return db
    .select({ id: households.id, name: households.name })
    .from(householdChildren)
    .innerJoin(households, eq(households.id, householdChildren.householdId))
    .where(and(eq(householdChildren.tenantId, tenantId), eq(householdChildren.childId, childId)))
    .orderBy(asc(households.name));
}

export async function findChildHealth(db: Db, tenantId: string, childId: string): Promise<ChildHealth> {
  const [h] = await db
    .select()
    .from(childHealth)
    .where(and(eq(childHealth.tenantId, tenantId), eq(childHealth.childId, childId)));
  return (
    h ?? {
      tenantId,
      childId,
      diet: '',
      allergies: '',
      pai: false,
      paiNotes: '',
      doctorName: '',
      doctorPhone: '',
    }
  );
}

export async function listChildHealth(db: Db, tenantId: string, childIds: string[]) {
  if (childIds.length === 0) return [];
  return db
    .select()
    .from(childHealth)
    .where(and(eq(childHealth.tenantId, tenantId), inArray(childHealth.childId, childIds)));
}

export function listContacts(db: Db, tenantId: string, householdId: string) {
  return db
    .select()
    .from(householdContacts)
    .where(and(eq(householdContacts.tenantId, tenantId), eq(householdContacts.householdId, householdId)))
    .orderBy(asc(householdContacts.name), asc(householdContacts.id));
}

export async function findContactOfHousehold(db: Db, tenantId: string, householdId: string, id: string) {
  if (!isUuid(id)) return null;
  const [c] = await db
    .select()
    .from(householdContacts)
    .where(
      and(
        eq(householdContacts.tenantId, tenantId),
        eq(householdContacts.householdId, householdId),
        eq(householdContacts.id, id),
      ),
    );
  return c ?? null;
}

export function listQuotients(db: Db, tenantId: string, householdId: string) {
  return db
    .select()
    .from(familyQuotients)
    .where(and(eq(familyQuotients.tenantId, tenantId), eq(familyQuotients.householdId, householdId)))
    .orderBy(desc(familyQuotients.validFrom));
}

/** The tenant's overrides of the default field policy. */
export async function fieldPolicyOverrides(db: Db, tenantId: string): Promise<Map<string, string>> {
  const rows = await db
    .select()
    .from(householdFieldPolicies)
    .where(eq(householdFieldPolicies.tenantId, tenantId));
  return new Map(rows.map((r) => [r.fieldKey, r.mode]));
}

export type NewChild = Omit<typeof children.$inferInsert, 'tenantId' | 'id'>;

/**
 * Inserts children and links each to the household (household_children is the source of truth: a child
 * of shared custody has two links). Returns the children in the order given.
 */
export async function insertChildrenOfHousehold(
  tx: Db,
  tenantId: string,
  householdId: string,
  rows: NewChild[],
): Promise<Child[]> {
  if (rows.length === 0) return [];
  const inserted = await tx
    .insert(children)
    .values(rows.map((r) => ({ ...r, tenantId })))
    .returning();
  await tx.insert(householdChildren).values(inserted.map((c) => ({ tenantId, householdId, childId: c.id })));
  return inserted;
}

/** Children of several households, each with the household it was listed for. */
export async function childrenOfHouseholds(db: Db, tenantId: string, householdIds: string[]) {
  if (householdIds.length === 0) return [];
  return db
    .select({ householdId: householdChildren.householdId, child: children })
    .from(householdChildren)
    .innerJoin(children, eq(children.id, householdChildren.childId))
    .where(
      and(eq(householdChildren.tenantId, tenantId), inArray(householdChildren.householdId, householdIds)),
    )
    .orderBy(asc(children.birthDate));
}

/** The enrollments of these children with the facility of each activity (health need-to-know). */
export async function enrollmentFacilitiesOfChildren(db: Db, tenantId: string, childIds: string[]) {
  if (childIds.length === 0) return [];
  return db
    .select({ childId: enrollments.childId, facilityId: activities.facilityId, status: enrollments.status })
    .from(enrollments)
    .innerJoin(
      activities,
      and(eq(activities.tenantId, enrollments.tenantId), eq(activities.id, enrollments.activityId)),
    )
    .where(and(eq(enrollments.tenantId, tenantId), inArray(enrollments.childId, childIds)));
}
