import type { Db } from '../../platform/db/client';

/**
 * Where justified absence days come from. The absences feature registers its `justifiedAbsenceDays` here
 * from src/features/wiring.ts; until then there are none. Every registered source is read and merged.
 */
export type JustifiedAbsenceSource = (
  db: Db,
  tenantId: string,
  range: { from: string; to: string },
) => Promise<{ childId: string; day: string }[]>;

const sources: JustifiedAbsenceSource[] = [];

export function registerJustifiedAbsenceSource(fn: JustifiedAbsenceSource): void {
  if (!sources.includes(fn)) sources.push(fn);
}

/** Keys `childId|day` of the justified absence days in the range, from every registered source. */
export async function justifiedAbsenceKeys(
  db: Db,
  tenantId: string,
  range: { from: string; to: string },
): Promise<Set<string>> {
  const lists = await Promise.all(sources.map((fn) => fn(db, tenantId, range)));
  return new Set(lists.flat().map((d) => `${d.childId}|${d.day}`));
}
