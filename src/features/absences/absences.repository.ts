import { and, asc, between, desc, eq, gte, inArray, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { children, households } from '../households/households.schema';
import { absenceDays, absenceDeclarations, absenceSettings } from './absences.schema';
import { type AbsenceLimit, DEFAULT_LIMIT, type LimitKind } from './domain/deadline';

/** Queries of the absences feature. Every function takes the tenant; none holds a business rule. */

export async function findSettings(db: Db, tenantId: string): Promise<AbsenceLimit> {
  const [row] = await db.select().from(absenceSettings).where(eq(absenceSettings.tenantId, tenantId));
  return row ? { hours: row.limitHours, kind: row.limitKind as LimitKind } : DEFAULT_LIMIT;
}

const withNames = {
  declaration: absenceDeclarations,
  childFirstName: children.firstName,
  childLastName: children.lastName,
  householdName: households.name,
};

/** A household's declarations, newest first (optionally for one child). */
export async function declarationsOfHousehold(
  db: Db,
  tenantId: string,
  householdId: string,
  childId?: string,
) {
  return db
    .select(withNames)
    .from(absenceDeclarations)
    .innerJoin(children, eq(children.id, absenceDeclarations.childId))
    .innerJoin(households, eq(households.id, absenceDeclarations.householdId))
    .where(
      and(
        eq(absenceDeclarations.tenantId, tenantId),
        eq(absenceDeclarations.householdId, householdId),
        childId ? eq(absenceDeclarations.childId, childId) : undefined,
      ),
    )
    .orderBy(desc(absenceDeclarations.firstDay), desc(absenceDeclarations.declaredAt))
    .limit(500);
}

export async function findDeclaration(db: Db, tenantId: string, id: string) {
  const [row] = await db
    .select(withNames)
    .from(absenceDeclarations)
    .innerJoin(children, eq(children.id, absenceDeclarations.childId))
    .innerJoin(households, eq(households.id, absenceDeclarations.householdId))
    .where(and(eq(absenceDeclarations.tenantId, tenantId), eq(absenceDeclarations.id, id)));
  return row ?? null;
}

export async function findByFormToken(db: Db, tenantId: string, householdId: string, formToken: string) {
  const [row] = await db
    .select({
      id: absenceDeclarations.id,
      childId: absenceDeclarations.childId,
      firstDay: absenceDeclarations.firstDay,
      lastDay: absenceDeclarations.lastDay,
    })
    .from(absenceDeclarations)
    .where(
      and(
        eq(absenceDeclarations.tenantId, tenantId),
        eq(absenceDeclarations.householdId, householdId),
        eq(absenceDeclarations.formToken, formToken),
      ),
    );
  return row ?? null;
}

/** Pending or accepted declarations of a child that share a day with [first, last]. */
export async function overlappingDeclarations(
  db: Db,
  tenantId: string,
  childId: string,
  firstDay: string,
  lastDay: string,
) {
  return db
    .select({
      id: absenceDeclarations.id,
      firstDay: absenceDeclarations.firstDay,
      lastDay: absenceDeclarations.lastDay,
    })
    .from(absenceDeclarations)
    .where(
      and(
        eq(absenceDeclarations.tenantId, tenantId),
        eq(absenceDeclarations.childId, childId),
        inArray(absenceDeclarations.status, ['pending', 'accepted']),
        lte(absenceDeclarations.firstDay, lastDay),
        gte(absenceDeclarations.lastDay, firstDay),
      ),
    );
}

/** Serialises declarations for one child (overlap check then insert) across concurrent requests. */
export async function lockChild(tx: Db, tenantId: string, childId: string) {
  await tx
    .select({ id: children.id })
    .from(children)
    .where(and(eq(children.tenantId, tenantId), eq(children.id, childId)))
    .for('update');
}

/** Pending declarations, oldest first. */
export async function pendingDeclarations(db: Db, tenantId: string) {
  return db
    .select(withNames)
    .from(absenceDeclarations)
    .innerJoin(children, eq(children.id, absenceDeclarations.childId))
    .innerJoin(households, eq(households.id, absenceDeclarations.householdId))
    .where(and(eq(absenceDeclarations.tenantId, tenantId), eq(absenceDeclarations.status, 'pending')))
    .orderBy(asc(absenceDeclarations.declaredAt))
    .limit(500);
}

export async function countPendingAbsences(
  db: Db,
  tenantId: string,
  /**
   * Only the children enrolled (any state but refused) at these facilities — the rule by which a
   * director's queue is filtered (absences.service visibleChildIds); null or absent: the whole tenant.
   */
  facilityIds: readonly string[] | null = null,
): Promise<number> {
  if (facilityIds && facilityIds.length === 0) return 0;
  const scoped = facilityIds
    ? sql`exists (select 1 from enrollments e join activities a on a.tenant_id = e.tenant_id and a.id = e.activity_id
        where e.tenant_id = ${absenceDeclarations.tenantId} and e.child_id = ${absenceDeclarations.childId}
        and e.status <> 'refused' and a.facility_id in (${sql.join(
          facilityIds.map((f) => sql`${f}::uuid`),
          sql`, `,
        )}))`
    : undefined;
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(absenceDeclarations)
    .where(
      and(eq(absenceDeclarations.tenantId, tenantId), eq(absenceDeclarations.status, 'pending'), scoped),
    );
  return Number(row?.n ?? 0);
}

/** For the family dashboard: pending declarations and those decided since `since`. */
export async function dashboardDeclarations(db: Db, tenantId: string, householdId: string, since: Date) {
  return db
    .select(withNames)
    .from(absenceDeclarations)
    .innerJoin(children, eq(children.id, absenceDeclarations.childId))
    .innerJoin(households, eq(households.id, absenceDeclarations.householdId))
    .where(
      and(
        eq(absenceDeclarations.tenantId, tenantId),
        eq(absenceDeclarations.householdId, householdId),
        or(eq(absenceDeclarations.status, 'pending'), gte(absenceDeclarations.decidedAt, since)),
      ),
    )
    .orderBy(desc(absenceDeclarations.declaredAt))
    .limit(20);
}

/**
 * Justified absences (accepted declarations) expanded to days, within [from, to]: one row per child and
 * day. For billing (a justified day is not billed) and the daily register's outcomes.
 */
export async function justifiedAbsenceDays(
  db: Db,
  tenantId: string,
  range: { from: string; to: string },
): Promise<{ childId: string; day: string }[]> {
  return db
    .selectDistinct({ childId: absenceDays.childId, day: absenceDays.day })
    .from(absenceDays)
    .where(
      and(
        eq(absenceDays.tenantId, tenantId),
        eq(absenceDays.status, 'accepted'),
        between(absenceDays.day, range.from, range.to),
      ),
    )
    .orderBy(asc(absenceDays.day), asc(absenceDays.childId));
}
