/**
 * The state of one planning cell (child × day × unit) and what tapping it does.
 *
 * Precedence, first match wins:
 *  1. outside the period, no rule, or the unit closed that day        → closed (nothing)
 *  2. confirmed booking                                               → booked (unbook / request / nothing)
 *  3. booking requested (late request pending staff)                  → requested (withdraw)
 *  4. cancellation requested                                          → cancel-requested (nothing: staff decide)
 *  5. on the waiting list                                             → full, with its rank (withdraw)
 *  6. refused (kept to show the decision)                             → refused, tap as for an empty cell
 *  7. empty cell: the unit has started                                → past-deadline (nothing)
 *                 booking deadline passed                             → past-deadline (request or nothing)
 *                 no place left                                       → full (join the waiting list or nothing)
 *                 otherwise                                           → bookable (book)
 * Deadlines are exclusive: at `bookUntil` exactly the change is late (see DayRule).
 * Once the unit has started (`startsAt`), nothing can be changed by the family at all.
 */
import { type BookingPolicy, type DayRule, type ExistingBooking, isOnTime } from './types';

export const CELL_STATES = [
  'bookable',
  'booked',
  'requested',
  'cancel-requested',
  'refused',
  'full',
  'closed',
  'past-deadline',
] as const;
export type CellState = (typeof CELL_STATES)[number];

/** What a tap means for the family. `op` is the basket line it produces (null: the cell is inert). */
export type TapKind = 'book' | 'unbook' | 'request' | 'join-waiting-list' | 'withdraw' | 'none';
export type BasketOp = 'add' | 'cancel';

export interface CellInput {
  now: Date;
  /** The day lies inside the period of an accepted enrollment of the child. */
  inPeriod: boolean;
  /** The resolved rule of the day for that unit (null: no opening known). */
  rule: DayRule | null;
  booking: ExistingBooking | null;
  /** Places left for that day × unit (× group); null when the unit has no capacity limit. */
  remaining: number | null;
  policy: BookingPolicy;
}

export interface CellView {
  state: CellState;
  /** French label of the state, read by screen readers and shown on narrow screens. */
  label: string;
  tap: { kind: TapKind; op: BasketOp | null; label: string };
  waitingRank: number | null;
  /** The deadline that applies to the tap (booking or cancellation), null when the tap does nothing. */
  deadline: Date | null;
}

export const STATE_LABELS: Record<CellState, string> = {
  bookable: 'Réservable',
  booked: 'Réservé',
  requested: 'Demande en attente',
  'cancel-requested': 'Annulation demandée',
  refused: 'Refusé',
  full: "Complet (liste d'attente)",
  closed: 'Fermé',
  'past-deadline': 'Délai dépassé',
};

export const TAP_LABELS: Record<TapKind, string> = {
  book: 'Réserver',
  unbook: 'Annuler la réservation',
  request: 'Faire une demande hors délai',
  'join-waiting-list': "S'inscrire sur liste d'attente",
  withdraw: 'Retirer la demande',
  none: 'Aucune action possible',
};

/** The legend shown beside every planning, in display order. */
export const CELL_LEGEND: { state: CellState; label: string; description: string }[] = [
  { state: 'bookable', label: STATE_LABELS.bookable, description: 'Place disponible, vous pouvez réserver.' },
  { state: 'booked', label: STATE_LABELS.booked, description: 'Réservation confirmée.' },
  {
    state: 'requested',
    label: STATE_LABELS.requested,
    description: 'Demande hors délai, en attente de validation par le service.',
  },
  {
    state: 'cancel-requested',
    label: STATE_LABELS['cancel-requested'],
    description: "Demande d'annulation en attente de validation par le service.",
  },
  { state: 'refused', label: STATE_LABELS.refused, description: 'La demande a été refusée.' },
  {
    state: 'full',
    label: STATE_LABELS.full,
    description: "Plus de place : inscription possible sur liste d'attente.",
  },
  {
    state: 'closed',
    label: STATE_LABELS.closed,
    description: 'Pas d’accueil ce jour-là (fermeture, vacances).',
  },
  {
    state: 'past-deadline',
    label: STATE_LABELS['past-deadline'],
    description: 'Le délai de réservation ou d’annulation est dépassé.',
  },
];

function view(
  state: CellState,
  kind: TapKind,
  op: BasketOp | null,
  deadline: Date | null,
  waitingRank: number | null = null,
): CellView {
  const label =
    state === 'full' && waitingRank !== null ? `Liste d'attente, rang ${waitingRank}` : STATE_LABELS[state];
  return { state, label, tap: { kind, op, label: TAP_LABELS[kind] }, waitingRank, deadline };
}

/** What an empty (or refused) cell offers; `state` is kept when the cell shows a refusal. */
function emptyCell(input: CellInput, rule: DayRule, shownAs: CellState | null): CellView {
  const { now, policy } = input;
  if (!isOnTime(now, rule.startsAt)) return view(shownAs ?? 'past-deadline', 'none', null, null);
  if (!isOnTime(now, rule.bookUntil)) {
    return policy.lateBooking === 'request'
      ? view(shownAs ?? 'past-deadline', 'request', 'add', rule.startsAt)
      : view(shownAs ?? 'past-deadline', 'none', null, null);
  }
  if (input.remaining !== null && input.remaining <= 0) {
    return policy.waitingList
      ? view(shownAs ?? 'full', 'join-waiting-list', 'add', rule.bookUntil)
      : view(shownAs ?? 'full', 'none', null, null);
  }
  return view(shownAs ?? 'bookable', 'book', 'add', rule.bookUntil);
}

/** The state of a planning cell and what a tap on it does. */
export function cellState(input: CellInput): CellView {
  const { rule, booking, now, policy } = input;
  if (!input.inPeriod || rule === null || !rule.open) return view('closed', 'none', null, null);
  const started = !isOnTime(now, rule.startsAt);
  switch (booking?.status) {
    case 'confirmed': {
      if (started) return view('booked', 'none', null, null);
      if (isOnTime(now, rule.cancelUntil)) return view('booked', 'unbook', 'cancel', rule.cancelUntil);
      return policy.lateCancellation === 'request'
        ? view('booked', 'request', 'cancel', rule.startsAt)
        : view('booked', 'none', null, null);
    }
    case 'requested':
      return started
        ? view('requested', 'none', null, null)
        : view('requested', 'withdraw', 'cancel', rule.startsAt);
    case 'cancel-requested':
      return view('cancel-requested', 'none', null, null);
    case 'waiting': {
      const rank = booking.waitingRank ?? null;
      return started
        ? view('full', 'none', null, null, rank)
        : view('full', 'withdraw', 'cancel', rule.startsAt, rank);
    }
    case 'refused':
      return emptyCell(input, rule, 'refused');
    default:
      return emptyCell(input, rule, null);
  }
}
