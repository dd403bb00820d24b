import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { activities, facilities, units } from '../catalogue/catalogue.schema';
import { tariffVersions } from './tariffs.schema';

/** Every unit of the tenant with its activity and facility names, in catalogue order. */
export async function unitsOfTenant(db: Db, tenantId: string) {
  return db
    .select({
      unitId: units.id,
      unitName: units.name,
      activityId: activities.id,
      activityName: activities.name,
      facilityName: facilities.name,
    })
    .from(units)
    .innerJoin(activities, and(eq(activities.tenantId, units.tenantId), eq(activities.id, units.activityId)))
    .innerJoin(
      facilities,
      and(eq(facilities.tenantId, activities.tenantId), eq(facilities.id, activities.facilityId)),
    )
    .where(eq(units.tenantId, tenantId))
    .orderBy(asc(facilities.name), asc(activities.name), asc(units.position), asc(units.name));
}

export async function findUnit(db: Db, tenantId: string, unitId: string) {
  const rows = await unitsOfTenant(db, tenantId);
  return rows.find((r) => r.unitId === unitId) ?? null;
}

/** All versions of the tenant (for the list and for a run), oldest first per unit. */
export async function versionsOfTenant(db: Db, tenantId: string) {
  return db
    .select()
    .from(tariffVersions)
    .where(eq(tariffVersions.tenantId, tenantId))
    .orderBy(asc(tariffVersions.unitId), asc(tariffVersions.validFrom));
}

export async function versionsOfUnit(db: Db, tenantId: string, unitId: string) {
  return db
    .select()
    .from(tariffVersions)
    .where(and(eq(tariffVersions.tenantId, tenantId), eq(tariffVersions.unitId, unitId)))
    .orderBy(desc(tariffVersions.validFrom));
}
