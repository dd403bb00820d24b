/** Working days: Monday to Friday, minus the region's public holidays. */
import { addDays, diffDays, type IsoDay, weekday } from './days';
import { type HolidayRegion, isPublicHoliday } from './public-holidays';

export function isWorkingDay(day: IsoDay, region: HolidayRegion = 'metropole'): boolean {
  return weekday(day) <= 5 && !isPublicHoliday(day, region);
}

/**
 * The day `n` working days after `day` (before it when n < 0). `day` itself is never counted, so
 * addWorkingDays(Friday, 1) is the next Monday and addWorkingDays(Monday, -2) the previous Thursday.
 * n = 0 returns `day` unchanged, even when it is not a working day.
 */
export function addWorkingDays(day: IsoDay, n: number, region: HolidayRegion = 'metropole'): IsoDay {
  if (!Number.isInteger(n)) throw new RangeError(`number of working days must be an integer: ${n}`);
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  let current = day;
  while (left > 0) {
    current = addDays(current, step);
    if (isWorkingDay(current, region)) left--;
  }
  return current;
}

/**
 * Working days in the half-open span (from, to]: the number of working days you step over to go from
 * `from` to `to`, so workingDaysBetween(d, addWorkingDays(d, n)) = n. Negative when `to` is before `from`.
 */
export function workingDaysBetween(from: IsoDay, to: IsoDay, region: HolidayRegion = 'metropole'): number {
  const span = diffDays(from, to);
  const step = span < 0 ? -1 : 1;
  let count = 0;
  for (let i = 1; i <= Math.abs(span); i++) {
    const d = addDays(from, i * step);
    if (isWorkingDay(d, region)) count++;
  }
  return span < 0 ? -count : count;
}

/** The first working day on or after `day` (or on or before it with direction -1). */
export function nearestWorkingDay(
  day: IsoDay,
  direction: 1 | -1 = 1,
  region: HolidayRegion = 'metropole',
): IsoDay {
  let current = day;
  while (!isWorkingDay(current, region)) current = addDays(current, direction);
  return current;
}
