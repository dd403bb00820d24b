import { Temporal } from 'temporal-polyfill';

/** Shared date helpers of the communication features (news, messages, documents). Pure: no I/O. */

const LOCAL_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A `datetime-local` value (wall-clock time in the tenant's zone) to an instant. In the spring DST gap
 * the time moves forward (02:30 → 03:30); in the autumn overlap the earlier instant is taken.
 * Returns null for anything that is not a valid date-time.
 */
export function zonedLocalToInstant(local: string, timeZone: string): Date | null {
  if (!LOCAL_RE.test(local)) return null;
  try {
    const zdt = Temporal.PlainDateTime.from(local, { overflow: 'reject' }).toZonedDateTime(timeZone);
    return new Date(zdt.epochMilliseconds);
  } catch {
    return null;
  }
}

/** An instant as a `datetime-local` value in the zone (for form fields). */
export function instantToZonedLocal(at: Date, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(at.getTime())
    .toZonedDateTimeISO(timeZone)
    .toPlainDateTime()
    .toString({ smallestUnit: 'minute' });
}

/** The calendar day (YYYY-MM-DD) of an instant in the zone. */
export function isoDayInZone(at: Date, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(at.getTime())
    .toZonedDateTimeISO(timeZone)
    .toPlainDate()
    .toString();
}

export function isIsoDay(value: string): boolean {
  if (!DAY_RE.test(value)) return false;
  try {
    Temporal.PlainDate.from(value, { overflow: 'reject' });
    return true;
  } catch {
    return false;
  }
}

/** Adds months to a day, clamping to the month's end (31 January + 1 month = 28 or 29 February). */
export function addMonths(day: string, months: number): string {
  return Temporal.PlainDate.from(day).add({ months }, { overflow: 'constrain' }).toString();
}

export function addDays(day: string, days: number): string {
  return Temporal.PlainDate.from(day).add({ days }).toString();
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Temporal.PlainDate.from(from).until(Temporal.PlainDate.from(to), { largestUnit: 'day' }).days;
}

/** « 25 novembre 2026 à 10:00 » in the zone. */
export function formatDateTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('fr-FR', { timeZone, dateStyle: 'long', timeStyle: 'short' })
    .format(at)
    .replace(',', ' à');
}

/** « 25 nov. 2026 » in the zone. */
export function formatShortDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('fr-FR', { timeZone, dateStyle: 'medium' }).format(at);
}

/** « 31 août 2027 » for a calendar day (no zone involved). */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', dateStyle: 'long' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}
