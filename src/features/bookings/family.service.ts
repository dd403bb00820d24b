/**
 * Family planning pages: what the pages read (the planning of one enrollment over a week or a month,
 * the household's requests) and the no-JavaScript form that sets the basket for the days shown.
 * Every read and write is scoped to the signed-in household (another household's ids → 404).
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import type { Unit } from '../catalogue/catalogue.schema';
import { type FamilyScope, scopeOrNotFound } from './basket.service';
import { changeBasket, openBasket, type StoredBasket } from './basket-store';
import { bookingBaskets, bookingSubmissions } from './bookings.schema';
import { type BookingContext, type EnrollmentScope, loadBookingContext, type PeriodPhase } from './context';
import { lineKey, type PlanningCell, pendingOp, removeLine, setLine } from './domain/basket';
import type { BasketOp } from './domain/cell-state';
import { addDays, isIsoDay } from './domain/days';
import { type PlanningView, type PlanningWindow, planningWindow } from './domain/planning-window';
import type { IsoDay } from './domain/types';
import { planningGrid } from './planning';

export interface PlanningPageModel {
  ctx: BookingContext;
  scope: EnrollmentScope;
  childName: string;
  window: PlanningWindow;
  units: Unit[];
  cells: PlanningCell[];
  pending: Map<string, BasketOp>;
  basketCount: number;
  phase: PeriodPhase;
  /** Siblings enrolled in the same activity ("la même chose pour"). */
  siblings: { childId: string; firstName: string }[];
}

export async function planningPage(
  s: FamilyScope,
  input: { enrollmentId: string; view: PlanningView; anchor: string | null },
): Promise<PlanningPageModel> {
  const ctx = await loadBookingContext(s.db, s);
  const scope = scopeOrNotFound(ctx, input.enrollmentId);
  const anchor = input.anchor && isIsoDay(input.anchor) ? input.anchor : ctx.today;
  const window = planningWindow(input.view, anchor, scope.period);
  const [grid, stored] = await Promise.all([
    planningGrid(s.db, ctx, [scope], window.from, window.to),
    openBasket(s.db, s.tenant.id, s.householdId, s.now),
  ]);
  const pending = new Map<string, BasketOp>();
  for (const l of stored.basket.lines) if (l.childId === scope.childId) pending.set(lineKey(l), l.op);
  const child = ctx.children.find((c) => c.id === scope.childId)!;
  const siblings = ctx.scopes
    .filter((x) => x.childId !== scope.childId && x.activity.id === scope.activity.id)
    .map((x) => ctx.children.find((c) => c.id === x.childId)!)
    .filter((c, i, all) => all.findIndex((o) => o.id === c.id) === i)
    .map((c) => ({ childId: c.id, firstName: c.firstName }));
  return {
    ctx,
    scope,
    childName: child.name,
    window,
    units: ctx.unitsOf(scope.activity.id),
    cells: grid.cells,
    pending,
    basketCount: stored.basket.lines.length,
    phase: ctx.phaseOf(scope.period),
    siblings,
  };
}

/** One cell as it stands now (after an error, to show the real state again). */
export async function currentCell(
  s: FamilyScope,
  input: { enrollmentId: string; day: string; unitId: string },
): Promise<{ cell: PlanningCell; pending: BasketOp | null; count: number; ctx: BookingContext }> {
  const ctx = await loadBookingContext(s.db, s);
  const scope = scopeOrNotFound(ctx, input.enrollmentId);
  if (!isIsoDay(input.day) || !ctx.unitsOf(scope.activity.id).some((u) => u.id === input.unitId))
    throw new AppError('NOT_FOUND');
  const grid = await planningGrid(s.db, ctx, [scope], input.day, input.day);
  const cell = grid.cells.find((c) => c.unitId === input.unitId);
  if (!cell) throw new AppError('NOT_FOUND');
  const stored = await openBasket(s.db, s.tenant.id, s.householdId, s.now);
  return { cell, pending: pendingOp(stored.basket, cell), count: stored.basket.lines.length, ctx };
}

