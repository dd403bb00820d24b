import { and, eq, inArray, sql } from 'drizzle-orm';
import { auditLog } from '../../platform/audit/audit.schema';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import { resyncBookingCapacity } from '../bookings/capacity-sync';
import { findActivity, findFacility, findPeriod, findUnit, groupsOf, unitsOf } from './catalogue.repository';
import {
  type Activity,
  activities,
  activityGroups,
  facilities,
  periods,
  unitCalendarExceptions,
  unitCapacities,
  units,
} from './catalogue.schema';

/** Who changes the catalogue, and when: every use case writes its audit row in its transaction. */
export interface StaffChange {
  db: Db;
  tenantId: string;
  userId: string;
  now: Date;
}

async function audit(
  tx: Db,
  c: StaffChange,
  action: string,
  subjectType: string,
  subjectId: string,
  details: object,
) {
  await tx.insert(auditLog).values({
    tenantId: c.tenantId,
    at: c.now,
    actorUserId: c.userId,
    action,
    subjectType,
    subjectId,
    details,
  });
}

export async function createFacility(c: StaffChange, v: { name: string; address: string }) {
  return c.db.transaction(async (tx) => {
    const [f] = await tx
      .insert(facilities)
      .values({ tenantId: c.tenantId, ...v })
      .returning();
    await audit(tx, c, 'catalogue.facility.create', 'facility', f!.id, v);
    return f!;
  });
}

export type ActivityValues = Omit<typeof activities.$inferInsert, 'tenantId' | 'id'>;

/** Creates an activity, or updates it when `activityId` is given. */
export async function saveActivity(
  c: StaffChange,
  v: ActivityValues,
  activityId?: string,
): Promise<Activity> {
  if (!(await findFacility(c.db, c.tenantId, v.facilityId)))
    throw new AppError('VALIDATION', 'Structure inconnue', {
      facilityId: 'Choisissez une structure de la liste.',
    });
  return c.db.transaction(async (tx) => {
    let row: Activity | undefined;
    if (activityId) {
      [row] = await tx
        .update(activities)
        .set(v)
        .where(and(eq(activities.tenantId, c.tenantId), eq(activities.id, activityId)))
        .returning();
      if (!row) throw new AppError('NOT_FOUND');
    } else
      [row] = await tx
        .insert(activities)
        .values({ tenantId: c.tenantId, ...v })
        .returning();
    await audit(
      tx,
      c,
      activityId ? 'catalogue.activity.update' : 'catalogue.activity.create',
      'activity',
      row!.id,
      v,
    );
    return row!;
  });
}

export type PeriodValues = Omit<typeof periods.$inferInsert, 'tenantId' | 'id' | 'activityId'>;

export async function createPeriod(c: StaffChange, activityId: string, v: PeriodValues) {
  if (!(await findActivity(c.db, c.tenantId, activityId))) throw new AppError('NOT_FOUND');
  return c.db.transaction(async (tx) => {
    const [p] = await tx
      .insert(periods)
      .values({ tenantId: c.tenantId, activityId, ...v })
      .returning();
    await audit(tx, c, 'catalogue.period.create', 'period', p!.id, v);
    return p!;
  });
}

/** Updates a period; a frozen period is read-only (only an administrator may unfreeze it). */
export async function updatePeriod(c: StaffChange & { isAdmin: boolean }, periodId: string, v: PeriodValues) {
  return c.db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(periods)
      .where(and(eq(periods.tenantId, c.tenantId), eq(periods.id, periodId)))
      .for('update');
    if (!current) throw new AppError('NOT_FOUND');
    if (current.frozen && !(c.isAdmin && v.frozen === false))
      throw new AppError('CONFLICT', 'Cette période est figée : elle est en lecture seule.');
    const values = current.frozen ? { frozen: false } : v;
    const [p] = await tx
      .update(periods)
      .set(values)
      .where(and(eq(periods.tenantId, c.tenantId), eq(periods.id, periodId)))
      .returning();
    await audit(tx, c, 'catalogue.period.update', 'period', periodId, values);
    return p!;
  });
}

