import { sql } from 'drizzle-orm';
import { check, date, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema';

/** A place: a leisure centre, a school restaurant. */
export const facilities = pgTable(
  'facilities',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    address: text('address').notNull().default(''),
  },
  (t) => [index('facilities_tenant').on(t.tenantId)],
);

export const ACTIVITY_KINDS = ['morning', 'evening', 'canteen', 'wednesday', 'holidays', 'course'] as const;

/** A service at a facility ("Mercredis", "Cantine"…). */
export const activities = pgTable(
  'activities',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
  },
  (t) => [
    index('activities_facility').on(t.tenantId, t.facilityId),
    check(
      'activities_kind',
      sql`${t.kind} in ('morning','evening','canteen','wednesday','holidays','course')`,
    ),
  ],
);

/** A date range of an activity ("Année 2026-2027", "Vacances de Noël 2026"). */
export const periods = pgTable(
  'periods',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    firstDay: date('first_day', { mode: 'string' }).notNull(),
    lastDay: date('last_day', { mode: 'string' }).notNull(),
  },
  (t) => [
    index('periods_activity').on(t.tenantId, t.activityId),
    check('periods_range', sql`${t.lastDay} >= ${t.firstDay}`),
  ],
);
