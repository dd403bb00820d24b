/**
 * Request-window allocation job (ADR 0005): once a period's request window has closed, one run per
 * period — guarded by inserting its allocation_runs row FIRST (primary key tenant × period) — reads the
 * wishes and the households' priority criteria, calls the pure `allocateRequestWindow` with a fresh
 * 128-bit seed, writes confirmed / waiting / refused rows and the capacity, stores the input and the
 * results in the run row (replayable for audit) and e-mails every household in the same transaction:
 * everyone is told at once.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, inArray, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { enqueueJob } from '../../platform/jobs/jobs';
import { enqueueEmail } from '../../platform/mail/outbox';
import { activities, type Period, periods, unitCapacities, units } from '../catalogue/catalogue.schema';
import { householdEmails } from '../enrollments/children-lookup';
import { children, guardians, households } from '../households/households.schema';
import { writeAudit } from '../staff/audit';
import { type Tenant, tenants } from '../tenants/tenants.schema';
import { ensureCapacityRow, loadBookingSettings } from './bookings.repository';
import { allocationRuns, bookingCapacity, bookings } from './bookings.schema';
import {
  type AllocationInput,
  type AllocationResult,
  allocateRequestWindow,
  capacityKey,
  PRIORITY_CRITERIA,
  type PriorityCriterion,
  type WindowHousehold,
  type WindowWish,
} from './domain/allocate-request-window';
import { resolveCapacity } from './domain/capacity';
import { addDays, dayInZone, formatDayFr } from './domain/days';

export const ALLOCATE_JOB = 'bookings.allocate-window';

/** What a run stores: its input (for replay) and its results. */
export interface StoredAllocation {
  input: Omit<AllocationInput, 'seed' | 'criteria' | 'mode'>;
  order: AllocationResult['order'];
  results: AllocationResult['results'];
  counts: { households: number; wishes: number; confirmed: number; waiting: number; refused: number };
}

/** Schedules the daily pass (once per day whatever the number of callers). */
export async function scheduleAllocations(db: Db, now: Date) {
  const next = new Date(`${addDays(now.toISOString().slice(0, 10), 1)}T00:30:00Z`);
  await enqueueJob(db, {
    kind: ALLOCATE_JOB,
    runAt: next,
    dedupeKey: `${ALLOCATE_JOB}:${next.toISOString().slice(0, 10)}`,
  });
}

/** The daily job: allocates every closed request window not yet allocated, then reschedules itself. */
export async function runAllocations(db: Db, now: Date): Promise<number> {
  const due = await db
    .select({ period: periods, tenant: tenants })
    .from(periods)
    .innerJoin(tenants, eq(tenants.id, periods.tenantId))
    .leftJoin(
      allocationRuns,
      and(eq(allocationRuns.tenantId, periods.tenantId), eq(allocationRuns.periodId, periods.id)),
    )
    .where(
      and(
        eq(periods.allocationMode, 'request_window'),
        isNull(allocationRuns.periodId),
        // Coarse filter (UTC); the tenant's own day is checked below.
        lt(periods.requestWindowLastDay, addDays(now.toISOString().slice(0, 10), 1)),
      ),
    );
  let ran = 0;
  for (const { period, tenant } of due) {
    if (!period.requestWindowLastDay || dayInZone(now, tenant.timeZone) <= period.requestWindowLastDay)
      continue;
    if (await allocatePeriod(db, tenant, period, now)) ran++;
  }
  await scheduleAllocations(db, now);
  return ran;
}

const hex = (n: number) => randomBytes(n).toString('hex');

