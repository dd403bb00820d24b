import { ageOn } from '../../catalogue/domain/calendar';

export const SCHOOL_LEVELS = ['PS', 'MS', 'GS', 'CP', 'CE1', 'CE2', 'CM1', 'CM2'] as const;

export interface GroupRange {
  id: string;
  minAge: number | null;
  maxAge: number | null;
  minLevel: number | null;
  maxLevel: number | null;
}

/** Whether a child fits a group: age in whole years on the period's first day, or school level. */
export function fitsGroup(
  group: GroupRange,
  child: { birthDate: string; schoolClass: string },
  onDay: string,
): boolean {
  const age = ageOn(child.birthDate, onDay);
  if (group.minAge !== null && age < group.minAge) return false;
  if (group.maxAge !== null && age > group.maxAge) return false;
  if (group.minLevel !== null || group.maxLevel !== null) {
    const level = SCHOOL_LEVELS.indexOf(child.schoolClass as (typeof SCHOOL_LEVELS)[number]);
    if (level < 0) return group.minAge !== null || group.maxAge !== null;
    if (group.minLevel !== null && level < group.minLevel) return false;
    if (group.maxLevel !== null && level > group.maxLevel) return false;
  }
  return true;
}

/** The first group the child fits, or null. */
export function suggestGroup<G extends GroupRange>(
  groups: readonly G[],
  child: { birthDate: string; schoolClass: string },
  onDay: string,
): G | null {
  return groups.find((g) => fitsGroup(g, child, onDay)) ?? null;
}

/** "3 à 5 ans", "CP à CE2", "tous âges". */
export function describeRange(g: GroupRange): string {
  const parts: string[] = [];
  if (g.minAge !== null || g.maxAge !== null)
    parts.push(
      g.minAge !== null && g.maxAge !== null
        ? `${g.minAge} à ${g.maxAge} ans`
        : g.minAge !== null
          ? `${g.minAge} ans et plus`
          : `jusqu'à ${g.maxAge} ans`,
    );
  if (g.minLevel !== null || g.maxLevel !== null)
    parts.push(`${SCHOOL_LEVELS[g.minLevel ?? 0]} à ${SCHOOL_LEVELS[g.maxLevel ?? 7]}`);
  return parts.length > 0 ? parts.join(', ') : 'tous âges';
}

/** Whether a day is inside an enrollment window (both bounds inclusive; a missing bound closes it). */
export function isWindowOpen(today: string, first: string | null, last: string | null): boolean {
  return first !== null && last !== null && first <= today && today <= last;
}
