import {
  parseIsoDay,
  addDays as platformAddDays,
  weekday as platformWeekday,
  todayIn,
  zonedDateTime,
} from '../../../platform/calendar/days';
import { type HolidayRegion, isPublicHoliday } from '../../../platform/calendar/public-holidays';

/**
 * The calendar helpers the catalogue needs. Day arithmetic, weekdays, zoned instants and public
 * holidays come from the platform calendar (src/platform/calendar/); what stays here is the catalogue's
 * own vocabulary: an injectable `HolidayCalendar` (region-backed in the app, explicit days in tests)
 * and the `24:00` (end of day) time of deadline rules. Days are ISO strings `YYYY-MM-DD`.
 */
export type IsoDay = string;

export interface HolidayCalendar {
  isPublicHoliday(day: IsoDay): boolean;
}

export type { HolidayRegion };

export const addDays: (day: IsoDay, n: number) => IsoDay = platformAddDays;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export const weekday: (day: IsoDay) => number = platformWeekday;

export function isWeekend(day: IsoDay): boolean {
  return weekday(day) >= 6;
}

/**
 * Monday to Friday, not a public holiday of the given calendar. Same rule as the platform's
 * `isWorkingDay(day, region)`, but over an injected calendar (the platform one is bound to a region).
 */
export function isWorkingDay(day: IsoDay, holidays: HolidayCalendar): boolean {
  return !isWeekend(day) && !holidays.isPublicHoliday(day);
}

/**
 * The instant of a wall-clock time on a day in a time zone (platform `zonedDateTime`: in a DST gap the
 * time moves forward, a repeated time takes its first occurrence). `24:00` is the end of the day, i.e.
 * 00:00 of the next day, which the platform helper does not accept as a time.
 */
export function zonedInstant(day: IsoDay, time: string, timeZone: string): Date {
  if (time === '24:00') return zonedDateTime(addDays(day, 1), '00:00', timeZone);
  return zonedDateTime(day, time, timeZone);
}

/** The ISO day of an instant in a time zone. */
export function isoDayAt(instant: Date, timeZone: string): IsoDay {
  return todayIn(timeZone, instant);
}

/** Age in whole years on a day. */
export function ageOn(birthDate: IsoDay, day: IsoDay): number {
  const b = parseIsoDay(birthDate);
  const d = parseIsoDay(day);
  let age = d.year - b.year;
  if (d.month < b.month || (d.month === b.month && d.day < b.day)) age -= 1;
  return age;
}

/** The public-holiday calendar of a region (France metropolitan, Alsace-Moselle, Monaco). */
export function regionHolidays(region: HolidayRegion): HolidayCalendar {
  return { isPublicHoliday: (day) => isPublicHoliday(day, region) };
}

/** A calendar with explicit days, for tests. */
export function fixedHolidays(days: IsoDay[]): HolidayCalendar {
  const set = new Set(days);
  return { isPublicHoliday: (day) => set.has(day) };
}
