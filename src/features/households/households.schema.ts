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
import { tenants } from '../tenants/tenants.schema';

/** A family (foyer): address, contact and billing settings. */
export const households = pgTable(
  'households',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    addressLine: text('address_line').notNull().default(''),
    postalCode: text('postal_code').notNull().default(''),
    city: text('city').notNull().default(''),
    phone: text('phone').notNull().default(''),
    phone2: text('phone2').notNull().default(''),
    email: text('email').notNull().default(''),
    allocataireRegime: text('allocataire_regime'),
    allocataireNumber: text('allocataire_number'),
    /** Current family quotient (copy of the latest `family_quotients` row, for pricing reads). */
    familyQuotient: integer('family_quotient'),
    qfValidFrom: date('qf_valid_from', { mode: 'string' }),
    qfSource: text('qf_source'),
    familySituation: text('family_situation').notNull().default(''),
    professionalSituation: text('professional_situation').notNull().default(''),
    paperlessInvoices: boolean('paperless_invoices').notNull().default(true),
    /** Lives in the municipality (priority criterion of request-window allocations; staff editing to come). */
    resident: boolean('resident').notNull().default(false),
    status: text('status').notNull().default('active'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Identifier in the system the household was imported from (CSV import: re-import updates). */
    externalRef: text('external_ref'),
    /** A duplicate merged into another household: archived, pointing at the one kept. */
    mergedIntoId: uuid('merged_into_id'),
    /** RGPD: when names, contacts and health data were replaced (archived, irreversible). */
    anonymisedAt: timestamp('anonymised_at', { withTimezone: true }),
  },
  (t) => [
    index('households_tenant_name').on(t.tenantId, t.name),
    // Re-importing the same file finds each household again by its reference in the previous system.
    uniqueIndex('households_external_ref')
      .on(t.tenantId, t.externalRef)
      .where(sql`${t.externalRef} is not null`),
    check('households_status', sql`${t.status} in ('pending','active','archived')`),
    check('households_qf', sql`${t.familyQuotient} is null or ${t.familyQuotient} >= 0`),
    check('households_qf_source', sql`${t.qfSource} is null or ${t.qfSource} in ('manual','document','api')`),
  ],
);

/** History of a household's family quotient (QF): one row per value and start date. */
export const familyQuotients = pgTable(
  'family_quotients',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    value: integer('value').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    source: text('source').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One value per start date: a later correction of the same date replaces it (upsert).
    uniqueIndex('family_quotients_household_from').on(t.tenantId, t.householdId, t.validFrom),
    check('family_quotients_value', sql`${t.value} >= 0`),
    check('family_quotients_source', sql`${t.source} in ('manual','document','api')`),
  ],
);

/** A legal guardian (responsable légal). A guardian may have a login through a membership. */
export const guardians = pgTable(
  'guardians',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    civility: text('civility').notNull().default(''),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    email: text('email').notNull().default(''),
    mobilePhone: text('mobile_phone').notNull().default(''),
    homePhone: text('home_phone').notNull().default(''),
    workPhone: text('work_phone').notNull().default(''),
    employer: text('employer').notNull().default(''),
    profession: text('profession').notNull().default(''),
    /** Identifier in the system the guardian was imported from. */
    externalRef: text('external_ref'),
  },
  (t) => [
    index('guardians_household').on(t.tenantId, t.householdId),
    uniqueIndex('guardians_external_ref')
      .on(t.tenantId, t.externalRef)
      .where(sql`${t.externalRef} is not null`),
  ],
);

/**
 * A child. Which households it belongs to is `household_children` (shared custody: two households);
 * health data lives apart in `child_health`.
 */
export const children = pgTable(
  'children',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    sex: text('sex').notNull(),
    school: text('school').notNull().default(''),
    schoolClass: text('school_class').notNull().default(''),
    imageRights: boolean('image_rights').notNull().default(false),
    /** Identifier in the system the child was imported from. */
    externalRef: text('external_ref'),
  },
  (t) => [
    index('children_tenant').on(t.tenantId),
    check('children_sex', sql`${t.sex} in ('F','M')`),
    uniqueIndex('children_external_ref')
      .on(t.tenantId, t.externalRef)
      .where(sql`${t.externalRef} is not null`),
  ],
);

/** The source of truth of "whose child": a child in shared custody has two rows. */
export const householdChildren = pgTable(
  'household_children',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    childId: uuid('child_id')
      .notNull()
      .references(() => children.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.householdId, t.childId] }),
    index('household_children_child').on(t.tenantId, t.childId),
  ],
);

/** Health data of a child, kept apart from the identity (need-to-know; every staff read is audited). */
export const childHealth = pgTable(
  'child_health',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    childId: uuid('child_id')
      .primaryKey()
      .references(() => children.id, { onDelete: 'cascade' }),
    diet: text('diet').notNull().default(''),
    allergies: text('allergies').notNull().default(''),
    pai: boolean('pai').notNull().default(false),
    paiNotes: text('pai_notes').notNull().default(''),
    doctorName: text('doctor_name').notNull().default(''),
    doctorPhone: text('doctor_phone').notNull().default(''),
  },
  (t) => [uniqueIndex('child_health_tenant_child').on(t.tenantId, t.childId)],
);

/** A person the household trusts: may pick the children up, to call in an emergency. */
export const householdContacts = pgTable(
  'household_contacts',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    relation: text('relation').notNull().default(''),
    mobilePhone: text('mobile_phone').notNull().default(''),
    otherPhone: text('other_phone').notNull().default(''),
    mayPickUp: boolean('may_pick_up').notNull().default(false),
    emergency: boolean('emergency').notNull().default(false),
    /** Children of the household this contact is for (empty = all). */
    childIds: uuid('child_ids').array().notNull().default(sql`'{}'::uuid[]`),
  },
  (t) => [index('household_contacts_household').on(t.tenantId, t.householdId)],
);

/** A tenant's choice, per field, of how a family's change applies (defaults in requests/domain). */
export const householdFieldPolicies = pgTable(
  'household_field_policies',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    fieldKey: text('field_key').notNull(),
    mode: text('mode').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.fieldKey] }),
    check('household_field_policies_mode', sql`${t.mode} in ('direct','validated','staff_only')`),
  ],
);