/** Allocates one period; false when it had already been allocated (the run row exists). */
export async function allocatePeriod(db: Db, tenant: Tenant, period: Period, now: Date): Promise<boolean> {
  const settings = await loadBookingSettings(db, tenant.id);
  const criteria = settings.priorityCriteria.filter((c): c is PriorityCriterion =>
    (PRIORITY_CRITERIA as readonly string[]).includes(c),
  );
  const mode = settings.allocationMode;
  const seed = hex(16);
  return db.transaction(async (tx) => {
    // The guard: a second run (another worker, a replayed job) inserts nothing and stops here.
    const [run] = await tx
      .insert(allocationRuns)
      .values({ tenantId: tenant.id, periodId: period.id, seed, criteria, mode, ranAt: now, result: {} })
      .onConflictDoNothing()
      .returning({ periodId: allocationRuns.periodId });
    if (!run) return false;

    const wishRows = await tx
      .select()
      .from(bookings)
      .where(
        and(
          eq(bookings.tenantId, tenant.id),
          eq(bookings.periodId, period.id),
          eq(bookings.kind, 'wish'),
          eq(bookings.status, 'requested'),
        ),
      )
      .for('update');
    const householdIds = [...new Set(wishRows.map((w) => w.householdId))];
    const windowHouseholds = await householdCriteria(tx, tenant.id, householdIds, period.activityId);
    const wishes: WindowWish[] = wishRows.map((w) => ({
      id: w.id,
      householdId: w.householdId,
      childId: w.childId,
      day: w.day,
      unitId: w.unitId,
      group: w.groupKey,
    }));

    // Places available per cell before the run (capacity rows created if missing; unlimited: enough).
    const unitIds = [...new Set(wishRows.map((w) => w.unitId))];
    const unitRows =
      unitIds.length === 0 ? [] : await tx.select().from(units).where(inArray(units.id, unitIds));
    const ruleRows =
      unitIds.length === 0
        ? []
        : await tx.select().from(unitCapacities).where(inArray(unitCapacities.unitId, unitIds));
    const capacity: Record<string, number> = {};
    const limited = new Map<string, { unitId: string; day: string; groupKey: string; capacity: number }>();
    const cells = new Map<string, WindowWish>();
    for (const w of wishes) cells.set(capacityKey(w.day, w.unitId, w.group), w);
    for (const [k, w] of [...cells].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const unit = unitRows.find((u) => u.id === w.unitId);
      const cap = resolveCapacity(
        unit?.capacity ?? null,
        ruleRows.filter((r) => r.unitId === w.unitId),
        w.day,
        w.group ?? '',
      );
      if (cap === null) {
        capacity[k] = wishes.length;
        continue;
      }
      const cell = { unitId: w.unitId, day: w.day, groupKey: w.group ?? '', capacity: cap };
      await ensureCapacityRow(tx, tenant.id, cell);
      const [row] = await tx
        .select()
        .from(bookingCapacity)
        .where(
          and(
            eq(bookingCapacity.tenantId, tenant.id),
            eq(bookingCapacity.unitId, cell.unitId),
            eq(bookingCapacity.day, cell.day),
            eq(bookingCapacity.groupKey, cell.groupKey),
          ),
        )
        .for('update');
      capacity[k] = row?.remaining ?? 0;
      limited.set(k, cell);
    }

    const input = { households: windowHouseholds, wishes, capacity };
    const result = allocateRequestWindow({
      seed,
      criteria,
      mode: mode === 'line' ? 'line' : 'child-week',
      ...input,
    });

    // Writes: confirmed, waiting (run instant + draw order) or refused when the tenant has no list.
    const byStatus = { allocated: [] as string[], waiting: [] as { id: string; seq: number }[] };
    for (const r of result.results)
      if (r.status === 'allocated') byStatus.allocated.push(r.wishId);
      else byStatus.waiting.push({ id: r.wishId, seq: r.waitingSeq ?? 0 });
    const handled = new Set(result.results.map((r) => r.wishId));
    const ignored = wishRows.filter((w) => !handled.has(w.id)).map((w) => w.id);
    if (byStatus.allocated.length > 0)
      await tx
        .update(bookings)
        .set({ status: 'confirmed', reason: null, updatedAt: now, decidedAt: now })
        .where(inArray(bookings.id, byStatus.allocated));
    if (settings.waitingList)
      for (const w of byStatus.waiting)
        await tx
          .update(bookings)
          .set({
            status: 'waiting',
            requestedAt: now,
            seq: w.seq,
            reason: null,
            updatedAt: now,
            decidedAt: now,
          })
          .where(eq(bookings.id, w.id));
    const refusedIds = [...(settings.waitingList ? [] : byStatus.waiting.map((w) => w.id)), ...ignored];
    if (refusedIds.length > 0)
      await tx
        .update(bookings)
        .set({ status: 'refused', reason: 'Aucune place disponible', updatedAt: now, decidedAt: now })
        .where(inArray(bookings.id, refusedIds));
    for (const [k, cell] of limited) {
      const after = result.remaining[k] ?? 0;
      const taken = (capacity[k] ?? 0) - after;
      if (taken <= 0) continue;
      const updated = await tx
        .update(bookingCapacity)
        .set({ remaining: sql`${bookingCapacity.remaining} - ${taken}` })
        .where(
          and(
            eq(bookingCapacity.tenantId, tenant.id),
            eq(bookingCapacity.unitId, cell.unitId),
            eq(bookingCapacity.day, cell.day),
            eq(bookingCapacity.groupKey, cell.groupKey),
            sql`${bookingCapacity.remaining} >= ${taken}`,
          ),
        )
        .returning({ remaining: bookingCapacity.remaining });
      if (updated.length !== 1) throw new Error(`allocation would overbook ${k}`);
    }

    const counts = {
      households: windowHouseholds.length,
      wishes: wishRows.length,
      confirmed: byStatus.allocated.length,
      waiting: settings.waitingList ? byStatus.waiting.length : 0,
      refused: refusedIds.length,
    };
    const stored: StoredAllocation = { input, order: result.order, results: result.results, counts };
    await tx
      .update(allocationRuns)
      .set({ result: stored })
      .where(and(eq(allocationRuns.tenantId, tenant.id), eq(allocationRuns.periodId, period.id)));
    await writeAudit(tx, {
      tenantId: tenant.id,
      actorUserId: null,
      action: 'booking.allocation-run',
      subjectType: 'period',
      subjectId: period.id,
      details: { seed, criteria, mode, counts },
      at: now,
    });
    await tellEveryone(tx, tenant, period, wishRows, new Set(byStatus.allocated), settings.waitingList);
    return true;
  });
}

