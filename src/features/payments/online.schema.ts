import { sql } from 'drizzle-orm';
import { check, date, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema';

export const SIMULATOR_NOTIFY_MODES = ['now', 'late', 'twice', 'never'] as const;
export type SimulatorNotifyMode = (typeof SIMULATOR_NOTIFY_MODES)[number];

/**
 * The simulated bank's own book (development, tests, demo): what the payer decided on the hosted page.
 * `fetchStatus` of the simulator answers from here, so polling works when the notification never comes.
 * Nothing here is money: the app's truth stays in `payments`.
 */
export const paymentSimulations = pgTable(
  'payment_simulations',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** The provider reference the app stores in payments.provider_ref ("SIM-…"). */
    ref: text('ref').primaryKey(),
    amountCents: integer('amount_cents').notNull(),
    label: text('label').notNull(),
    /** WAITING until the payer decides, then PAID | DENIED | CANCELLED. */
    status: text('status').notNull().default('WAITING'),
    /** When the server-to-server notification is sent: at once, late (a job), twice, or never. */
    notifyMode: text('notify_mode').notNull().default('now'),
    notifyUrl: text('notify_url').notNull(),
    returnUrl: text('return_url').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    check('payment_simulations_status', sql`${t.status} in ('WAITING','PAID','DENIED','CANCELLED')`),
    check('payment_simulations_mode', sql`${t.notifyMode} in ('now','late','twice','never')`),
    check('payment_simulations_amount', sql`${t.amountCents} > 0`),
  ],
);
export type PaymentSimulation = typeof paymentSimulations.$inferSelect;

/**
 * Systempay's vads_trans_id must be unique per shop and per day (6 digits, 000000–899999): one counter
 * row per tenant and day (Paris day, the gateway's), incremented in the transaction that uses it.
 */
export const systempayTransCounters = pgTable(
  'systempay_trans_counters',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    lastValue: integer('last_value').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.day] }),
    // The gateway refuses 900000 and above: a shop cannot take more than 899 999 payments a day.
    check('systempay_trans_counters_range', sql`${t.lastValue} between 1 and 899999`),
  ],
);
