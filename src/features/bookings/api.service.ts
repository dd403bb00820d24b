/**
 * Use cases only the JSON API needs: confirming the open basket under a client-chosen Idempotency-Key,
 * and reading a request (submission) by its number.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { AppError } from '../../platform/http/errors';
import { type FamilyScope, scopeOrNotFound } from './basket.service';
import { changeBasket, openBasket, type StoredBasket } from './basket-store';
import { bookingBaskets, bookingSubmissions } from './bookings.schema';
import { type ConfirmResult, confirmBasket, findSubmission } from './confirm';
import { type BookingContext, loadBookingContext } from './context';
import { type Basket, basketOf, type PlanningCell, pendingOp, removeLine, setLine } from './domain/basket';
import type { SummaryModel } from './domain/summary';
import type { IsoDay } from './domain/types';
import { planningGrid } from './planning';

export const IDEMPOTENCY_KEY_MAX = 100;

/**
 * Confirms the household's open basket; the key is the client's Idempotency-Key. A replay (same key,
 * same household) gets the first answer, even while the first request is still running (the second one
 * waits on the key's index entry); another household's key is a 404.
 *
 * The open basket is read BEFORE the key is looked up: if the first request commits in between, the
 * lookup inside confirmBasket finds its answer; if it commits before the read, the lookup finds it too.
 */
export async function confirmWithIdempotencyKey(
  s: FamilyScope,
  input: { key: string; actorUserId: string | null; ip?: string | null },
): Promise<ConfirmResult> {
  const current = await openBasket(s.db, s.tenant.id, s.householdId, s.now);
  return confirmBasket({
    db: s.db,
    tenant: s.tenant,
    householdId: s.householdId,
    idempotencyKey: input.key,
    basketId: current.id,
    lines: current.basket.lines,
    now: s.now,
    actorUserId: input.actorUserId,
    ip: input.ip ?? null,
  });
}

export interface RequestStatus {
  requestNumber: string;
  createdAt: Date;
  summary: SummaryModel | null;
}

/** A request of the household by its number (R2026-000123), or 404 (unknown or another household's). */
export async function requestOfHousehold(s: FamilyScope, requestNumber: string): Promise<RequestStatus> {
  const [row] = await s.db
    .select()
    .from(bookingSubmissions)
    .where(
      and(
        eq(bookingSubmissions.tenantId, s.tenant.id),
        eq(bookingSubmissions.requestNumber, requestNumber),
        eq(bookingSubmissions.householdId, s.householdId),
      ),
    );
  if (!row) throw new AppError('NOT_FOUND', 'Demande introuvable.');
  return { requestNumber: row.requestNumber, createdAt: row.createdAt, summary: row.result ?? null };
}

export { findSubmission };

/** The open basket's lines without creating one (GET requests write nothing). */
export async function peekBasket(s: FamilyScope): Promise<Basket> {
  const [row] = await s.db
    .select({ lines: bookingBaskets.lines })
    .from(bookingBaskets)
    .where(
      and(
        eq(bookingBaskets.tenantId, s.tenant.id),
        eq(bookingBaskets.householdId, s.householdId),
        isNull(bookingBaskets.submittedAt),
      ),
    );
  return basketOf(row?.lines ?? []);
}

export interface LineChange {
  enrollment: string;
  day: IsoDay;
  unit: string;
  /** undefined: a tap (toggles); 'none': remove the line; 'add' / 'cancel': set it. */
  op?: 'add' | 'cancel' | 'none' | undefined;
}

/**
 * Several cell changes in one row-locked basket update, all or nothing: each must concern an accepted
 * enrollment of the household (else 404) and a change the cell offers (else 400, per line).
 */
export async function applyLineChanges(
  s: FamilyScope,
  changes: readonly LineChange[],
): Promise<{ stored: StoredBasket; cells: PlanningCell[]; ctx: BookingContext }> {
  const ctx = await loadBookingContext(s.db, s);
  const scopes = changes.map((c) => {
    const scope = scopeOrNotFound(ctx, c.enrollment);
    if (!ctx.unitsOf(scope.activity.id).some((u) => u.id === c.unit)) throw new AppError('NOT_FOUND');
    return scope;
  });
  const days = changes.map((c) => c.day).sort();
  const unique = [...new Map(scopes.map((x) => [x.enrollmentId, x])).values()];
  const grid = await planningGrid(s.db, ctx, unique, days[0]!, days[days.length - 1]!);
  const cellOf = new Map(grid.cells.map((c) => [`${c.childId}|${c.day}|${c.unitId}`, c]));
  const touched: PlanningCell[] = [];
  const stored = await changeBasket(s.db, s.tenant.id, s.householdId, s.now, (basket) => {
    let next = basket;
    changes.forEach((c, i) => {
      const line = { childId: scopes[i]!.childId, day: c.day, unitId: c.unit };
      const cell = cellOf.get(`${line.childId}|${line.day}|${line.unitId}`)!;
      touched.push(cell);
      const pending = pendingOp(next, line);
      const field = changes.length === 1 ? 'op' : `lines.${i}`;
      const refuse = () =>
        new AppError('VALIDATION', `${cell.view.label} : ce changement n’est pas possible ce jour-là.`, {
          [field]: `${cell.view.label} : ce changement n’est pas possible ce jour-là.`,
        });
      if (c.op === 'none' || (c.op === undefined && pending)) next = removeLine(next, line);
      else if (c.op === undefined) {
        if (!cell.view.tap.op) throw refuse();
        next = setLine(next, { ...line, op: cell.view.tap.op });
      } else {
        if (cell.view.tap.op !== c.op) throw refuse();
        next = setLine(next, { ...line, op: c.op });
      }
    });
    return next;
  });
  return { stored, cells: touched, ctx };
}
