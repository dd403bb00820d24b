import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { activities, periods, units } from '../catalogue/catalogue.schema';
import { enrollments } from '../enrollments/enrollments.schema';
import { children, households } from '../households/households.schema';
import { tenants } from '../tenants/tenants.schema';
import type { BasketLine } from './domain/basket';
import type { SummaryModel } from './domain/summary';

/**
 * Places left per day × unit (× group). Created lazily from the catalogue's capacity (ADR 0005); a place
 * is taken by one conditional UPDATE inside the transaction that writes the booking.
 * `group_key` is the group id when the unit has per-group capacities, '' otherwise.
 */
export const bookingCapacity = pgTable(
  'booking_capacity',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    groupKey: text('group_key').notNull().default(''),
    capacity: integer('capacity').notNull(),
    remaining: integer('remaining').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.unitId, t.day, t.groupKey] }),
    check('booking_capacity_bounds', sql`${t.remaining} >= 0 and ${t.remaining} <= ${t.capacity}`),
  ],
);

export const BOOKING_STATUSES = [
  'confirmed',
  'requested',
  'cancel-requested',
  'waiting',
  'refused',
  'cancelled',
] as const;
export type StoredBookingStatus = (typeof BOOKING_STATUSES)[number];

/** 'booking': a family or staff booking; 'wish': a wish gathered during a request window. */
export const BOOKING_KINDS = ['booking', 'wish'] as const;

/**
 * One row per child × day × unit booking, its whole life: confirmed, requested (late or staff-validated
 * activity), cancel-requested, waiting (list), refused (staff decision, kept so the family sees it),
 * cancelled (kept for billing: late cancellations).
 */
export const bookings = pgTable(
  'bookings',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    childId: uuid('child_id')
      .notNull()
      .references(() => children.id, { onDelete: 'cascade' }),
    enrollmentId: uuid('enrollment_id')
      .notNull()
      .references(() => enrollments.id, { onDelete: 'cascade' }),
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    periodId: uuid('period_id')
      .notNull()
      .references(() => periods.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    groupKey: text('group_key').notNull().default(''),
    status: text('status').$type<StoredBookingStatus>().notNull(),
    kind: text('kind').notNull().default('booking'),
    /** Arrival order on the waiting list (server clock at confirmation), then `seq` (allocation draw). */
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    seq: integer('seq').notNull().default(0),
    /** The submission (request number) that created or last changed the row. */
    submissionId: uuid('submission_id'),
    /** Refusal or request reason shown to the family. */
    reason: text('reason'),
    /** The change was made after the cancellation deadline (billing: late cancellation). */
    lateCancellation: boolean('late_cancellation').notNull().default(false),
    byStaff: boolean('by_staff').notNull().default(false),
    createdBy: uuid('created_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    // Defence in depth: one live booking per cell, whatever the code path (ADR 0005).
    uniqueIndex('bookings_live_cell')
      .on(t.tenantId, t.childId, t.day, t.unitId)
      .where(sql`${t.status} in ('confirmed','requested','cancel-requested','waiting')`),
    index('bookings_cell').on(t.tenantId, t.unitId, t.day, t.status),
    index('bookings_household_day').on(t.tenantId, t.householdId, t.day),
    index('bookings_child_day').on(t.tenantId, t.childId, t.day),
    index('bookings_pending')
      .on(t.tenantId, t.status, t.day)
      .where(sql`${t.status} in ('requested','cancel-requested','waiting')`),
    check(
      'bookings_status',
      sql`${t.status} in ('confirmed','requested','cancel-requested','waiting','refused','cancelled')`,
    ),
    check('bookings_kind', sql`${t.kind} in ('booking','wish')`),
  ],
);

/** The basket a household gathers before confirming; its id is the confirmation's idempotency key. */
export const bookingBaskets = pgTable(
  'booking_baskets',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    lines: jsonb('lines').$type<BasketLine[]>().notNull().default([]),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('booking_baskets_open').on(t.tenantId, t.householdId).where(sql`${t.submittedAt} is null`),
  ],
);

/** The stored answer of a confirmation (idempotency key = basket id or the API's Idempotency-Key). */
export const bookingSubmissions = pgTable(
  'booking_submissions',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    idempotencyKey: text('idempotency_key').notNull(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    requestNumber: text('request_number').notNull(),
    result: jsonb('result').$type<SummaryModel>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by'),
  },
  (t) => [
    uniqueIndex('booking_submissions_key').on(t.tenantId, t.idempotencyKey),
    index('booking_submissions_household').on(t.tenantId, t.householdId, t.createdAt),
    uniqueIndex('booking_submissions_number').on(t.tenantId, t.requestNumber),
  ],
);

/** Last request number per tenant and year (gaps allowed, unlike invoice numbers). */
export const requestCounters = pgTable(
  'request_counters',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.year] })],
);

/** Tenant-wide booking settings (defaults apply when the row is missing). */
export const bookingSettings = pgTable('booking_settings', {
  tenantId: uuid('tenant_id')
    .primaryKey()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  waitingList: boolean('waiting_list').notNull().default(true),
  /** Days before a holiday period's booking deadline to remind households with nothing booked. */
  reminderDays: integer('reminder_days').notNull().default(7),
  /** Ordered priority criteria of request-window allocations. */
  priorityCriteria: text('priority_criteria')
    .array()
    .notNull()
    .default(sql`'{resident,working-parents,sibling-placed}'::text[]`),
  /** 'week': all-or-nothing per child × ISO week; 'line': each day × unit on its own. */
  allocationMode: text('allocation_mode').notNull().default('week'),
});

/** A household's secret iCalendar feed; the token is stored hashed. */
export const icalFeeds = pgTable(
  'ical_feeds',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('ical_feeds_token').on(t.tokenHash),
    index('ical_feeds_household').on(t.tenantId, t.householdId),
  ],
);

/** One allocation run per request-window period: its seed and results, replayable for audit. */
export const allocationRuns = pgTable(
  'allocation_runs',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    periodId: uuid('period_id')
      .notNull()
      .references(() => periods.id, { onDelete: 'cascade' }),
    seed: text('seed').notNull(),
    criteria: text('criteria').array().notNull(),
    mode: text('mode').notNull(),
    result: jsonb('result').notNull().default({}),
    ranAt: timestamp('ran_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.periodId] })],
);

/** Reminders already sent (household × period), so a reminder job run twice sends once. */
export const bookingReminders = pgTable(
  'booking_reminders',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    periodId: uuid('period_id')
      .notNull()
      .references(() => periods.id, { onDelete: 'cascade' }),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.periodId, t.householdId] })],
);

export type Booking = typeof bookings.$inferSelect;
