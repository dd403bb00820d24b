/**
 * Basket use cases shared by the family pages and the JSON API: tap a cell, bulk changes (whole period,
 * days shown, typical week), "the same for" siblings, remove / clear, and the review step. Every change
 * is checked against the household's own children and accepted enrollments (another household's child
 * or enrollment → 404) and against the cell's current state (a closed day cannot be added).
 */
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import type { Tenant } from '../tenants/tenants.schema';
import { changeBasket, openBasket, type StoredBasket } from './basket-store';
import { type ConfirmResult, confirmBasket, findSubmission } from './confirm';
import { type BookingContext, type EnrollmentScope, loadBookingContext } from './context';
import {
  type Basket,
  type BasketLine,
  type BulkSelection,
  bulk,
  clearRange,
  lineKey,
  type PlanningCell,
  pendingOp,
  type ReviewModel,
  removeLine,
  reviewBasket,
  type SiblingSkip,
  sameForSiblings,
  toggle,
} from './domain/basket';
import type { BasketOp } from './domain/cell-state';
import { isIsoDay } from './domain/days';
import type { IsoDay } from './domain/types';
import { planningGrid } from './planning';

export interface FamilyScope {
  db: Db;
  tenant: Tenant;
  householdId: string;
  now: Date;
}

/** The accepted enrollment of one of the household's children, or 404. */
export function scopeOrNotFound(ctx: BookingContext, enrollmentId: string): EnrollmentScope {
  const scope = ctx.scopes.find((s) => s.enrollmentId === enrollmentId);
  if (!scope) throw new AppError('NOT_FOUND');
  return scope;
}

function checkDay(day: string, field = 'day'): IsoDay {
  if (!isIsoDay(day)) throw new AppError('VALIDATION', 'Date invalide.', { [field]: 'Date invalide.' });
  return day;
}

export interface TapResult {
  stored: StoredBasket;
  cell: PlanningCell;
  pending: BasketOp | null;
  ctx: BookingContext;
}

/**
 * A tap on a cell: adds the change the cell offers, or removes the basket line when there is one
 * (a second tap undoes the first).
 */
export async function tapCell(
  s: FamilyScope,
  input: { enrollmentId: string; day: string; unitId: string },
): Promise<TapResult> {
  const ctx = await loadBookingContext(s.db, s);
  const scope = scopeOrNotFound(ctx, input.enrollmentId);
  const day = checkDay(input.day);
  if (!ctx.unitsOf(scope.activity.id).some((u) => u.id === input.unitId)) throw new AppError('NOT_FOUND');
  const grid = await planningGrid(s.db, ctx, [scope], day, day);
  const cell = grid.cells.find((c) => c.unitId === input.unitId)!;
  const line = { childId: scope.childId, day, unitId: input.unitId };
  const stored = await changeBasket(s.db, s.tenant.id, s.householdId, s.now, (basket) => {
    if (pendingOp(basket, line)) return removeLine(basket, line);
    if (!cell.view.tap.op)
      throw new AppError('VALIDATION', `${cell.view.label} : ce jour ne peut pas être modifié.`, {
        cell: `${cell.view.label} : ce jour ne peut pas être modifié.`,
      });
    return toggle(basket, { ...line, op: cell.view.tap.op });
  });
  return { stored, cell, pending: pendingOp(stored.basket, line), ctx };
}

export interface BulkInput {
  enrollmentId: string;
  op: BasketOp;
  from: string;
  to: string;
  units?: string[];
  /** Typical week: ISO weekday × unit. */
  pattern?: { weekday: number; unitId: string }[];
  skipFull?: boolean;
}

/** Bulk booking or cancelling over a range (the period, the days shown, or a typical week). */
export async function bulkChange(
  s: FamilyScope,
  input: BulkInput,
): Promise<{ stored: StoredBasket; changed: BasketLine[] }> {
  const ctx = await loadBookingContext(s.db, s);
  const scope = scopeOrNotFound(ctx, input.enrollmentId);
  const unitIds = new Set(ctx.unitsOf(scope.activity.id).map((u) => u.id));
  if (
    (input.units ?? []).some((u) => !unitIds.has(u)) ||
    (input.pattern ?? []).some((p) => !unitIds.has(p.unitId))
  )
    throw new AppError('NOT_FOUND');
  const from = maxDay(checkDay(input.from, 'from'), scope.period.firstDay);
  const to = minDay(checkDay(input.to, 'to'), scope.period.lastDay);
  if (from > to)
    throw new AppError('VALIDATION', 'Choisissez des dates dans la période.', {
      to: 'La fin doit suivre le début, dans la période.',
    });
  const grid = await planningGrid(s.db, ctx, [scope], from, to);
  const sel: BulkSelection = {
    childId: scope.childId,
    from,
    to,
    ...(input.units && input.units.length > 0 ? { units: input.units } : {}),
    ...(input.pattern ? { pattern: input.pattern } : {}),
    ...(input.skipFull ? { skipFull: true } : {}),
  };
  let changed: BasketLine[] = [];
  const stored = await changeBasket(s.db, s.tenant.id, s.householdId, s.now, (basket) => {
    const r = bulk(basket, grid.cells, sel, input.op);
    changed = r.changed;
    return r.basket;
  });
  return { stored, changed };
}

