import { and, asc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { outcomesOf } from '../attendance/attendance.repository';
import { activities, units } from '../catalogue/catalogue.schema';
import {
  children,
  familyQuotients,
  guardians,
  householdChildren,
  households,
} from '../households/households.schema';
import { tenantSettings } from '../settings/settings.schema';
import { tenants } from '../tenants/tenants.schema';
import { invoices } from './billing.schema';
import type {
  Adjustment,
  ChildInfo,
  DraftLine,
  HouseholdInfo,
  OutcomeRow,
  UnitInfo,
  VersionRow,
} from './domain/run';
import {
  type BillingRun,
  billingRunAdjustments,
  billingRunHouseholds,
  billingRunLines,
  billingRuns,
  billingSettings,
} from './run.schema';
import { tariffVersions } from './tariffs.schema';

export async function findRun(db: Db, tenantId: string, runId: string): Promise<BillingRun | null> {
  const [row] = await db
    .select()
    .from(billingRuns)
    .where(and(eq(billingRuns.tenantId, tenantId), eq(billingRuns.id, runId)));
  return row ?? null;
}

export async function lockRun(db: Db, tenantId: string, runId: string): Promise<BillingRun | null> {
  const [row] = await db
    .select()
    .from(billingRuns)
    .where(and(eq(billingRuns.tenantId, tenantId), eq(billingRuns.id, runId)))
    .for('update');
  return row ?? null;
}

export async function runsOfTenant(db: Db, tenantId: string) {
  return db
    .select()
    .from(billingRuns)
    .where(eq(billingRuns.tenantId, tenantId))
    .orderBy(sql`${billingRuns.periodStart} desc`)
    .limit(36);
}

/** The month's run, created if missing (the unique index makes a concurrent creation find the same one). */
export async function findOrCreateRun(
  db: Db,
  row: { tenantId: string; periodStart: string; periodEnd: string; createdAt: Date; createdByUserId: string },
): Promise<{ run: BillingRun; created: boolean }> {
  const inserted = await db.insert(billingRuns).values(row).onConflictDoNothing().returning();
  if (inserted[0]) return { run: inserted[0], created: true };
  const [found] = await db
    .select()
    .from(billingRuns)
    .where(and(eq(billingRuns.tenantId, row.tenantId), eq(billingRuns.periodStart, row.periodStart)));
  return { run: found!, created: false };
}

export async function paymentDelayDays(db: Db, tenantId: string): Promise<number> {
  const [row] = await db.select().from(billingSettings).where(eq(billingSettings.tenantId, tenantId));
  return row?.paymentDelayDays ?? 30;
}

/** Everything the pure draft needs for a month, read set-based (a handful of queries whatever the size). */
export async function draftInputs(db: Db, tenantId: string, from: string, to: string) {
  const raw = await outcomesOf(db, tenantId, { from, to });
  // A walk-in without any booking has no household on its outcome: its (first) household is billed.
  const orphanChildren = [...new Set(raw.filter((o) => o.householdId === null).map((o) => o.childId))];
  const orphanHousehold = new Map<string, string>();
  if (orphanChildren.length > 0) {
    const rows = await db
      .select()
      .from(householdChildren)
      .where(
        and(eq(householdChildren.tenantId, tenantId), inArray(householdChildren.childId, orphanChildren)),
      )
      .orderBy(asc(householdChildren.householdId));
    for (const r of rows) if (!orphanHousehold.has(r.childId)) orphanHousehold.set(r.childId, r.householdId);
  }
  const outcomes: OutcomeRow[] = [];
  for (const o of raw) {
    const householdId = o.householdId ?? orphanHousehold.get(o.childId);
    if (householdId) outcomes.push({ ...o, householdId });
  }
  const householdIds = [...new Set(outcomes.map((o) => o.householdId))];
  const childIds = [...new Set(outcomes.map((o) => o.childId))];
  const [versionRows, hhRows, qfRows, childRows, unitRows] = await Promise.all([
    db.select().from(tariffVersions).where(eq(tariffVersions.tenantId, tenantId)),
    householdIds.length === 0
      ? []
      : db
          .select({
            id: households.id,
            name: households.name,
            resident: households.resident,
            familyQuotient: households.familyQuotient,
            qfValidFrom: households.qfValidFrom,
          })
          .from(households)
          .where(and(eq(households.tenantId, tenantId), inArray(households.id, householdIds))),
    householdIds.length === 0
      ? []
      : db
          .select({
            householdId: familyQuotients.householdId,
            value: familyQuotients.value,
            validFrom: familyQuotients.validFrom,
          })
          .from(familyQuotients)
          .where(
            and(eq(familyQuotients.tenantId, tenantId), inArray(familyQuotients.householdId, householdIds)),
          ),
    childIds.length === 0
      ? []
      : db
          .select({
            id: children.id,
            firstName: children.firstName,
            lastName: children.lastName,
            birthDate: children.birthDate,
          })
          .from(children)
          .where(and(eq(children.tenantId, tenantId), inArray(children.id, childIds))),
    db
      .select({ unitId: units.id, unitName: units.name, activityName: activities.name })
      .from(units)
      .innerJoin(
        activities,
        and(eq(activities.tenantId, units.tenantId), eq(activities.id, units.activityId)),
      )
      .where(eq(units.tenantId, tenantId)),
  ]);
  const versions = new Map<string, VersionRow[]>();
  for (const v of versionRows)
    versions.set(v.unitId, [
      ...(versions.get(v.unitId) ?? []),
      { id: v.id, unitId: v.unitId, validFrom: v.validFrom, rule: v.rule, taxEligible: v.taxEligible },
    ]);
  const history = new Map<string, { value: number; validFrom: string }[]>();
  for (const q of qfRows)
    history.set(q.householdId, [
      ...(history.get(q.householdId) ?? []),
      { value: q.value, validFrom: q.validFrom },
    ]);
  const hh = new Map<string, HouseholdInfo>();
  const names = new Map<string, string>();
  for (const h of hhRows) {
    names.set(h.id, h.name);
    const hist = history.get(h.id) ?? [];
    // No history row: the household's current QF counts from its start date (or always, without one).
    if (hist.length === 0 && h.familyQuotient !== null)
      hist.push({ value: h.familyQuotient, validFrom: h.qfValidFrom ?? '0001-01-01' });
    hh.set(h.id, { resident: h.resident, qfHistory: hist });
  }
  const kids = new Map<string, ChildInfo>(
    childRows.map((c) => [c.id, { name: `${c.firstName} ${c.lastName}`, birthDate: c.birthDate }]),
  );
  const unitInfo = new Map<string, UnitInfo>(
    unitRows.map((u) => [u.unitId, { activityName: u.activityName, unitName: u.unitName }]),
  );
  return { outcomes, versions, households: hh, householdNames: names, children: kids, units: unitInfo };
}

/** Replaces the run's draft lines and household totals (in the caller's transaction). */
export async function replaceDraft(
  db: Db,
  tenantId: string,
  runId: string,
  lines: DraftLine[],
  totals: {
    householdId: string;
    householdName: string;
    computedCents: number;
    totalCents: number;
    lineCount: number;
  }[],
): Promise<void> {
  await db
    .delete(billingRunLines)
    .where(and(eq(billingRunLines.tenantId, tenantId), eq(billingRunLines.runId, runId)));
  await db
    .delete(billingRunHouseholds)
    .where(
      and(
        eq(billingRunHouseholds.tenantId, tenantId),
        eq(billingRunHouseholds.runId, runId),
        isNull(billingRunHouseholds.invoiceId),
      ),
    );
  const positions = new Map<string, number>();
  const values = lines.map((l) => {
    const p = (positions.get(l.householdId) ?? 0) + 1;
    positions.set(l.householdId, p);
    return { ...l, tenantId, runId, position: p };
  });
  // Chunked: a big tenant's month is tens of thousands of lines (parameter limit of one statement).
  for (let i = 0; i < values.length; i += 2000)
    await db.insert(billingRunLines).values(values.slice(i, i + 2000));
  const rows = totals.map((t) => ({ ...t, tenantId, runId }));
  for (let i = 0; i < rows.length; i += 5000)
    await db
      .insert(billingRunHouseholds)
      .values(rows.slice(i, i + 5000))
      .onConflictDoNothing();
}

export async function adjustmentsOf(db: Db, tenantId: string, runId: string, householdIds?: string[]) {
  return db
    .select()
    .from(billingRunAdjustments)
    .where(
      and(
        eq(billingRunAdjustments.tenantId, tenantId),
        eq(billingRunAdjustments.runId, runId),
        householdIds ? inArray(billingRunAdjustments.householdId, householdIds) : undefined,
      ),
    );
}

export const toAdjustment = (a: typeof billingRunAdjustments.$inferSelect): Adjustment => ({
  childId: a.childId,
  unitId: a.unitId,
  kind: a.kind as Adjustment['kind'],
  action: a.action as Adjustment['action'],
  amountCents: a.amountCents,
  reason: a.reason,
});

export async function linesOf(db: Db, tenantId: string, runId: string, householdIds: string[]) {
  if (householdIds.length === 0) return [];
  return db
    .select()
    .from(billingRunLines)
    .where(
      and(
        eq(billingRunLines.tenantId, tenantId),
        eq(billingRunLines.runId, runId),
        inArray(billingRunLines.householdId, householdIds),
      ),
    )
    .orderBy(asc(billingRunLines.householdId), asc(billingRunLines.position));
}

export async function runHousehold(db: Db, tenantId: string, runId: string, householdId: string) {
  const [row] = await db
    .select()
    .from(billingRunHouseholds)
    .where(
      and(
        eq(billingRunHouseholds.tenantId, tenantId),
        eq(billingRunHouseholds.runId, runId),
        eq(billingRunHouseholds.householdId, householdId),
      ),
    );
  return row ?? null;
}

export async function runHouseholdsPage(db: Db, tenantId: string, runId: string, page: number, size: number) {
  const where = and(eq(billingRunHouseholds.tenantId, tenantId), eq(billingRunHouseholds.runId, runId));
  const [rows, [sum]] = await Promise.all([
    db
      .select()
      .from(billingRunHouseholds)
      .where(where)
      .orderBy(asc(billingRunHouseholds.householdName), asc(billingRunHouseholds.householdId))
      .limit(size)
      .offset((page - 1) * size),
    db
      .select({
        households: sql<string>`count(*)`,
        billable: sql<string>`count(*) filter (where ${billingRunHouseholds.totalCents} > 0)`,
        computed: sql<string>`coalesce(sum(${billingRunHouseholds.computedCents}), 0)`,
        total: sql<string>`coalesce(sum(${billingRunHouseholds.totalCents}), 0)`,
        lines: sql<string>`coalesce(sum(${billingRunHouseholds.lineCount}), 0)`,
      })
      .from(billingRunHouseholds)
      .where(where),
  ]);
  return {
    rows,
    households: Number(sum?.households ?? 0),
    billable: Number(sum?.billable ?? 0),
    computedCents: Number(sum?.computed ?? 0),
    totalCents: Number(sum?.total ?? 0),
    lines: Number(sum?.lines ?? 0),
  };
}

/** The next households to issue: something to bill, no invoice yet (a resumed job starts here). */
export async function householdsToIssue(db: Db, tenantId: string, runId: string, limit: number) {
  return db
    .select()
    .from(billingRunHouseholds)
    .where(
      and(
        eq(billingRunHouseholds.tenantId, tenantId),
        eq(billingRunHouseholds.runId, runId),
        isNull(billingRunHouseholds.invoiceId),
        sql`${billingRunHouseholds.totalCents} > 0`,
      ),
    )
    .orderBy(asc(billingRunHouseholds.householdId))
    .limit(limit);
}

export async function countIssued(db: Db, tenantId: string, runId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<string>`count(*)` })
    .from(billingRunHouseholds)
    .where(
      and(
        eq(billingRunHouseholds.tenantId, tenantId),
        eq(billingRunHouseholds.runId, runId),
        isNotNull(billingRunHouseholds.invoiceId),
      ),
    );
  return Number(row?.n ?? 0);
}

