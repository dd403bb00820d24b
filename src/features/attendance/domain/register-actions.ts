/**
 * What one register action does to a child's mark on a day × unit. Pure: the service loads the mark and
 * the facts (booked? enrolled?) under a row lock, calls `applyAction`, and writes the result.
 *
 * Ordering (ADR 0016): actions carry the client time of the tap. A state action older than the last
 * one applied to the same mark is answered `superseded` and changes nothing (last writer wins by the
 * time of the tap, not by the time the tablet got the network back). Notes are ordered on their own.
 */

export const ACTION_KINDS = ['check-in', 'check-out', 'absent', 'walk-in', 'clear', 'note'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export type MarkState = 'present' | 'absent' | null;

export interface MarkFields {
  state: MarkState;
  arrivedAt: Date | null;
  leftAt: Date | null;
  unbooked: boolean;
  note: string;
  stateAt: Date | null;
  noteAt: Date | null;
}

export const EMPTY_MARK: MarkFields = {
  state: null,
  arrivedAt: null,
  leftAt: null,
  unbooked: false,
  note: '',
  stateAt: null,
  noteAt: null,
};

export interface ActionFacts {
  /** A confirmed (or cancel-requested) booking exists for the child × day × unit. */
  booked: boolean;
  /** The child has an accepted enrollment in the unit's activity covering the day (walk-ins). */
  enrolled: boolean;
  /** The register's day and today, both in the tenant's time zone. */
  registerDay: string;
  today: string;
  /** The tenant day of the (clamped) client time: times are kept only for taps made on the day itself. */
  tapDay: string;
}

export type RejectReason =
  | 'future-day'
  | 'not-booked'
  | 'already-booked'
  | 'not-enrolled'
  | 'not-arrived'
  | 'superseded'
  | 'not-found'
  | 'invalid';

export const REJECT_MESSAGES: Record<RejectReason, string> = {
  'future-day': 'Ce registre ne peut pas encore être rempli : le jour n’est pas arrivé.',
  'not-booked': 'Cet enfant n’est pas réservé ce jour-là : ajoutez-le comme présent sans réservation.',
  'already-booked': 'Cet enfant est déjà réservé : pointez son arrivée dans la liste.',
  'not-enrolled': 'Cet enfant n’est pas inscrit à cette activité pour ce jour.',
  'not-arrived': 'Le départ ne peut être noté qu’après l’arrivée.',
  superseded: 'Une action plus récente a déjà été enregistrée pour cet enfant.',
  'not-found': 'Registre introuvable.',
  invalid: 'Action invalide.',
};

export type ActionResult = { ok: true; mark: MarkFields } | { ok: false; reason: RejectReason };

/** A tablet whose clock runs ahead cannot record a time in the future: it is brought back to now. */
export function clampClientTime(clientAt: Date, now: Date): Date {
  return clientAt.getTime() > now.getTime() ? now : clientAt;
}

export function applyAction(
  current: MarkFields | null,
  action: { kind: ActionKind; at: Date; note?: string },
  facts: ActionFacts,
): ActionResult {
  if (facts.registerDay > facts.today) return { ok: false, reason: 'future-day' };
  const mark = current ?? EMPTY_MARK;
  if (action.kind === 'note') {
    if (mark.noteAt && action.at < mark.noteAt) return { ok: false, reason: 'superseded' };
    return { ok: true, mark: { ...mark, note: (action.note ?? '').trim(), noteAt: action.at } };
  }
  if (mark.stateAt && action.at < mark.stateAt) return { ok: false, reason: 'superseded' };
  // Times are kept only for a tap made on the register's day; a later correction records the state alone.
  const time = facts.tapDay === facts.registerDay ? action.at : null;
  const onRegister = facts.booked || mark.unbooked;
  const stamp = { stateAt: action.at };
  switch (action.kind) {
    case 'check-in': {
      if (!onRegister) return { ok: false, reason: 'not-booked' };
      // Tapping "arrived" again keeps the first arrival time.
      if (mark.state === 'present' && mark.leftAt === null) return { ok: true, mark: { ...mark, ...stamp } };
      return { ok: true, mark: { ...mark, ...stamp, state: 'present', arrivedAt: time, leftAt: null } };
    }
    case 'check-out': {
      if (mark.state !== 'present') return { ok: false, reason: 'not-arrived' };
      if (mark.arrivedAt === null || time === null) return { ok: true, mark: { ...mark, ...stamp } };
      const leftAt = new Date(Math.max(time.getTime(), mark.arrivedAt.getTime()));
      return { ok: true, mark: { ...mark, ...stamp, leftAt } };
    }
    case 'absent': {
      if (!onRegister) return { ok: false, reason: 'not-booked' };
      return { ok: true, mark: { ...mark, ...stamp, state: 'absent', arrivedAt: null, leftAt: null } };
    }
    case 'walk-in': {
      if (facts.booked) return { ok: false, reason: 'already-booked' };
      if (!facts.enrolled) return { ok: false, reason: 'not-enrolled' };
      if (mark.unbooked && mark.state === 'present') return { ok: true, mark: { ...mark, ...stamp } };
      return {
        ok: true,
        mark: { ...mark, ...stamp, unbooked: true, state: 'present', arrivedAt: time, leftAt: null },
      };
    }
    case 'clear':
      return {
        ok: true,
        mark: { ...mark, ...stamp, state: null, arrivedAt: null, leftAt: null, unbooked: false },
      };
  }
}

/** Counts at the top of the register. */
export interface RegisterCounts {
  expected: number;
  present: number;
  absent: number;
  unmarked: number;
  unbooked: number;
  left: number;
}

export function registerCounts(
  rows: readonly { booked: boolean; mark: Pick<MarkFields, 'state' | 'unbooked' | 'leftAt'> | null }[],
): RegisterCounts {
  const c: RegisterCounts = { expected: 0, present: 0, absent: 0, unmarked: 0, unbooked: 0, left: 0 };
  for (const r of rows) {
    const state = r.mark?.state ?? null;
    if (r.booked) {
      c.expected++;
      if (state === null) c.unmarked++;
    } else if (r.mark?.unbooked && state === 'present') c.unbooked++;
    if (state === 'present' && (r.booked || r.mark?.unbooked)) {
      c.present++;
      if (r.mark?.leftAt) c.left++;
    }
    if (state === 'absent' && r.booked) c.absent++;
  }
  return c;
}
