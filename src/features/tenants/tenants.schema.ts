import { sql } from 'drizzle-orm';
import { boolean, check, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A public body served by the platform. Global table: it is the tenancy root. */
export const tenants = pgTable(
  'tenants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    legalName: text('legal_name').notNull(),
    siret: text('siret').notNull(),
    address: text('address').notNull().default(''),
    contactEmail: text('contact_email').notNull(),
    contactPhone: text('contact_phone').notNull().default(''),
    timeZone: text('time_zone').notNull().default('Europe/Paris'),
    schoolZone: text('school_zone').notNull().default('B'),
    holidayRegion: text('holiday_region').notNull().default('metropole'),
    locale: text('locale').notNull().default('fr'),
    logoFile: text('logo_file'),
    primaryColor: text('primary_color').notNull().default('#1f4e8c'),
    hostnames: text('hostnames').array().notNull().default(sql`'{}'::text[]`),
    status: text('status').notNull().default('active'),
    /** Families may create their household themselves (sign-up wizard, validated by staff). */
    allowSignup: boolean('allow_signup').notNull().default(true),
    /** Administrators must sign in with a second factor (TOTP). */
    requireAdminTotp: boolean('require_admin_totp').notNull().default(false),
    /** RGAA compliance status, shown in every page's footer and in the accessibility statement. */
    a11yStatus: text('a11y_status').notNull().default('partiel'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Slugs share the URL space with platform routes: keep them lowercase words.
    check('tenants_slug_format', sql`${t.slug} ~ '^[a-z0-9][a-z0-9-]{1,40}$'`),
    check('tenants_school_zone', sql`${t.schoolZone} in ('A','B','C')`),
    check('tenants_holiday_region', sql`${t.holidayRegion} in ('metropole','alsace-moselle','monaco')`),
    check('tenants_status', sql`${t.status} in ('active','suspended')`),
    check('tenants_a11y_status', sql`${t.a11yStatus} in ('non','partiel','total')`),
    check('tenants_color', sql`${t.primaryColor} ~ '^#[0-9a-fA-F]{6}$'`),
  ],
);
export type Tenant = typeof tenants.$inferSelect;
