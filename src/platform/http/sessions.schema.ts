import { index, inet, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { platformUsers } from '../../features/accounts/accounts.schema';
import { tenants } from '../../features/tenants/tenants.schema';

/** Server-side sessions; only the SHA-256 of the cookie value is stored. */
export const platformSessions = pgTable(
  'platform_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => platformUsers.id, { onDelete: 'cascade' }),
    tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: inet('ip'),
    userAgent: text('user_agent').notNull().default(''),
  },
  (t) => [index('platform_sessions_user').on(t.userId)],
);