/** Resident, working parents (every guardian has a profession), a sibling already placed in the activity. */
async function householdCriteria(
  tx: Db,
  tenantId: string,
  householdIds: string[],
  activityId: string,
): Promise<WindowHousehold[]> {
  if (householdIds.length === 0) return [];
  const [hs, gs, placed] = await Promise.all([
    tx
      .select({ id: households.id, resident: households.resident })
      .from(households)
      .where(and(eq(households.tenantId, tenantId), inArray(households.id, householdIds))),
    tx
      .select({ householdId: guardians.householdId, profession: guardians.profession })
      .from(guardians)
      .where(and(eq(guardians.tenantId, tenantId), inArray(guardians.householdId, householdIds))),
    tx
      .selectDistinct({ householdId: bookings.householdId })
      .from(bookings)
      .where(
        and(
          eq(bookings.tenantId, tenantId),
          inArray(bookings.householdId, householdIds),
          eq(bookings.activityId, activityId),
          eq(bookings.status, 'confirmed'),
          ne(bookings.kind, 'wish'),
        ),
      ),
  ]);
  const placedSet = new Set(placed.map((p) => p.householdId));
  return hs.map((h) => {
    const mine = gs.filter((g) => g.householdId === h.id);
    return {
      householdId: h.id,
      resident: h.resident,
      workingParents: mine.length > 0 && mine.every((g) => g.profession.trim() !== ''),
      siblingPlaced: placedSet.has(h.id),
    };
  });
}

