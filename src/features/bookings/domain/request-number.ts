/**
 * Human request numbers, per tenant and year: `R2026-000123` (prefix, year of submission in the tenant's
 * time zone, a counter of that tenant and year, at least 6 digits). The counter is taken in the database
 * inside the confirmation transaction (see ADR 0005); gaps are harmless here (unlike invoice numbers).
 * Parsing is lenient with what people type (case, spaces, any dash, missing leading zeros) and
 * `formatRequestNumber(parseRequestNumber(x))` gives the canonical form.
 */
import { Temporal } from 'temporal-polyfill';

export const DEFAULT_REQUEST_PREFIX = 'R';
export const MAX_REQUEST_SEQ = 999_999_999;

export interface RequestNumber {
  prefix: string;
  year: number;
  seq: number;
}

const PREFIX_RE = /^[A-Z]{1,4}$/;

export function formatRequestNumber({
  prefix = DEFAULT_REQUEST_PREFIX,
  year,
  seq,
}: Partial<RequestNumber> & {
  year: number;
  seq: number;
}): string {
  if (!PREFIX_RE.test(prefix)) throw new RangeError(`bad request prefix ${prefix}`);
  if (!Number.isInteger(year) || year < 2000 || year > 2999) throw new RangeError(`bad year ${year}`);
  if (!Number.isInteger(seq) || seq < 1 || seq > MAX_REQUEST_SEQ) throw new RangeError(`bad sequence ${seq}`);
  return `${prefix}${year}-${String(seq).padStart(6, '0')}`;
}

/** Reads a typed request number; null when it is not one (or not of the expected prefix). */
export function parseRequestNumber(text: string, expectedPrefix?: string): RequestNumber | null {
  if (text.length > 40) return null;
  const cleaned = text
    .normalize('NFKC')
    .trim()
    .toUpperCase()
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(/[\u2010-\u2015\u2212]/g, '-');
  const m = /^([A-Z]{1,4})(\d{4})-(\d{1,9})$/.exec(cleaned);
  if (!m) return null;
  const [, prefix, y, s] = m as unknown as [string, string, string, string];
  const year = Number(y);
  const seq = Number(s);
  if (year < 2000 || year > 2999 || seq < 1) return null;
  if (expectedPrefix !== undefined && prefix !== expectedPrefix) return null;
  return { prefix, year, seq };
}

/** The year a request belongs to: the calendar year of `now` in the tenant's time zone. */
export function requestYear(now: Date, timeZone: string): number {
  return Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(timeZone).year;
}
