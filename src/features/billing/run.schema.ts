import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { platformUsers } from '../accounts/accounts.schema';
import { households } from '../households/households.schema';
import { tenants } from '../tenants/tenants.schema';
import { invoices } from './billing.schema';

export const RUN_STATUSES = ['draft', 'issuing', 'issued'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Billing settings of a tenant (one row, created on first save; no row = defaults). */
export const billingSettings = pgTable(
  'billing_settings',
  {
    tenantId: uuid('tenant_id')
      .primaryKey()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** Due date = issue date + this many days. */
    paymentDelayDays: integer('payment_delay_days').notNull().default(30),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [check('billing_settings_delay', sql`${t.paymentDelayDays} between 1 and 120`)],
);

/**
 * The monthly invoicing of a tenant (post-payment): a draft that staff preview and adjust, then a
 * resumable job issues one invoice per household. One run per tenant and month (unique index): running
 * the month twice opens the same run, and an issued run does nothing more.
 */
export const billingRuns = pgTable(
  'billing_runs',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    status: text('status').notNull().default('draft'),
    /** Households with something to bill, frozen when issuing starts; `done` counts those issued. */
    householdsTotal: integer('households_total').notNull().default(0),
    householdsDone: integer('households_done').notNull().default(0),
    computedAt: timestamp('computed_at', { withTimezone: true }),
    /** Set when issuing starts: every invoice of the run has these dates. */
    issuedOn: date('issued_on', { mode: 'string' }),
    dueOn: date('due_on', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdByUserId: uuid('created_by_user_id').references(() => platformUsers.id, { onDelete: 'set null' }),
    issueStartedAt: timestamp('issue_started_at', { withTimezone: true }),
    issueStartedByUserId: uuid('issue_started_by_user_id').references(() => platformUsers.id, {
      onDelete: 'set null',
    }),
    issuedAt: timestamp('issued_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('billing_runs_month').on(t.tenantId, t.periodStart),
    check('billing_runs_status', sql`${t.status} in ('draft','issuing','issued')`),
    check('billing_runs_progress', sql`${t.householdsDone} between 0 and ${t.householdsTotal}`),
    check('billing_runs_period', sql`${t.periodEnd} >= ${t.periodStart}`),
    // Issuing needs its dates: they are printed on every invoice of the run.
    check(
      'billing_runs_dates',
      sql`${t.status} = 'draft' or (${t.issuedOn} is not null and ${t.dueOn} is not null)`,
    ),
  ],
);
export type BillingRun = typeof billingRuns.$inferSelect;

/**
 * A household's part of a run: its total after staff adjustments and, once issued, its invoice. Recomputed
 * with the draft; frozen when issuing starts. The issue job walks the rows without an invoice.
 */
export const billingRunHouseholds = pgTable(
  'billing_run_households',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    runId: uuid('run_id')
      .notNull()
      .references(() => billingRuns.id, { onDelete: 'cascade' }),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    householdName: text('household_name').notNull(),
    /** Sum of the computed lines (before adjustments) and the total to invoice (after). */
    computedCents: integer('computed_cents').notNull(),
    totalCents: integer('total_cents').notNull(),
    lineCount: integer('line_count').notNull(),
    invoiceId: uuid('invoice_id').references(() => invoices.id, { onDelete: 'restrict' }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.runId, t.householdId] }),
    index('billing_run_households_name').on(t.tenantId, t.runId, t.householdName),
    check('billing_run_households_total', sql`${t.totalCents} >= 0`),
  ],
);

/**
 * A draft line: one child × unit × kind (service or surcharge) × price of the month, with its days.
 * Replaced on every recompute; the staff's decisions live apart in `billing_run_adjustments`.
 */
export const billingRunLines = pgTable(
  'billing_run_lines',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    runId: uuid('run_id')
      .notNull()
      .references(() => billingRuns.id, { onDelete: 'cascade' }),
    householdId: uuid('household_id').notNull(),
    childId: uuid('child_id').notNull(),
    childName: text('child_name').notNull(),
    childBirthDate: date('child_birth_date', { mode: 'string' }),
    activityId: uuid('activity_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    kind: text('kind').notNull(),
    position: integer('position').notNull(),
    label: text('label').notNull(),
    days: date('days', { mode: 'string' }).array().notNull(),
    quantity: integer('quantity').notNull(),
    unitPriceCents: integer('unit_price_cents').notNull(),
    amountCents: integer('amount_cents').notNull(),
    pricingNote: text('pricing_note').notNull(),
    taxEligible: boolean('tax_eligible').notNull(),
  },
  (t) => [
    index('billing_run_lines_household').on(t.tenantId, t.runId, t.householdId),
    check('billing_run_lines_kind', sql`${t.kind} in ('service','surcharge')`),
    check('billing_run_lines_amount', sql`${t.amountCents} >= 0 and ${t.quantity} >= 1`),
  ],
);
export type BillingRunLine = typeof billingRunLines.$inferSelect;

export const ADJUSTMENT_ACTIONS = ['exclude', 'amount'] as const;
export type AdjustmentAction = (typeof ADJUSTMENT_ACTIONS)[number];

/**
 * A staff decision on a draft line group (child × unit × kind), with its mandatory reason. Keyed by what
 * the line is, not by the line row, so recomputing the draft keeps it.
 */
export const billingRunAdjustments = pgTable(
  'billing_run_adjustments',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    runId: uuid('run_id')
      .notNull()
      .references(() => billingRuns.id, { onDelete: 'cascade' }),
    householdId: uuid('household_id').notNull(),
    childId: uuid('child_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    kind: text('kind').notNull(),
    action: text('action').notNull(),
    /** The amount to bill instead of the computed one (action = amount). */
    amountCents: integer('amount_cents'),
    reason: text('reason').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    updatedByUserId: uuid('updated_by_user_id').references(() => platformUsers.id, { onDelete: 'set null' }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.runId, t.householdId, t.childId, t.unitId, t.kind] }),
    check('billing_run_adjustments_kind', sql`${t.kind} in ('service','surcharge')`),
    check(
      'billing_run_adjustments_action',
      sql`(${t.action} = 'exclude' and ${t.amountCents} is null) or (${t.action} = 'amount' and ${t.amountCents} >= 0)`,
    ),
    check('billing_run_adjustments_reason', sql`length(trim(${t.reason})) between 3 and 500`),
  ],
);
export type BillingRunAdjustment = typeof billingRunAdjustments.$inferSelect;