export async function createGroup(
  c: StaffChange,
  activityId: string,
  v: Omit<typeof activityGroups.$inferInsert, 'tenantId' | 'id' | 'activityId'>,
) {
  if (!(await findActivity(c.db, c.tenantId, activityId))) throw new AppError('NOT_FOUND');
  return c.db.transaction(async (tx) => {
    const [g] = await tx
      .insert(activityGroups)
      .values({ tenantId: c.tenantId, activityId, ...v })
      .returning();
    await audit(tx, c, 'catalogue.group.create', 'group', g!.id, v);
    return g!;
  });
}

export type UnitValues = Omit<typeof units.$inferInsert, 'tenantId' | 'id' | 'activityId'>;

/** Creates a unit; incompatibilities are made symmetric, required units must belong to the activity. */
export async function createUnit(c: StaffChange, activityId: string, v: UnitValues) {
  if (!(await findActivity(c.db, c.tenantId, activityId))) throw new AppError('NOT_FOUND');
  const siblings = new Set((await unitsOf(c.db, c.tenantId, activityId)).map((u) => u.id));
  const fields: Record<string, string> = {};
  if ((v.incompatibleUnitIds ?? []).some((id) => !siblings.has(id)))
    fields.u_incompatible = 'Choisissez des unités de cette activité.';
  if ((v.requiredUnitIds ?? []).some((id) => !siblings.has(id)))
    fields.u_required = 'Choisissez des unités de cette activité.';
  if (Object.keys(fields).length > 0) throw new AppError('VALIDATION', 'Unités inconnues', fields);
  return c.db.transaction(async (tx) => {
    const [u] = await tx
      .insert(units)
      .values({ tenantId: c.tenantId, activityId, ...v, position: siblings.size })
      .returning();
    const incompatible = v.incompatibleUnitIds ?? [];
    if (incompatible.length > 0)
      await tx
        .update(units)
        .set({ incompatibleUnitIds: sql`array_append(${units.incompatibleUnitIds}, ${u!.id}::uuid)` })
        .where(and(eq(units.tenantId, c.tenantId), inArray(units.id, incompatible)));
    await audit(tx, c, 'catalogue.unit.create', 'unit', u!.id, v);
    return u!;
  });
}

export async function addCalendarException(
  c: StaffChange,
  unitId: string,
  v: { day: string; kind: 'closed' | 'open'; label: string },
) {
  if (!(await findUnit(c.db, c.tenantId, unitId))) throw new AppError('NOT_FOUND');
  return c.db.transaction(async (tx) => {
    const [x] = await tx
      .insert(unitCalendarExceptions)
      .values({ tenantId: c.tenantId, unitId, ...v })
      .onConflictDoUpdate({
        target: [unitCalendarExceptions.tenantId, unitCalendarExceptions.unitId, unitCalendarExceptions.day],
        set: { kind: v.kind, label: v.label },
      })
      .returning();
    await audit(tx, c, 'catalogue.unit.exception', 'unit', unitId, v);
    return x!;
  });
}

export async function setCapacity(
  c: StaffChange,
  unitId: string,
  v: { groupId: string | null; day: string | null; capacity: number },
) {
  const unit = await findUnit(c.db, c.tenantId, unitId);
  if (!unit) throw new AppError('NOT_FOUND');
  if (v.groupId && !(await groupsOf(c.db, c.tenantId, unit.activityId)).some((g) => g.id === v.groupId))
    throw new AppError('VALIDATION', 'Groupe inconnu', {
      c_groupId: 'Choisissez un groupe de cette activité.',
    });
  return c.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(unitCapacities)
      .values({ tenantId: c.tenantId, unitId, ...v })
      .onConflictDoUpdate({
        target: [unitCapacities.tenantId, unitCapacities.unitId, unitCapacities.groupId, unitCapacities.day],
        set: { capacity: v.capacity },
      })
      .returning();
    // Existing booking capacity rows follow (refused when more children are already booked).
    await resyncBookingCapacity(tx, c.tenantId, unitId, c.now, 'c_capacity');
    await audit(tx, c, 'catalogue.unit.capacity', 'unit', unitId, v);
    return row!;
  });
}

export { findPeriod };

