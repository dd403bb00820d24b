import { sql } from 'drizzle-orm';
import { check, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema';

export const PAYMENT_PROVIDERS = ['simulator', 'payfip', 'systempay'] as const;
export type PaymentProvider = (typeof PAYMENT_PROVIDERS)[number];
/** PayFiP `saisie`: T test, X activation, W production. */
export const PAYFIP_MODES = ['T', 'X', 'W'] as const;
export const A11Y_STATUSES = ['non', 'partiel', 'total'] as const;
export type A11yStatus = (typeof A11Y_STATUSES)[number];

/**
 * Tenant settings that only administrators edit and that the layout does not need on every request
 * (the identity, colour, logo and calendar columns stay on `tenants`, which is cached in memory).
 * One row per tenant, created on first save. Secrets are sealed (AES-256-GCM, key outside the database).
 */
export const tenantSettings = pgTable(
  'tenant_settings',
  {
    tenantId: uuid('tenant_id')
      .primaryKey()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** Rules of the service (règlement intérieur), plain text shown escaped. */
    rulesText: text('rules_text').notNull().default(''),
    /** The tenant's own accessibility text (non-accessible content, derogations, audit date). */
    a11yStatement: text('a11y_statement').notNull().default(''),
    /** SEPA creditor identifier (ICS), French format FRkkZZZnnnnnn, mod-97 checked before saving. */
    sepaCreditorId: text('sepa_creditor_id'),
    invoicePrefix: text('invoice_prefix').notNull().default(''),
    paymentProvider: text('payment_provider').notNull().default('simulator'),
    payfipNumcli: text('payfip_numcli'),
    /** PayFiP `saisie`: T test, X activation, W production (added by online payments). */
    payfipMode: text('payfip_mode').notNull().default('T'),
    systempaySiteId: text('systempay_site_id'),
    /** Systempay HMAC key, sealed (src/platform/secrets.ts); never shown back, only its date. */
    systempayKeySealed: text('systempay_key_sealed'),
    systempayKeySetAt: timestamp('systempay_key_set_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    check('tenant_settings_provider', sql`${t.paymentProvider} in ('simulator','payfip','systempay')`),
    check(
      'tenant_settings_ics',
      sql`${t.sepaCreditorId} is null or ${t.sepaCreditorId} ~ '^FR[0-9]{2}[A-Z0-9]{3}[0-9]{6}$'`,
    ),
    check('tenant_settings_prefix', sql`${t.invoicePrefix} ~ '^[A-Z0-9-]{0,12}$'`),
    check('tenant_settings_numcli', sql`${t.payfipNumcli} is null or ${t.payfipNumcli} ~ '^[0-9]{6}$'`),
    check('tenant_settings_payfip_mode', sql`${t.payfipMode} in ('T','X','W')`),
    check('tenant_settings_site', sql`${t.systempaySiteId} is null or ${t.systempaySiteId} ~ '^[0-9]{8}$'`),
  ],
);
export type TenantSettings = typeof tenantSettings.$inferSelect;
