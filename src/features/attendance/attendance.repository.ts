/** Queries of the attendance feature: every function takes the tenant id and accepts db or tx. */
import { and, asc, eq, gte, ilike, inArray, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { bookings } from '../bookings/bookings.schema';
import {
  activities,
  activityGroups,
  facilities,
  periods,
  unitCapacities,
  units,
} from '../catalogue/catalogue.schema';
import { enrollments } from '../enrollments/enrollments.schema';
import { childHealth, children, guardians, householdContacts } from '../households/households.schema';
import { attendanceMarks } from './attendance.schema';
import { dayOutcome, decidingBooking, type Outcome } from './domain/outcome';
import type { MarkFields } from './domain/register-actions';
import { justifiedAbsenceKeys } from './justified-absences';

/** A unit with its activity and facility (null when not in this tenant). */
export async function findUnitScope(db: Db, tenantId: string, unitId: string) {
  const [row] = await db
    .select({ unit: units, activity: activities, facility: facilities })
    .from(units)
    .innerJoin(activities, and(eq(activities.tenantId, units.tenantId), eq(activities.id, units.activityId)))
    .innerJoin(
      facilities,
      and(eq(facilities.tenantId, activities.tenantId), eq(facilities.id, activities.facilityId)),
    )
    .where(and(eq(units.tenantId, tenantId), eq(units.id, unitId)));
  return row ?? null;
}

export async function findFacility(db: Db, tenantId: string, facilityId: string) {
  const [row] = await db
    .select()
    .from(facilities)
    .where(and(eq(facilities.tenantId, tenantId), eq(facilities.id, facilityId)));
  return row ?? null;
}

/** Facilities (all, or these) with the units of their day-booked activities, in display order. */
export async function facilityUnits(db: Db, tenantId: string, facilityIds: string[] | null) {
  if (facilityIds && facilityIds.length === 0) return [];
  return db
    .select({
      facilityId: facilities.id,
      facilityName: facilities.name,
      activityId: activities.id,
      activityName: activities.name,
      unitId: units.id,
      unitName: units.name,
      startTime: units.startTime,
      endTime: units.endTime,
      weekdays: units.weekdays,
      capacity: units.capacity,
      dayType: units.dayType,
      openOnPublicHolidays: units.openOnPublicHolidays,
    })
    .from(facilities)
    .innerJoin(
      activities,
      and(
        eq(activities.tenantId, facilities.tenantId),
        eq(activities.facilityId, facilities.id),
        eq(activities.enrollmentOnly, false),
      ),
    )
    .innerJoin(units, and(eq(units.tenantId, activities.tenantId), eq(units.activityId, activities.id)))
    .where(
      and(eq(facilities.tenantId, tenantId), facilityIds ? inArray(facilities.id, facilityIds) : undefined),
    )
    .orderBy(asc(facilities.name), asc(activities.name), asc(units.position), asc(units.startTime));
}

/** Confirmed bookings per unit on a day (the chooser's counts). */
export async function bookedCountsOnDay(db: Db, tenantId: string, unitIds: string[], day: string) {
  if (unitIds.length === 0) return new Map<string, number>();
  const rows = await db
    .select({ unitId: bookings.unitId, n: sql<number>`count(*)::int` })
    .from(bookings)
    .where(
      and(
        eq(bookings.tenantId, tenantId),
        inArray(bookings.unitId, unitIds),
        eq(bookings.day, day),
        inArray(bookings.status, ['confirmed', 'cancel-requested']),
      ),
    )
    .groupBy(bookings.unitId);
  return new Map(rows.map((r) => [r.unitId, Number(r.n)]));
}

export interface RegisterChild {
  childId: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  householdId: string | null;
  groupName: string;
  booked: boolean;
  mark: MarkFields | null;
}

/** The children of a register: confirmed bookings of the unit on the day, plus marked walk-ins. */
export async function registerChildren(
  db: Db,
  tenantId: string,
  unitId: string,
  day: string,
): Promise<RegisterChild[]> {
  const [booked, marks] = await Promise.all([
    db
      .select({
        childId: bookings.childId,
        householdId: bookings.householdId,
        groupName: activityGroups.name,
      })
      .from(bookings)
      .innerJoin(
        enrollments,
        and(eq(enrollments.tenantId, bookings.tenantId), eq(enrollments.id, bookings.enrollmentId)),
      )
      .leftJoin(
        activityGroups,
        and(eq(activityGroups.tenantId, enrollments.tenantId), eq(activityGroups.id, enrollments.groupId)),
      )
      .where(
        and(
          eq(bookings.tenantId, tenantId),
          eq(bookings.unitId, unitId),
          eq(bookings.day, day),
          inArray(bookings.status, ['confirmed', 'cancel-requested']),
        ),
      ),
    db
      .select()
      .from(attendanceMarks)
      .where(
        and(
          eq(attendanceMarks.tenantId, tenantId),
          eq(attendanceMarks.unitId, unitId),
          eq(attendanceMarks.day, day),
        ),
      ),
  ]);
  const markOf = new Map(marks.map((m) => [m.childId, toFields(m)]));
  const bookedIds = new Set(booked.map((b) => b.childId));
  const walkIns = marks.filter((m) => !bookedIds.has(m.childId) && m.unbooked);
  const ids = [...bookedIds, ...walkIns.map((m) => m.childId)];
  if (ids.length === 0) return [];
  const kids = await db
    .select()
    .from(children)
    .where(and(eq(children.tenantId, tenantId), inArray(children.id, ids)));
  const walkInGroups = walkIns.length
    ? await enrollmentGroups(
        db,
        tenantId,
        walkIns.map((w) => w.childId),
        walkIns[0]!.activityId,
        day,
      )
    : new Map<string, { groupName: string; householdId: string }>();
  const kidOf = new Map(kids.map((k) => [k.id, k]));
  const out: RegisterChild[] = [];
  for (const b of booked) {
    const k = kidOf.get(b.childId);
    if (!k) continue;
    out.push({
      childId: k.id,
      firstName: k.firstName,
      lastName: k.lastName,
      birthDate: k.birthDate,
      householdId: b.householdId,
      groupName: b.groupName ?? '',
      booked: true,
      mark: markOf.get(k.id) ?? null,
    });
  }
  for (const w of walkIns) {
    const k = kidOf.get(w.childId);
    if (!k) continue;
    const g = walkInGroups.get(k.id);
    out.push({
      childId: k.id,
      firstName: k.firstName,
      lastName: k.lastName,
      birthDate: k.birthDate,
      householdId: g?.householdId ?? null,
      groupName: g?.groupName ?? '',
      booked: false,
      mark: markOf.get(k.id) ?? null,
    });
  }
  return out.sort(
    (a, b) =>
      (a.groupName || '~').localeCompare(b.groupName || '~', 'fr') ||
      a.lastName.localeCompare(b.lastName, 'fr') ||
      a.firstName.localeCompare(b.firstName, 'fr'),
  );
}

function toFields(m: typeof attendanceMarks.$inferSelect): MarkFields {
  return {
    state: (m.state as MarkFields['state']) ?? null,
    arrivedAt: m.arrivedAt,
    leftAt: m.leftAt,
    unbooked: m.unbooked,
    note: m.note,
    stateAt: m.stateAt,
    noteAt: m.noteAt,
  };
}

/** Accepted enrollments of children in an activity covering a day: group name and household. */
async function enrollmentGroups(
  db: Db,
  tenantId: string,
  childIds: string[],
  activityId: string,
  day: string,
) {
  const rows = await db
    .select({
      childId: enrollments.childId,
      householdId: enrollments.householdId,
      groupName: activityGroups.name,
    })
    .from(enrollments)
    .innerJoin(periods, and(eq(periods.tenantId, enrollments.tenantId), eq(periods.id, enrollments.periodId)))
    .leftJoin(
      activityGroups,
      and(eq(activityGroups.tenantId, enrollments.tenantId), eq(activityGroups.id, enrollments.groupId)),
    )
    .where(
      and(
        eq(enrollments.tenantId, tenantId),
        inArray(enrollments.childId, childIds),
        eq(enrollments.activityId, activityId),
        eq(enrollments.status, 'accepted'),
        lte(periods.firstDay, day),
        gte(periods.lastDay, day),
      ),
    );
  return new Map(rows.map((r) => [r.childId, { groupName: r.groupName ?? '', householdId: r.householdId }]));
}

/** Children enrolled (accepted) in the activity on the day whose name matches, for walk-ins. */
export async function searchEnrolledChildren(
  db: Db,
  tenantId: string,
  activityId: string,
  day: string,
  q: string,
  limit = 20,
) {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .selectDistinct({
      childId: children.id,
      firstName: children.firstName,
      lastName: children.lastName,
      birthDate: children.birthDate,
    })
    .from(enrollments)
    .innerJoin(periods, and(eq(periods.tenantId, enrollments.tenantId), eq(periods.id, enrollments.periodId)))
    .innerJoin(
      children,
      and(eq(children.tenantId, enrollments.tenantId), eq(children.id, enrollments.childId)),
    )
    .where(
      and(
        eq(enrollments.tenantId, tenantId),
        eq(enrollments.activityId, activityId),
        eq(enrollments.status, 'accepted'),
        lte(periods.firstDay, day),
        gte(periods.lastDay, day),
        or(
          ilike(children.firstName, pattern),
          ilike(children.lastName, pattern),
          ilike(sql`${children.firstName} || ' ' || ${children.lastName}`, pattern),
        ),
      ),
    )
    .orderBy(asc(children.lastName), asc(children.firstName))
    .limit(limit);
}

/** Whether a child is booked (confirmed) on the cell and enrolled in the activity that day. */
export async function cellFacts(
  db: Db,
  tenantId: string,
  cell: { childId: string; unitId: string; activityId: string; day: string },
) {
  const [b, e] = await Promise.all([
    db
      .select({ id: bookings.id })
      .from(bookings)
      .where(
        and(
          eq(bookings.tenantId, tenantId),
          eq(bookings.childId, cell.childId),
          eq(bookings.unitId, cell.unitId),
          eq(bookings.day, cell.day),
          inArray(bookings.status, ['confirmed', 'cancel-requested']),
        ),
      )
      .limit(1),
    enrollmentGroups(db, tenantId, [cell.childId], cell.activityId, cell.day),
  ]);
  return { booked: b.length > 0, enrolled: e.has(cell.childId) };
}

/**
 * The mark of a cell, locked for update (inside the action's transaction). A blank row is created first
 * when missing, so that two first actions on the same cell queue on its lock instead of both reading
 * "no mark" (a blank mark has no state: it counts as no mark everywhere).
 */
export async function lockMark(
  db: Db,
  tenantId: string,
  cell: { childId: string; unitId: string; activityId: string; day: string },
  /** Set when the child is booked or enrolled here (never a blank row for a stranger's id). */
  createAt: Date | null,
) {
  if (createAt)
    await db
      .insert(attendanceMarks)
      .values({ tenantId, ...cell, updatedAt: createAt })
      .onConflictDoNothing();
  const [m] = await db
    .select()
    .from(attendanceMarks)
    .where(
      and(
        eq(attendanceMarks.tenantId, tenantId),
        eq(attendanceMarks.childId, cell.childId),
        eq(attendanceMarks.unitId, cell.unitId),
        eq(attendanceMarks.day, cell.day),
      ),
    )
    .for('update');
  return m ? toFields(m) : null;
}

export async function saveMark(
  db: Db,
  tenantId: string,
  cell: { childId: string; unitId: string; activityId: string; day: string },
  mark: MarkFields,
  by: { userId: string; now: Date },
) {
  const values = { ...mark, updatedAt: by.now, updatedBy: by.userId };
  await db
    .insert(attendanceMarks)
    .values({ tenantId, ...cell, ...values })
    .onConflictDoUpdate({
      target: [
        attendanceMarks.tenantId,
        attendanceMarks.childId,
        attendanceMarks.day,
        attendanceMarks.unitId,
      ],
      set: values,
    });
}

/** Health records and enrollments (with facility) of children: for the need-to-know policy. */
export async function healthOfChildren(db: Db, tenantId: string, childIds: string[]) {
  if (childIds.length === 0) return { records: [], enrollments: [] };
  const [records, enr] = await Promise.all([
    db
      .select()
      .from(childHealth)
      .where(and(eq(childHealth.tenantId, tenantId), inArray(childHealth.childId, childIds))),
    db
      .select({ childId: enrollments.childId, facilityId: activities.facilityId, status: enrollments.status })
      .from(enrollments)
      .innerJoin(
        activities,
        and(eq(activities.tenantId, enrollments.tenantId), eq(activities.id, enrollments.activityId)),
      )
      .where(and(eq(enrollments.tenantId, tenantId), inArray(enrollments.childId, childIds))),
  ]);
  return { records, enrollments: enr };
}

export interface PickUpPerson {
  name: string;
  relation: string;
  phone: string;
}

/**
 * Who may pick each child up: the guardians of the household the child is listed for, then the
 * household's contacts allowed to pick up (for every child, or for this one).
 */
export async function pickUpPeople(
  db: Db,
  tenantId: string,
  rows: readonly { childId: string; householdId: string | null }[],
): Promise<Map<string, PickUpPerson[]>> {
  const householdIds = [...new Set(rows.map((r) => r.householdId).filter((h): h is string => h !== null))];
  const out = new Map<string, PickUpPerson[]>();
  if (householdIds.length === 0) return out;
  const [gs, cs] = await Promise.all([
    db
      .select()
      .from(guardians)
      .where(and(eq(guardians.tenantId, tenantId), inArray(guardians.householdId, householdIds)))
      .orderBy(asc(guardians.lastName), asc(guardians.firstName)),
    db
      .select()
      .from(householdContacts)
      .where(
        and(
          eq(householdContacts.tenantId, tenantId),
          inArray(householdContacts.householdId, householdIds),
          eq(householdContacts.mayPickUp, true),
        ),
      )
      .orderBy(asc(householdContacts.name)),
  ]);
  for (const r of rows) {
    if (!r.householdId) continue;
    const people: PickUpPerson[] = [
      ...gs
        .filter((g) => g.householdId === r.householdId)
        .map((g) => ({
          name: `${g.firstName} ${g.lastName}`,
          relation: 'Responsable légal',
          phone: g.mobilePhone || g.homePhone || g.workPhone,
        })),
      ...cs
        .filter(
          (c) =>
            c.householdId === r.householdId && (c.childIds.length === 0 || c.childIds.includes(r.childId)),
        )
        .map((c) => ({ name: c.name, relation: c.relation, phone: c.mobilePhone || c.otherPhone })),
    ];
    out.set(r.childId, people);
  }
  return out;
}

export interface DayOutcomeRow {
  childId: string;
  day: string;
  unitId: string;
  activityId: string;
  householdId: string | null;
  outcome: Outcome;
  unmarked: boolean;
}

/**
 * The outcome of every child × day × unit with a booking or a mark in the range (billing reads this).
 * `today` (tenant day) decides which days have ended; without it every day of the range has ended
 * (a monthly billing run reads a past month).
 */
export async function outcomesOf(
  db: Db,
  tenantId: string,
  range: { from: string; to: string; facilityId?: string; today?: string },
): Promise<DayOutcomeRow[]> {
  const facilityActivities = range.facilityId
    ? db
        .select({ id: activities.id })
        .from(activities)
        .where(and(eq(activities.tenantId, tenantId), eq(activities.facilityId, range.facilityId)))
    : null;
  const [bookingRows, markRows, justified] = await Promise.all([
    db
      .select({
        childId: bookings.childId,
        day: bookings.day,
        unitId: bookings.unitId,
        activityId: bookings.activityId,
        householdId: bookings.householdId,
        status: bookings.status,
        lateCancellation: bookings.lateCancellation,
        updatedAt: bookings.updatedAt,
      })
      .from(bookings)
      .where(
        and(
          eq(bookings.tenantId, tenantId),
          gte(bookings.day, range.from),
          lte(bookings.day, range.to),
          inArray(bookings.status, ['confirmed', 'cancel-requested', 'cancelled']),
          facilityActivities ? inArray(bookings.activityId, facilityActivities) : undefined,
        ),
      ),
    db
      .select()
      .from(attendanceMarks)
      .where(
        and(
          eq(attendanceMarks.tenantId, tenantId),
          gte(attendanceMarks.day, range.from),
          lte(attendanceMarks.day, range.to),
          facilityActivities ? inArray(attendanceMarks.activityId, facilityActivities) : undefined,
        ),
      ),
    justifiedAbsenceKeys(db, tenantId, range),
  ]);
  type Cell = {
    childId: string;
    day: string;
    unitId: string;
    activityId: string;
    householdId: string | null;
    rows: typeof bookingRows;
    mark: (typeof markRows)[number] | null;
  };
  const cells = new Map<string, Cell>();
  const keyOf = (c: { childId: string; day: string; unitId: string }) => `${c.childId}|${c.day}|${c.unitId}`;
  for (const b of bookingRows) {
    const k = keyOf(b);
    const cell = cells.get(k) ?? { ...b, rows: [], mark: null };
    cell.rows.push(b);
    cells.set(k, cell);
  }
  for (const m of markRows) {
    const k = keyOf(m);
    const cell = cells.get(k) ?? {
      childId: m.childId,
      day: m.day,
      unitId: m.unitId,
      activityId: m.activityId,
      householdId: null,
      rows: [],
      mark: null,
    };
    cell.mark = m;
    cells.set(k, cell);
  }
  const out: DayOutcomeRow[] = [];
  for (const c of cells.values()) {
    const booking = decidingBooking(c.rows);
    const r = dayOutcome({
      booking,
      mark: c.mark
        ? { state: (c.mark.state as 'present' | 'absent' | null) ?? null, unbooked: c.mark.unbooked }
        : null,
      justified: justified.has(`${c.childId}|${c.day}`),
      dayEnded: range.today === undefined || c.day < range.today,
    });
    if (!r) continue;
    out.push({
      childId: c.childId,
      day: c.day,
      unitId: c.unitId,
      activityId: c.activityId,
      householdId: booking ? c.rows.find((x) => x === booking)!.householdId : c.householdId,
      outcome: r.outcome,
      unmarked: r.unmarked,
    });
  }
  return out.sort(
    (a, b) =>
      a.day.localeCompare(b.day) || a.childId.localeCompare(b.childId) || a.unitId.localeCompare(b.unitId),
  );
}

/** Booked (confirmed) and present counts per unit × day over a range, for a facility's units. */
export async function occupancyCounts(db: Db, tenantId: string, unitIds: string[], from: string, to: string) {
  if (unitIds.length === 0) return { booked: [], present: [], capacities: [] };
  const [booked, present, capacities] = await Promise.all([
    db
      .select({ unitId: bookings.unitId, day: bookings.day, n: sql<number>`count(*)::int` })
      .from(bookings)
      .where(
        and(
          eq(bookings.tenantId, tenantId),
          inArray(bookings.unitId, unitIds),
          gte(bookings.day, from),
          lte(bookings.day, to),
          inArray(bookings.status, ['confirmed', 'cancel-requested']),
        ),
      )
      .groupBy(bookings.unitId, bookings.day),
    db
      .select({ unitId: attendanceMarks.unitId, day: attendanceMarks.day, n: sql<number>`count(*)::int` })
      .from(attendanceMarks)
      .where(
        and(
          eq(attendanceMarks.tenantId, tenantId),
          inArray(attendanceMarks.unitId, unitIds),
          gte(attendanceMarks.day, from),
          lte(attendanceMarks.day, to),
          eq(attendanceMarks.state, 'present'),
        ),
      )
      .groupBy(attendanceMarks.unitId, attendanceMarks.day),
    db
      .select()
      .from(unitCapacities)
      .where(and(eq(unitCapacities.tenantId, tenantId), inArray(unitCapacities.unitId, unitIds))),
  ]);
  return {
    booked: booked.map((r) => ({ ...r, n: Number(r.n) })),
    present: present.map((r) => ({ ...r, n: Number(r.n) })),
    capacities,
  };
}
