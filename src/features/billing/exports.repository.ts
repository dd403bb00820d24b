import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { units } from '../catalogue/catalogue.schema';
import { children, households } from '../households/households.schema';

/** Children's names and birth dates (CAF statistics bands), only of this tenant. */
export async function childrenByIds(db: Db, tenantId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: children.id,
      firstName: children.firstName,
      lastName: children.lastName,
      birthDate: children.birthDate,
    })
    .from(children)
    .where(and(eq(children.tenantId, tenantId), inArray(children.id, ids)));
}

/** Every unit's times (a unit's duration counts the hours of care). */
export async function unitTimes(db: Db, tenantId: string) {
  return db
    .select({ id: units.id, startTime: units.startTime, endTime: units.endTime })
    .from(units)
    .where(eq(units.tenantId, tenantId));
}

/** Household names by id (this tenant only). */
export async function householdNames(db: Db, tenantId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: households.id, name: households.name })
    .from(households)
    .where(and(eq(households.tenantId, tenantId), inArray(households.id, ids)));
  return new Map(rows.map((r) => [r.id, r.name]));
}
