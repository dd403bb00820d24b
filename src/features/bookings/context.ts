/**
 * Everything the booking rules need about a household, read once per request: its children, their
 * accepted enrollments (activity, period, group), the activities' units with their opening calendar,
 * deadlines and capacities, and the state of each period (open, request window, not yet open).
 * `ruleOf` turns that into the domain's DayRule for a child × day × unit.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { schoolHolidaysOfZone } from '../../platform/calendar/school-holidays';
import type { Db } from '../../platform/db/client';
import {
  type Activity,
  activities,
  type Period,
  periods,
  type Unit,
  unitCalendarExceptions,
  unitCapacities,
  units,
} from '../catalogue/catalogue.schema';
import { type HolidayRegion, regionHolidays } from '../catalogue/domain/calendar';
import { unitDeadlines } from '../catalogue/domain/deadlines';
import { openingOn, type SchoolCalendar, schoolCalendar } from '../catalogue/domain/opening';
import { enrollments } from '../enrollments/enrollments.schema';
import { listChildren } from '../households/households.repository';
import type { Tenant } from '../tenants/tenants.schema';
import { type BookingSettings, loadBookingSettings } from './bookings.repository';
import { allocationRuns } from './bookings.schema';
import { type CapacityRule, groupKeyFor, resolveCapacity } from './domain/capacity';
import { addDays, dayInZone, formatDayFr, zonedInstant } from './domain/days';
import type { BookingPolicy, DayRule, IsoDay, UnitRef } from './domain/types';

export interface EnrollmentScope {
  enrollmentId: string;
  childId: string;
  groupId: string | null;
  activity: Activity;
  period: Period;
}

/** Whether families can change bookings of a period now, and why not. */
export type PeriodPhase =
  | { phase: 'open' }
  | { phase: 'not-yet'; message: string }
  | { phase: 'wishes'; message: string }
  | { phase: 'allocating'; message: string }
  | { phase: 'closed'; message: string };

export interface BookingContext {
  tenant: Tenant;
  now: Date;
  today: IsoDay;
  settings: BookingSettings;
  householdId: string;
  children: { id: string; name: string; firstName: string }[];
  scopes: EnrollmentScope[];
  /** Units per activity, in display order. */
  unitsOf(activityId: string): Unit[];
  unitRefs(activityId: string): UnitRef[];
  unitById(unitId: string): Unit | undefined;
  /** The accepted enrollment covering a child × day for a unit's activity. */
  scopeOf(childId: string, day: IsoDay, unitId: string): EnrollmentScope | null;
  ruleOf(childId: string, day: IsoDay, unitId: string): DayRule | null;
  groupKeyOf(scope: EnrollmentScope, unitId: string): string;
  capacityOf(scope: EnrollmentScope, unitId: string, day: IsoDay): number | null;
  policyOf(activityId: string): BookingPolicy;
  phaseOf(period: Period): PeriodPhase;
}

const schoolCache = new Map<string, { at: number; cal: SchoolCalendar }>();

async function schoolOf(db: Db, zone: string): Promise<SchoolCalendar> {
  const hit = schoolCache.get(zone);
  if (hit && Date.now() - hit.at < 600_000) return hit.cal;
  const cal = schoolCalendar(await schoolHolidaysOfZone(db, zone));
  schoolCache.set(zone, { at: Date.now(), cal });
  return cal;
}

