import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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
    email: text('email').notNull().default(''),
    allocataireRegime: text('allocataire_regime'),
    allocataireNumber: text('allocataire_number'),
    familyQuotient: integer('family_quotient'),
    status: text('status').notNull().default('active'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('households_tenant_name').on(t.tenantId, t.name),
    check('households_status', sql`${t.status} in ('pending','active','archived')`),
    check('households_qf', sql`${t.familyQuotient} is null or ${t.familyQuotient} >= 0`),
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
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    email: text('email').notNull().default(''),
    mobilePhone: text('mobile_phone').notNull().default(''),
    employer: text('employer').notNull().default(''),
    profession: text('profession').notNull().default(''),
  },
  (t) => [index('guardians_household').on(t.tenantId, t.householdId)],
);

/** A child of a household. */
export const children = pgTable(
  'children',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    sex: text('sex').notNull(),
    school: text('school').notNull().default(''),
    schoolClass: text('school_class').notNull().default(''),
  },
  (t) => [
    index('children_household').on(t.tenantId, t.householdId),
    check('children_sex', sql`${t.sex} in ('F','M')`),
  ],
);
