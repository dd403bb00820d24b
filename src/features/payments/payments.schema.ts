import { sql } from 'drizzle-orm';
import {
  check,
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
import { invoices } from '../billing/billing.schema';
import { households } from '../households/households.schema';
import { tenants } from '../tenants/tenants.schema';

export const PAYMENT_METHODS = [
  'online',
  'cheque',
  'cash',
  'cesu',
  'ancv',
  'transfer',
  'direct_debit',
] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const MANUAL_METHODS = ['cheque', 'cash', 'cesu', 'ancv', 'transfer'] as const;

/**
 * pending: written before the redirect to the provider (or a collection not yet settled);
 * paid: the invoices are settled; refused / abandoned / expired / error: nothing was paid;
 * flagged: the provider says paid but the amount does not match (staff look, invoices stay unpaid);
 * cancelled: a manual payment taken back (reason audited); returned: a direct debit the bank sent back.
 */
export const PAYMENT_STATUSES = [
  'pending',
  'paid',
  'refused',
  'abandoned',
  'expired',
  'error',
  'flagged',
  'cancelled',
  'returned',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const payments = pgTable(
  'payments',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'restrict' }),
    method: text('method').notNull(),
    /** Online payments: simulator | payfip | systempay. */
    provider: text('provider'),
    /** The provider's reference (PayFiP idOp, Systempay trans id + date, simulator id): one payment each. */
    providerRef: text('provider_ref'),
    status: text('status').notNull().default('pending'),
    amountCents: integer('amount_cents').notNull(),
    /** Cheque number, bank, transfer label… (manual payments). */
    reference: text('reference').notNull().default(''),
    /** Receipt number given when paid ("REC-2026-000012"), unique per tenant. */
    receiptNumber: text('receipt_number'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    /** Last time a job asked the provider (pending online payments are polled). */
    checkedAt: timestamp('checked_at', { withTimezone: true }),
    statusReason: text('status_reason'),
    /** The form's one-time token (manual payments): a replayed submission finds the first payment. */
    formToken: uuid('form_token'),
    createdByUserId: uuid('created_by_user_id').references(() => platformUsers.id, { onDelete: 'set null' }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelledByUserId: uuid('cancelled_by_user_id').references(() => platformUsers.id, {
      onDelete: 'set null',
    }),
  },
  (t) => [
    // The same notification twice (or concurrently) finds one payment: the provider reference is unique.
    uniqueIndex('payments_provider_ref')
      .on(t.tenantId, t.provider, t.providerRef)
      .where(sql`${t.providerRef} is not null`),
    uniqueIndex('payments_receipt')
      .on(t.tenantId, t.receiptNumber)
      .where(sql`${t.receiptNumber} is not null`),
    uniqueIndex('payments_form_token').on(t.tenantId, t.formToken).where(sql`${t.formToken} is not null`),
    index('payments_household').on(t.tenantId, t.householdId, t.createdAt),
    index('payments_pending').on(t.tenantId, t.createdAt).where(sql`${t.status} = 'pending'`),
    check(
      'payments_method',
      sql`${t.method} in ('online','cheque','cash','cesu','ancv','transfer','direct_debit')`,
    ),
    check(
      'payments_status',
      sql`${t.status} in ('pending','paid','refused','abandoned','expired','error','flagged','cancelled','returned')`,
    ),
    check('payments_provider', sql`(${t.method} = 'online') = (${t.provider} is not null)`),
    check('payments_amount', sql`${t.amountCents} > 0`),
    check('payments_paid_at', sql`${t.status} <> 'paid' or ${t.paidAt} is not null`),
  ],
);
export type Payment = typeof payments.$inferSelect;

/** Which invoices a payment pays, and how much of each (online payments pay each invoice whole). */
export const paymentAllocations = pgTable(
  'payment_allocations',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    paymentId: uuid('payment_id')
      .notNull()
      .references(() => payments.id, { onDelete: 'cascade' }),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id, { onDelete: 'restrict' }),
    amountCents: integer('amount_cents').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.paymentId, t.invoiceId] }),
    index('payment_allocations_invoice').on(t.tenantId, t.invoiceId),
    check('payment_allocations_amount', sql`${t.amountCents} > 0`),
  ],
);
