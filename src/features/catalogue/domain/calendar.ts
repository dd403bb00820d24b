import joursFeries from '@socialgouv/jours-feries';
import { Temporal } from 'temporal-polyfill';

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

function easter(year: number): Temporal.PlainDate {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return Temporal.PlainDate.from({ year, month, day });
}

const cache = new Map<string, Set<IsoDay>>();

/** Public holidays of a year in a region, as ISO days. */
export function publicHolidays(year: number, region: HolidayRegion): Set<IsoDay> {
  const key = `${region}:${year}`;
  const hit = cache.get(key);
  if (hit) return hit;
  // The library builds local-midnight Dates: read them back with local getters, never toISOString().
  const dates = Object.values(joursFeries(year, { alsace: region === 'alsace-moselle' })) as Date[];
  const days = new Set(
    dates.map((d) =>
      Temporal.PlainDate.from({
        year: d.getFullYear(),
        month: d.getMonth() + 1,
        day: d.getDate(),
      }).toString(),
    ),
  );
  if (region === 'monaco') {
    // Monaco: Sainte Dévote, Fête-Dieu, Fête du Prince, Immaculée Conception; no 8 May, 14 July, 11 Nov.
    for (const d of [`${year}-05-08`, `${year}-07-14`, `${year}-11-11`]) days.delete(d);
    days.add(`${year}-01-27`);
    days.add(easter(year).add({ days: 60 }).toString());
    days.add(`${year}-11-19`);
    days.add(`${year}-12-08`);
  }
  cache.set(key, days);
  return days;
}

/** The public-holiday calendar of a region (France metropolitan, Alsace-Moselle, Monaco). */
export function regionHolidays(region: HolidayRegion): HolidayCalendar {
  return {
    isPublicHoliday: (day) => publicHolidays(Number(day.slice(0, 4)), region).has(day),
  };
}

/** A calendar with explicit days, for tests. */
export function fixedHolidays(days: IsoDay[]): HolidayCalendar {
  const set = new Set(days);
  return { isPublicHoliday: (day) => set.has(day) };
}
