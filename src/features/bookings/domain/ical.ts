/**
 * A household's iCalendar feed (RFC 5545) of confirmed bookings, served at a secret, revocable URL.
 *
 * - Lines end with CRLF and are folded at 75 octets (continuation lines start with one space), never
 *   inside a UTF-8 sequence; text is NFC-normalised, `\`, `;`, `,` and newlines are escaped, other
 *   control characters dropped.
 * - Times: for Europe/Paris (every metropolitan tenant) events carry `TZID=Europe/Paris` local times and
 *   the feed embeds the VTIMEZONE (EU rules since 1996: last Sunday of March 02:00 → CEST, last Sunday of
 *   October 03:00 → CET), so calendars show the unit's wall-clock hours on both sides of a DST change.
 *   For any other tenant zone (overseas territories), times are written in UTC (`…Z`), converted from
 *   the wall-clock hours in that zone, so no VTIMEZONE is needed.
 * - A unit without hours becomes an all-day event (`VALUE=DATE`).
 * - UID `booking-<id>@<domain>` is stable per booking: a calendar updates the event in place, and a
 *   cancelled booking simply leaves the feed. Events are transparent (they do not make the parent busy).
 */
import { addDays, zonedInstant } from './days';
import type { IsoDay } from './types';

export interface IcalBooking {
  id: string;
  childName: string;
  activityName: string;
  unitName: string;
  day: IsoDay;
  /** Wall-clock hours of the unit, `HH:MM`, in the tenant time zone. */
  start?: string;
  end?: string;
  location?: string;
}

export interface IcalFeedInput {
  /** Calendar name shown by phone calendars ("Réservations — Famille Martin"). */
  name: string;
  timeZone: string;
  /** Domain part of the UIDs (the tenant's host). */
  uidDomain: string;
  /** DTSTAMP of every event: the instant the feed is generated. */
  now: Date;
  bookings: readonly IcalBooking[];
}

export const ICAL_PRODID = '-//Maisonnee//Reservations 1.0//FR';
export const ICAL_CONTENT_TYPE = 'text/calendar; charset=utf-8';

const PARIS_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Paris',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19810329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19961027T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

/** Escapes a TEXT value (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  const unified = value.normalize('NFC').replace(/\r\n|\r|\n/g, '\n');
  // Control characters other than tab and newline are not allowed in TEXT: drop them.
  const clean = [...unified].filter((c) => c === '\t' || c === '\n' || (c >= ' ' && c !== '\u007f')).join('');
  return clean.replace(/[\\;,\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** Folds one content line at 75 octets without splitting a UTF-8 sequence (RFC 5545 §3.1). */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const cp = ch.codePointAt(0)!;
    const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; // UTF-8 octets
    const limit = parts.length === 0 ? 75 : 74; // continuation lines begin with a space
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

function utcStamp(d: Date): string {
  return `${d.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

function localStamp(day: IsoDay, time: string): string {
  return `${day.replace(/-/g, '')}T${time.replace(':', '')}00`;
}

function dateValue(day: IsoDay): string {
  return day.replace(/-/g, '');
}

function times(b: IcalBooking, timeZone: string): string[] {
  const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;
  if (!b.start || !hhmm.test(b.start)) {
    return [`DTSTART;VALUE=DATE:${dateValue(b.day)}`, `DTEND;VALUE=DATE:${dateValue(addDays(b.day, 1))}`];
  }
  const hasEnd = !!b.end && hhmm.test(b.end) && b.end > b.start;
  if (timeZone === 'Europe/Paris') {
    const out = [`DTSTART;TZID=Europe/Paris:${localStamp(b.day, b.start)}`];
    if (hasEnd) out.push(`DTEND;TZID=Europe/Paris:${localStamp(b.day, b.end!)}`);
    return out;
  }
  const out = [`DTSTART:${utcStamp(zonedInstant(b.day, b.start, timeZone))}`];
  if (hasEnd) out.push(`DTEND:${utcStamp(zonedInstant(b.day, b.end!, timeZone))}`);
  return out;
}

/** "Lou — Mercredis (Journée)". */
export function eventSummary(b: Pick<IcalBooking, 'childName' | 'activityName' | 'unitName'>): string {
  return `${b.childName} — ${b.activityName} (${b.unitName})`;
}

/** The whole feed, CRLF-terminated, events ordered by day, start time, then id. */
export function icalFeed(input: IcalFeedInput): string {
  const uidDomain = input.uidDomain.toLowerCase().replace(/[^a-z0-9.-]/g, '') || 'maisonnee.invalid';
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${ICAL_PRODID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(input.name)}`,
    `X-WR-TIMEZONE:${escapeText(input.timeZone)}`,
    'REFRESH-INTERVAL;VALUE=DURATION:PT6H',
    'X-PUBLISHED-TTL:PT6H',
    ...(input.timeZone === 'Europe/Paris' ? PARIS_VTIMEZONE : []),
  ];
  const stamp = utcStamp(input.now);
  const sorted = [...input.bookings].sort(
    (a, b) =>
      (a.day < b.day ? -1 : a.day > b.day ? 1 : 0) ||
      (a.start ?? '').localeCompare(b.start ?? '') ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  for (const b of sorted) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:booking-${b.id.replace(/[^A-Za-z0-9-]/g, '')}@${uidDomain}`,
      `DTSTAMP:${stamp}`,
      ...times(b, input.timeZone),
      `SUMMARY:${escapeText(eventSummary(b))}`,
      ...(b.location ? [`LOCATION:${escapeText(b.location)}`] : []),
      'STATUS:CONFIRMED',
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
