import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { activities, units } from '../catalogue/catalogue.schema';
import { children } from '../households/households.schema';
import { tenants } from '../tenants/tenants.schema';

/**
 * The register's mark of a child on a day × unit: present (with arrival and departure times when taken
 * on the day), absent, or present without booking (`unbooked`, billed with the surcharge). One row per
 * cell; the latest action by its client time wins (ADR 0016).
 */
export const attendanceMarks = pgTable(
  'attendance_marks',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    childId: uuid('child_id')
      .notNull()
      .references(() => children.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    /** Denormalised from the unit, to read a facility's registers without joining the catalogue. */
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    /** 'present', 'absent', or null (only a note, or a mark cleared). */
    state: text('state'),
    arrivedAt: timestamp('arrived_at', { withTimezone: true }),
    leftAt: timestamp('left_at', { withTimezone: true }),
    /** Added on the register without a confirmed booking: billed with the unbooked-presence surcharge. */
    unbooked: boolean('unbooked').notNull().default(false),
    note: text('note').notNull().default(''),
    /** Client time of the last state action applied (last writer wins, by the time of the tap). */
    stateAt: timestamp('state_at', { withTimezone: true }),
    noteAt: timestamp('note_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.childId, t.day, t.unitId] }),
    index('attendance_marks_unit_day').on(t.tenantId, t.unitId, t.day),
    index('attendance_marks_day').on(t.tenantId, t.day),
    check('attendance_marks_state', sql`${t.state} is null or ${t.state} in ('present','absent')`),
    check('attendance_marks_left', sql`${t.leftAt} is null or ${t.arrivedAt} is not null`),
  ],
);

/**
 * Every register action received, keyed by its client-generated id: the insert (ON CONFLICT DO NOTHING)
 * is the guard that applies an action once however many times the tablet sends it; the stored result
 * answers the replays.
 */
export const attendanceActions = pgTable(
  'attendance_actions',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    actionId: uuid('action_id').notNull(),
    kind: text('kind').notNull(),
    childId: uuid('child_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    clientAt: timestamp('client_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    userId: uuid('user_id').notNull(),
    result: text('result').notNull(),
    reason: text('reason'),
    payload: jsonb('payload').notNull().default({}),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.actionId] }),
    index('attendance_actions_cell').on(t.tenantId, t.unitId, t.day),
    check('attendance_actions_result', sql`${t.result} in ('applied','rejected')`),
  ],
);

export type AttendanceMark = typeof attendanceMarks.$inferSelect;
