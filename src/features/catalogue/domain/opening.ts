import type { HolidayCalendar, IsoDay } from './calendar';
import { weekday } from './calendar';

export type DayType = 'school_days' | 'school_holidays' | 'both';

/** The opening rules of a unit. */
export interface OpeningRules {
  /** ISO weekdays (1 = Monday … 7 = Sunday). */
  weekdays: readonly number[];
  dayType: DayType;
  openOnPublicHolidays: boolean;
  /** Extra closures and exceptional openings, by day. */
  exceptions: ReadonlyMap<IsoDay, 'closed' | 'open'>;
  /** The period's days (inclusive); outside it the unit is closed. */
  firstDay: IsoDay;
  lastDay: IsoDay;
}

export interface SchoolCalendar {
  /** School holidays of the tenant's zone (vacances scolaires). */
  isSchoolHoliday(day: IsoDay): boolean;
}

/** School holidays from ranges (e.g. rows of platform_school_holidays for the tenant's zone). */
export function schoolCalendar(ranges: readonly { firstDay: IsoDay; lastDay: IsoDay }[]): SchoolCalendar {
  return { isSchoolHoliday: (day) => ranges.some((r) => r.firstDay <= day && day <= r.lastDay) };
}

export type OpeningReason =
  | 'open'
  | 'exceptional_opening'
  | 'out_of_period'
  | 'closure'
  | 'weekday'
  | 'public_holiday'
  | 'school_holidays'
  | 'school_days';

/**
 * Whether a unit opens on a day, and why. Order: outside the period → closed; an exceptional opening
 * or an extra closure wins over the pattern; then weekday, public holiday, school days/holidays.
 */
export function openingOn(
  day: IsoDay,
  rules: OpeningRules,
  cal: { holidays: HolidayCalendar; school: SchoolCalendar },
): { open: boolean; reason: OpeningReason } {
  if (day < rules.firstDay || day > rules.lastDay) return { open: false, reason: 'out_of_period' };
  const exception = rules.exceptions.get(day);
  if (exception === 'open') return { open: true, reason: 'exceptional_opening' };
  if (exception === 'closed') return { open: false, reason: 'closure' };
  if (!rules.weekdays.includes(weekday(day))) return { open: false, reason: 'weekday' };
  if (!rules.openOnPublicHolidays && cal.holidays.isPublicHoliday(day))
    return { open: false, reason: 'public_holiday' };
  const holiday = cal.school.isSchoolHoliday(day);
  if (rules.dayType === 'school_days' && holiday) return { open: false, reason: 'school_holidays' };
  if (rules.dayType === 'school_holidays' && !holiday) return { open: false, reason: 'school_days' };
  return { open: true, reason: 'open' };
}

export function isUnitOpen(
  day: IsoDay,
  rules: OpeningRules,
  cal: { holidays: HolidayCalendar; school: SchoolCalendar },
): boolean {
  return openingOn(day, rules, cal).open;
}

export const OPENING_REASON_LABEL: Record<OpeningReason, string> = {
  open: 'Ouvert',
  exceptional_opening: 'Ouverture exceptionnelle',
  out_of_period: 'Hors période',
  closure: 'Fermeture',
  weekday: 'Jour non ouvert',
  public_holiday: 'Jour férié',
  school_holidays: 'Vacances scolaires',
  school_days: 'Période scolaire',
};

/** Units that clash: a unit incompatible with another, or a required unit missing. French messages. */
export function checkUnitCombination(
  chosen: readonly string[],
  units: readonly {
    id: string;
    name: string;
    incompatibleUnitIds: readonly string[];
    requiredUnitIds: readonly string[];
  }[],
): string[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const set = new Set(chosen);
  const problems: string[] = [];
  const reported = new Set<string>();
  for (const id of chosen) {
    const u = byId.get(id);
    if (!u) continue;
    for (const other of u.incompatibleUnitIds) {
      const pair = [id, other].sort().join('+');
      if (!set.has(other) || reported.has(pair)) continue;
      reported.add(pair);
      problems.push(
        `« ${u.name} » et « ${byId.get(other)?.name ?? '?'} » ne peuvent pas être choisis ensemble.`,
      );
    }
    for (const req of u.requiredUnitIds)
      if (!set.has(req)) problems.push(`« ${u.name} » demande aussi « ${byId.get(req)?.name ?? '?'} ».`);
  }
  return problems;
}
