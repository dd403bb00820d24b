import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { households } from '../households/households.schema';
import { tenants } from '../tenants/tenants.schema';

/** A person's login: platform-wide (one e-mail, one password), joined to tenants by memberships. */
export const platformUsers = pgTable(
  'platform_users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash'),
    totpSecret: text('totp_secret'),
    /** Secret shown while the person sets TOTP up; moved to totpSecret once a code confirms it. */
    totpPendingSecret: text('totp_pending_secret'),
    /** Last accepted 30-second TOTP step: a code of this step or an earlier one is a replay. */
    totpLastStep: integer('totp_last_step'),
    isOperator: boolean('is_operator').notNull().default(false),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // E-mails compare case-insensitively: the unique index is on lower(email).
  (t) => [uniqueIndex('platform_users_email_lower').on(sql`lower(${t.email})`)],
);

export const STAFF_ROLES = ['admin', 'manager', 'director', 'animator', 'accountant'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Ties a login to a tenant: as a guardian of a household, or as staff with roles. */
export const memberships = pgTable(
  'memberships',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => platformUsers.id, { onDelete: 'cascade' }),
    householdId: uuid('household_id').references(() => households.id, { onDelete: 'cascade' }),
    roles: text('roles').array().notNull().default(sql`'{}'::text[]`),
    facilityIds: uuid('facility_ids').array().notNull().default(sql`'{}'::uuid[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('memberships_tenant_user').on(t.tenantId, t.userId),
    index('memberships_user').on(t.userId),
    // A membership is a family one (household) or a staff one (roles), never neither.
    check('memberships_kind', sql`${t.householdId} is not null or cardinality(${t.roles}) > 0`),
  ],
);

export const TOKEN_PURPOSES = [
  'activation',
  'password_reset',
  'email_change',
  'staff_invitation',
  'signup_verification',
] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

/**
 * Single-use links sent by e-mail (activation, password reset, e-mail change, invitations). Only the
 * SHA-256 of the token is stored; `usedAt` makes each one single-use (set by a conditional update).
 */
export const accountTokens = pgTable(
  'account_tokens',
  {
    tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull().unique(),
    purpose: text('purpose').notNull(),
    userId: uuid('user_id').references(() => platformUsers.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    /** Purpose-specific data: household to join, roles of an invitation, new e-mail… */
    data: jsonb('data').notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [
    index('account_tokens_user').on(t.userId),
    check(
      'account_tokens_purpose',
      sql`${t.purpose} in ('activation','password_reset','email_change','staff_invitation','signup_verification')`,
    ),
  ],
);

export const LOGIN_EVENT_KINDS = [
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'password_change',
  'password_reset',
  'activation',
  'email_change',
  'totp_enabled',
  'totp_disabled',
  'session_revoked',
] as const;
export type LoginEventKind = (typeof LOGIN_EVENT_KINDS)[number];

/** Connection history shown on "Mon compte": IPs truncated (/24, /48), user agents summarised. */
export const loginEvents = pgTable(
  'login_events',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => platformUsers.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    ip: text('ip').notNull().default(''),
    userAgent: text('user_agent').notNull().default(''),
    success: boolean('success').notNull(),
    kind: text('kind').notNull(),
  },
  (t) => [index('login_events_tenant_user_at').on(t.tenantId, t.userId, t.at)],
);

/**
 * Failed sign-ins per client IP (full address, kept 10 minutes at most): the per-IP throttle counts them
 * here, in the database, so that it holds across several server processes.
 */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ip: text('ip').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('login_failures_ip_at').on(t.ip, t.at)],
);
