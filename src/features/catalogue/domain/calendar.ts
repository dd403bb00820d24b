import { Temporal } from 'temporal-polyfill';
import { isPublicHoliday } from '../../../platform/calendar/public-holidays';

/**
 * The minimum calendar helpers the catalogue needs, behind tiny interfaces so that the platform's
 * calendar module can replace them later. Days are ISO strings `YYYY-MM-DD`.
 */
export type IsoDay = string;

export interface HolidayCalendar {
  isPublicHoliday(day: IsoDay): boolean;
}

export type HolidayRegion = 'metropole' | 'alsace-moselle' | 'monaco';

export function addDays(day: IsoDay, n: number): IsoDay {
  return Temporal.PlainDate.from(day).add({ days: n }).toString();
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function weekday(day: IsoDay): number {
  return Temporal.PlainDate.from(day).dayOfWeek;
}

export function isWeekend(day: IsoDay): boolean {
  return weekday(day) >= 6;
}

/** Monday to Friday, not a public holiday. */
export function isWorkingDay(day: IsoDay, holidays: HolidayCalendar): boolean {
  return !isWeekend(day) && !holidays.isPublicHoliday(day);
}

/** The instant of a wall-clock time on a day in a time zone; in a DST gap the time moves forward. */
export function zonedInstant(day: IsoDay, time: string, timeZone: string): Date {
  const [h, m] = time.split(':').map(Number) as [number, number];
  let date = Temporal.PlainDate.from(day);
  let hour = h;
  // 24:00 is midnight at the end of the day: 00:00 of the next day.
  if (hour === 24) {
    date = date.add({ days: 1 });
    hour = 0;
  }
  const zdt = date.toZonedDateTime({
    timeZone,
    plainTime: Temporal.PlainTime.from({ hour, minute: m }),
  });
  return new Date(zdt.epochMilliseconds);
}

/** The ISO day of an instant in a time zone. */
export function isoDayAt(instant: Date, timeZone: string): IsoDay {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime())
    .toZonedDateTimeISO(timeZone)
    .toPlainDate()
    .toString();
}

/** Age in whole years on a day. */
export function ageOn(birthDate: IsoDay, day: IsoDay): number {
  const b = Temporal.PlainDate.from(birthDate);
  const d = Temporal.PlainDate.from(day);
  let age = d.year - b.year;
  if (d.month < b.month || (d.month === b.month && d.day < b.day)) age -= 1;
  return age;
}

/** The public-holiday calendar of a region (France metropolitan, Alsace-Moselle, Monaco). */
export function regionHolidays(region: HolidayRegion): HolidayCalendar {
  // Backed by the platform calendar (jours fériés by region, Monaco included).
  return { isPublicHoliday: (day) => isPublicHoliday(day, region) };
}

/** A calendar with explicit days, for tests. */
export function fixedHolidays(days: IsoDay[]): HolidayCalendar {
  const set = new Set(days);
  return { isPublicHoliday: (day) => set.has(day) };
}
