import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { platformUsers } from '../accounts/accounts.schema';
import { facilities } from '../catalogue/catalogue.schema';
import { households } from '../households/households.schema';
import { tenants } from '../tenants/tenants.schema';

export const FILE_KINDS = ['pdf', 'jpeg', 'png', 'heic'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/**
 * An uploaded file's metadata. The bytes are in the file storage under `storageKey`, a random name
 * unrelated to the original file name. `householdId` null: a file of the tenant itself.
 */
export const uploadedFiles = pgTable(
  'uploaded_files',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    householdId: uuid('household_id').references(() => households.id, { onDelete: 'cascade' }),
    /** document: the family's storage space; attachment: a message's file; tenant: a tenant document. */
    purpose: text('purpose').notNull(),
    storageKey: text('storage_key').notNull().unique(),
    originalName: text('original_name').notNull(),
    kind: text('kind').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    uploadedByUserId: uuid('uploaded_by_user_id').references(() => platformUsers.id, {
      onDelete: 'set null',
    }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('uploaded_files_household').on(t.tenantId, t.householdId, t.createdAt),
    check('uploaded_files_purpose', sql`${t.purpose} in ('document','attachment','tenant')`),
    check('uploaded_files_kind', sql`${t.kind} in ('pdf','jpeg','png','heic')`),
    check('uploaded_files_size', sql`${t.sizeBytes} > 0`),
  ],
);
export type UploadedFile = typeof uploadedFiles.$inferSelect;

export const DOCUMENT_SCOPES = ['household', 'child', 'guardian'] as const;
export type DocumentScope = (typeof DOCUMENT_SCOPES)[number];
export const VALIDITY_KINDS = ['none', 'fixed_date', 'months'] as const;
export type ValidityKind = (typeof VALIDITY_KINDS)[number];

/** What a tenant asks families to provide. */
export const documentTypes = pgTable(
  'document_types',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    scope: text('scope').notNull(),
    /** Activity names this document is mandatory for (free text until the catalogue links them). */
    mandatoryFor: text('mandatory_for').array().notNull().default(sql`'{}'::text[]`),
    validityKind: text('validity_kind').notNull().default('none'),
    validUntil: date('valid_until', { mode: 'string' }),
    validityMonths: integer('validity_months'),
    acceptedKinds: text('accepted_kinds').array().notNull().default(sql`'{pdf,jpeg,png,heic}'::text[]`),
    /** Families are reminded this many days before expiry. */
    reminderDays: integer('reminder_days').notNull().default(30),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('document_types_tenant_name').on(t.tenantId, sql`lower(${t.name})`),
    check('document_types_scope', sql`${t.scope} in ('household','child','guardian')`),
    check('document_types_validity', sql`${t.validityKind} in ('none','fixed_date','months')`),
    check(
      'document_types_validity_fields',
      sql`(${t.validityKind} <> 'fixed_date' or ${t.validUntil} is not null) and (${t.validityKind} <> 'months' or ${t.validityMonths} between 1 and 120)`,
    ),
    check('document_types_reminder', sql`${t.reminderDays} between 0 and 365`),
  ],
);
export type DocumentType = typeof documentTypes.$inferSelect;

export const SUBMISSION_STATUSES = ['pending', 'accepted', 'refused', 'withdrawn'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

/**
 * A file given for one document type and one subject (the household, a child or a guardian).
 * The newest submission per (type, household, subject) decides the state the family sees.
 */
export const documentSubmissions = pgTable(
  'document_submissions',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    typeId: uuid('type_id')
      .notNull()
      .references(() => documentTypes.id, { onDelete: 'cascade' }),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    /** A child's or guardian's id for those scopes; null for the household scope. */
    subjectId: uuid('subject_id'),
    fileId: uuid('file_id')
      .notNull()
      .references(() => uploadedFiles.id, { onDelete: 'restrict' }),
    status: text('status').notNull().default('pending'),
    refusalReason: text('refusal_reason'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    submittedByUserId: uuid('submitted_by_user_id').references(() => platformUsers.id, {
      onDelete: 'set null',
    }),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewedByUserId: uuid('reviewed_by_user_id').references(() => platformUsers.id, {
      onDelete: 'set null',
    }),
    /** Set at acceptance from the type's validity rule. */
    validUntil: date('valid_until', { mode: 'string' }),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
  },
  (t) => [
    index('document_submissions_household').on(t.tenantId, t.householdId, t.submittedAt),
    index('document_submissions_status').on(t.tenantId, t.status, t.submittedAt),
    // At most one submission awaiting review per request: a new upload withdraws the previous one, and
    // two uploads racing cannot both stay pending.
    uniqueIndex('document_submissions_one_pending')
      .on(
        t.tenantId,
        t.typeId,
        t.householdId,
        sql`coalesce(${t.subjectId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      )
      .where(sql`${t.status} = 'pending'`),
    check('document_submissions_status', sql`${t.status} in ('pending','accepted','refused','withdrawn')`),
    check('document_submissions_refusal', sql`${t.status} <> 'refused' or ${t.refusalReason} is not null`),
  ],
);
export type DocumentSubmission = typeof documentSubmissions.$inferSelect;

export const TENANT_DOCUMENT_CATEGORIES = ['reglement', 'menu', 'programme', 'formulaire', 'autre'] as const;

/** A document of the tenant for families to download (rules, menus, programmes, forms). */
export const tenantDocuments = pgTable(
  'tenant_documents',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    facilityId: uuid('facility_id').references(() => facilities.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    category: text('category').notNull(),
    fileId: uuid('file_id')
      .notNull()
      .references(() => uploadedFiles.id, { onDelete: 'restrict' }),
    createdByUserId: uuid('created_by_user_id').references(() => platformUsers.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('tenant_documents_tenant').on(t.tenantId, t.facilityId),
    check(
      'tenant_documents_category',
      sql`${t.category} in ('reglement','menu','programme','formulaire','autre')`,
    ),
  ],
);
