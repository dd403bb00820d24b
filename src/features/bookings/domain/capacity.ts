/**
 * Which capacity applies to a child × day × unit, from the catalogue's configuration: rows per
 * (group?, day?) of the unit, the most specific winning — (group, day) > (group, any day) >
 * (whole unit, day) > (whole unit, any day) > the unit's own capacity; null means unlimited.
 *
 * A unit counts places per group only when it has at least one per-group row; the child's group
 * (from its enrollment) is then the `groupKey` of its capacity row, else '' (the whole unit).
 */
import type { IsoDay } from './types';

export interface CapacityRule {
  groupId: string | null;
  day: IsoDay | null;
  capacity: number;
}

export function groupKeyFor(rules: readonly CapacityRule[], groupId: string | null): string {
  if (!groupId) return '';
  return rules.some((r) => r.groupId === groupId) ? groupId : '';
}

export function resolveCapacity(
  unitCapacity: number | null,
  rules: readonly CapacityRule[],
  day: IsoDay,
  groupKey: string,
): number | null {
  const g = groupKey === '' ? null : groupKey;
  const find = (group: string | null, d: IsoDay | null) =>
    rules.find((r) => r.groupId === group && r.day === d)?.capacity;
  if (g !== null) {
    const specific = find(g, day) ?? find(g, null);
    if (specific !== undefined) return specific;
  }
  return find(null, day) ?? find(null, null) ?? unitCapacity;
}
