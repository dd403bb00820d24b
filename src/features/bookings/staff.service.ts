/**
 * Staff side of bookings (issue 6, ADR 0005 "Staff side"): the day view per facility × day × unit,
 * decisions on late requests and cancellation requests, waiting-list management. Every decision
 * claims its booking row with a conditional UPDATE on the expected status (the first decision wins,
 * concurrent ones get a conflict), takes or frees the place in the same transaction, writes the audit
 * row and the family's e-mail (outbox).
 */
import { and, asc, eq, gte, inArray, lte, ne, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import { enqueueEmail } from '../../platform/mail/outbox';
import type { StaffRole } from '../accounts/accounts.schema';
import {
  activities,
  activityGroups,
  facilities,
  periods,
  unitCalendarExceptions,
  unitCapacities,
  units,
} from '../catalogue/catalogue.schema';
import { householdEmails } from '../enrollments/children-lookup';
import { enrollments } from '../enrollments/enrollments.schema';
import { children, households } from '../households/households.schema';
import { writeAudit } from '../staff/audit';
import type { Tenant } from '../tenants/tenants.schema';
import { freePlace, loadBookingSettings, takePlace, waitingRanksOf } from './bookings.repository';
import { bookingCapacity, bookings } from './bookings.schema';
import { type ConfirmResult, confirmBasket, enqueuePromotion } from './confirm';
import { loadBookingContext } from './context';
import { resolveCapacity } from './domain/capacity';
import { addDays, formatDayFr, weekdayOf } from './domain/days';
import type { IsoDay } from './domain/types';
import { promoteWaiting } from './promotion';

/** Who sees the bookings pages (directors and animators: their facilities; accountants read only). */
export const BOOKING_VIEW_ROLES: readonly StaffRole[] = ['manager', 'director', 'animator', 'accountant'];
/** Who books for families and decides requests (directors: their facilities). */
export const BOOKING_EDIT_ROLES: readonly StaffRole[] = ['manager', 'director'];

export const canEditBookings = (roles: readonly StaffRole[]) =>
  roles.some((r) => r === 'admin' || BOOKING_EDIT_ROLES.includes(r));

// ---------- Day view ----------

export interface DayViewChild {
  bookingId: string;
  householdId: string;
  childName: string;
  groupName: string | null;
  status: string;
  kind: string;
  waitingRank: number | null;
  reason: string | null;
  byStaff: boolean;
}

export interface DayViewUnit {
  unitId: string;
  unitName: string;
  activityName: string;
  startTime: string;
  endTime: string;
  /** A calendar exception closes the unit that day (« Fermé »: no booking is offered). */
  closed: boolean;
  /** A calendar exception opens the unit on a day it does not usually open. */
  exceptionalOpening: boolean;
  /** The exception's label (closure or exceptional opening), '' when none. */
  exceptionLabel: string;
  /** Per capacity cell (group key '' = whole unit). */
  cells: { groupKey: string; groupName: string | null; capacity: number | null; remaining: number | null }[];
  booked: number;
  waiting: number;
  requested: number;
  children: DayViewChild[];
}

export interface DayView {
  facilities: { id: string; name: string }[];
  facilityId: string | null;
  day: IsoDay;
  units: DayViewUnit[];
  allUnits: { id: string; name: string }[];
}

/** Bookings of one facility on one day, per unit: booked vs capacity, waiting count, the children. */
export async function dayView(
  db: Db,
  args: {
    tenantId: string;
    canSeeFacility: (facilityId: string) => boolean;
    facilityId: string | null;
    day: IsoDay;
    unitId: string | null;
  },
): Promise<DayView> {
  const { tenantId, day } = args;
  const allFacilities = (
    await db
      .select({ id: facilities.id, name: facilities.name })
      .from(facilities)
      .where(eq(facilities.tenantId, tenantId))
      .orderBy(asc(facilities.name))
  ).filter((f) => args.canSeeFacility(f.id));
  const facilityId =
    args.facilityId && allFacilities.some((f) => f.id === args.facilityId)
      ? args.facilityId
      : args.facilityId
        ? null
        : (allFacilities[0]?.id ?? null);
  if (args.facilityId && !facilityId) throw new AppError('NOT_FOUND');
  const base: DayView = { facilities: allFacilities, facilityId, day, units: [], allUnits: [] };
  if (!facilityId) return base;

  // Units of the facility's bookable activities with a period covering the day.
  const unitRows = await db
    .selectDistinct({ unit: units, activityName: activities.name })
    .from(units)
    .innerJoin(activities, eq(activities.id, units.activityId))
    .innerJoin(periods, eq(periods.activityId, activities.id))
    .where(
      and(
        eq(units.tenantId, tenantId),
        eq(activities.facilityId, facilityId),
        eq(activities.enrollmentOnly, false),
        lte(periods.firstDay, day),
        gte(periods.lastDay, day),
      ),
    );
  unitRows.sort(
    (a, b) =>
      a.activityName.localeCompare(b.activityName, 'fr') ||
      a.unit.position - b.unit.position ||
      a.unit.startTime.localeCompare(b.unit.startTime),
  );
  const wd = weekdayOf(day);
  const allUnits = unitRows.map((r) => ({ id: r.unit.id, name: `${r.activityName} · ${r.unit.name}` }));
  // Calendar exceptions of the day: a closure shows the unit as « Fermé », an exceptional opening shows
  // a unit that does not open on this weekday.
  const exceptions = new Map(
    (unitRows.length
      ? await db
          .select({
            unitId: unitCalendarExceptions.unitId,
            kind: unitCalendarExceptions.kind,
            label: unitCalendarExceptions.label,
          })
          .from(unitCalendarExceptions)
          .where(
            and(
              eq(unitCalendarExceptions.tenantId, tenantId),
              inArray(
                unitCalendarExceptions.unitId,
                unitRows.map((r) => r.unit.id),
              ),
              eq(unitCalendarExceptions.day, day),
            ),
          )
      : []
    ).map((x) => [x.unitId, x]),
  );
  let shown = unitRows.filter(
    (r) => r.unit.weekdays.includes(wd) || exceptions.get(r.unit.id)?.kind === 'open',
  );
  if (args.unitId) {
    if (!unitRows.some((r) => r.unit.id === args.unitId)) throw new AppError('NOT_FOUND');
    shown = unitRows.filter((r) => r.unit.id === args.unitId);
  }
  const unitIds = shown.map((r) => r.unit.id);
  if (unitIds.length === 0) return { ...base, allUnits };

  const [rows, caps, rules, groups] = await Promise.all([
    db
      .select({
        id: bookings.id,
        householdId: bookings.householdId,
        unitId: bookings.unitId,
        day: bookings.day,
        groupKey: bookings.groupKey,
        status: bookings.status,
        kind: bookings.kind,
        reason: bookings.reason,
        byStaff: bookings.byStaff,
        firstName: children.firstName,
        lastName: children.lastName,
        groupName: activityGroups.name,
      })
      .from(bookings)
      .innerJoin(children, eq(children.id, bookings.childId))
      .innerJoin(enrollments, eq(enrollments.id, bookings.enrollmentId))
      .leftJoin(activityGroups, eq(activityGroups.id, enrollments.groupId))
      .where(
        and(
          eq(bookings.tenantId, tenantId),
          inArray(bookings.unitId, unitIds),
          eq(bookings.day, day),
          ne(bookings.status, 'cancelled'),
        ),
      ),
    db
      .select()
      .from(bookingCapacity)
      .where(
        and(
          eq(bookingCapacity.tenantId, tenantId),
          inArray(bookingCapacity.unitId, unitIds),
          eq(bookingCapacity.day, day),
        ),
      ),
    db
      .select()
      .from(unitCapacities)
      .where(and(eq(unitCapacities.tenantId, tenantId), inArray(unitCapacities.unitId, unitIds))),
    db
      .select({ id: activityGroups.id, name: activityGroups.name })
      .from(activityGroups)
      .where(eq(activityGroups.tenantId, tenantId)),
  ]);
  const ranks = await waitingRanksOf(
    db,
    tenantId,
    rows.filter((r) => r.status === 'waiting'),
  );
  const groupName = (k: string) => (k === '' ? null : (groups.find((g) => g.id === k)?.name ?? null));
  const statusOrder = ['confirmed', 'requested', 'cancel-requested', 'waiting', 'refused'];
  const out: DayViewUnit[] = shown.map(({ unit, activityName }) => {
    const mine = rows.filter((r) => r.unitId === unit.id);
    const unitRules = rules
      .filter((r) => r.unitId === unit.id)
      .map((r) => ({ groupId: r.groupId, day: r.day, capacity: r.capacity }));
    const perGroup = unitRules.some((r) => r.groupId !== null);
    const keys = new Set<string>(perGroup ? unitRules.filter((r) => r.groupId).map((r) => r.groupId!) : ['']);
    for (const r of mine) keys.add(r.groupKey);
    for (const c of caps) if (c.unitId === unit.id) keys.add(c.groupKey);
    const cells = [...keys].sort().map((groupKey) => {
      const stored = caps.find((c) => c.unitId === unit.id && c.groupKey === groupKey);
      const capacity = stored?.capacity ?? resolveCapacity(unit.capacity, unitRules, day, groupKey);
      const confirmed = mine.filter((r) => r.groupKey === groupKey && r.status === 'confirmed').length;
      const remaining = stored
        ? stored.remaining
        : capacity === null
          ? null
          : Math.max(0, capacity - confirmed);
      return { groupKey, groupName: groupName(groupKey), capacity, remaining };
    });
    return {
      unitId: unit.id,
      unitName: unit.name,
      activityName,
      startTime: unit.startTime,
      endTime: unit.endTime,
      closed: exceptions.get(unit.id)?.kind === 'closed',
      exceptionalOpening: exceptions.get(unit.id)?.kind === 'open',
      exceptionLabel: exceptions.get(unit.id)?.label ?? '',
      cells,
      booked: mine.filter((r) => r.status === 'confirmed').length,
      waiting: mine.filter((r) => r.status === 'waiting').length,
      requested: mine.filter((r) => r.status === 'requested' || r.status === 'cancel-requested').length,
      children: mine
        .map((r) => ({
          bookingId: r.id,
          householdId: r.householdId,
          childName: `${r.firstName} ${r.lastName}`,
          groupName: r.groupName,
          status: r.status,
          kind: r.kind,
          waitingRank: ranks.get(r.id) ?? null,
          reason: r.reason,
          byStaff: r.byStaff,
        }))
        .sort(
          (a, b) =>
            statusOrder.indexOf(a.status) - statusOrder.indexOf(b.status) ||
            (a.waitingRank ?? 0) - (b.waitingRank ?? 0) ||
            a.childName.localeCompare(b.childName, 'fr'),
        ),
    };
  });
  return { ...base, units: out, allUnits };
}

// ---------- Requests to validate ----------

export interface PendingRequest {
  id: string;
  status: 'requested' | 'cancel-requested';
  day: IsoDay;
  householdId: string;
  householdName: string;
  childName: string;
  unitName: string;
  activityName: string;
  facilityId: string;
  facilityName: string;
  reason: string | null;
  requestedAt: Date;
}

const pendingWhere = (tenantId: string) =>
  and(
    eq(bookings.tenantId, tenantId),
    sql`(${bookings.status} = 'cancel-requested' or (${bookings.status} = 'requested' and ${bookings.kind} = 'booking'))`,
  );

/** Late requests and cancellation requests waiting for a staff decision (work-queue count). */
export async function countPendingBookingRequests(
  db: Db,
  tenantId: string,
  /** Only these facilities (a director's queue, as pendingRequests filters it); null: all. */
  facilityIds: readonly string[] | null = null,
): Promise<number> {
  if (facilityIds && facilityIds.length === 0) return 0;
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(bookings)
    .innerJoin(activities, eq(activities.id, bookings.activityId))
    .where(
      and(pendingWhere(tenantId), facilityIds ? inArray(activities.facilityId, [...facilityIds]) : undefined),
    );
  return Number(row?.n ?? 0);
}

export async function pendingRequests(
  db: Db,
  tenantId: string,
  canSeeFacility: (facilityId: string) => boolean,
): Promise<PendingRequest[]> {
  const rows = await db
    .select({
      id: bookings.id,
      status: bookings.status,
      day: bookings.day,
      householdId: bookings.householdId,
      householdName: households.name,
      firstName: children.firstName,
      lastName: children.lastName,
      unitName: units.name,
      activityName: activities.name,
      facilityId: facilities.id,
      facilityName: facilities.name,
      reason: bookings.reason,
      requestedAt: bookings.requestedAt,
    })
    .from(bookings)
    .innerJoin(children, eq(children.id, bookings.childId))
    .innerJoin(households, eq(households.id, bookings.householdId))
    .innerJoin(units, eq(units.id, bookings.unitId))
    .innerJoin(activities, eq(activities.id, bookings.activityId))
    .innerJoin(facilities, eq(facilities.id, activities.facilityId))
    .where(pendingWhere(tenantId))
    .orderBy(asc(bookings.day), asc(bookings.requestedAt), asc(bookings.id))
    .limit(500);
  return rows
    .filter((r) => canSeeFacility(r.facilityId))
    .map((r) => ({
      ...r,
      status: r.status as PendingRequest['status'],
      childName: `${r.firstName} ${r.lastName}`,
    }));
}

/** A booking of the tenant with its facility (for visibility checks), or null. */
export async function findBookingForStaff(db: Db, tenantId: string, bookingId: string) {
  const [row] = await db
    .select({ booking: bookings, facilityId: activities.facilityId })
    .from(bookings)
    .innerJoin(activities, eq(activities.id, bookings.activityId))
    .where(and(eq(bookings.tenantId, tenantId), eq(bookings.id, bookingId)));
  return row ?? null;
}

export type RequestDecision = { kind: 'accept' } | { kind: 'refuse'; reason: string };

export interface DecisionOutcome {
  status: 'confirmed' | 'waiting' | 'refused' | 'cancelled';
  message: string;
}

/** The capacity of a booking's cell (null: unlimited), from the catalogue's rules. */
async function cellCapacity(db: Db, tenantId: string, b: { unitId: string; day: IsoDay; groupKey: string }) {
  const [unit] = await db
    .select({ capacity: units.capacity })
    .from(units)
    .where(and(eq(units.tenantId, tenantId), eq(units.id, b.unitId)));
  const rules = await db
    .select({ groupId: unitCapacities.groupId, day: unitCapacities.day, capacity: unitCapacities.capacity })
    .from(unitCapacities)
    .where(and(eq(unitCapacities.tenantId, tenantId), eq(unitCapacities.unitId, b.unitId)));
  return resolveCapacity(unit?.capacity ?? null, rules, b.day, b.groupKey);
}

async function describe(db: Db, tenantId: string, b: { childId: string; unitId: string }) {
  const [c] = await db
    .select({ firstName: children.firstName })
    .from(children)
    .where(eq(children.id, b.childId));
  const [u] = await db
    .select({ name: units.name })
    .from(units)
    .where(and(eq(units.tenantId, tenantId), eq(units.id, b.unitId)));
  return { firstName: c?.firstName ?? '', unitName: u?.name ?? '' };
}

/**
 * Decides a late booking request or a cancellation request. The row is claimed first by a conditional
 * UPDATE on its expected status (concurrent decisions: one wins, the others get CONFLICT); then, in the
 * same transaction, an accepted addition takes a place (full → waiting list or refused per settings),
 * an accepted cancellation frees it (and enqueues a promotion); audit row and e-mail to the family.
 */
export async function decideBookingRequest(args: {
  db: Db;
  tenant: Tenant;
  staffUserId: string;
  canSeeFacility: (facilityId: string) => boolean;
  bookingId: string;
  decision: RequestDecision;
  now: Date;
  ip?: string | null;
}): Promise<DecisionOutcome> {
  const { db, tenant, now, decision } = args;
  const found = await findBookingForStaff(db, tenant.id, args.bookingId);
  if (!found || !args.canSeeFacility(found.facilityId)) throw new AppError('NOT_FOUND');
  const expected = found.booking.status;
  if (!(expected === 'cancel-requested' || (expected === 'requested' && found.booking.kind === 'booking')))
    throw new AppError('CONFLICT', 'Cette demande a déjà été traitée.');
  const settings = await loadBookingSettings(db, tenant.id);
  const capacity = expected === 'requested' ? await cellCapacity(db, tenant.id, found.booking) : null;

  return db.transaction(async (tx) => {
    const [b] = await tx
      .update(bookings)
      .set({ decidedBy: args.staffUserId, decidedAt: now, updatedAt: now })
      .where(
        and(eq(bookings.tenantId, tenant.id), eq(bookings.id, args.bookingId), eq(bookings.status, expected)),
      )
      .returning();
    if (!b) throw new AppError('CONFLICT', 'Cette demande a déjà été traitée.');
    const cell = { unitId: b.unitId, day: b.day, groupKey: b.groupKey };
    let outcome: DecisionOutcome;
    if (expected === 'requested') {
      if (decision.kind === 'refuse') {
        outcome = { status: 'refused', message: `refusée : ${decision.reason}` };
      } else {
        const placeTaken = capacity === null || (await takePlace(tx, tenant.id, { ...cell, capacity }));
        outcome = placeTaken
          ? { status: 'confirmed', message: 'acceptée : la réservation est confirmée' }
          : settings.waitingList
            ? {
                status: 'waiting',
                message: 'acceptée, mais la journée est complète : inscrite en liste d’attente',
              }
            : { status: 'refused', message: 'refusée : la journée est complète' };
      }
      await tx
        .update(bookings)
        .set({
          status: outcome.status,
          reason:
            outcome.status === 'refused' ? (decision.kind === 'refuse' ? decision.reason : 'Complet') : null,
        })
        .where(eq(bookings.id, b.id));
    } else {
      if (decision.kind === 'accept') {
        outcome = { status: 'cancelled', message: 'acceptée : la réservation est annulée' };
        await tx.update(bookings).set({ status: 'cancelled' }).where(eq(bookings.id, b.id));
        if (await freePlace(tx, tenant.id, cell)) await enqueuePromotion(tx, tenant.id, cell);
      } else {
        outcome = {
          status: 'confirmed',
          message: `refusée : la réservation est maintenue (${decision.reason})`,
        };
        await tx.update(bookings).set({ status: 'confirmed', reason: null }).where(eq(bookings.id, b.id));
      }
    }
    const kindLabel = expected === 'requested' ? 'Demande de réservation' : 'Demande d’annulation';
    await writeAudit(tx, {
      tenantId: tenant.id,
      actorUserId: args.staffUserId,
      action: `booking.${expected === 'requested' ? 'request' : 'cancel-request'}-${decision.kind === 'accept' ? 'accepted' : 'refused'}`,
      subjectType: 'booking',
      subjectId: b.id,
      details: {
        day: b.day,
        unitId: b.unitId,
        status: outcome.status,
        ...(decision.kind === 'refuse' ? { reason: decision.reason } : {}),
      },
      ip: args.ip ?? null,
      at: now,
    });
    const d = await describe(tx, tenant.id, b);
    for (const to of await householdEmails(tx, tenant.id, b.householdId))
      await enqueueEmail(tx, {
        tenantId: tenant.id,
        to,
        subject: `${kindLabel} pour ${d.firstName} – ${formatDayFr(b.day)}`,
        text: `Bonjour,\n\nVotre ${kindLabel.toLowerCase()} pour ${d.firstName} le ${formatDayFr(b.day)} (${d.unitName}) a été ${outcome.message}.\n\n${tenant.name}`,
      });
    return outcome;
  });
}

// ---------- Waiting lists ----------

/** Gives the cell's free places to its waiting list, in rank order (the promotion job's code). */
export async function promoteCell(args: {
  db: Db;
  tenant: Tenant;
  staffUserId: string;
  canSeeFacility: (facilityId: string) => boolean;
  bookingId: string;
  now: Date;
}): Promise<number> {
  const found = await findBookingForStaff(args.db, args.tenant.id, args.bookingId);
  if (!found || !args.canSeeFacility(found.facilityId)) throw new AppError('NOT_FOUND');
  const b = found.booking;
  const promoted = await promoteWaiting(
    args.db,
    { tenantId: args.tenant.id, unitId: b.unitId, day: b.day, groupKey: b.groupKey },
    args.now,
  );
  if (promoted.length > 0)
    await writeAudit(args.db, {
      tenantId: args.tenant.id,
      actorUserId: args.staffUserId,
      action: 'booking.staff-promote',
      subjectType: 'booking',
      subjectId: b.id,
      details: { day: b.day, unitId: b.unitId, promoted },
      at: args.now,
    });
  return promoted.length;
}

/** Removes a waiting-list entry (status refused with the reason), family e-mailed. */
export async function removeWaitingEntry(args: {
  db: Db;
  tenant: Tenant;
  staffUserId: string;
  canSeeFacility: (facilityId: string) => boolean;
  bookingId: string;
  reason: string;
  now: Date;
  ip?: string | null;
}): Promise<void> {
  const { db, tenant, now } = args;
  const found = await findBookingForStaff(db, tenant.id, args.bookingId);
  if (!found || !args.canSeeFacility(found.facilityId)) throw new AppError('NOT_FOUND');
  await db.transaction(async (tx) => {
    const [b] = await tx
      .update(bookings)
      .set({
        status: 'refused',
        reason: args.reason,
        decidedBy: args.staffUserId,
        decidedAt: now,
        updatedAt: now,
      })
      .where(
        and(
          eq(bookings.tenantId, tenant.id),
          eq(bookings.id, args.bookingId),
          eq(bookings.status, 'waiting'),
        ),
      )
      .returning();
    if (!b) throw new AppError('CONFLICT', 'Cette inscription n’est plus sur la liste d’attente.');
    await writeAudit(tx, {
      tenantId: tenant.id,
      actorUserId: args.staffUserId,
      action: 'booking.waiting-removed',
      subjectType: 'booking',
      subjectId: b.id,
      details: { day: b.day, unitId: b.unitId, reason: args.reason },
      ip: args.ip ?? null,
      at: now,
    });
    const d = await describe(tx, tenant.id, b);
    for (const to of await householdEmails(tx, tenant.id, b.householdId))
      await enqueueEmail(tx, {
        tenantId: tenant.id,
        to,
        subject: `Liste d’attente – ${d.firstName}, ${formatDayFr(b.day)}`,
        text: `Bonjour,\n\n${d.firstName} a été retiré(e) de la liste d’attente du ${formatDayFr(b.day)} (${d.unitName}).\nMotif : ${args.reason}\n\n${tenant.name}`,
      });
  });
}

// ---------- Booking for a family ----------

export interface StaffBookingChoice {
  children: { id: string; name: string }[];
  /** Units the household's children can be booked on (accepted enrollments), visible to the staff member. */
  units: { id: string; label: string; weekdays: number[] }[];
}

/** What a staff member can book for a household: its children and the units of their enrollments. */
export async function staffBookingChoice(
  db: Db,
  args: { tenant: Tenant; householdId: string; now: Date; canSeeFacility: (facilityId: string) => boolean },
): Promise<StaffBookingChoice> {
  const ctx = await loadBookingContext(db, {
    tenant: args.tenant,
    householdId: args.householdId,
    now: args.now,
    bypassDeadlines: true,
  });
  const seen = new Set<string>();
  const unitsOut: StaffBookingChoice['units'] = [];
  for (const s of ctx.scopes) {
    if (seen.has(s.activity.id) || !args.canSeeFacility(s.activity.facilityId)) continue;
    seen.add(s.activity.id);
    for (const u of ctx.unitsOf(s.activity.id))
      unitsOut.push({ id: u.id, label: `${s.activity.name} · ${u.name}`, weekdays: u.weekdays });
  }
  return { children: ctx.children.map((c) => ({ id: c.id, name: c.name })), units: unitsOut };
}

/** The days of [from, to] on which a unit opens by weekday (the rules refuse closed days anyway). */
export function staffBookingDays(from: IsoDay, to: IsoDay, weekdays: readonly number[]): IsoDay[] {
  const out: IsoDay[] = [];
  for (let d = from; d <= to && out.length < 400; d = addDays(d, 1))
    if (weekdays.includes(weekdayOf(d))) out.push(d);
  return out;
}

/**
 * Books or cancels for a family: deadlines bypassed, capacity not (confirmBasket with byStaff, audited
 * 'booking.staff-confirm'). The form's one-time key makes a double submission answer the first result.
 */
export async function staffBook(args: {
  db: Db;
  tenant: Tenant;
  staffUserId: string;
  householdId: string;
  choice: StaffBookingChoice;
  childId: string;
  unitId: string;
  op: 'add' | 'cancel';
  days: IsoDay[];
  key: string;
  now: Date;
  ip?: string | null;
}): Promise<ConfirmResult> {
  if (!args.choice.children.some((c) => c.id === args.childId))
    throw new AppError('VALIDATION', 'Enfant inconnu.', { childId: 'Choisissez un enfant du foyer.' });
  if (!args.choice.units.some((u) => u.id === args.unitId))
    throw new AppError('VALIDATION', 'Unité inconnue.', { unitId: 'Choisissez une unité.' });
  if (args.days.length === 0)
    throw new AppError('VALIDATION', 'Aucun jour.', {
      from: 'Aucun jour d’ouverture de cette unité entre ces dates.',
    });
  return confirmBasket({
    db: args.db,
    tenant: args.tenant,
    householdId: args.householdId,
    idempotencyKey: `staff:${args.key}`,
    basketId: null,
    lines: args.days.map((day) => ({ childId: args.childId, day, unitId: args.unitId, op: args.op })),
    now: args.now,
    actorUserId: args.staffUserId,
    byStaff: true,
    ip: args.ip ?? null,
  });
}
