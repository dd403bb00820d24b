/**
 * Calendar days as ISO strings `YYYY-MM-DD` (Postgres `date`), and the few conversions between days and
 * instants. Day arithmetic is done on the proleptic Gregorian calendar through `Date.UTC`, which never
 * depends on the process time zone; time-zone conversions go through Temporal with an explicit zone.
 */
import { Temporal } from 'temporal-polyfill';

/** A calendar day, `YYYY-MM-DD`. A plain string at runtime, branded only by convention. */
export type IsoDay = string;

const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** True for a real calendar day written `YYYY-MM-DD` (2026-02-29 is not one, 2028-02-29 is). */
export function isIsoDay(text: unknown): text is IsoDay {
  if (typeof text !== 'string') return false;
  const m = ISO_DAY.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** Parses a day or throws a RangeError naming the bad value. */
export function parseIsoDay(text: string): { year: number; month: number; day: number } {
  if (!isIsoDay(text)) throw new RangeError(`not a calendar day (YYYY-MM-DD): ${text}`);
  return { year: Number(text.slice(0, 4)), month: Number(text.slice(5, 7)), day: Number(text.slice(8, 10)) };
}

export function isoDay(year: number, month: number, day: number): IsoDay {
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (!isIsoDay(text)) throw new RangeError(`not a calendar day: ${year}-${month}-${day}`);
  return text;
}

/** Days since 1970-01-01 (negative before). */
function toEpochDay(day: IsoDay): number {
  const { year, month, day: d } = parseIsoDay(day);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, d);
  return Math.round(date.getTime() / DAY_MS);
}

function fromEpochDay(n: number): IsoDay {
  const date = new Date(n * DAY_MS);
  return isoDay(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

export function addDays(day: IsoDay, n: number): IsoDay {
  if (!Number.isInteger(n)) throw new RangeError(`number of days must be an integer: ${n}`);
  return fromEpochDay(toEpochDay(day) + n);
}

/** Number of days from `from` to `to` (positive when `to` is later): diffDays('2026-12-31','2027-01-01') = 1. */
export function diffDays(from: IsoDay, to: IsoDay): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function weekday(day: IsoDay): number {
  // 1970-01-01 was a Thursday (4).
  return ((((toEpochDay(day) + 3) % 7) + 7) % 7) + 1;
}

/** Every day from `from` to `to`, both included; empty when `to` is before `from`. */
export function eachDay(from: IsoDay, to: IsoDay): IsoDay[] {
  const start = toEpochDay(from);
  const end = toEpochDay(to);
  const days: IsoDay[] = [];
  for (let n = start; n <= end; n++) days.push(fromEpochDay(n));
  return days;
}

/** The Monday of the day's week. */
export function startOfWeek(day: IsoDay): IsoDay {
  return addDays(day, 1 - weekday(day));
}

export function startOfMonth(day: IsoDay): IsoDay {
  const { year, month } = parseIsoDay(day);
  return isoDay(year, month, 1);
}

export function endOfMonth(day: IsoDay): IsoDay {
  const { year, month } = parseIsoDay(day);
  return isoDay(year, month, daysInMonth(year, month));
}

/** First and last day of a month (month 1–12). */
export function monthRange(year: number, month: number): { from: IsoDay; to: IsoDay } {
  return { from: isoDay(year, month, 1), to: isoDay(year, month, daysInMonth(year, month)) };
}

/** The same day of the month `n` months later, clamped to the month's last day (31 Jan + 1 → 28/29 Feb). */
export function addMonths(day: IsoDay, n: number): IsoDay {
  const { year, month, day: d } = parseIsoDay(day);
  const index = year * 12 + (month - 1) + n;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return isoDay(y, m, Math.min(d, daysInMonth(y, m)));
}

export function compareDays(a: IsoDay, b: IsoDay): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The calendar day it is in `timeZone` at `instant` (never the process time zone). */
export function todayIn(timeZone: string, instant: Date): IsoDay {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime())
    .toZonedDateTimeISO(timeZone)
    .toPlainDate()
    .toString();
}

/** The wall-clock time `HH:MM` in `timeZone` at `instant`. */
export function timeIn(timeZone: string, instant: Date): string {
  const z = Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(timeZone);
  return `${String(z.hour).padStart(2, '0')}:${String(z.minute).padStart(2, '0')}`;
}

export function isHourMinute(text: unknown): text is string {
  return typeof text === 'string' && HH_MM.test(text);
}

/**
 * The instant of a wall-clock time on a day in a time zone.
 * Rule on daylight-saving changes (Temporal's 'compatible' disambiguation, as RFC 5545 and most
 * calendars): a time that does not exist (02:30 on the spring-forward day in Paris) moves forward by the
 * length of the gap (→ 03:30 CEST); a time that occurs twice (02:30 on the autumn day) takes the first
 * occurrence (02:30 CEST, i.e. 00:30 UTC).
 */
export function zonedDateTime(day: IsoDay, time: string, timeZone: string): Date {
  const { year, month, day: d } = parseIsoDay(day);
  const m = HH_MM.exec(time);
  if (!m) throw new RangeError(`not a time (HH:MM): ${time}`);
  const zoned = Temporal.PlainDateTime.from({
    year,
    month,
    day: d,
    hour: Number(m[1]),
    minute: Number(m[2]),
  }).toZonedDateTime(timeZone, { disambiguation: 'compatible' });
  return new Date(zoned.epochMilliseconds);
}

/** The instant a day begins in a time zone (midnight, or the first existing time after it). */
export function startOfDayIn(day: IsoDay, timeZone: string): Date {
  return new Date(Temporal.PlainDate.from(day).toZonedDateTime({ timeZone }).epochMilliseconds);
}

const WEEKDAYS_FR = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'] as const;
const MONTHS_FR = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
] as const;

