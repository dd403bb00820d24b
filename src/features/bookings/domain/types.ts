/**
 * Small input types of the bookings domain. The database layer maps its rows to these; the domain
 * functions never see a row, a request or a clock of their own (the caller passes `now`).
 */

/** A calendar day in the tenant's time zone, `YYYY-MM-DD` (Postgres `date`). */
export type IsoDay = string;

/** A bookable unit of an activity ("Journée", "Matin", "Repas"…). */
export interface UnitRef {
  id: string;
  name: string;
  /** Display order inside the activity (ties broken by id). */
  order?: number;
  /** Units that cannot be booked the same day as this one (the relation is read as symmetric). */
  incompatibleWith: string[];
  /** Units that must be held the same day for this one to be booked ("Repas" requires "Matin"). */
  requires: string[];
}

/**
 * What the catalogue says about one child × day × unit, already resolved by the deadline engine.
 * Deadlines are half-open: a change is on time while `now < bookUntil` (resp. `cancelUntil`); the
 * instant itself is already late. `startsAt` is when the unit begins that day: from then on the day
 * is history and nothing can be asked any more, even as a late request.
 */
export interface DayRule {
  open: boolean;
  bookUntil: Date;
  cancelUntil: Date;
  startsAt: Date;
}

/** The stored status of a booking row. `refused` rows are kept so the family sees the decision. */
export type BookingStatus = 'confirmed' | 'requested' | 'cancel-requested' | 'refused' | 'waiting';

export interface ExistingBooking {
  status: BookingStatus;
  /** 1-based rank on the waiting list, when `status === 'waiting'`. */
  waitingRank?: number;
}

/** What became of a basket line once confirmed (the summary's outcome). */
export type FinalStatus =
  | 'confirmed'
  | 'cancelled'
  | 'withdrawn'
  | 'requested'
  | 'cancel-requested'
  | 'waiting'
  | 'refused';

/** How a tenant treats changes after the deadline: refused outright, or turned into a request for staff. */
export type LatePolicy = 'refuse' | 'request';

export interface BookingPolicy {
  lateBooking: LatePolicy;
  lateCancellation: LatePolicy;
  /** When a unit is full, may families join a waiting list? */
  waitingList: boolean;
}

/** True while a change is on time: deadlines are exclusive (see DayRule). */
export function isOnTime(now: Date, until: Date): boolean {
  return now.getTime() < until.getTime();
}

const LIVENESS: Record<BookingStatus, number> = {
  confirmed: 5,
  'cancel-requested': 4,
  requested: 3,
  waiting: 2,
  refused: 1,
};

/**
 * The status that describes a cell when several rows exist for it (an old refusal and a new booking):
 * the most "live" one wins — confirmed, cancellation requested, requested, waiting, then refused.
 */
export function liveStatus(statuses: readonly BookingStatus[]): BookingStatus | null {
  let best: BookingStatus | null = null;
  for (const s of statuses) if (best === null || LIVENESS[s] > LIVENESS[best]) best = s;
  return best;
}