export async function loadBookingContext(
  db: Db,
  input: {
    tenant: Tenant;
    householdId: string;
    now: Date;
    /** Staff acting for a family: deadlines do not apply (capacity does), until the day ends. */
    bypassDeadlines?: boolean;
  },
): Promise<BookingContext> {
  const { tenant, householdId, now } = input;
  const tz = tenant.timeZone;
  const kids = await listChildren(db, tenant.id, householdId);
  const childIds = kids.map((k) => k.id);
  const rows =
    childIds.length === 0
      ? []
      : await db
          .select({ enrollment: enrollments, activity: activities, period: periods })
          .from(enrollments)
          .innerJoin(activities, eq(activities.id, enrollments.activityId))
          .innerJoin(periods, eq(periods.id, enrollments.periodId))
          .where(
            and(
              eq(enrollments.tenantId, tenant.id),
              inArray(enrollments.childId, childIds),
              eq(enrollments.status, 'accepted'),
              eq(activities.enrollmentOnly, false),
            ),
          );
  const scopes: EnrollmentScope[] = rows.map((r) => ({
    enrollmentId: r.enrollment.id,
    childId: r.enrollment.childId,
    groupId: r.enrollment.groupId,
    activity: r.activity,
    period: r.period,
  }));
  const activityIds = [...new Set(scopes.map((s) => s.activity.id))];
  const periodIds = [...new Set(scopes.map((s) => s.period.id))];
  const [unitRows, settings, school, runs] = await Promise.all([
    activityIds.length === 0
      ? Promise.resolve([] as Unit[])
      : db
          .select()
          .from(units)
          .where(and(eq(units.tenantId, tenant.id), inArray(units.activityId, activityIds))),
    loadBookingSettings(db, tenant.id),
    schoolOf(db, tenant.schoolZone),
    periodIds.length === 0
      ? Promise.resolve([])
      : db
          .select({ periodId: allocationRuns.periodId })
          .from(allocationRuns)
          .where(and(eq(allocationRuns.tenantId, tenant.id), inArray(allocationRuns.periodId, periodIds))),
  ]);
  const unitIds = unitRows.map((u) => u.id);
  const [exceptionRows, capacityRows] =
    unitIds.length === 0
      ? [[], []]
      : await Promise.all([
          db
            .select()
            .from(unitCalendarExceptions)
            .where(
              and(
                eq(unitCalendarExceptions.tenantId, tenant.id),
                inArray(unitCalendarExceptions.unitId, unitIds),
              ),
            ),
          db
            .select()
            .from(unitCapacities)
            .where(and(eq(unitCapacities.tenantId, tenant.id), inArray(unitCapacities.unitId, unitIds))),
        ]);
  return buildContext({
    tenant,
    householdId,
    now,
    bypassDeadlines: input.bypassDeadlines ?? false,
    children: kids.map((k) => ({
      id: k.id,
      name: `${k.firstName} ${k.lastName}`,
      firstName: k.firstName,
    })),
    scopes,
    units: unitRows,
    exceptions: exceptionRows,
    capacities: capacityRows,
    settings,
    school,
    allocatedPeriods: new Set(runs.map((r) => r.periodId)),
    timeZone: tz,
  });
}