/** "The same for" the child's siblings enrolled in the same activity. */
export async function copyToSiblings(
  s: FamilyScope,
  input: { enrollmentId: string },
): Promise<{ stored: StoredBasket; copied: BasketLine[]; skipped: SiblingSkip[]; ctx: BookingContext }> {
  const ctx = await loadBookingContext(s.db, s);
  const scope = scopeOrNotFound(ctx, input.enrollmentId);
  const current = await openBasket(s.db, s.tenant.id, s.householdId, s.now);
  const source = current.basket.lines.filter((l) => l.childId === scope.childId);
  const siblingScopes = ctx.scopes.filter(
    (x) => x.childId !== scope.childId && x.activity.id === scope.activity.id,
  );
  if (source.length === 0 || siblingScopes.length === 0)
    return { stored: current, copied: [], skipped: [], ctx };
  const days = source.map((l) => l.day).sort();
  const grid = await planningGrid(s.db, ctx, siblingScopes, days[0]!, days[days.length - 1]!);
  const childIds = [...new Set(siblingScopes.map((x) => x.childId))];
  let copied: BasketLine[] = [];
  let skipped: SiblingSkip[] = [];
  const stored = await changeBasket(s.db, s.tenant.id, s.householdId, s.now, (basket) => {
    const r = sameForSiblings(
      basket,
      scope.childId,
      childIds.map((childId) => ({ childId, cells: grid.cells.filter((c) => c.childId === childId) })),
    );
    copied = r.copied;
    skipped = r.skipped;
    return r.basket;
  });
  return { stored, copied, skipped, ctx };
}

/** Removes one line (by its key child|day|unit) or, without a key, empties the basket. */
export async function removeFromBasket(s: FamilyScope, key: string | null): Promise<StoredBasket> {
  return changeBasket(s.db, s.tenant.id, s.householdId, s.now, (basket): Basket => {
    if (key === null) return { lines: [] };
    const [childId = '', day = '', unitId = ''] = key.split('|');
    return removeLine(basket, { childId, day, unitId });
  });
}

/** Removes a child's lines over a range (e.g. "annuler mes changements de la semaine"). */
export async function clearBasketRange(
  s: FamilyScope,
  input: { enrollmentId: string; from: string; to: string },
): Promise<StoredBasket> {
  const ctx = await loadBookingContext(s.db, s);
  const scope = scopeOrNotFound(ctx, input.enrollmentId);
  const units = ctx.unitsOf(scope.activity.id).map((u) => u.id);
  return changeBasket(s.db, s.tenant.id, s.householdId, s.now, (basket) =>
    clearRange(basket, { childId: scope.childId, from: checkDay(input.from), to: checkDay(input.to), units }),
  );
}

export interface BasketReview {
  basketId: string;
  basket: Basket;
  review: ReviewModel;
  ctx: BookingContext;
}

/** The review step: lines per child with the deadline that applies and late / stale flags. */
export async function reviewOpenBasket(s: FamilyScope): Promise<BasketReview> {
  const ctx = await loadBookingContext(s.db, s);
  const stored = await openBasket(s.db, s.tenant.id, s.householdId, s.now);
  const lines = stored.basket.lines;
  const cells: PlanningCell[] = [];
  if (lines.length > 0) {
    const scopes = new Map<string, EnrollmentScope>();
    for (const l of lines) {
      const scope = ctx.scopeOf(l.childId, l.day, l.unitId);
      if (scope) scopes.set(scope.enrollmentId, scope);
    }
    const days = lines.map((l) => l.day).sort();
    if (scopes.size > 0) {
      const grid = await planningGrid(s.db, ctx, [...scopes.values()], days[0]!, days[days.length - 1]!);
      const wanted = new Set(lines.map(lineKey));
      cells.push(...grid.cells.filter((c) => wanted.has(lineKey(c))));
    }
  }
  const units = [...new Set(ctx.scopes.map((x) => x.activity.id))].flatMap((a) => ctx.unitRefs(a));
  const review = reviewBasket(stored.basket, {
    now: s.now,
    timeZone: s.tenant.timeZone,
    children: ctx.children,
    units,
    cells,
  });
  return { basketId: stored.id, basket: stored.basket, review, ctx };
}

function maxDay(a: IsoDay, b: IsoDay): IsoDay {
  return a > b ? a : b;
}
function minDay(a: IsoDay, b: IsoDay): IsoDay {
  return a < b ? a : b;
}

/**
 * Confirms the household's open basket. The posted basket id is the idempotency key: a replayed form
 * (double click, back button, retry after a timeout) gets the first answer; an unknown id is a 404.
 */
export async function confirmOpenBasket(
  s: FamilyScope,
  input: { basketId: string; actorUserId: string | null; ip?: string | null },
): Promise<ConfirmResult> {
  const earlier = await findSubmission(s.db, s.tenant.id, s.householdId, input.basketId);
  if (earlier?.result) return { summary: earlier.result, submissionId: earlier.id, replay: true };
  const current = await openBasket(s.db, s.tenant.id, s.householdId, s.now);
  if (current.id !== input.basketId) {
    // Confirmed by a concurrent request between the two reads: answer with its result.
    const committed = await findSubmission(s.db, s.tenant.id, s.householdId, input.basketId);
    if (committed?.result) return { summary: committed.result, submissionId: committed.id, replay: true };
    throw new AppError('NOT_FOUND');
  }
  return confirmBasket({
    db: s.db,
    tenant: s.tenant,
    householdId: s.householdId,
    idempotencyKey: current.id,
    basketId: current.id,
    lines: current.basket.lines,
    now: s.now,
    actorUserId: input.actorUserId,
    ip: input.ip ?? null,
  });
}
