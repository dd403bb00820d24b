/**
 * Reminders for overdue invoices: the tenant sets the delays in days after the due date (e.g. 7 and
 * 21); level n is due once the n-th delay has passed. Each level is sent once per invoice (a unique
 * index in the database), so a rerun sends nothing twice, and a late run sends only the highest level
 * reached (a family is not sent three e-mails at once).
 */
import { diffDays } from '../../../platform/calendar/days';

export const MAX_DUNNING_LEVELS = 3;
export const MAX_DUNNING_DELAY = 365;

/** Parses "7, 21" into sorted distinct delays; null when not 1–3 whole numbers in 1..365. */
export function parseDelays(text: string): number[] | null {
  const parts = text
    .split(/[,;\s]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0 || parts.length > MAX_DUNNING_LEVELS) return null;
  const nums = parts.map(Number);
  if (nums.some((n) => !Number.isInteger(n) || n < 1 || n > MAX_DUNNING_DELAY)) return null;
  const sorted = [...new Set(nums)].sort((a, b) => a - b);
  return sorted.length === nums.length ? sorted : null;
}

/**
 * The reminder level due today for an invoice (1-based), or 0 when none is due or the level reached was
 * already sent. `sentLevel` is the highest level already sent (0 for none).
 */
export function dunningLevelDue(dueOn: string, today: string, delays: number[], sentLevel: number): number {
  const late = diffDays(dueOn, today);
  let level = 0;
  delays.forEach((d, i) => {
    if (late >= d) level = i + 1;
  });
  return level > sentLevel ? level : 0;
}
