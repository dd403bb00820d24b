/**
 * Reminders before a holiday period's booking deadline: N days before it (same wall-clock time in the
 * tenant zone, so a DST change in between does not move it by an hour), to households with a child
 * enrolled for the period and nothing booked in it. Sent once per household × period (the service
 * records the sending in the same transaction as the outbox e-mail).
 */
import { Temporal } from 'temporal-polyfill';
import { isOnTime } from './types';

/** The instant the reminder becomes due: `daysBefore` calendar days before the deadline, same local time. */
export function reminderAt(deadline: Date, daysBefore: number, timeZone: string): Date {
  if (!Number.isInteger(daysBefore) || daysBefore < 0) throw new RangeError(`bad days before ${daysBefore}`);
  const zdt = Temporal.Instant.fromEpochMilliseconds(deadline.getTime())
    .toZonedDateTimeISO(timeZone)
    .subtract({ days: daysBefore });
  return new Date(zdt.epochMilliseconds);
}

/** Due from `reminderAt` (inclusive) until the deadline (exclusive), and only if not sent yet. */
export function reminderDue(input: {
  now: Date;
  deadline: Date;
  daysBefore: number;
  timeZone: string;
  alreadySent: boolean;
}): boolean {
  if (input.alreadySent) return false;
  const from = reminderAt(input.deadline, input.daysBefore, input.timeZone);
  return input.now.getTime() >= from.getTime() && isOnTime(input.now, input.deadline);
}

export interface ReminderCandidate {
  householdId: string;
  /** Children with an accepted enrollment covering the period. */
  enrolledChildIds: readonly string[];
  /** Children with at least one live booking (confirmed, requested, waiting) in the period. */
  bookedChildIds: readonly string[];
}

/**
 * Households to remind, each with the children who have nothing booked (sorted, deterministic).
 * A household where every enrolled child has something booked is left alone.
 */
export function householdsToRemind(
  candidates: readonly ReminderCandidate[],
): { householdId: string; childIds: string[] }[] {
  return candidates
    .map((c) => {
      const booked = new Set(c.bookedChildIds);
      const childIds = [...new Set(c.enrolledChildIds)].filter((id) => !booked.has(id)).sort();
      return { householdId: c.householdId, childIds };
    })
    .filter((h) => h.childIds.length > 0)
    .sort((a, b) => (a.householdId < b.householdId ? -1 : a.householdId > b.householdId ? 1 : 0));
}
