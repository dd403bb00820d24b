/** The cells of a child's planning over some days: rule + stored booking + places left → cell view. */
import type { Db } from '../../platform/db/client';
import { type CapacityCell, capacityKey, planningReads, type StoredCell } from './bookings.repository';
import type { BookingContext, EnrollmentScope } from './context';
import type { PlanningCell } from './domain/basket';
import { cellState } from './domain/cell-state';
import { eachDay } from './domain/days';
import { type IsoDay, liveStatus } from './domain/types';

export interface PlanningGrid {
  days: IsoDay[];
  cells: PlanningCell[];
  stored: StoredCell[];
}

/** Live stored row of a cell (the most "live" when several exist). */
export function storedOf(stored: readonly StoredCell[]): Map<string, StoredCell> {
  const out = new Map<string, StoredCell>();
  for (const s of stored) {
    const k = `${s.childId}|${s.day}|${s.unitId}`;
    const prev = out.get(k);
    if (!prev || liveStatus([prev.status, s.status]) === s.status) out.set(k, s);
  }
  return out;
}

/** Cells of several (child, enrollment) scopes over a range, in one pass of queries. */
export async function planningGrid(
  db: Db,
  ctx: BookingContext,
  scopes: readonly EnrollmentScope[],
  from: IsoDay,
  to: IsoDay,
): Promise<PlanningGrid> {
  const days = eachDay(from, to);
  const childIds = [...new Set(scopes.map((s) => s.childId))];
  const wanted: (CapacityCell & { scope: EnrollmentScope })[] = [];
  for (const scope of scopes)
    for (const unit of ctx.unitsOf(scope.activity.id))
      for (const day of days) {
        if (day < scope.period.firstDay || day > scope.period.lastDay) continue;
        wanted.push({
          scope,
          unitId: unit.id,
          day,
          groupKey: ctx.groupKeyOf(scope, unit.id),
          capacity: ctx.capacityOf(scope, unit.id, day),
        });
      }
  // The stored bookings and the places left, in one statement.
  const { stored, remaining } = await planningReads(db, ctx.tenant.id, childIds, from, to, wanted);
  const byCell = storedOf(stored);
  const cells: PlanningCell[] = [];
  for (const scope of scopes) {
    const policy = ctx.policyOf(scope.activity.id);
    // While wishes are gathered, places are not first come, first served: no "full" before allocation.
    const wishes = ctx.phaseOf(scope.period).phase === 'wishes';
    for (const day of days)
      for (const unit of ctx.unitsOf(scope.activity.id)) {
        const inPeriod = day >= scope.period.firstDay && day <= scope.period.lastDay;
        const rule = inPeriod ? ctx.ruleOf(scope.childId, day, unit.id) : null;
        const s = byCell.get(`${scope.childId}|${day}|${unit.id}`);
        const key = capacityKey({ unitId: unit.id, day, groupKey: ctx.groupKeyOf(scope, unit.id) });
        const view = cellState({
          now: ctx.now,
          inPeriod,
          rule,
          booking: s ? { status: s.status, waitingRank: s.waitingRank ?? undefined } : null,
          remaining: wishes ? null : (remaining.get(key) ?? null),
          policy,
        });
        cells.push({ childId: scope.childId, day, unitId: unit.id, rule, view });
      }
  }
  return { days, cells, stored };
}
