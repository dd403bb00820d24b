import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import {
  activities,
  activityGroups,
  facilities,
  periods,
  unitCalendarExceptions,
  unitCapacities,
  units,
} from './catalogue.schema';

/** Queries only; every function takes tenantId and accepts a transaction. */

export async function listFacilities(db: Db, tenantId: string) {
  return db.select().from(facilities).where(eq(facilities.tenantId, tenantId)).orderBy(asc(facilities.name));
}

export async function listActivities(db: Db, tenantId: string) {
  return db.select().from(activities).where(eq(activities.tenantId, tenantId)).orderBy(asc(activities.name));
}

export async function findFacility(db: Db, tenantId: string, id: string) {
  const [f] = await db
    .select()
    .from(facilities)
    .where(and(eq(facilities.tenantId, tenantId), eq(facilities.id, id)));
  return f ?? null;
}

export async function findActivity(db: Db, tenantId: string, id: string) {
  const [a] = await db
    .select()
    .from(activities)
    .where(and(eq(activities.tenantId, tenantId), eq(activities.id, id)));
  return a ?? null;
}

export async function findPeriod(db: Db, tenantId: string, id: string) {
  const [p] = await db
    .select()
    .from(periods)
    .where(and(eq(periods.tenantId, tenantId), eq(periods.id, id)));
  return p ?? null;
}

export async function findUnit(db: Db, tenantId: string, id: string) {
  const [u] = await db
    .select()
    .from(units)
    .where(and(eq(units.tenantId, tenantId), eq(units.id, id)));
  return u ?? null;
}

export async function periodsOfActivity(db: Db, tenantId: string, activityId: string) {
  return db
    .select()
    .from(periods)
    .where(and(eq(periods.tenantId, tenantId), eq(periods.activityId, activityId)))
    .orderBy(asc(periods.firstDay));
}

export async function groupsOf(db: Db, tenantId: string, activityId: string) {
  return db
    .select()
    .from(activityGroups)
    .where(and(eq(activityGroups.tenantId, tenantId), eq(activityGroups.activityId, activityId)))
    .orderBy(asc(activityGroups.minAge), asc(activityGroups.name));
}

export async function unitsOf(db: Db, tenantId: string, activityId: string) {
  return db
    .select()
    .from(units)
    .where(and(eq(units.tenantId, tenantId), eq(units.activityId, activityId)))
    .orderBy(asc(units.position), asc(units.startTime));
}

export async function exceptionsOf(db: Db, tenantId: string, unitId: string) {
  return db
    .select()
    .from(unitCalendarExceptions)
    .where(and(eq(unitCalendarExceptions.tenantId, tenantId), eq(unitCalendarExceptions.unitId, unitId)))
    .orderBy(asc(unitCalendarExceptions.day));
}

export async function capacitiesOf(db: Db, tenantId: string, unitId: string) {
  return db
    .select()
    .from(unitCapacities)
    .where(and(eq(unitCapacities.tenantId, tenantId), eq(unitCapacities.unitId, unitId)))
    .orderBy(asc(unitCapacities.day));
}

export async function findGroup(db: Db, tenantId: string, id: string) {
  const [g] = await db
    .select()
    .from(activityGroups)
    .where(and(eq(activityGroups.tenantId, tenantId), eq(activityGroups.id, id)));
  return g ?? null;
}
