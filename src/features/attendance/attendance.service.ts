/**
 * Attendance use cases: the daily register (read with audited health flags, actions applied once each),
 * the occupancy of a facility's units, and the printable register.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { auditLog } from '../../platform/audit/audit.schema';
import { eachDay } from '../../platform/calendar/days';
import { schoolHolidaysOfZone } from '../../platform/calendar/school-holidays';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import { canSeeFacility, type StaffActor } from '../../platform/http/policies';
import type { StaffRole } from '../accounts/accounts.schema';
import { resolveCapacity } from '../bookings/domain/capacity';
import { dayInZone } from '../bookings/domain/days';
import { periods, unitCalendarExceptions } from '../catalogue/catalogue.schema';
import { type HolidayRegion, regionHolidays } from '../catalogue/domain/calendar';
import { type DayType, isUnitOpen, schoolCalendar } from '../catalogue/domain/opening';
import {
  bookedCountsOnDay,
  cellFacts,
  facilityUnits,
  findFacility,
  findUnitScope,
  healthOfChildren,
  lockMark,
  occupancyCounts,
  pickUpPeople,
  type RegisterChild,
  registerChildren,
  saveMark,
} from './attendance.repository';
import { attendanceActions } from './attendance.schema';
import { flagsOf, type HealthFlags, registerHealthLevels } from './domain/health-flags';
import { chartMax, type OccupancyRow } from './domain/occupancy';
import {
  type ActionKind,
  applyAction,
  clampClientTime,
  type RegisterCounts,
  type RejectReason,
  registerCounts,
} from './domain/register-actions';
import { justifiedAbsenceKeys } from './justified-absences';

/** Who reads registers: animators and directors (their facilities), managers, accountants (read-only). */
export const REGISTER_READ_ROLES: readonly StaffRole[] = ['manager', 'director', 'animator', 'accountant'];
/** Who takes the register. */
export const REGISTER_WRITE_ROLES: readonly StaffRole[] = ['manager', 'director', 'animator'];
/** Who reads occupancy. */
export const OCCUPANCY_ROLES: readonly StaffRole[] = ['manager', 'director'];

export const canWriteRegister = (s: StaffActor) =>
  s.roles.some((r) => r === 'admin' || REGISTER_WRITE_ROLES.includes(r));

/** The unit of a register, if this staff member may see its facility (else 404, never 403). */
export async function registerScopeOf(db: Db, staff: StaffActor, facilityId: string, unitId: string) {
  const scope = await findUnitScope(db, staff.tenant.id, unitId);
  if (!scope || scope.facility.id !== facilityId || !canSeeFacility(staff, scope.facility.id))
    throw new AppError('NOT_FOUND');
  return scope;
}

/** The register chooser: the units of the facilities this staff member sees, with the day's bookings. */
export async function registerOverview(db: Db, staff: StaffActor, day: string) {
  const all = staff.roles.some((r) => r === 'admin' || r === 'manager' || r === 'accountant');
  const rows = await facilityUnits(db, staff.tenant.id, all ? null : staff.facilityIds);
  const counts = await bookedCountsOnDay(
    db,
    staff.tenant.id,
    rows.map((r) => r.unitId),
    day,
  );
  return rows.map((r) => ({ ...r, booked: counts.get(r.unitId) ?? 0 }));
}

export interface RegisterLine extends RegisterChild {
  /** The family's absence declaration for that day was accepted (not billed). */
  justifiedAbsence: boolean;
  health: HealthFlags | null;
  pickUp: { name: string; relation: string; phone: string }[];
}

export interface RegisterView {
  scope: NonNullable<Awaited<ReturnType<typeof findUnitScope>>>;
  day: string;
  today: string;
  lines: RegisterLine[];
  counts: RegisterCounts;
  writable: boolean;
}

