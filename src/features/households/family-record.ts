import type { Db } from '../../platform/db/client';
import type { FieldChange } from '../requests/domain/diff';
import { listRequestsOfHousehold, pendingRequestsOfHousehold } from '../requests/requests.repository';
import {
  fieldPolicyOverrides,
  findHousehold,
  listChildHealth,
  listChildren,
  listContacts,
  listGuardians,
  listQuotients,
} from './households.repository';

/** Pending values per subject and field: `pending.get('household:<id>')?.get('household.city')`. */
export type PendingMap = Map<string, Map<string, string | null>>;

export async function pendingChanges(db: Db, tenantId: string, householdId: string): Promise<PendingMap> {
  const map: PendingMap = new Map();
  for (const r of await pendingRequestsOfHousehold(db, tenantId, householdId)) {
    if (r.kind !== 'change') continue;
    const k = `${r.subjectType}:${r.subjectId}`;
    const m = map.get(k) ?? new Map<string, string | null>();
    for (const c of (r.changes ?? []) as FieldChange[]) m.set(c.field, c.after);
    map.set(k, m);
  }
  return map;
}

/** Everything the portal holds on a household (pages, RGPD export, staff view). */
export async function loadFamilyRecord(
  db: Db,
  tenantId: string,
  householdId: string,
  /** Health data: of every child (true), of none (false), or only of the children in the set. */
  opts: { health: boolean | ReadonlySet<string>; requests?: number },
) {
  const household = await findHousehold(db, tenantId, householdId);
  if (!household) return null;
  const [guardianRows, childRows, contacts, quotients, requests, overrides] = await Promise.all([
    listGuardians(db, tenantId, householdId),
    listChildren(db, tenantId, householdId),
    listContacts(db, tenantId, householdId),
    listQuotients(db, tenantId, householdId),
    listRequestsOfHousehold(db, tenantId, householdId, opts.requests ?? 20),
    fieldPolicyOverrides(db, tenantId),
  ]);
  const healthIds =
    opts.health === true
      ? childRows.map((c) => c.id)
      : opts.health === false
        ? []
        : childRows.filter((c) => (opts.health as ReadonlySet<string>).has(c.id)).map((c) => c.id);
  const health = await listChildHealth(db, tenantId, healthIds);
  return {
    household,
    guardians: guardianRows,
    children: childRows.map((c) => ({ ...c, health: health.find((h) => h.childId === c.id) ?? null })),
    contacts,
    quotients,
    requests,
    overrides,
  };
}
export type FamilyRecord = NonNullable<Awaited<ReturnType<typeof loadFamilyRecord>>>;
