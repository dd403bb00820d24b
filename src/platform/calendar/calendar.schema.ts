import { sql } from 'drizzle-orm';
import { check, date, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * School holidays per zone. Platform-wide (the national calendar), loaded from the bundled
 * 2026-2027 file at start; staff may add later years.
 */
export const platformSchoolHolidays = pgTable(
  'platform_school_holidays',
  {
    zone: text('zone').notNull(),
    firstDay: date('first_day', { mode: 'string' }).notNull(),
    lastDay: date('last_day', { mode: 'string' }).notNull(),
    name: text('name').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.zone, t.firstDay] }),
    check('school_holidays_range', sql`${t.lastDay} >= ${t.firstDay}`),
  ],
);
