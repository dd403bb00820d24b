/**
 * Everything the booking rules need about a household, read once per request: its children, their
 * accepted enrollments (activity, period, group), the activities' units with their opening calendar,
 * deadlines and capacities, and the state of each period (open, request window, not yet open).
 * `ruleOf` turns that into the domain's DayRule for a child × day × unit.
 */
import { getTableColumns, sql, type Table } from 'drizzle-orm';
import { schoolHolidaysOfZone } from '../../platform/calendar/school-holidays';
import type { Db } from '../../platform/db/client';
import {
  type Activity,
  activities,
  type Period,
  periods,
  type Unit,
  units,
} from '../catalogue/catalogue.schema';
import { type HolidayRegion, regionHolidays } from '../catalogue/domain/calendar';
import { unitDeadlines } from '../catalogue/domain/deadlines';
import { openingOn, type SchoolCalendar, schoolCalendar } from '../catalogue/domain/opening';
import type { Tenant } from '../tenants/tenants.schema';
import { type BookingSettings, DEFAULT_BOOKING_SETTINGS } from './bookings.repository';
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

/** Column key (camelCase) of each SQL column name of a table, to read rows built by `row_to_json`. */
function jsonReader<T>(table: Table): (row: Record<string, unknown>) => T {
  const pairs = Object.entries(getTableColumns(table)).map(([key, col]) => [key, col.name] as const);
  return (row) => {
    const out: Record<string, unknown> = {};
    for (const [key, name] of pairs) out[key] = row[name] ?? null;
    return out as T;
  };
}
const readActivity = jsonReader<Activity>(activities);
const readPeriod = jsonReader<Period>(periods);
const readUnit = jsonReader<Unit>(units);

interface ContextRow {
  kids: { id: string; firstName: string; lastName: string }[];
  enrollments: {
    id: string;
    childId: string;
    groupId: string | null;
    activityId: string;
    periodId: string;
  }[];
  activities: Record<string, unknown>[];
  periods: Record<string, unknown>[];
  units: Record<string, unknown>[];
  exceptions: { unitId: string; day: string; kind: string }[];
  capacities: { unitId: string; groupId: string | null; day: string | null; capacity: number }[];
  settings: {
    waiting_list: boolean;
    reminder_days: number;
    priority_criteria: string[];
    allocation_mode: string;
  } | null;
  runs: string[];
}

/**
 * The household's children and accepted enrollments, their activities, periods, units, calendar
 * exceptions, capacities, the tenant's booking settings and the periods already allocated: ONE statement
 * (one round trip, one pool checkout) read on every booking request — fresh, never cached, so a change of
 * the catalogue or of an enrollment applies to the very next request (docs/PERFORMANCE.md, ADR 0020).
 */
async function readContextRow(db: Db, tenantId: string, householdId: string): Promise<ContextRow> {
  const res = await db.execute(sql`
    with kids as (
      select c.id, c.first_name, c.last_name, c.birth_date
        from household_children hc join children c on c.id = hc.child_id
       where hc.tenant_id = ${tenantId} and hc.household_id = ${householdId}
    ), enr as (
      select e.id, e.child_id, e.group_id, e.activity_id, e.period_id
        from enrollments e join activities a on a.id = e.activity_id
       where e.tenant_id = ${tenantId} and e.child_id in (select id from kids)
         and e.status = 'accepted' and a.enrollment_only = false
    ), us as (
      select u.* from units u
       where u.tenant_id = ${tenantId} and u.activity_id in (select activity_id from enr)
    )
    select
      (select coalesce(json_agg(json_build_object('id', k.id, 'firstName', k.first_name, 'lastName', k.last_name)
                                order by k.birth_date, k.id), '[]') from kids k) as kids,
      (select coalesce(json_agg(json_build_object('id', e.id, 'childId', e.child_id, 'groupId', e.group_id,
                                                  'activityId', e.activity_id, 'periodId', e.period_id)), '[]')
         from enr e) as enrollments,
      (select coalesce(json_agg(a), '[]') from activities a
        where a.tenant_id = ${tenantId} and a.id in (select activity_id from enr)) as activities,
      (select coalesce(json_agg(p), '[]') from periods p
        where p.tenant_id = ${tenantId} and p.id in (select period_id from enr)) as periods,
      (select coalesce(json_agg(u), '[]') from us u) as units,
      (select coalesce(json_agg(json_build_object('unitId', x.unit_id, 'day', x.day, 'kind', x.kind)), '[]')
         from unit_calendar_exceptions x
        where x.tenant_id = ${tenantId} and x.unit_id in (select id from us)) as exceptions,
      (select coalesce(json_agg(json_build_object('unitId', c.unit_id, 'groupId', c.group_id, 'day', c.day,
                                                  'capacity', c.capacity)), '[]')
         from unit_capacities c
        where c.tenant_id = ${tenantId} and c.unit_id in (select id from us)) as capacities,
      (select row_to_json(s) from booking_settings s where s.tenant_id = ${tenantId}) as settings,
      (select coalesce(json_agg(r.period_id), '[]') from allocation_runs r
        where r.tenant_id = ${tenantId} and r.period_id in (select period_id from enr)) as runs`);
  return (res as unknown as { rows: ContextRow[] }).rows[0]!;
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
  const [row, school] = await Promise.all([
    readContextRow(db, tenant.id, householdId),
    schoolOf(db, tenant.schoolZone),
  ]);
  const activityById = new Map(row.activities.map((a) => [a.id as string, readActivity(a)]));
  const periodById = new Map(row.periods.map((p) => [p.id as string, readPeriod(p)]));
  const scopes: EnrollmentScope[] = row.enrollments.map((e) => ({
    enrollmentId: e.id,
    childId: e.childId,
    groupId: e.groupId,
    activity: activityById.get(e.activityId)!,
    period: periodById.get(e.periodId)!,
  }));
  const s = row.settings;
  const settings: BookingSettings = s
    ? {
        waitingList: s.waiting_list,
        reminderDays: s.reminder_days,
        priorityCriteria: s.priority_criteria,
        allocationMode: s.allocation_mode === 'line' ? 'line' : 'week',
      }
    : DEFAULT_BOOKING_SETTINGS;
  return buildContext({
    tenant,
    householdId,
    now,
    bypassDeadlines: input.bypassDeadlines ?? false,
    children: row.kids.map((k) => ({
      id: k.id,
      name: `${k.firstName} ${k.lastName}`,
      firstName: k.firstName,
    })),
    scopes,
    units: row.units.map(readUnit),
    exceptions: row.exceptions,
    capacities: row.capacities,
    settings,
    school,
    allocatedPeriods: new Set(row.runs),
    timeZone: tenant.timeZone,
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