function buildContext(d: {
  tenant: Tenant;
  householdId: string;
  now: Date;
  bypassDeadlines: boolean;
  children: BookingContext['children'];
  scopes: EnrollmentScope[];
  units: Unit[];
  exceptions: { unitId: string; day: string; kind: string }[];
  capacities: { unitId: string; groupId: string | null; day: string | null; capacity: number }[];
  settings: BookingSettings;
  school: SchoolCalendar;
  allocatedPeriods: Set<string>;
  timeZone: string;
}): BookingContext {
  const tz = d.timeZone;
  const today = dayInZone(d.now, tz);
  const holidays = regionHolidays(d.tenant.holidayRegion as HolidayRegion);
  const unitsByActivity = new Map<string, Unit[]>();
  for (const u of [...d.units].sort(
    (a, b) => a.position - b.position || a.startTime.localeCompare(b.startTime) || a.id.localeCompare(b.id),
  ))
    unitsByActivity.set(u.activityId, [...(unitsByActivity.get(u.activityId) ?? []), u]);
  const unitById = new Map(d.units.map((u) => [u.id, u]));
  const exceptionsByUnit = new Map<string, Map<string, 'closed' | 'open'>>();
  for (const x of d.exceptions) {
    if (!exceptionsByUnit.has(x.unitId)) exceptionsByUnit.set(x.unitId, new Map());
    exceptionsByUnit.get(x.unitId)!.set(x.day, x.kind as 'closed' | 'open');
  }
  const capacityRules = new Map<string, CapacityRule[]>();
  for (const c of d.capacities)
    capacityRules.set(c.unitId, [
      ...(capacityRules.get(c.unitId) ?? []),
      { groupId: c.groupId, day: c.day, capacity: c.capacity },
    ]);
  const scopesByChild = new Map<string, EnrollmentScope[]>();
  for (const s of d.scopes) scopesByChild.set(s.childId, [...(scopesByChild.get(s.childId) ?? []), s]);

  const phaseOf = (period: Period): PeriodPhase => {
    if (period.frozen) return { phase: 'closed', message: 'Cette période est close.' };
    if (period.allocationMode === 'request_window') {
      const first = period.requestWindowFirstDay ?? period.firstDay;
      const last = period.requestWindowLastDay ?? first;
      if (today < first)
        return {
          phase: 'not-yet',
          message: `Les demandes pour cette période seront ouvertes du ${formatDayFr(first)} au ${formatDayFr(last)}.`,
        };
      if (today <= last)
        return {
          phase: 'wishes',
          message: `Période sur demandes : vos vœux sont recueillis jusqu’au ${formatDayFr(last)} inclus, puis les places sont attribuées selon les critères du service et tout le monde est prévenu en même temps.`,
        };
      if (!d.allocatedPeriods.has(period.id))
        return {
          phase: 'allocating',
          message:
            'Les demandes sont closes : l’attribution des places est en cours. Vous serez prévenu par e-mail.',
        };
    }
    if (period.bookingFirstDay && today < period.bookingFirstDay)
      return {
        phase: 'not-yet',
        message: `Les réservations pour cette période ouvrent le ${formatDayFr(period.bookingFirstDay)}.`,
      };
    if (period.bookingLastDay && today > period.bookingLastDay)
      return {
        phase: 'closed',
        message: `Les réservations pour cette période étaient possibles jusqu’au ${formatDayFr(period.bookingLastDay)}.`,
      };
    return { phase: 'open' };
  };

  const scopeOf = (childId: string, day: IsoDay, unitId: string): EnrollmentScope | null => {
    const unit = unitById.get(unitId);
    if (!unit) return null;
    return (
      scopesByChild
        .get(childId)
        ?.find(
          (s) => s.activity.id === unit.activityId && s.period.firstDay <= day && day <= s.period.lastDay,
        ) ?? null
    );
  };

  const ruleCache = new Map<string, DayRule | null>();
  const ruleOf = (childId: string, day: IsoDay, unitId: string): DayRule | null => {
    const key = `${childId}|${day}|${unitId}`;
    if (ruleCache.has(key)) return ruleCache.get(key)!;
    const scope = scopeOf(childId, day, unitId);
    const unit = unitById.get(unitId);
    let rule: DayRule | null = null;
    if (scope && unit) {
      const opening = openingOn(
        day,
        {
          weekdays: unit.weekdays,
          dayType: unit.dayType as 'both',
          openOnPublicHolidays: unit.openOnPublicHolidays,
          exceptions: exceptionsByUnit.get(unit.id) ?? new Map(),
          firstDay: scope.period.firstDay,
          lastDay: scope.period.lastDay,
        },
        { holidays, school: d.school },
      );
      const phase = phaseOf(scope.period);
      const startsAt = zonedInstant(day, unit.startTime, tz);
      if (d.bypassDeadlines) {
        const endOfDay = zonedInstant(addDays(day, 1), '00:00', tz);
        rule = { open: opening.open, bookUntil: endOfDay, cancelUntil: endOfDay, startsAt: endOfDay };
      } else {
        const dl = unitDeadlines({
          day,
          timeZone: tz,
          holidays,
          activity: scope.activity,
          unit,
        });
        let bookUntil = dl.bookUntil && dl.bookUntil < startsAt ? dl.bookUntil : startsAt;
        let cancelUntil = dl.cancelUntil && dl.cancelUntil < startsAt ? dl.cancelUntil : startsAt;
        if (phase.phase === 'closed' && scope.period.bookingLastDay) {
          const end = zonedInstant(addDays(scope.period.bookingLastDay, 1), '00:00', tz);
          if (end < bookUntil) bookUntil = end;
          if (end < cancelUntil) cancelUntil = end;
        }
        // Not yet open, or places being allocated: nothing can be changed from the planning.
        const frozen = phase.phase === 'not-yet' || phase.phase === 'allocating' || scope.period.frozen;
        rule = { open: opening.open && !frozen, bookUntil, cancelUntil, startsAt };
      }
    }
    ruleCache.set(key, rule);
    return rule;
  };

  const groupKeyOf = (scope: EnrollmentScope, unitId: string) =>
    groupKeyFor(capacityRules.get(unitId) ?? [], scope.groupId);

  return {
    tenant: d.tenant,
    now: d.now,
    today,
    settings: d.settings,
    householdId: d.householdId,
    children: d.children,
    scopes: d.scopes,
    unitsOf: (activityId) => unitsByActivity.get(activityId) ?? [],
    unitRefs: (activityId) =>
      (unitsByActivity.get(activityId) ?? []).map((u, i) => ({
        id: u.id,
        name: u.name,
        order: i,
        incompatibleWith: u.incompatibleUnitIds,
        requires: u.requiredUnitIds,
      })),
    unitById: (id) => unitById.get(id),
    scopeOf,
    ruleOf,
    groupKeyOf,
    capacityOf: (scope, unitId, day) =>
      resolveCapacity(
        unitById.get(unitId)?.capacity ?? null,
        capacityRules.get(unitId) ?? [],
        day,
        groupKeyOf(scope, unitId),
      ),
    policyOf: (activityId) => {
      const late = d.scopes.find((s) => s.activity.id === activityId)?.activity.lateChangePolicy;
      const p = late === 'request' ? 'request' : 'refuse';
      return { lateBooking: p, lateCancellation: p, waitingList: d.settings.waitingList };
    },
    phaseOf,
  };
}