/** Payer, address, paperless flag and e-mail addresses of a batch of households. */
export async function payersOf(db: Db, tenantId: string, householdIds: string[]) {
  if (householdIds.length === 0) return new Map();
  const [hh, gs] = await Promise.all([
    db
      .select({
        id: households.id,
        name: households.name,
        addressLine: households.addressLine,
        postalCode: households.postalCode,
        city: households.city,
        email: households.email,
        paperless: households.paperlessInvoices,
      })
      .from(households)
      .where(and(eq(households.tenantId, tenantId), inArray(households.id, householdIds))),
    db
      .select({
        householdId: guardians.householdId,
        firstName: guardians.firstName,
        lastName: guardians.lastName,
        email: guardians.email,
      })
      .from(guardians)
      .where(and(eq(guardians.tenantId, tenantId), inArray(guardians.householdId, householdIds)))
      .orderBy(asc(guardians.lastName), asc(guardians.firstName), asc(guardians.id)),
  ]);
  const out = new Map<
    string,
    { payerName: string; payerAddress: string; paperless: boolean; emails: string[] }
  >();
  for (const h of hh) {
    const mine = gs.filter((g) => g.householdId === h.id);
    const first = mine[0];
    const emails = [...new Set(mine.map((g) => g.email.trim()).filter(Boolean))];
    if (emails.length === 0 && h.email.trim()) emails.push(h.email.trim());
    out.set(h.id, {
      payerName: first ? `${first.firstName} ${first.lastName}` : h.name,
      payerAddress: [h.addressLine, `${h.postalCode} ${h.city}`.trim()].filter(Boolean).join('\n'),
      paperless: h.paperless,
      emails,
    });
  }
  return out;
}

export async function issuerOf(db: Db, tenantId: string) {
  const [row] = await db
    .select({ tenant: tenants, prefix: tenantSettings.invoicePrefix })
    .from(tenants)
    .leftJoin(tenantSettings, eq(tenantSettings.tenantId, tenants.id))
    .where(eq(tenants.id, tenantId));
  return row ?? null;
}

/** The run's invoices for households that get paper (to print). */
export async function paperInvoicesOf(db: Db, tenantId: string, runId: string) {
  return db
    .select()
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.runId, runId), eq(invoices.paperless, false)))
    .orderBy(asc(invoices.sequence));
}
