/**
 * CAF activity statistics: hours of care per child and month, by age band (under 6 / 6 and over).
 * Hours of a day = the unit's duration (its start and end times) for the days the child was there:
 * outcome `present` or `present-without-booking`. Absences, late cancellations and unmarked days count
 * nothing. The band is the child's age on the day of care (a child turning 6 mid-month has hours in both).
 */
import { ageOn } from './tax-certificate';

export type AgeBand = 'under6' | 'six-plus';
export const AGE_BAND_LABEL: Record<AgeBand, string> = {
  under6: 'Moins de 6 ans',
  'six-plus': '6 ans et plus',
};

export interface CafOutcome {
  childId: string;
  day: string;
  unitId: string;
  outcome: string;
}

export interface CafChild {
  id: string;
  name: string;
  birthDate: string;
}

export interface CafUnit {
  id: string;
  startTime: string;
  endTime: string;
}

export interface CafRow {
  /** "2026-10". */
  month: string;
  childId: string;
  childName: string;
  birthDate: string;
  band: AgeBand;
  minutes: number;
}

const COUNTED = new Set(['present', 'present-without-booking']);

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

/** Minutes between a unit's start and end (0 when malformed or not after the start). */
export function unitMinutes(u: Pick<CafUnit, 'startTime' | 'endTime'>): number {
  if (!/^\d\d:\d\d$/.test(u.startTime) || !/^\d\d:\d\d$/.test(u.endTime)) return 0;
  return Math.max(0, minutesOf(u.endTime) - minutesOf(u.startTime));
}

/** Age band on a day of care. */
export function ageBand(birthDate: string, day: string): AgeBand {
  return ageOn(birthDate, day) < 6 ? 'under6' : 'six-plus';
}

/** Rows per month × child × band with minutes > 0, sorted by month, band, child name. */
export function cafActivity(outcomes: CafOutcome[], children: CafChild[], units: CafUnit[]): CafRow[] {
  const child = new Map(children.map((c) => [c.id, c]));
  const minutes = new Map(units.map((u) => [u.id, unitMinutes(u)]));
  const rows = new Map<string, CafRow>();
  for (const o of outcomes) {
    if (!COUNTED.has(o.outcome)) continue;
    const c = child.get(o.childId);
    const m = minutes.get(o.unitId) ?? 0;
    if (!c || m === 0) continue;
    const month = o.day.slice(0, 7);
    const band = ageBand(c.birthDate, o.day);
    const key = `${month}|${band}|${c.id}`;
    const cur = rows.get(key);
    if (cur) cur.minutes += m;
    else
      rows.set(key, {
        month,
        childId: c.id,
        childName: c.name,
        birthDate: c.birthDate,
        band,
        minutes: m,
      });
  }
  return [...rows.values()].sort(
    (a, b) =>
      a.month.localeCompare(b.month) ||
      a.band.localeCompare(b.band) * -1 ||
      a.childName.localeCompare(b.childName, 'fr'),
  );
}

/** Totals per month × band: hours and number of distinct children. */
export function cafTotals(
  rows: CafRow[],
): { month: string; band: AgeBand; minutes: number; children: number }[] {
  const out = new Map<string, { month: string; band: AgeBand; minutes: number; children: number }>();
  for (const r of rows) {
    const key = `${r.month}|${r.band}`;
    const cur = out.get(key) ?? { month: r.month, band: r.band, minutes: 0, children: 0 };
    cur.minutes += r.minutes;
    cur.children += 1;
    out.set(key, cur);
  }
  return [...out.values()];
}

/** "7,50" — hours with a French decimal comma, two decimals (exact from minutes). */
export function hoursFr(minutes: number): string {
  const cents = Math.round((minutes * 100) / 60);
  return `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
}
