import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema';
import type { DeadlineRule } from './domain/deadlines';

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
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export const VALIDATION_MODES = ['auto', 'staff'] as const;
export type ValidationMode = (typeof VALIDATION_MODES)[number];
export const LATE_CHANGE_POLICIES = ['refuse', 'request'] as const;
export type LateChangePolicy = (typeof LATE_CHANGE_POLICIES)[number];

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
    description: text('description').notNull().default(''),
    /** Weekly courses billed per period: no day booking. */
    enrollmentOnly: boolean('enrollment_only').notNull().default(false),
    enrollmentValidation: text('enrollment_validation').notNull().default('staff'),
    bookingValidation: text('booking_validation').notNull().default('auto'),
    /** What a change after the deadline becomes: refused, or a request staff decide on. */
    lateChangePolicy: text('late_change_policy').notNull().default('refuse'),
    /** Names of the documents required to enroll (the documents feature will check them). */
    requiredDocuments: text('required_documents').array().notNull().default(sql`'{}'::text[]`),
    /** Deadline rules (see domain/deadlines.ts); a unit may override them. Null: no deadline. */
    bookingDeadline: jsonb('booking_deadline').$type<DeadlineRule | null>(),
    cancelDeadline: jsonb('cancel_deadline').$type<DeadlineRule | null>(),
  },
  (t) => [
    index('activities_facility').on(t.tenantId, t.facilityId),
    check(
      'activities_kind',
      sql`${t.kind} in ('morning','evening','canteen','wednesday','holidays','course')`,
    ),
    check('activities_enrollment_validation', sql`${t.enrollmentValidation} in ('auto','staff')`),
    check('activities_booking_validation', sql`${t.bookingValidation} in ('auto','staff')`),
    check('activities_late_change', sql`${t.lateChangePolicy} in ('refuse','request')`),
  ],
);

export const ALLOCATION_MODES = ['first_come', 'request_window'] as const;
export type AllocationMode = (typeof ALLOCATION_MODES)[number];

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
    /** Families may ask to enroll from/to these days (inclusive, tenant time zone); null: closed. */
    enrollmentFirstDay: date('enrollment_first_day', { mode: 'string' }),
    enrollmentLastDay: date('enrollment_last_day', { mode: 'string' }),
    bookingFirstDay: date('booking_first_day', { mode: 'string' }),
    bookingLastDay: date('booking_last_day', { mode: 'string' }),
    /** first_come, or request_window: requests gathered between the two days, then allocated by priority. */
    allocationMode: text('allocation_mode').notNull().default('first_come'),
    requestWindowFirstDay: date('request_window_first_day', { mode: 'string' }),
    requestWindowLastDay: date('request_window_last_day', { mode: 'string' }),
    visible: boolean('visible').notNull().default(true),
    /** A frozen period is read-only (closed, invoiced). */
    frozen: boolean('frozen').notNull().default(false),
  },
  (t) => [
    index('periods_activity').on(t.tenantId, t.activityId),
    check('periods_range', sql`${t.lastDay} >= ${t.firstDay}`),
    check('periods_allocation', sql`${t.allocationMode} in ('first_come','request_window')`),
    check(
      'periods_enrollment_range',
      sql`${t.enrollmentFirstDay} is null or ${t.enrollmentLastDay} is null or ${t.enrollmentLastDay} >= ${t.enrollmentFirstDay}`,
    ),
    check(
      'periods_request_window',
      sql`${t.allocationMode} = 'first_come' or (${t.requestWindowFirstDay} is not null and ${t.requestWindowLastDay} >= ${t.requestWindowFirstDay})`,
    ),
  ],
);