export async function updateFacility(
  c: StaffChange,
  facilityId: string,
  v: { name: string; address: string },
) {
  return c.db.transaction(async (tx) => {
    const [f] = await tx
      .update(facilities)
      .set(v)
      .where(and(eq(facilities.tenantId, c.tenantId), eq(facilities.id, facilityId)))
      .returning();
    if (!f) throw new AppError('NOT_FOUND');
    await audit(tx, c, 'catalogue.facility.update', 'facility', f.id, v);
    return f;
  });
}

/** Unfreezes a frozen period (administrators only; the route checks the role). */
export async function unfreezePeriod(c: StaffChange, periodId: string) {
  return c.db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(periods)
      .where(and(eq(periods.tenantId, c.tenantId), eq(periods.id, periodId)))
      .for('update');
    if (!current) throw new AppError('NOT_FOUND');
    if (!current.frozen) throw new AppError('CONFLICT', 'Cette période n’est pas figée.');
    await tx
      .update(periods)
      .set({ frozen: false })
      .where(and(eq(periods.tenantId, c.tenantId), eq(periods.id, periodId)));
    await audit(tx, c, 'catalogue.period.unfreeze', 'period', periodId, { frozen: false });
  });
}

export type GroupValues = Omit<typeof activityGroups.$inferInsert, 'tenantId' | 'id' | 'activityId'>;

export async function updateGroup(c: StaffChange, groupId: string, v: GroupValues) {
  return c.db.transaction(async (tx) => {
    const [g] = await tx
      .update(activityGroups)
      .set(v)
      .where(and(eq(activityGroups.tenantId, c.tenantId), eq(activityGroups.id, groupId)))
      .returning();
    if (!g) throw new AppError('NOT_FOUND');
    await audit(tx, c, 'catalogue.group.update', 'group', g.id, v);
    return g;
  });
}

/** Deletes a group no enrollment uses (checked under a lock of the group row), else 409. */
export async function deleteGroup(
  c: StaffChange,
  groupId: string,
  enrollmentsUsingGroup: (tx: Db, tenantId: string, groupId: string) => Promise<number>,
) {
  return c.db.transaction(async (tx) => {
    const [g] = await tx
      .select()
      .from(activityGroups)
      .where(and(eq(activityGroups.tenantId, c.tenantId), eq(activityGroups.id, groupId)))
      .for('update');
    if (!g) throw new AppError('NOT_FOUND');
    const n = await enrollmentsUsingGroup(tx, c.tenantId, groupId);
    if (n > 0)
      throw new AppError(
        'CONFLICT',
        `Le groupe « ${g.name} » ne peut pas être supprimé : ${n} inscription${n > 1 ? 's l’utilisent' : ' l’utilise'}.`,
      );
    await tx
      .delete(activityGroups)
      .where(and(eq(activityGroups.tenantId, c.tenantId), eq(activityGroups.id, groupId)));
    await audit(tx, c, 'catalogue.group.delete', 'group', groupId, { name: g.name });
    return g;
  });
}

/** Updates a unit; incompatibilities stay symmetric, a unit cannot refer to itself. */
export async function updateUnit(c: StaffChange, unitId: string, v: UnitValues) {
  const unit = await findUnit(c.db, c.tenantId, unitId);
  if (!unit) throw new AppError('NOT_FOUND');
  const siblings = new Set(
    (await unitsOf(c.db, c.tenantId, unit.activityId)).map((u) => u.id).filter((id) => id !== unitId),
  );
  const fields: Record<string, string> = {};
  if ((v.incompatibleUnitIds ?? []).some((id) => !siblings.has(id)))
    fields.u_incompatible = 'Choisissez d’autres unités de cette activité.';
  if ((v.requiredUnitIds ?? []).some((id) => !siblings.has(id)))
    fields.u_required = 'Choisissez d’autres unités de cette activité.';
  if (Object.keys(fields).length > 0) throw new AppError('VALIDATION', 'Unités inconnues', fields);
  const incompatible = v.incompatibleUnitIds ?? [];
  return c.db.transaction(async (tx) => {
    const [u] = await tx
      .update(units)
      .set(v)
      .where(and(eq(units.tenantId, c.tenantId), eq(units.id, unitId)))
      .returning();
    if (!u) throw new AppError('NOT_FOUND');
    // Symmetry: remove this unit from the others, then add it back to the chosen ones.
    await tx
      .update(units)
      .set({ incompatibleUnitIds: sql`array_remove(${units.incompatibleUnitIds}, ${unitId}::uuid)` })
      .where(and(eq(units.tenantId, c.tenantId), eq(units.activityId, unit.activityId)));
    if (incompatible.length > 0)
      await tx
        .update(units)
        .set({ incompatibleUnitIds: sql`array_append(${units.incompatibleUnitIds}, ${unitId}::uuid)` })
        .where(and(eq(units.tenantId, c.tenantId), inArray(units.id, incompatible)));
    await resyncBookingCapacity(tx, c.tenantId, unitId, c.now, 'u_capacity');
    await audit(tx, c, 'catalogue.unit.update', 'unit', unitId, v);
    return u;
  });
}