async function tellEveryone(
  tx: Db,
  tenant: Tenant,
  period: Period,
  wishRows: (typeof bookings.$inferSelect)[],
  allocated: Set<string>,
  waitingList: boolean,
) {
  const [activity] = await tx
    .select({ name: activities.name })
    .from(activities)
    .where(eq(activities.id, period.activityId));
  const childIds = [...new Set(wishRows.map((w) => w.childId))];
  const unitIds = [...new Set(wishRows.map((w) => w.unitId))];
  const names =
    childIds.length === 0
      ? []
      : await tx
          .select({ id: children.id, firstName: children.firstName })
          .from(children)
          .where(inArray(children.id, childIds));
  const unitNames =
    unitIds.length === 0
      ? []
      : await tx.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, unitIds));
  const byHousehold = new Map<string, typeof wishRows>();
  for (const w of wishRows) byHousehold.set(w.householdId, [...(byHousehold.get(w.householdId) ?? []), w]);
  for (const [householdId, rows] of byHousehold) {
    const lines = rows
      .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))
      .map((w) => {
        const who = names.find((n) => n.id === w.childId)?.firstName ?? '';
        const unit = unitNames.find((u) => u.id === w.unitId)?.name ?? '';
        const status = allocated.has(w.id)
          ? 'place attribuée'
          : waitingList
            ? 'liste d’attente'
            : 'pas de place disponible';
        return `  - ${who}, ${formatDayFr(w.day)}, ${unit} : ${status}`;
      });
    for (const to of await householdEmails(tx, tenant.id, householdId))
      await enqueueEmail(tx, {
        tenantId: tenant.id,
        to,
        subject: `Attribution des places – ${activity?.name ?? ''} ${period.name}`,
        text: [
          'Bonjour,',
          '',
          `Les places de la période « ${period.name} » ont été attribuées selon les critères du service, puis par tirage au sort.`,
          '',
          ...lines,
          '',
          tenant.name,
        ].join('\n'),
      });
  }
}

/** Recomputes a stored run from its seed and input; true when the results are identical. */
export function replayMatches(run: {
  seed: string;
  criteria: string[];
  mode: string;
  result: unknown;
}): boolean {
  const stored = run.result as StoredAllocation;
  if (!stored?.input) return false;
  const again = allocateRequestWindow({
    seed: run.seed,
    criteria: run.criteria as PriorityCriterion[],
    mode: run.mode === 'line' ? 'line' : 'child-week',
    ...stored.input,
  });
  // Field by field (jsonb does not keep the key order of objects).
  const results = (r: AllocationResult['results']) =>
    r.map((x) => `${x.wishId}:${x.status}:${x.waitingSeq}`).join(',');
  const order = (o: AllocationResult['order']) =>
    o.map((x) => `${x.householdId}:${x.rank}:${x.draw}`).join(',');
  return results(again.results) === results(stored.results) && order(again.order) === order(stored.order);
}

export interface WindowPeriodRow {
  periodId: string;
  periodName: string;
  activityName: string;
  facilityId: string;
  windowFirstDay: string | null;
  windowLastDay: string | null;
  run: { seed: string; criteria: string[]; mode: string; ranAt: Date; result: unknown } | null;
}

/** Request-window periods of the tenant with their run, if any (staff page). */
export async function windowPeriods(db: Db, tenantId: string, periodId?: string): Promise<WindowPeriodRow[]> {
  const rows = await db
    .select({ period: periods, activity: activities, run: allocationRuns })
    .from(periods)
    .innerJoin(activities, eq(activities.id, periods.activityId))
    .leftJoin(
      allocationRuns,
      and(eq(allocationRuns.tenantId, periods.tenantId), eq(allocationRuns.periodId, periods.id)),
    )
    .where(
      and(
        eq(periods.tenantId, tenantId),
        eq(periods.allocationMode, 'request_window'),
        ...(periodId ? [eq(periods.id, periodId)] : []),
      ),
    );
  return rows
    .map((r) => ({
      periodId: r.period.id,
      periodName: r.period.name,
      activityName: r.activity.name,
      facilityId: r.activity.facilityId,
      windowFirstDay: r.period.requestWindowFirstDay,
      windowLastDay: r.period.requestWindowLastDay,
      run: r.run,
    }))
    .sort((a, b) => (b.windowLastDay ?? '').localeCompare(a.windowLastDay ?? ''));
}
