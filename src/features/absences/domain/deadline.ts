/**
 * The time limit to declare (justify) an absence. Pure: no I/O, the clock and the calendar come in as
 * arguments.
 *
 * Rule (tenant setting, default "48 working hours after the first day of absence"):
 * - counting starts when the first day of absence ends (midnight in the tenant's time zone);
 * - in `working` mode only working days count (Monday–Friday minus the region's public holidays), each
 *   as 24 hours; in `calendar` mode every day counts;
 * - hours are wall-clock hours: a day counts 24 h even when daylight saving makes it 23 or 25 h long, so
 *   the deadline keeps its wall-clock time across DST changes (a non-existent time moves forward by the
 *   gap, a repeated time takes its first occurrence — see zonedDateTime).
 * The deadline is an exclusive instant: a declaration is in time when made strictly before it.
 */
import {
  addDays,
  compareDays,
  type IsoDay,
  timeIn,
  todayIn,
  zonedDateTime,
} from '../../../platform/calendar/days';
import type { HolidayRegion } from '../../../platform/calendar/public-holidays';
import { isWorkingDay } from '../../../platform/calendar/working-days';

export const LIMIT_KINDS = ['working', 'calendar'] as const;
export type LimitKind = (typeof LIMIT_KINDS)[number];

export interface AbsenceLimit {
  /** Hours after the end of the first day of absence (1–720). */
  hours: number;
  kind: LimitKind;
}

export const DEFAULT_LIMIT: AbsenceLimit = { hours: 48, kind: 'working' };
export const MAX_LIMIT_HOURS = 720;

export interface CalendarContext {
  timeZone: string;
  region: HolidayRegion;
}

function hhmm(hours: number, minutes: number): string {
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/** The instant after which an absence starting on `firstDay` can no longer be declared. */
export function absenceDeadline(firstDay: IsoDay, limit: AbsenceLimit, cal: CalendarContext): Date {
  if (!Number.isInteger(limit.hours) || limit.hours < 1 || limit.hours > MAX_LIMIT_HOURS)
    throw new RangeError(`limit hours must be an integer 1–${MAX_LIMIT_HOURS}: ${limit.hours}`);
  let remaining = limit.hours;
  let day = addDays(firstDay, 1);
  // At most 720 h = 30 counted days; with weekends and holidays this loop stays short.
  for (;;) {
    const counts = limit.kind === 'calendar' || isWorkingDay(day, cal.region);
    if (counts) {
      if (remaining < 24) return zonedDateTime(day, hhmm(remaining, 0), cal.timeZone);
      if (remaining === 24) return zonedDateTime(addDays(day, 1), '00:00', cal.timeZone);
      remaining -= 24;
    }
    day = addDays(day, 1);
  }
}

/** Whether a declaration made at `now` for an absence starting on `firstDay` is in time. */
export function isWithinLimit(
  firstDay: IsoDay,
  now: Date,
  limit: AbsenceLimit,
  cal: CalendarContext,
): boolean {
  return now.getTime() < absenceDeadline(firstDay, limit, cal).getTime();
}

/**
 * The oldest first day that can still be declared at `now` (today at worst: absences in the future are
 * always allowed). Deadlines grow with the first day, so walking back from today stops at the first miss.
 */
export function earliestDeclarableDay(now: Date, limit: AbsenceLimit, cal: CalendarContext): IsoDay {
  let day = todayIn(cal.timeZone, now);
  // Bounded: 720 h of working time never reaches further back than ~60 calendar days.
  for (let i = 0; i < 400; i++) {
    const previous = addDays(day, -1);
    if (!isWithinLimit(previous, now, limit, cal)) return day;
    day = previous;
  }
  return day;
}

/**
 * How a deadline reads to a person: a deadline at midnight is shown as the last minute of the day before
 * ("jusqu'au mercredi à 23 h 59"), never as "jeudi à 0 h 00".
 */
export function deadlineDisplay(deadline: Date, timeZone: string): { day: IsoDay; time: string } {
  const day = todayIn(timeZone, deadline);
  const midnight = zonedDateTime(day, '00:00', timeZone);
  if (midnight.getTime() === deadline.getTime()) return { day: addDays(day, -1), time: '23:59' };
  return { day, time: timeIn(timeZone, deadline) };
}

/** The days of a declaration, first to last, both included. */
export function declaredDays(firstDay: IsoDay, lastDay: IsoDay): IsoDay[] {
  const out: IsoDay[] = [];
  for (let d = firstDay; compareDays(d, lastDay) <= 0; d = addDays(d, 1)) out.push(d);
  return out;
}

/** "48 heures ouvrées" / "72 heures". */
export function limitLabel(limit: AbsenceLimit): string {
  const many = limit.hours > 1;
  const unit = many ? 'heures' : 'heure';
  return limit.kind === 'working'
    ? `${limit.hours} ${unit} ${many ? 'ouvrées' : 'ouvrée'}`
    : `${limit.hours} ${unit}`;
}