/** Reads a register; every child whose health flags are shown leaves a `health.view` audit row. */
export async function loadRegister(
  db: Db,
  input: { staff: StaffActor; facilityId: string; unitId: string; day: string; now: Date; ip?: string },
): Promise<RegisterView> {
  const { staff } = input;
  const tenantId = staff.tenant.id;
  const scope = await registerScopeOf(db, staff, input.facilityId, input.unitId);
  const kids = await registerChildren(db, tenantId, scope.unit.id, input.day);
  const ids = kids.map((k) => k.childId);
  const [health, pickUp, justified] = await Promise.all([
    healthOfChildren(db, tenantId, ids),
    pickUpPeople(db, tenantId, kids),
    justifiedAbsenceKeys(db, tenantId, { from: input.day, to: input.day }),
  ]);
  const levels = registerHealthLevels(
    { roles: staff.roles, facilityIds: staff.facilityIds },
    scope.facility.id,
    ids,
    health.enrollments,
  );
  const recordOf = new Map(health.records.map((r) => [r.childId, r]));
  const lines: RegisterLine[] = kids.map((k) => ({
    ...k,
    justifiedAbsence: justified.has(`${k.childId}|${input.day}`),
    health: flagsOf(recordOf.get(k.childId), levels.get(k.childId)),
    pickUp: pickUp.get(k.childId) ?? [],
  }));
  const shown = lines.filter((l) => l.health !== null);
  if (shown.length > 0)
    await db.insert(auditLog).values(
      shown.map((l) => ({
        tenantId,
        at: input.now,
        actorUserId: staff.actor.userId,
        action: 'health.view',
        subjectType: 'child',
        subjectId: l.childId,
        details: { context: 'register', unitId: scope.unit.id, day: input.day, level: levels.get(l.childId) },
        ip: input.ip ?? null,
      })),
    );
  return {
    scope,
    day: input.day,
    today: dayInZone(input.now, staff.tenant.timeZone),
    lines,
    counts: registerCounts(lines),
    writable: canWriteRegister(staff),
  };
}

export interface RegisterActionInput {
  id: string;
  kind: ActionKind;
  childId: string;
  unitId: string;
  day: string;
  /** When the tap happened on the tablet. */
  at: Date;
  note?: string;
}

export type RegisterActionAnswer =
  | { id: string; status: 'applied' }
  | { id: string; status: 'duplicate'; result: 'applied' | 'rejected'; reason?: RejectReason }
  | { id: string; status: 'rejected'; reason: RejectReason };

/**
 * Applies register actions in the order given, each in its own transaction: the action's row in
 * attendance_actions (primary key: tenant + client id, INSERT … ON CONFLICT DO NOTHING) is written in
 * the same transaction as the mark and the audit row, so an action sent twice — a retry after a lost
 * answer, a replayed offline queue — applies once and its replay is answered `duplicate`.
 */
export async function applyRegisterActions(
  db: Db,
  input: { staff: StaffActor; actions: RegisterActionInput[]; now: Date; ip?: string },
): Promise<RegisterActionAnswer[]> {
  const { staff, now } = input;
  if (!canWriteRegister(staff)) throw new AppError('FORBIDDEN');
  const tenantId = staff.tenant.id;
  const tz = staff.tenant.timeZone;
  const today = dayInZone(now, tz);
  const scopes = new Map<string, Awaited<ReturnType<typeof findUnitScope>>>();
  const answers: RegisterActionAnswer[] = [];
  for (const a of input.actions) {
    if (!scopes.has(a.unitId)) scopes.set(a.unitId, await findUnitScope(db, tenantId, a.unitId));
    const scope = scopes.get(a.unitId);
    const visible = scope !== null && scope !== undefined && canSeeFacility(staff, scope.facility.id);
    const at = clampClientTime(a.at, now);
    // A unit this staff member may not see is not found, before anything is read or written (not even
    // the action's id: a replay must not tell whether someone else sent it).
    if (!visible || !scope) {
      answers.push({ id: a.id, status: 'rejected', reason: 'not-found' });
      continue;
    }
    const answer = await db.transaction(async (tx): Promise<RegisterActionAnswer> => {
      const inserted = await tx
        .insert(attendanceActions)
        .values({
          tenantId,
          actionId: a.id,
          kind: a.kind,
          childId: a.childId,
          unitId: a.unitId,
          day: a.day,
          clientAt: at,
          receivedAt: now,
          userId: staff.actor.userId,
          result: 'applied',
          payload: a.note !== undefined ? { note: a.note } : {},
        })
        .onConflictDoNothing()
        .returning({ id: attendanceActions.actionId });
      if (inserted.length === 0) {
        const [prev] = await tx
          .select({ result: attendanceActions.result, reason: attendanceActions.reason })
          .from(attendanceActions)
          .where(and(eq(attendanceActions.tenantId, tenantId), eq(attendanceActions.actionId, a.id)));
        const result = prev?.result === 'rejected' ? 'rejected' : 'applied';
        return prev?.reason
          ? { id: a.id, status: 'duplicate', result, reason: prev.reason as RejectReason }
          : { id: a.id, status: 'duplicate', result };
      }
      const reject = async (reason: RejectReason): Promise<RegisterActionAnswer> => {
        await tx
          .update(attendanceActions)
          .set({ result: 'rejected', reason })
          .where(and(eq(attendanceActions.tenantId, tenantId), eq(attendanceActions.actionId, a.id)));
        return { id: a.id, status: 'rejected', reason };
      };
      const cell = { childId: a.childId, unitId: a.unitId, activityId: scope.activity.id, day: a.day };
      const facts = await cellFacts(tx, tenantId, cell);
      const current = await lockMark(tx, tenantId, cell, facts.booked || facts.enrolled ? now : null);
      const r = applyAction(
        current,
        { kind: a.kind, at, ...(a.note !== undefined ? { note: a.note } : {}) },
        { ...facts, registerDay: a.day, today, tapDay: dayInZone(at, tz) },
      );
      if (!r.ok) return reject(r.reason);
      // A child of another household or tenant is neither booked nor enrolled here: rejected above.
      await saveMark(tx, tenantId, cell, r.mark, { userId: staff.actor.userId, now });
      await tx.insert(auditLog).values({
        tenantId,
        at: now,
        actorUserId: staff.actor.userId,
        action: `attendance.${a.kind}`,
        subjectType: 'child',
        subjectId: a.childId,
        details: { unitId: a.unitId, day: a.day, actionId: a.id, clientAt: at.toISOString() },
        ip: input.ip ?? null,
      });
      return { id: a.id, status: 'applied' };
    });
    answers.push(answer);
  }
  return answers;
}

