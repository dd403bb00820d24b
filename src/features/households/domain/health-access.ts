/**
 * Health data is need-to-know (PRODUCT S2): managers and administrators see every child's; a facility
 * director sees a child's only while the child has an enrollment (any state but refused) in an activity
 * of one of the director's facilities; every other role sees none. Pure module: no I/O.
 */

export interface HealthReader {
  roles: readonly string[];
  /** Facilities the staff member is tied to (directors, animators). */
  facilityIds: readonly string[];
}

/** An enrollment of a child, reduced to what decides access. */
export interface ChildEnrollment {
  childId: string;
  facilityId: string;
  status: string;
}

/** Whether this reader may see some child's health data at all (before looking at enrollments). */
export function mayReadHealth(reader: HealthReader): boolean {
  return reader.roles.some((r) => r === 'admin' || r === 'manager' || r === 'director');
}

/** The children (among `childIds`) whose health data the reader may see. */
export function healthVisibleChildren(
  reader: HealthReader,
  childIds: readonly string[],
  enrollments: readonly ChildEnrollment[],
): Set<string> {
  if (reader.roles.some((r) => r === 'admin' || r === 'manager')) return new Set(childIds);
  if (!reader.roles.includes('director') || reader.facilityIds.length === 0) return new Set();
  const mine = new Set(reader.facilityIds);
  const wanted = new Set(childIds);
  const out = new Set<string>();
  for (const e of enrollments)
    if (e.status !== 'refused' && mine.has(e.facilityId) && wanted.has(e.childId)) out.add(e.childId);
  return out;
}
