import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  pgTable,
  pgView,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { platformUsers } from '../accounts/accounts.schema';
import { children, households } from '../households/households.schema';
import { tenants } from '../tenants/tenants.schema';

export const ABSENCE_REASONS = ['maladie', 'rendez_vous_medical', 'raison_familiale', 'autre'] as const;
export type AbsenceReason = (typeof ABSENCE_REASONS)[number];
export const ABSENCE_STATUSES = ['pending', 'accepted', 'refused'] as const;
export type AbsenceStatus = (typeof ABSENCE_STATUSES)[number];

/**
 * The tenant's time limit to declare an absence (one row per tenant; no row = 48 working hours).
 * Kept here rather than on `tenants`: the absences feature owns its settings.
 */
export const absenceSettings = pgTable(
  'absence_settings',
  {
    tenantId: uuid('tenant_id')
      .primaryKey()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    limitHours: integer('limit_hours').notNull().default(48),
    /** working: only working days (Mon–Fri minus public holidays) count; calendar: every day. */
    limitKind: text('limit_kind').notNull().default('working'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    updatedByUserId: uuid('updated_by_user_id').references(() => platformUsers.id, { onDelete: 'set null' }),
  },
  (t) => [
    check('absence_settings_hours', sql`${t.limitHours} between 1 and 720`),
    check('absence_settings_kind', sql`${t.limitKind} in ('working','calendar')`),
  ],
);

/**
 * A family's declaration of an absence of one child over a range of days (one day: first = last),
 * with an optional medical certificate. The certificate is a health document: its bytes are in the
 * encrypted file storage under `certificate_key` (a random name); only metadata lives here.
 */
export const absenceDeclarations = pgTable(
  'absence_declarations',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    /** The declaring household (a child in shared custody may be declared by either). */
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    childId: uuid('child_id')
      .notNull()
      .references(() => children.id, { onDelete: 'cascade' }),
    firstDay: date('first_day', { mode: 'string' }).notNull(),
    lastDay: date('last_day', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    comment: text('comment').notNull().default(''),
    status: text('status').notNull().default('pending'),
    refusalReason: text('refusal_reason'),
    certificateKey: text('certificate_key').unique(),
    certificateName: text('certificate_name'),
    certificateKind: text('certificate_kind'),
    certificateSize: integer('certificate_size'),
    /** The form's one-time token: a replayed or double-clicked submission finds the first one. */
    formToken: uuid('form_token').notNull(),
    declaredAt: timestamp('declared_at', { withTimezone: true }).notNull(),
    declaredByUserId: uuid('declared_by_user_id').references(() => platformUsers.id, {
      onDelete: 'set null',
    }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedByUserId: uuid('decided_by_user_id').references(() => platformUsers.id, { onDelete: 'set null' }),
  },
  (t) => [
    // Replays of one form (double click, resubmission, retry after a timeout) insert one row only.
    uniqueIndex('absence_declarations_form_token').on(t.tenantId, t.householdId, t.formToken),
    index('absence_declarations_household').on(t.tenantId, t.householdId, t.firstDay),
    // The outcome of a booked day joins on (tenant, child, day): this index serves that range lookup.
    index('absence_declarations_child_days').on(t.tenantId, t.childId, t.firstDay, t.lastDay),
    index('absence_declarations_pending').on(t.tenantId, t.declaredAt).where(sql`${t.status} = 'pending'`),
    check(
      'absence_declarations_range',
      sql`${t.lastDay} >= ${t.firstDay} and ${t.lastDay} - ${t.firstDay} <= 92`,
    ),
    check(
      'absence_declarations_reason',
      sql`${t.reason} in ('maladie','rendez_vous_medical','raison_familiale','autre')`,
    ),
    check('absence_declarations_status', sql`${t.status} in ('pending','accepted','refused')`),
    check('absence_declarations_refusal', sql`${t.status} <> 'refused' or ${t.refusalReason} is not null`),
    check(
      'absence_declarations_certificate',
      sql`(${t.certificateKey} is null) = (${t.certificateKind} is null) and (${t.certificateKind} is null or ${t.certificateKind} in ('pdf','jpeg','png','heic'))`,
    ),
  ],
);
export type AbsenceDeclaration = typeof absenceDeclarations.$inferSelect;

/**
 * One row per declared day (hand-written view in migration 0009: `generate_series` over each
 * declaration). The billing/register outcome of a booked day joins it on (tenant_id, child_id, day);
 * `status = 'accepted'` marks a justified absence.
 */
export const absenceDays = pgView('absence_days', {
  tenantId: uuid('tenant_id').notNull(),
  declarationId: uuid('declaration_id').notNull(),
  householdId: uuid('household_id').notNull(),
  childId: uuid('child_id').notNull(),
  day: date('day', { mode: 'string' }).notNull(),
  status: text('status').notNull(),
}).existing();
