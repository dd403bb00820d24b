/**
 * Calendar-day arithmetic on `YYYY-MM-DD` strings. Everything goes through UTC dates internally so the
 * result never depends on the process time zone (tests run under TZ=UTC and TZ=Europe/Paris).
 */
import { Temporal } from 'temporal-polyfill';
import type { IsoDay } from './types';

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function isIsoDay(value: string): boolean {
  const m = DAY_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1;
}

function toUtcMs(day: IsoDay): number {
  if (!isIsoDay(day)) throw new RangeError(`not a calendar day: ${day}`);
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
}

function fromUtcMs(ms: number): IsoDay {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: IsoDay, n: number): IsoDay {
  return fromUtcMs(toUtcMs(day) + n * MS_PER_DAY);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function weekdayOf(day: IsoDay): number {
  const w = new Date(toUtcMs(day)).getUTCDay();
  return w === 0 ? 7 : w;
}

/** Every day from `first` to `last`, both included (empty when last < first). */
export function eachDay(first: IsoDay, last: IsoDay): IsoDay[] {
  const out: IsoDay[] = [];
  for (let ms = toUtcMs(first), end = toUtcMs(last); ms <= end; ms += MS_PER_DAY) out.push(fromUtcMs(ms));
  return out;
}

/** The Monday of the ISO week containing `day`. */
export function mondayOf(day: IsoDay): IsoDay {
  return addDays(day, 1 - weekdayOf(day));
}

/** The instant of a wall-clock time `HH:MM` on `day` in `timeZone` (gaps resolved forward, overlaps to the first). */
export function zonedInstant(day: IsoDay, time: string, timeZone: string): Date {
  const key = `${timeZone}|${day}T${time}`;
  const hit = zonedCache.get(key);
  if (hit !== undefined) return new Date(hit);
  if (!isIsoDay(day) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(time))
    throw new RangeError(`bad day/time ${day} ${time}`);
  const zdt = Temporal.PlainDateTime.from(`${day}T${time}`).toZonedDateTime(timeZone, {
    disambiguation: 'compatible',
  });
  remember(zonedCache, key, zdt.epochMilliseconds);
  return new Date(zdt.epochMilliseconds);
}

/**
 * Memo tables of the two conversions above and below: a planning or a confirmation asks for the same
 * deadlines thousands of times, and the Temporal polyfill's parsing was the hottest spot of the rush
 * benchmark. Pure (same input, same output) and bounded.
 */
const zonedCache = new Map<string, number>();
const dayCache = new Map<string, IsoDay>();
function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  if (cache.size >= 20_000) cache.clear();
  cache.set(key, value);
}

/** The calendar day of an instant in `timeZone`. */
export function dayInZone(instant: Date, timeZone: string): IsoDay {
  const key = `${timeZone}|${instant.getTime()}`;
  const hit = dayCache.get(key);
  if (hit !== undefined) return hit;
  const day = Temporal.Instant.fromEpochMilliseconds(instant.getTime())
    .toZonedDateTimeISO(timeZone)
    .toPlainDate()
    .toString();
  remember(dayCache, key, day);
  return day;
}

/**
 * French wordings through formatters built once (an `Intl.DateTimeFormat` costs far more to build than to
 * use: building one per cell was the hottest spot of the planning page) and memoized results (pure, bounded).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('fr-FR', options);
    formatters.set(key, f);
  }
  return f;
}
const wordings = new Map<string, string>();
function wording(key: string, make: () => string): string {
  const hit = wordings.get(key);
  if (hit !== undefined) return hit;
  const text = make();
  remember(wordings, key, text);
  return text;
}

/** French wording of a deadline for messages: "mardi 3 mars 2026 à 10:00". */
export function formatDeadlineFr(instant: Date, timeZone: string): string {
  return wording(`dl|${timeZone}|${instant.getTime()}`, () => {
    const date = formatterOf(`date|${timeZone}`, {
      timeZone,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    }).format(instant);
    const time = formatterOf(`time|${timeZone}`, { timeZone, hour: '2-digit', minute: '2-digit' }).format(
      instant,
    );
    return `${date} à ${time}`;
  });
}

/** French wording of a day: "mercredi 4 mars 2026". */
export function formatDayFr(day: IsoDay): string {
  return wording(`day|${day}`, () =>
    formatterOf('date|UTC', {
      timeZone: 'UTC',
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    }).format(new Date(toUtcMs(day))),
  );
}

/** French wording of a day without its year: "mercredi 2 décembre". */
export function formatDayNoYearFr(day: IsoDay): string {
  return wording(`dny|${day}`, () =>
    formatterOf('dny|UTC', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' }).format(
      new Date(toUtcMs(day)),
    ),
  );
}
