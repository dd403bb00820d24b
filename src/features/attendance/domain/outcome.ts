/**
 * The outcome of a child × day × unit for billing and statistics, derived from the booking, the
 * register and the justified absences. Pure.
 *
 * Decisions (ADR 0016):
 * - A justified absence wins over an absent mark, no mark and a late cancellation (not billed); but a
 *   child marked present is present (it came).
 * - A confirmed booking with no mark once the day has ended is an unjustified absence: the register is
 *   the proof of presence (CAF statistics count only marked presence), and a booked day is billed
 *   whether the child came or not. The outcome says `unmarked: true` so staff can check the register.
 * - Before the day has ended, a booked child without a mark has no outcome yet (null).
 * - `absent` is only ever set by an action later than the arrival (the register clears the arrival),
 *   so a checked-in child then marked absent is absent.
 * - A child present after a cancellation (late or not) or without any booking is "present without
 *   booking" (surcharge); a walk-in marked absent or cleared has no outcome.
 * - `cancel-requested` is still a confirmed booking until staff accept the cancellation.
 */

export const OUTCOMES = [
  'present',
  'justified-absence',
  'unjustified-absence',
  'late-cancellation',
  'present-without-booking',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const OUTCOME_LABELS: Record<Outcome, string> = {
  present: 'Présent',
  'justified-absence': 'Absence justifiée',
  'unjustified-absence': 'Absence non justifiée',
  'late-cancellation': 'Annulation tardive',
  'present-without-booking': 'Présent sans réservation',
};

export interface OutcomeInput {
  /** The booking row that matters for the cell (live one first, else the latest cancelled), or null. */
  booking: { status: string; lateCancellation: boolean } | null;
  mark: { state: 'present' | 'absent' | null; unbooked: boolean } | null;
  justified: boolean;
  /** The day is over in the tenant's time zone. */
  dayEnded: boolean;
}

export interface OutcomeResult {
  outcome: Outcome;
  /** A booked day the register never marked (counted as an unjustified absence). */
  unmarked: boolean;
}

const LIVE_BOOKED = new Set(['confirmed', 'cancel-requested']);

export function dayOutcome(input: OutcomeInput): OutcomeResult | null {
  const { booking, mark, justified, dayEnded } = input;
  const present = mark?.state === 'present';
  const booked = booking !== null && LIVE_BOOKED.has(booking.status);
  if (booked) {
    if (present) return { outcome: 'present', unmarked: false };
    if (justified) return { outcome: 'justified-absence', unmarked: false };
    if (mark?.state === 'absent') return { outcome: 'unjustified-absence', unmarked: false };
    return dayEnded ? { outcome: 'unjustified-absence', unmarked: true } : null;
  }
  if (present) return { outcome: 'present-without-booking', unmarked: false };
  if (booking?.status === 'cancelled' && booking.lateCancellation)
    return justified
      ? { outcome: 'justified-absence', unmarked: false }
      : { outcome: 'late-cancellation', unmarked: false };
  return null;
}

/** Picks the booking row deciding a cell: a live one (confirmed, cancel-requested) first, else the latest cancelled. */
export function decidingBooking<B extends { status: string; lateCancellation: boolean; updatedAt: Date }>(
  rows: readonly B[],
): B | null {
  const live = rows.find((r) => LIVE_BOOKED.has(r.status));
  if (live) return live;
  const cancelled = rows.filter((r) => r.status === 'cancelled').sort((a, b) => +b.updatedAt - +a.updatedAt);
  return cancelled[0] ?? null;
}
