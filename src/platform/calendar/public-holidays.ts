/**
 * Public holidays (jours fériés) per year and region, as `Map<IsoDay, name>` in date order.
 *
 * France (métropole, Alsace-Moselle) comes from `@socialgouv/jours-feries`. That library builds its
 * Dates at local midnight of the process time zone (and shifts Easter-based ones by 24 h steps), so we
 * read them back with local getters after moving to local noon: the day never shifts, whatever TZ is.
 * Monaco is not covered by it (nor by any small, well-kept library: `date-holidays` would add a
 * dependency tree for one list), so Monaco's list is written here from its law, reusing the library's
 * Easter date: 1 Jan, 27 Jan Sainte Dévote, Easter Monday, 1 May, Ascension, Whit Monday, Fête-Dieu,
 * 15 Aug, 1 Nov, 19 Nov Fête du Prince, 8 Dec, 25 Dec; when one of them falls on a Sunday, the
 * following Monday is a holiday (loi n° 798 du 18 février 1966).
 */
import joursFeries from '@socialgouv/jours-feries';
import { addDays, type IsoDay, isoDay, weekday } from './days';

export const HOLIDAY_REGIONS = ['metropole', 'alsace-moselle', 'monaco'] as const;
export type HolidayRegion = (typeof HOLIDAY_REGIONS)[number];

export function isHolidayRegion(value: unknown): value is HolidayRegion {
  return typeof value === 'string' && (HOLIDAY_REGIONS as readonly string[]).includes(value);
}

/** Our French labels for the library's names (its casing varies). */
const NAMES: Record<string, string> = {
  "Jour de l'an": 'Jour de l’an',
  'Fête du travail': 'Fête du Travail',
  'Victoire des alliés': 'Victoire 1945',
  'Fête Nationale': 'Fête nationale',
  Assomption: 'Assomption',
  Toussaint: 'Toussaint',
  Armistice: 'Armistice 1918',
  Noël: 'Noël',
  'Lundi de Pâques': 'Lundi de Pâques',
  Ascension: 'Ascension',
  'Lundi de Pentecôte': 'Lundi de Pentecôte',
  'Vendredi Saint': 'Vendredi saint',
  'Saint Étienne': 'Saint-Étienne (26 décembre)',
};

/** A local-midnight Date from the library → its calendar day, independent of DST shifts. */
function localDay(date: Date): IsoDay {
  // Local noon of the intended day: a Date 1 h early (23:00 the day before, after a 24 h step across a
  // DST change) lands at 11:00 of the right day, one 1 h late at 13:00.
  const d = new Date(date.getTime() + 12 * 3_600_000);
  return isoDay(d.getFullYear(), d.getMonth() + 1, d.getDate());
}

function franceHolidays(year: number, alsace: boolean): [IsoDay, string][] {
  return Object.entries(joursFeries(year, { alsace })).map(([name, date]) => [
    localDay(date),
    NAMES[name] ?? name,
  ]);
}

/** Easter Sunday of a year (Gregorian computus), taken from the library to keep one source. */
export function easterSunday(year: number): IsoDay {
  const monday = Object.entries(joursFeries(year)).find(([name]) => name === 'Lundi de Pâques')![1];
  return addDays(localDay(monday), -1);
}

function monacoHolidays(year: number): [IsoDay, string][] {
  const easter = easterSunday(year);
  const base: [IsoDay, string][] = [
    [isoDay(year, 1, 1), 'Jour de l’an'],
    [isoDay(year, 1, 27), 'Sainte Dévote'],
    [addDays(easter, 1), 'Lundi de Pâques'],
    [isoDay(year, 5, 1), 'Fête du Travail'],
    [addDays(easter, 39), 'Ascension'],
    [addDays(easter, 50), 'Lundi de Pentecôte'],
    [addDays(easter, 60), 'Fête-Dieu'],
    [isoDay(year, 8, 15), 'Assomption'],
    [isoDay(year, 11, 1), 'Toussaint'],
    [isoDay(year, 11, 19), 'Fête du Prince'],
    [isoDay(year, 12, 8), 'Immaculée Conception'],
    [isoDay(year, 12, 25), 'Noël'],
  ];
  const taken = new Set(base.map(([d]) => d));
  const substitutes: [IsoDay, string][] = [];
  for (const [day, name] of base) {
    if (weekday(day) !== 7) continue;
    let monday = addDays(day, 1);
    while (taken.has(monday)) monday = addDays(monday, 1);
    taken.add(monday);
    substitutes.push([monday, `${name} (reporté)`]);
  }
  return [...base, ...substitutes];
}

const cache = new Map<string, Map<IsoDay, string>>();

/** Public holidays of a calendar year in a region, in date order. */
export function publicHolidays(year: number, region: HolidayRegion = 'metropole'): Map<IsoDay, string> {
  if (!Number.isInteger(year) || year < 1900 || year > 2999)
    throw new RangeError(`unsupported year: ${year}`);
  const key = `${region}:${year}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const list = region === 'monaco' ? monacoHolidays(year) : franceHolidays(year, region === 'alsace-moselle');
  const map = new Map(list.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  cache.set(key, map);
  return map;
}

/** The holiday's name on that day, or null. */
export function publicHolidayOn(day: IsoDay, region: HolidayRegion = 'metropole'): string | null {
  return publicHolidays(Number(day.slice(0, 4)), region).get(day) ?? null;
}

export function isPublicHoliday(day: IsoDay, region: HolidayRegion = 'metropole'): boolean {
  return publicHolidayOn(day, region) !== null;
}