/** Deletes a unit no enrollment's typical week uses, and removes it from its siblings' rules; else 409. */
export async function deleteUnit(
  c: StaffChange,
  unitId: string,
  enrollmentsUsingUnit: (tx: Db, tenantId: string, unitId: string) => Promise<number>,
) {
  return c.db.transaction(async (tx) => {
    const [u] = await tx
      .select()
      .from(units)
      .where(and(eq(units.tenantId, c.tenantId), eq(units.id, unitId)))
      .for('update');
    if (!u) throw new AppError('NOT_FOUND');
    const n = await enrollmentsUsingUnit(tx, c.tenantId, unitId);
    if (n > 0)
      throw new AppError(
        'CONFLICT',
        `L’unité « ${u.name} » ne peut pas être supprimée : ${n} inscription${n > 1 ? 's l’utilisent' : ' l’utilise'} (semaine type ou réservations).`,
      );
    await tx.delete(units).where(and(eq(units.tenantId, c.tenantId), eq(units.id, unitId)));
    await tx
      .update(units)
      .set({
        incompatibleUnitIds: sql`array_remove(${units.incompatibleUnitIds}, ${unitId}::uuid)`,
        requiredUnitIds: sql`array_remove(${units.requiredUnitIds}, ${unitId}::uuid)`,
      })
      .where(and(eq(units.tenantId, c.tenantId), eq(units.activityId, u.activityId)));
    await audit(tx, c, 'catalogue.unit.delete', 'unit', unitId, { name: u.name });
    return u;
  });
}

/** Deletes a calendar exception of a unit (404 when it is not this tenant's and this unit's). */
export async function deleteCalendarException(c: StaffChange, unitId: string, exceptionId: string) {
  return c.db.transaction(async (tx) => {
    const [x] = await tx
      .delete(unitCalendarExceptions)
      .where(
        and(
          eq(unitCalendarExceptions.tenantId, c.tenantId),
          eq(unitCalendarExceptions.unitId, unitId),
          eq(unitCalendarExceptions.id, exceptionId),
        ),
      )
      .returning();
    if (!x) throw new AppError('NOT_FOUND');
    await audit(tx, c, 'catalogue.unit.exception.delete', 'unit', unitId, { day: x.day, kind: x.kind });
    return x;
  });
}

/** Deletes a capacity override of a unit (the unit's default capacity applies again). */
export async function deleteCapacity(c: StaffChange, unitId: string, capacityId: string) {
  return c.db.transaction(async (tx) => {
    const [x] = await tx
      .delete(unitCapacities)
      .where(
        and(
          eq(unitCapacities.tenantId, c.tenantId),
          eq(unitCapacities.unitId, unitId),
          eq(unitCapacities.id, capacityId),
        ),
      )
      .returning();
    if (!x) throw new AppError('NOT_FOUND');
    await resyncBookingCapacity(tx, c.tenantId, unitId, c.now, 'c_capacity');
    await audit(tx, c, 'catalogue.unit.capacity.delete', 'unit', unitId, {
      groupId: x.groupId,
      day: x.day,
      capacity: x.capacity,
    });
    return x;
  });
}
