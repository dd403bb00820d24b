import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema';

/**
 * A sign-up in progress, held server-side between the wizard's steps. The browser keeps only a random
 * token in a signed cookie; its SHA-256 is stored here. Deleted once the e-mail is verified.
 */
export const signupDrafts = pgTable(
  'signup_drafts',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull(),
    /** Household, guardians and children as entered (validated step by step). */
    data: jsonb('data').notNull().default({}),
    /** Set at the review step; the login gets it once the e-mail is verified. */
    passwordHash: text('password_hash'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('signup_drafts_tenant_token').on(t.tenantId, t.tokenHash),
    index('signup_drafts_expires').on(t.expiresAt),
  ],
);
