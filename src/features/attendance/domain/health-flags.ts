/**
 * Who sees which health flags on a register. The households policy (need-to-know, see
 * households/domain/health-access.ts) applies as is: managers and administrators see every child's
 * record, directors the children enrolled at their facilities. The register adds one reader: the
 * animators of the register's facility see the safety flags (diet, allergies, PAI yes/no) of the children
 * on that register — they serve the meals and call for help — but not the PAI notes nor the doctor.
 * Every register view that shows a child's flags is audited (ADR 0016). Pure.
 */
import {
  type ChildEnrollment,
  type HealthReader,
  healthVisibleChildren,
} from '../../households/domain/health-access';

export type HealthLevel = 'full' | 'flags';

export function registerHealthLevels(
  reader: HealthReader,
  facilityId: string,
  childIds: readonly string[],
  enrollments: readonly ChildEnrollment[],
): Map<string, HealthLevel> {
  const out = new Map<string, HealthLevel>();
  for (const id of healthVisibleChildren(reader, childIds, enrollments)) out.set(id, 'full');
  if (reader.roles.includes('animator') && reader.facilityIds.includes(facilityId))
    for (const id of childIds) if (!out.has(id)) out.set(id, 'flags');
  return out;
}

export interface HealthFlags {
  diet: string;
  allergies: string;
  pai: boolean;
  /** Only for 'full' readers. */
  paiNotes: string;
}

/** The flags to show, or null when there is nothing to flag (no audit row is then needed). */
export function flagsOf(
  record: { diet: string; allergies: string; pai: boolean; paiNotes: string } | undefined,
  level: HealthLevel | undefined,
): HealthFlags | null {
  if (!record || !level) return null;
  const flags: HealthFlags = {
    diet: record.diet.trim(),
    allergies: record.allergies.trim(),
    pai: record.pai,
    paiNotes: level === 'full' ? record.paiNotes.trim() : '',
  };
  return flags.diet || flags.allergies || flags.pai ? flags : null;
}
