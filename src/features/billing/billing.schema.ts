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
import { platformUsers } from '../accounts/accounts.schema';
import { activities, units } from '../catalogue/catalogue.schema';
import { children, households } from '../households/households.schema';
import { tenants } from '../tenants/tenants.schema';

export const NUMBER_SERIES = ['invoice', 'credit_note', 'receipt'] as const;
export type NumberSeries = (typeof NUMBER_SERIES)[number];

/**
 * The last number given in each series per tenant and year. Numbers are gap-free because the row is
 * incremented inside the transaction that writes the invoice (or credit note): a rollback gives the
 * number back, and the row lock orders concurrent issuers (see numbering.ts).
 */
export const numberSequences = pgTable(
  'number_sequences',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    series: text('series').notNull(),
    year: integer('year').notNull(),
    lastValue: integer('last_value').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.series, t.year] }),
    check('number_sequences_series', sql`${t.series} in ('invoice','credit_note','receipt')`),
    check('number_sequences_value', sql`${t.lastValue} >= 1`),
  ],
);

export const INVOICE_STATUSES = ['unpaid', 'in_collection', 'paid'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** Issuer identity frozen at issue (an issued invoice never changes, even if the tenant moves). */
export interface InvoiceIssuer {
  name: string;
  legalName: string;
  siret: string;
  address: string;
  contactEmail: string;
  contactPhone: string;
}

/**
 * An issued invoice. Content columns never change after insert (corrections are credit notes); only
 * the settlement columns move: `credited_cents` (credit notes), `settled_cents` (payments) and
 * `status`. Amount due = total − credited − settled, never negative (check below).
 */
export const invoices = pgTable(
  'invoices',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'restrict' }),
    /** "2026-000123" or with the tenant prefix "ENF-2026-000123". */
    number: text('number').notNull(),
    year: integer('year').notNull(),
    sequence: integer('sequence').notNull(),
    /** The billed month: first and last day. */
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    totalCents: integer('total_cents').notNull(),
    creditedCents: integer('credited_cents').notNull().default(0),
    settledCents: integer('settled_cents').notNull().default(0),
    status: text('status').notNull().default('unpaid'),
    /** Payer name and postal address as printed. */
    payerName: text('payer_name').notNull(),
    payerAddress: text('payer_address').notNull().default(''),
    issuer: jsonb('issuer').$type<InvoiceIssuer>().notNull(),
    /** The billing run that issued it (null: issued by hand or imported). */
    runId: uuid('run_id'),
    /** Paperless households get it by e-mail; the others are printed (listed for staff). */
    paperless: boolean('paperless').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('invoices_number').on(t.tenantId, t.number),
    // Staff search by invoice number (backoffice/invoice-search.ts): case-insensitive prefix LIKE, which
    // a btree can serve only with the pattern operator class (the database collation is not C).
    index('invoices_number_search').on(t.tenantId, t.number.op('text_pattern_ops')),
    uniqueIndex('invoices_sequence').on(t.tenantId, t.year, t.sequence),
    // A run issues at most one invoice per household and month: a resumed run cannot bill twice.
    uniqueIndex('invoices_run_household')
      .on(t.tenantId, t.runId, t.householdId)
      .where(sql`${t.runId} is not null`),
    index('invoices_household').on(t.tenantId, t.householdId, t.issuedOn),
    index('invoices_open').on(t.tenantId, t.dueOn).where(sql`${t.status} <> 'paid'`),
    check('invoices_status', sql`${t.status} in ('unpaid','in_collection','paid')`),
    check('invoices_total', sql`${t.totalCents} >= 0`),
    check('invoices_credited', sql`${t.creditedCents} >= 0`),
    check('invoices_settled', sql`${t.settledCents} >= 0`),
    // Never more credited and paid than invoiced: over-payment is refused by the database itself.
    check('invoices_due', sql`${t.creditedCents} + ${t.settledCents} <= ${t.totalCents}`),
    check(
      'invoices_paid_status',
      sql`(${t.status} = 'paid') = (${t.creditedCents} + ${t.settledCents} = ${t.totalCents})`,
    ),
    check('invoices_period', sql`${t.periodEnd} >= ${t.periodStart}`),
  ],
);
export type Invoice = typeof invoices.$inferSelect;

export const LINE_KINDS = ['service', 'surcharge', 'adjustment'] as const;
export type LineKind = (typeof LINE_KINDS)[number];

/** A line of an issued invoice: names are copied so the printed invoice never changes. */
export const invoiceLines = pgTable(
  'invoice_lines',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    kind: text('kind').notNull(),
    childId: uuid('child_id').references(() => children.id, { onDelete: 'set null' }),
    childName: text('child_name').notNull().default(''),
    /** Null for a child born after the birth dates were anonymised; used by the tax certificate. */
    childBirthDate: date('child_birth_date', { mode: 'string' }),
    activityId: uuid('activity_id').references(() => activities.id, { onDelete: 'set null' }),
    unitId: uuid('unit_id').references(() => units.id, { onDelete: 'set null' }),
    /** "Accueil du mercredi — Journée", "Majoration : présent sans réservation"… */
    label: text('label').notNull(),
    /** The days billed by this line (ISO), printed as dates. */
    days: date('days', { mode: 'string' }).array().notNull().default(sql`'{}'::date[]`),
    quantity: integer('quantity').notNull(),
    unitPriceCents: integer('unit_price_cents').notNull(),
    amountCents: integer('amount_cents').notNull(),
    /** How the price was found ("QF 820 : tranche 701–1000", "Taux d'effort 0,85 %…"). */
    pricingNote: text('pricing_note').notNull().default(''),
    /** Counts for the tax certificate (childcare: not meals, surcharges or penalties). */
    taxEligible: boolean('tax_eligible').notNull().default(false),
  },
  (t) => [
    uniqueIndex('invoice_lines_position').on(t.tenantId, t.invoiceId, t.position),
    index('invoice_lines_child').on(t.tenantId, t.childId),
    check('invoice_lines_kind', sql`${t.kind} in ('service','surcharge','adjustment')`),
    check('invoice_lines_quantity', sql`${t.quantity} >= 0`),
  ],
);
export type InvoiceLine = typeof invoiceLines.$inferSelect;

/**
 * A credit note (avoir) against one issued invoice, in its own gap-free series. Partial or whole;
 * the sum of an invoice's credit notes never exceeds what is still due (checked on `invoices`).
 */
export const creditNotes = pgTable(
  'credit_notes',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id, { onDelete: 'restrict' }),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'restrict' }),
    number: text('number').notNull(),
    year: integer('year').notNull(),
    sequence: integer('sequence').notNull(),
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    amountCents: integer('amount_cents').notNull(),
    reason: text('reason').notNull(),
    issuer: jsonb('issuer').$type<InvoiceIssuer>().notNull(),
    /** The form's one-time token: a replayed submission finds the first credit note. */
    formToken: uuid('form_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdByUserId: uuid('created_by_user_id').references(() => platformUsers.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('credit_notes_number').on(t.tenantId, t.number),
    uniqueIndex('credit_notes_sequence').on(t.tenantId, t.year, t.sequence),
    uniqueIndex('credit_notes_form_token').on(t.tenantId, t.formToken),
    index('credit_notes_invoice').on(t.tenantId, t.invoiceId),
    check('credit_notes_amount', sql`${t.amountCents} > 0`),
  ],
);
export type CreditNote = typeof creditNotes.$inferSelect;