/** Occupancy of a facility's units over a range: booked, present and capacity per open day. */
export async function occupancyOf(
  db: Db,
  input: { staff: StaffActor; facilityId: string; from: string; to: string },
): Promise<{ rows: OccupancyRow[]; max: number; facility: { id: string; name: string } }> {
  const { staff } = input;
  const tenantId = staff.tenant.id;
  const facility = await findFacility(db, tenantId, input.facilityId);
  if (!facility || !canSeeFacility(staff, facility.id)) throw new AppError('NOT_FOUND');
  const unitRows = await facilityUnits(db, tenantId, [facility.id]);
  const unitIds = unitRows.map((u) => u.unitId);
  const activityIds = [...new Set(unitRows.map((u) => u.activityId))];
  const [counts, periodRows, exceptionRows, school] = await Promise.all([
    occupancyCounts(db, tenantId, unitIds, input.from, input.to),
    activityIds.length
      ? db
          .select()
          .from(periods)
          .where(and(eq(periods.tenantId, tenantId), inArray(periods.activityId, activityIds)))
      : Promise.resolve([]),
    unitIds.length
      ? db
          .select()
          .from(unitCalendarExceptions)
          .where(
            and(
              eq(unitCalendarExceptions.tenantId, tenantId),
              inArray(unitCalendarExceptions.unitId, unitIds),
            ),
          )
      : Promise.resolve([]),
    schoolHolidaysOfZone(db, staff.tenant.schoolZone),
  ]);
  const cal = {
    holidays: regionHolidays(staff.tenant.holidayRegion as HolidayRegion),
    school: schoolCalendar(school),
  };
  const key = (unitId: string, day: string) => `${unitId}|${day}`;
  const booked = new Map(counts.booked.map((r) => [key(r.unitId, r.day), r.n]));
  const present = new Map(counts.present.map((r) => [key(r.unitId, r.day), r.n]));
  const rows: OccupancyRow[] = [];
  for (const day of eachDay(input.from, input.to)) {
    for (const u of unitRows) {
      const b = booked.get(key(u.unitId, day)) ?? 0;
      const p = present.get(key(u.unitId, day)) ?? 0;
      const exceptions = new Map(
        exceptionRows.filter((x) => x.unitId === u.unitId).map((x) => [x.day, x.kind as 'closed' | 'open']),
      );
      const open = periodRows
        .filter((p2) => p2.activityId === u.activityId)
        .some((p2) =>
          isUnitOpen(
            day,
            {
              weekdays: u.weekdays,
              dayType: u.dayType as DayType,
              openOnPublicHolidays: u.openOnPublicHolidays,
              exceptions,
              firstDay: p2.firstDay,
              lastDay: p2.lastDay,
            },
            cal,
          ),
        );
      if (!open && b === 0 && p === 0) continue;
      const rules = counts.capacities.filter((c) => c.unitId === u.unitId);
      const groups = [...new Set(rules.map((r) => r.groupId).filter((g): g is string => g !== null))];
      let capacity: number | null;
      if (groups.length === 0) capacity = resolveCapacity(u.capacity, rules, day, '');
      else {
        const per = groups.map((g) => resolveCapacity(u.capacity, rules, day, g));
        capacity = per.some((c) => c === null) ? null : per.reduce<number>((s, c) => s + (c ?? 0), 0);
      }
      rows.push({
        day,
        unitId: u.unitId,
        unitName: `${u.activityName} · ${u.unitName}`,
        booked: b,
        present: p,
        capacity,
      });
    }
  }
  return { rows, max: chartMax(rows), facility: { id: facility.id, name: facility.name } };
}
