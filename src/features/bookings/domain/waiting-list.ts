/**
 * Waiting lists, one per day × unit (× group). Order: first come, first served by the instant the
 * request was recorded (server clock), then `seq` (the draw order for entries created together by a
 * request-window allocation), then id, so that ties are broken the same way everywhere.
 */

export interface WaitingEntry {
  id: string;
  requestedAt: Date;
  /** Order among entries recorded at the same instant (allocation runs); 0 by default. */
  seq?: number;
}

export function compareWaiting(a: WaitingEntry, b: WaitingEntry): number {
  return (
    a.requestedAt.getTime() - b.requestedAt.getTime() ||
    (a.seq ?? 0) - (b.seq ?? 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** The entries in promotion order. */
export function promotionOrder<T extends WaitingEntry>(entries: readonly T[]): T[] {
  return [...entries].sort(compareWaiting);
}

/** 1-based ranks, shown to families ("liste d'attente, rang 2"). */
export function waitingRanks(entries: readonly WaitingEntry[]): Map<string, number> {
  return new Map(promotionOrder(entries).map((e, i) => [e.id, i + 1]));
}

/**
 * Which entries take the places that freed. Entries for which `eligible` is false (the day has
 * started, the child's other bookings now conflict…) are passed over without losing their rank.
 */
export function promote<T extends WaitingEntry>(
  entries: readonly T[],
  freedPlaces: number,
  eligible: (e: T) => boolean = () => true,
): { promoted: T[]; passedOver: T[]; stillWaiting: T[] } {
  const places = Math.max(0, Math.floor(freedPlaces));
  const promoted: T[] = [];
  const passedOver: T[] = [];
  const stillWaiting: T[] = [];
  for (const e of promotionOrder(entries)) {
    if (promoted.length >= places) stillWaiting.push(e);
    else if (eligible(e)) promoted.push(e);
    else {
      passedOver.push(e);
      stillWaiting.push(e);
    }
  }
  return { promoted, passedOver, stillWaiting };
}
