import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { platformUsers } from '../accounts/accounts.schema';
import { activities, units } from '../catalogue/catalogue.schema';
import { tenants } from '../tenants/tenants.schema';
import type { TariffRule } from './domain/pricing';

export const TARIFF_MODES = ['flat', 'brackets', 'effort'] as const;
export type TariffMode = (typeof TARIFF_MODES)[number];

/**
 * One version of a unit's price, valid from a day until the next version of the same unit (prices change
 * mid-year: each billed day is priced by the version valid that day). Versions are never edited: a new
 * price is a new version, so an issued invoice can always be explained. The rule (brackets, rate of
 * effort, surcharges…) is a jsonb document validated by Zod before insert (tariffs.service.ts).
 */
export const tariffVersions = pgTable(
  'tariff_versions',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    mode: text('mode').notNull(),
    rule: jsonb('rule').$type<TariffRule>().notNull(),
    /** Counts for the tax certificate (childcare yes; meals no). */
    taxEligible: boolean('tax_eligible').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdByUserId: uuid('created_by_user_id').references(() => platformUsers.id, { onDelete: 'set null' }),
  },
  (t) => [
    // One version per unit and start day: which price applies on a day is never ambiguous.
    uniqueIndex('tariff_versions_unit_from').on(t.tenantId, t.unitId, t.validFrom),
    index('tariff_versions_activity').on(t.tenantId, t.activityId),
    check('tariff_versions_mode', sql`${t.mode} in ('flat','brackets','effort')`),
  ],
);
export type TariffVersion = typeof tariffVersions.$inferSelect;
