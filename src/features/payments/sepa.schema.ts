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
import { invoices } from '../billing/billing.schema';
import { households } from '../households/households.schema';
import { tenants } from '../tenants/tenants.schema';
import { payments } from './payments.schema';

/**
 * The tenant's SEPA creditor account and file format (the ICS itself is `tenant_settings.sepa_creditor_id`).
 * No row: direct debit is not set up, the collection page says so.
 */
export const sepaSettings = pgTable(
  'sepa_settings',
  {
    tenantId: uuid('tenant_id')
      .primaryKey()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    format: text('format').notNull().default('pain.008.001.02'),
    creditorName: text('creditor_name').notNull(),
    /** The creditor's own account (not personal data): stored plain, validated with ibantools. */
    creditorIban: text('creditor_iban').notNull(),
    creditorBic: text('creditor_bic'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    updatedByUserId: uuid('updated_by_user_id').references(() => platformUsers.id, { onDelete: 'set null' }),
  },
  (t) => [
    check('sepa_settings_format', sql`${t.format} in ('pain.008.001.02','pain.008.001.08')`),
    check('sepa_settings_name', sql`length(${t.creditorName}) between 1 and 70`),
  ],
);
export type SepaSettings = typeof sepaSettings.$inferSelect;

/**
 * A family's request for direct debit (or for a change of bank details: `kind = 'amendment'`). The IBAN
 * is sealed (AES-GCM, src/platform/secrets.ts); only the masked form is readable. The RIB document is
 * in the encrypted file storage under `document_key`.
 */
export const sepaMandateRequests = pgTable(
  'sepa_mandate_requests',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    accountHolder: text('account_holder').notNull(),
    bankName: text('bank_name').notNull(),
    bic: text('bic'),
    ibanSealed: text('iban_sealed').notNull(),
    ibanMasked: text('iban_masked').notNull(),
    documentKey: text('document_key').notNull().unique(),
    documentName: text('document_name').notNull(),
    documentKind: text('document_kind').notNull(),
    documentSize: integer('document_size').notNull(),
    /** The mandate text the family accepted (creditor, ICS), kept as shown. */
    acceptedText: text('accepted_text').notNull(),
    status: text('status').notNull().default('pending'),
    decisionComment: text('decision_comment'),
    formToken: uuid('form_token').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    submittedByUserId: uuid('submitted_by_user_id').references(() => platformUsers.id, {
      onDelete: 'set null',
    }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedByUserId: uuid('decided_by_user_id').references(() => platformUsers.id, { onDelete: 'set null' }),
    mandateId: uuid('mandate_id'),
  },
  (t) => [
    // A replayed form inserts one request.
    uniqueIndex('sepa_mandate_requests_token').on(t.tenantId, t.householdId, t.formToken),
    // One request waiting at a time per household: a second one would make the decision ambiguous.
    uniqueIndex('sepa_mandate_requests_pending')
      .on(t.tenantId, t.householdId)
      .where(sql`${t.status} = 'pending'`),
    index('sepa_mandate_requests_queue').on(t.tenantId, t.submittedAt).where(sql`${t.status} = 'pending'`),
    check('sepa_mandate_requests_kind', sql`${t.kind} in ('new','amendment')`),
    check('sepa_mandate_requests_status', sql`${t.status} in ('pending','accepted','refused','withdrawn')`),
    check('sepa_mandate_requests_refusal', sql`${t.status} <> 'refused' or ${t.decisionComment} is not null`),
  ],
);
export type SepaMandateRequest = typeof sepaMandateRequests.$inferSelect;

/**
 * A SEPA Core mandate. The RUM is unique per tenant (creditor) and random (never derived from the IBAN
 * or identity). A change of bank details keeps the RUM and counts an amendment (see ADR 0023);
 * `needs_first` says the next debit is FRST (new mandate, amendment, or an MD01/AC01 return).
 */
export const sepaMandates = pgTable(
  'sepa_mandates',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'restrict' }),
    rum: text('rum').notNull(),
    accountHolder: text('account_holder').notNull(),
    bankName: text('bank_name').notNull(),
    bic: text('bic'),
    ibanSealed: text('iban_sealed').notNull(),
    ibanMasked: text('iban_masked').notNull(),
    signedOn: date('signed_on', { mode: 'string' }).notNull(),
    status: text('status').notNull().default('active'),
    needsFirst: boolean('needs_first').notNull().default(true),
    amendments: integer('amendments').notNull().default(0),
    amendedAt: timestamp('amended_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedReason: text('revoked_reason'),
  },
  (t) => [
    // The RUM identifies the mandate at the creditor: unique per tenant.
    uniqueIndex('sepa_mandates_rum').on(t.tenantId, t.rum),
    // One active mandate per household: a collection must not debit a family twice.
    uniqueIndex('sepa_mandates_active').on(t.tenantId, t.householdId).where(sql`${t.status} = 'active'`),
    check('sepa_mandates_status', sql`${t.status} in ('active','revoked')`),
    check('sepa_mandates_rum_len', sql`length(${t.rum}) between 1 and 35`),
  ],
);
export type SepaMandate = typeof sepaMandates.$inferSelect;