/** "lundi", "mardi"… for an ISO weekday 1–7. */
export function weekdayNameFr(isoWeekday: number): string {
  const name = WEEKDAYS_FR[isoWeekday - 1];
  if (!name) throw new RangeError(`weekday must be 1–7: ${isoWeekday}`);
  return name;
}

export function monthNameFr(month: number): string {
  const name = MONTHS_FR[month - 1];
  if (!name) throw new RangeError(`month must be 1–12: ${month}`);
  return name;
}

/** "mercredi 25 novembre 2026"; the first of the month is written "1er" as in French usage. */
export function formatDayLongFr(day: IsoDay): string {
  const { year, month, day: d } = parseIsoDay(day);
  return `${weekdayNameFr(weekday(day))} ${d === 1 ? '1er' : d} ${monthNameFr(month)} ${year}`;
}

/** "25 novembre 2026" (no weekday). */
export function formatDayMediumFr(day: IsoDay): string {
  const { year, month, day: d } = parseIsoDay(day);
  return `${d === 1 ? '1er' : d} ${monthNameFr(month)} ${year}`;
}

/** "25/11/2026". */
export function formatDayShortFr(day: IsoDay): string {
  const { year, month, day: d } = parseIsoDay(day);
  return `${String(d).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
}

/** "novembre 2026". */
export function formatMonthFr(year: number, month: number): string {
  return `${monthNameFr(month)} ${year}`;
}

/** "10 h 00" — the French typographic form of a time (the brief's deadline sentences use it). */
export function formatTimeFr(time: string): string {
  const m = HH_MM.exec(time);
  if (!m) throw new RangeError(`not a time (HH:MM): ${time}`);
  return `${Number(m[1])} h ${m[2]}`;
}

/** Parses "25/11/2026" (as typed in a French form) into an ISO day, or null. */
export function parseFrenchDay(text: string): IsoDay | null {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
  if (!m) return null;
  const candidate = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isIsoDay(candidate) ? candidate : null;
}
