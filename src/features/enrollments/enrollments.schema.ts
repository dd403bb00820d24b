import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { activities, activityGroups, periods } from '../catalogue/catalogue.schema';
import { children, households } from '../households/households.schema';
import { tenants } from '../tenants/tenants.schema';

export const ENROLLMENT_STATUSES = ['pending', 'accepted', 'refused', 'waiting'] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];

/** Typical week: ISO weekday ("1".."7") → unit ids booked that day. */
export type TypicalWeek = Record<string, string[]>;

/** A child's enrollment in a period of an activity. */
export const enrollments = pgTable(
  'enrollments',
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
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    periodId: uuid('period_id')
      .notNull()
      .references(() => periods.id, { onDelete: 'cascade' }),
    groupId: uuid('group_id').references(() => activityGroups.id, { onDelete: 'set null' }),
    status: text('status').notNull().default('pending'),
    memo: text('memo').notNull().default(''),
    typicalWeek: jsonb('typical_week').$type<TypicalWeek>().notNull().default({}),
    refusalReason: text('refusal_reason'),
    /**
     * When the enrollment joined the waiting list. The rank is computed from it (row_number over the
     * period ordered by this instant, then id), so ranks are unique and gap-free by construction.
     */
    waitingSince: timestamp('waiting_since', { withTimezone: true }),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    requestedBy: uuid('requested_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by'),
  },
  (t) => [
    // One enrollment per child and period: a replayed form hits this index (23505) and is answered
    // with the existing enrollment.
    uniqueIndex('enrollments_child_period').on(t.tenantId, t.childId, t.periodId),
    index('enrollments_household').on(t.tenantId, t.householdId),
    index('enrollments_period_status').on(t.tenantId, t.periodId, t.status),
    check('enrollments_status', sql`${t.status} in ('pending','accepted','refused','waiting')`),
    check('enrollments_waiting', sql`(${t.status} = 'waiting') = (${t.waitingSince} is not null)`),
    check('enrollments_accepted_group', sql`${t.status} <> 'refused' or ${t.refusalReason} is not null`),
  ],
);

export type Enrollment = typeof enrollments.$inferSelect;
