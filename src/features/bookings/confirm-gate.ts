/**
 * Admission gate of confirmations (ADR 0020). Every confirmation of an opening-day rush takes places on the
 * same few capacity rows: past a handful in flight they only queue on those row locks while holding pool
 * connections that planning pages need. So at most BOOKING_CONFIRM_CONCURRENCY (default 4 per core)
 * confirmations run at once, BOOKING_CONFIRM_QUEUE_MAX (default 100 per core) wait in order, and beyond
 * that the answer is 503 + Retry-After at once, before any database work; the client retries with the same
 * Idempotency-Key (or basket id) and gets the one answer. Replays of a key already answered never wait here.
 */
import { availableParallelism } from 'node:os';
import { AppError } from '../../platform/http/errors';
import { Limiter, QueueFullError } from '../accounts/domain/limiter';

const cores = Math.max(1, availableParallelism());

function fromEnv(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v >= 0 ? v : fallback;
}

let gate = new Limiter(
  Math.max(1, fromEnv('BOOKING_CONFIRM_CONCURRENCY', cores * 4)),
  fromEnv('BOOKING_CONFIRM_QUEUE_MAX', cores * 100),
);

export const CONFIRM_BUSY_MESSAGE =
  'Beaucoup de familles confirment en ce moment : réessayez dans quelques secondes, votre panier est conservé.';

/** Runs a confirmation through the gate; 503 (Retry-After) at once when its queue is full. */
export async function admitConfirmation<T>(task: () => Promise<T>): Promise<T> {
  if (gate.full) throw new AppError('UNAVAILABLE', CONFIRM_BUSY_MESSAGE);
  try {
    return await gate.run(task);
  } catch (err) {
    if (err instanceof QueueFullError) throw new AppError('UNAVAILABLE', CONFIRM_BUSY_MESSAGE);
    throw err;
  }
}

/** Tests: replaces the gate (e.g. one slot, no queue) and returns the previous one. */
export function setConfirmGate(next: Limiter): Limiter {
  const previous = gate;
  gate = next;
  return previous;
}
