import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { platformSchoolHolidays } from './calendar.schema';
import data from './school-holidays-fr-2026-2027.json' with { type: 'json' };

interface HolidayFile {
  zones: Record<string, { name: string; firstDay: string; lastDay: string }[]>;
}

/** Loads the bundled 2026-2027 calendar; rows already present (or edited by staff) are kept. */
export async function loadBundledSchoolHolidays(db: Db): Promise<void> {
  const rows = Object.entries((data as HolidayFile).zones).flatMap(([zone, periods]) =>
    periods.map((p) => ({ zone, firstDay: p.firstDay, lastDay: p.lastDay, name: p.name })),
  );
  await db
    .insert(platformSchoolHolidays)
    .values(rows)
    .onConflictDoNothing({ target: [platformSchoolHolidays.zone, platformSchoolHolidays.firstDay] });
}

export async function schoolHolidaysOfZone(db: Db, zone: string) {
  return db
    .select()
    .from(platformSchoolHolidays)
    .where(sql`${platformSchoolHolidays.zone} = ${zone}`)
    .orderBy(platformSchoolHolidays.firstDay);
}

/** A school-holiday period: first and last day without school, both included. */
export interface SchoolHolidayPeriod {
  name: string;
  firstDay: string;
  lastDay: string;
}

/** The period containing `day`, or null. Pure: the caller passes the zone's periods. */
export function schoolHolidayOn<P extends SchoolHolidayPeriod>(day: string, periods: readonly P[]): P | null {
  for (const p of periods) if (p.firstDay <= day && day <= p.lastDay) return p;
  return null;
}

export function isSchoolHoliday(day: string, periods: readonly SchoolHolidayPeriod[]): boolean {
  return schoolHolidayOn(day, periods) !== null;
}

/** The bundled 2026-2027 periods of a zone (A, B, C, Corse…), without the database: for pure tests and seeds. */
export function bundledSchoolHolidays(zone: string): SchoolHolidayPeriod[] {
  return [...((data as HolidayFile).zones[zone] ?? [])].sort((a, b) => (a.firstDay < b.firstDay ? -1 : 1));
}