/** A collection (one pain.008 file) for a date; its debits are `sepa_collection_items`. */
export const sepaCollections = pgTable(
  'sepa_collections',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    messageId: text('message_id').notNull(),
    collectionDate: date('collection_date', { mode: 'string' }).notNull(),
    format: text('format').notNull(),
    status: text('status').notNull().default('created'),
    totalCents: integer('total_cents').notNull(),
    count: integer('count').notNull(),
    formToken: uuid('form_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdByUserId: uuid('created_by_user_id').references(() => platformUsers.id, { onDelete: 'set null' }),
    settledAt: timestamp('settled_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('sepa_collections_msg').on(t.tenantId, t.messageId),
    // A replayed "create" form finds the first collection.
    uniqueIndex('sepa_collections_token').on(t.tenantId, t.formToken),
    check('sepa_collections_status', sql`${t.status} in ('created','settled')`),
    check('sepa_collections_count', sql`${t.count} > 0 and ${t.totalCents} > 0`),
  ],
);
export type SepaCollection = typeof sepaCollections.$inferSelect;

/** One debit of a collection: an invoice, its direct_debit payment, the mandate and sequence used. */
export const sepaCollectionItems = pgTable(
  'sepa_collection_items',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    collectionId: uuid('collection_id')
      .notNull()
      .references(() => sepaCollections.id, { onDelete: 'cascade' }),
    paymentId: uuid('payment_id')
      .notNull()
      .references(() => payments.id, { onDelete: 'restrict' }),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id, { onDelete: 'restrict' }),
    mandateId: uuid('mandate_id')
      .notNull()
      .references(() => sepaMandates.id, { onDelete: 'restrict' }),
    endToEndId: text('end_to_end_id').notNull(),
    sequenceType: text('sequence_type').notNull(),
    amountCents: integer('amount_cents').notNull(),
    returned: boolean('returned').notNull().default(false),
    returnCode: text('return_code'),
  },
  (t) => [
    primaryKey({ columns: [t.collectionId, t.invoiceId] }),
    uniqueIndex('sepa_collection_items_payment').on(t.paymentId),
    uniqueIndex('sepa_collection_items_e2e').on(t.tenantId, t.endToEndId),
    // An invoice is debited by at most one live collection (two accountants creating the same month's
    // collection at once cannot both take it); a returned debit frees it for a later collection.
    uniqueIndex('sepa_collection_items_live_invoice')
      .on(t.tenantId, t.invoiceId)
      .where(sql`not ${t.returned}`),
    index('sepa_collection_items_mandate').on(t.tenantId, t.mandateId),
    check('sepa_collection_items_seq', sql`${t.sequenceType} in ('FRST','RCUR')`),
    check('sepa_collection_items_amount', sql`${t.amountCents} > 0`),
  ],
);

/** The tenant's reminder delays (days after the due date); no row = no reminders. */
export const dunningSettings = pgTable(
  'dunning_settings',
  {
    tenantId: uuid('tenant_id')
      .primaryKey()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    delays: integer('delays').array().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    updatedByUserId: uuid('updated_by_user_id').references(() => platformUsers.id, { onDelete: 'set null' }),
  },
  (t) => [check('dunning_settings_delays', sql`cardinality(${t.delays}) between 0 and 3`)],
);

/** Reminders sent: one per invoice and level (the primary key makes a rerun send nothing twice). */
export const dunningNotices = pgTable(
  'dunning_notices',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id, { onDelete: 'cascade' }),
    level: integer('level').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.invoiceId, t.level] }),
    index('dunning_notices_tenant').on(t.tenantId, t.sentAt),
  ],
);