/** Longest range the no-JS planning form may cover (a month view plus margin). */
const MAX_SHOWN_DAYS = 62;

/**
 * The planning without JavaScript is a form of checkboxes: for the days shown, a checked cell is in the
 * basket (with the change its tap offers) and an unchecked one is not. Lines outside those days stay.
 */
export async function setShownCells(
  s: FamilyScope,
  input: { enrollmentId: string; from: string; to: string; checked: string[] },
): Promise<StoredBasket> {
  const ctx = await loadBookingContext(s.db, s);
  const scope = scopeOrNotFound(ctx, input.enrollmentId);
  if (!isIsoDay(input.from) || !isIsoDay(input.to) || input.from > input.to)
    throw new AppError('VALIDATION', 'Dates invalides.', { debut: 'Dates invalides.' });
  if (addDays(input.from, MAX_SHOWN_DAYS) < input.to)
    throw new AppError('VALIDATION', 'Trop de jours à la fois.', { fin: 'Trop de jours à la fois.' });
  const from: IsoDay = input.from < scope.period.firstDay ? scope.period.firstDay : input.from;
  const to: IsoDay = input.to > scope.period.lastDay ? scope.period.lastDay : input.to;
  if (from > to) return openBasket(s.db, s.tenant.id, s.householdId, s.now);
  const grid = await planningGrid(s.db, ctx, [scope], from, to);
  const wanted = new Set(input.checked);
  return changeBasket(s.db, s.tenant.id, s.householdId, s.now, (basket) => {
    let next = basket;
    for (const cell of grid.cells) {
      const value = `${cell.day}|${cell.unitId}`;
      const pending = pendingOp(next, cell);
      if (wanted.has(value)) {
        if (!pending && cell.view.tap.op)
          next = setLine(next, {
            childId: cell.childId,
            day: cell.day,
            unitId: cell.unitId,
            op: cell.view.tap.op,
          });
      } else if (pending) {
        next = removeLine(next, cell);
      }
    }
    return next;
  });
}

export async function basketCount(s: FamilyScope): Promise<number> {
  return (await openBasket(s.db, s.tenant.id, s.householdId, s.now)).basket.lines.length;
}

/** The household's latest confirmed requests, newest first. */
export async function recentRequests(db: Db, tenantId: string, householdId: string, limit = 10) {
  return db
    .select({
      requestNumber: bookingSubmissions.requestNumber,
      createdAt: bookingSubmissions.createdAt,
      result: bookingSubmissions.result,
    })
    .from(bookingSubmissions)
    .where(and(eq(bookingSubmissions.tenantId, tenantId), eq(bookingSubmissions.householdId, householdId)))
    .orderBy(desc(bookingSubmissions.createdAt))
    .limit(limit);
}

/** One of the household's requests by its number; another household's number is not found. */
export async function requestOfHousehold(db: Db, tenantId: string, householdId: string, number: string) {
  const [row] = await db
    .select()
    .from(bookingSubmissions)
    .where(
      and(
        eq(bookingSubmissions.tenantId, tenantId),
        eq(bookingSubmissions.householdId, householdId),
        eq(bookingSubmissions.requestNumber, number),
      ),
    );
  if (!row?.result) throw new AppError('NOT_FOUND');
  return row;
}

/** Lines of the open basket without creating one (dashboard). */
export async function pendingBasketLines(db: Db, tenantId: string, householdId: string): Promise<number> {
  const [row] = await db
    .select({ lines: bookingBaskets.lines })
    .from(bookingBaskets)
    .where(
      and(
        eq(bookingBaskets.tenantId, tenantId),
        eq(bookingBaskets.householdId, householdId),
        isNull(bookingBaskets.submittedAt),
      ),
    );
  return row?.lines.length ?? 0;
}
