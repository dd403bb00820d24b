/**
 * Occupancy of a unit per day: booked vs present vs capacity, and the geometry of its bar chart. Pure.
 */

export interface OccupancyRow {
  day: string;
  unitId: string;
  unitName: string;
  booked: number;
  present: number;
  /** null: unlimited. */
  capacity: number | null;
}

/** Rate in percent of capacity (null when unlimited or zero). */
export function occupancyRate(booked: number, capacity: number | null): number | null {
  if (capacity === null || capacity <= 0) return null;
  return Math.round((booked / capacity) * 100);
}

/** The top of the chart's scale: the largest value shown, rounded up to a multiple of 5 (at least 5). */
export function chartMax(rows: readonly OccupancyRow[]): number {
  let max = 0;
  for (const r of rows) max = Math.max(max, r.booked, r.present, r.capacity ?? 0);
  return Math.max(5, Math.ceil(max / 5) * 5);
}

/** Longest range shown at once, in days. */
export const MAX_RANGE_DAYS = 62;
