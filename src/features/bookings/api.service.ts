/**
 * Use cases only the JSON API needs: confirming the open basket under a client-chosen Idempotency-Key,
 * and reading a request (submission) by its number.
 */
import { and, eq } from 'drizzle-orm';
import { AppError } from '../../platform/http/errors';
import type { FamilyScope } from './basket.service';
import { openBasket } from './basket-store';
import { bookingSubmissions } from './bookings.schema';
import { type ConfirmResult, confirmBasket, findSubmission } from './confirm';
import type { SummaryModel } from './domain/summary';

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