/** A group of children of an activity ("3-5 ans"), with its own capacity per period. */
export const activityGroups = pgTable(
  'activity_groups',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Age range in whole years on the period's first day (inclusive), or null. */
    minAge: integer('min_age'),
    maxAge: integer('max_age'),
    /** School levels range as indexes of SCHOOL_LEVELS (PS=0 … CM2=7), or null. */
    minLevel: integer('min_level'),
    maxLevel: integer('max_level'),
    capacity: integer('capacity').notNull(),
  },
  (t) => [
    index('activity_groups_activity').on(t.tenantId, t.activityId),
    check('activity_groups_capacity', sql`${t.capacity} >= 0`),
    check(
      'activity_groups_age',
      sql`${t.minAge} is null or ${t.maxAge} is null or ${t.maxAge} >= ${t.minAge}`,
    ),
  ],
);

export const UNIT_KINDS = ['day', 'half_day', 'meal', 'time_slot'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export const DAY_TYPES = ['school_days', 'school_holidays', 'both'] as const;
export type DayType = (typeof DAY_TYPES)[number];

/** A bookable unit of an activity ("Journée", "Matin", "Repas") with its opening calendar. */
export const units = pgTable(
  'units',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    startTime: text('start_time').notNull(),
    endTime: text('end_time').notNull(),
    position: integer('position').notNull().default(0),
    /** Units that cannot be booked the same day as this one (kept symmetric by the service). */
    incompatibleUnitIds: uuid('incompatible_unit_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** Units that must be booked the same day for this one to be booked. */
    requiredUnitIds: uuid('required_unit_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** ISO weekdays (1 = Monday … 7 = Sunday) the unit opens. */
    weekdays: integer('weekdays').array().notNull().default(sql`'{3}'::integer[]`),
    dayType: text('day_type').notNull().default('both'),
    openOnPublicHolidays: boolean('open_on_public_holidays').notNull().default(false),
    /** Places per day for the whole unit; null: unlimited. Per-day/per-group rows override it. */
    capacity: integer('capacity'),
    /** Overrides of the activity's deadlines; null: the activity's. */
    bookingDeadline: jsonb('booking_deadline').$type<DeadlineRule | null>(),
    cancelDeadline: jsonb('cancel_deadline').$type<DeadlineRule | null>(),
  },
  (t) => [
    index('units_activity').on(t.tenantId, t.activityId),
    check('units_kind', sql`${t.kind} in ('day','half_day','meal','time_slot')`),
    check('units_day_type', sql`${t.dayType} in ('school_days','school_holidays','both')`),
    check('units_times', sql`${t.startTime} ~ '^[0-2][0-9]:[0-5][0-9]$' and ${t.endTime} > ${t.startTime}`),
    check('units_capacity', sql`${t.capacity} is null or ${t.capacity} >= 0`),
  ],
);

/** A closure or an exceptional opening of a unit on one day. */
export const unitCalendarExceptions = pgTable(
  'unit_calendar_exceptions',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    kind: text('kind').notNull(),
    label: text('label').notNull().default(''),
  },
  (t) => [
    unique('unit_calendar_exceptions_day').on(t.tenantId, t.unitId, t.day),
    check('unit_calendar_exceptions_kind', sql`${t.kind} in ('closed','open')`),
  ],
);

/**
 * Capacity of a unit, per day (null: every day) and per group (null: the whole unit). The most specific
 * row wins; the bookings feature takes places from it with a conditional update.
 */
export const unitCapacities = pgTable(
  'unit_capacities',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    groupId: uuid('group_id').references(() => activityGroups.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }),
    capacity: integer('capacity').notNull(),
  },
  (t) => [
    // One row per (unit, group, day), nulls included: NULLS NOT DISTINCT.
    unique('unit_capacities_key').on(t.tenantId, t.unitId, t.groupId, t.day).nullsNotDistinct(),
    check('unit_capacities_positive', sql`${t.capacity} >= 0`),
  ],
);

export type Facility = typeof facilities.$inferSelect;
export type Activity = typeof activities.$inferSelect;
export type Period = typeof periods.$inferSelect;
export type ActivityGroup = typeof activityGroups.$inferSelect;
export type Unit = typeof units.$inferSelect;
