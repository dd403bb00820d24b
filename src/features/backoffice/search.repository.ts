import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { children, guardians, householdChildren, households } from '../households/households.schema';
import { likeEscape, type SearchQuery } from './domain/search';

const contains = (s: string) => `%${likeEscape(s)}%`;

/**
 * Ids of the households matching a query, best found through trigram indexes (migration 0009): each
 * branch of the union is one index scan (names folded by mn_fold, e-mails lower-cased, phone digits).
 * Every word must appear in the same name: "martin lea" finds the child Léa Martin.
 */
function matchingIds(tenantId: string, q: SearchQuery): SQL {
  const nameOf = (expr: SQL) =>
    sql.join(
      q.words.map((w) => sql`mn_fold(${expr}) like ${contains(w)}`),
      sql` and `,
    );
  const branches: SQL[] = [];
  if (q.words.length > 0) {
    branches.push(
      sql`select h.id from households h where h.tenant_id = ${tenantId} and ${nameOf(sql`h.name`)}`,
      sql`select g.household_id from guardians g where g.tenant_id = ${tenantId} and ${nameOf(sql`g.first_name || ' ' || g.last_name`)}`,
      sql`select hc.household_id from children c join household_children hc on hc.tenant_id = c.tenant_id and hc.child_id = c.id where c.tenant_id = ${tenantId} and ${nameOf(sql`c.first_name || ' ' || c.last_name`)}`,
    );
  }
  if (q.text.length >= 3 && !/\s/.test(q.text)) {
    branches.push(
      sql`select h.id from households h where h.tenant_id = ${tenantId} and lower(h.email) like ${contains(q.text)}`,
      sql`select g.household_id from guardians g where g.tenant_id = ${tenantId} and lower(g.email) like ${contains(q.text)}`,
    );
  }
  if (q.phoneDigits && q.phoneDigits.length >= 4) {
    const p = contains(q.phoneDigits);
    branches.push(
      sql`select h.id from households h where h.tenant_id = ${tenantId} and (mn_digits(h.phone) || ' ' || mn_digits(h.phone2)) like ${p}`,
      sql`select g.household_id from guardians g where g.tenant_id = ${tenantId} and (mn_digits(g.mobile_phone) || ' ' || mn_digits(g.home_phone) || ' ' || mn_digits(g.work_phone)) like ${p}`,
    );
  }
  return sql.join(branches, sql` union `);
}

export interface HouseholdHit {
  id: string;
  name: string;
  city: string;
  status: string;
  familyQuotient: number | null;
  childCount: number;
  guardianNames: string[];
  childNames: string[];
}

/**
 * Staff search of households. `extraIds` come from other features' search providers (invoice numbers
 * later). Without a query: the first households by name. Archived households are listed last.
 */
export async function searchHouseholdRows(
  db: Db,
  tenantId: string,
  q: SearchQuery | null,
  extraIds: string[],
  limit: number,
): Promise<HouseholdHit[]> {
  const conds: SQL[] = [eq(households.tenantId, tenantId)];
  if (q) {
    const ids = matchingIds(tenantId, q);
    const extra = extraIds.length > 0 ? sql` or ${inArray(households.id, extraIds)}` : sql``;
    conds.push(sql`(${households.id} in (${ids})${extra})`);
  }
  const rows = await db
    .select({
      id: households.id,
      name: households.name,
      city: households.city,
      status: households.status,
      familyQuotient: households.familyQuotient,
    })
    .from(households)
    .where(and(...conds))
    .orderBy(sql`${households.status} = 'archived'`, asc(households.name), asc(households.id))
    .limit(limit);
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const [gs, cs] = await Promise.all([
    db
      .select({
        householdId: guardians.householdId,
        firstName: guardians.firstName,
        lastName: guardians.lastName,
      })
      .from(guardians)
      .where(and(eq(guardians.tenantId, tenantId), inArray(guardians.householdId, ids)))
      .orderBy(asc(guardians.lastName), asc(guardians.firstName)),
    db
      .select({
        householdId: householdChildren.householdId,
        firstName: children.firstName,
        lastName: children.lastName,
      })
      .from(householdChildren)
      .innerJoin(children, eq(children.id, householdChildren.childId))
      .where(and(eq(householdChildren.tenantId, tenantId), inArray(householdChildren.householdId, ids)))
      .orderBy(asc(children.birthDate)),
  ]);
  return rows.map((r) => {
    const kids = cs.filter((c) => c.householdId === r.id).map((c) => `${c.firstName} ${c.lastName}`);
    return {
      ...r,
      childCount: kids.length,
      childNames: kids,
      guardianNames: gs.filter((g) => g.householdId === r.id).map((g) => `${g.firstName} ${g.lastName}`),
    };
  });
}
