import { and, count, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import { auditLog } from '../../platform/audit/audit.schema';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import { endAllSessionsOfUser, hashToken, newToken, type SessionPolicy } from '../../platform/http/session';
import { platformSessions } from '../../platform/http/sessions.schema';
import { enqueueEmail } from '../../platform/mail/outbox';
import { guardians } from '../households/households.schema';
import { tenants } from '../tenants/tenants.schema';
import {
  accountTokens,
  type LoginEventKind,
  loginEvents,
  loginFailures,
  memberships,
  platformUsers,
  type StaffRole,
} from './accounts.schema';
import { COMMON_PASSWORDS } from './common-passwords';
import { summarizeUserAgent, truncateIp } from './domain/network';
import { passwordProblem } from './domain/password-policy';
import {
  ACCOUNT_LOCK_MS,
  ACCOUNT_MAX_FAILURES,
  accountLocked,
  IP_WINDOW_MS,
  ipBlocked,
} from './domain/throttle';
import { assertArgonCapacity, hashPasswordLimited, verifyDummy, verifyPasswordLimited } from './passwords';
import { consumeAccountToken, createAccountToken, findAccountToken } from './tokens';

export type User = typeof platformUsers.$inferSelect;

/** Who asks, for the history and the audit trail. */
export interface Client {
  ip: string;
  userAgent: string;
}

export const GENERIC_SIGN_IN_ERROR = 'Adresse e-mail ou mot de passe incorrect.';

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export function checkNewPassword(password: string, email?: string): string | null {
  return passwordProblem(password, { email, common: COMMON_PASSWORDS });
}

// ---------------------------------------------------------------------------------------------------------
// History and audit

export async function recordLoginEvent(
  db: Db,
  e: { tenantId: string; userId: string; at: Date; client: Client; success: boolean; kind: LoginEventKind },
): Promise<void> {
  await db.insert(loginEvents).values({
    tenantId: e.tenantId,
    userId: e.userId,
    at: e.at,
    ip: truncateIp(e.client.ip),
    userAgent: summarizeUserAgent(e.client.userAgent),
    success: e.success,
    kind: e.kind,
  });
}

export async function writeAudit(
  db: Db,
  a: {
    tenantId: string | null;
    actorUserId: string | null;
    at: Date;
    action: string;
    subjectId?: string;
    details?: Record<string, unknown>;
    client?: Client;
  },
): Promise<void> {
  await db.insert(auditLog).values({
    tenantId: a.tenantId,
    actorUserId: a.actorUserId,
    at: a.at,
    action: a.action,
    subjectType: 'user',
    subjectId: a.subjectId ?? a.actorUserId ?? '',
    details: a.details ?? {},
    ip: a.client ? truncateIp(a.client.ip) : null,
  });
}

export async function findUserByEmail(db: Db, email: string): Promise<User | null> {
  const [u] = await db
    .select()
    .from(platformUsers)
    .where(sql`lower(${platformUsers.email}) = ${normalizeEmail(email)}`);
  return u ?? null;
}

async function membershipOf(db: Db, tenantId: string, userId: string) {
  const [m] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)));
  return m ?? null;
}

// ---------------------------------------------------------------------------------------------------------
// Sign-in

export type SignInResult =
  | { kind: 'failed' }
  | { kind: 'totp'; userId: string }
  | {
      kind: 'ok';
      user: User;
      membership: { householdId: string | null; roles: string[] } | null;
    };

async function ipFailures(db: Db, ip: string, now: Date): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(loginFailures)
    .where(and(eq(loginFailures.ip, ip), gt(loginFailures.at, new Date(now.getTime() - IP_WINDOW_MS))));
  return Number(row?.n ?? 0);
}

/** Throws 429 when this IP failed too often in the last 10 minutes. */
export async function assertIpNotThrottled(db: Db, ip: string, now: Date): Promise<void> {
  if (ipBlocked(await ipFailures(db, ip, now)))
    throw new AppError(
      'RATE_LIMITED',
      'Trop de tentatives de connexion depuis votre réseau. Patientez dix minutes puis réessayez.',
    );
}

async function recordIpFailure(db: Db, ip: string, now: Date): Promise<void> {
  await db.insert(loginFailures).values({ ip, at: now });
  // Rows older than the window are useless: the table stays small.
  await db
    .delete(loginFailures)
    .where(and(eq(loginFailures.ip, ip), lt(loginFailures.at, new Date(now.getTime() - IP_WINDOW_MS))));
}

/** A failed password or code: the account counter (soft lock at the 10th), the IP counter, history, audit. */
export async function recordCredentialFailure(
  db: Db,
  input: { tenantId: string; user: User | null; now: Date; client: Client; reason: string },
): Promise<void> {
  const { user, now, client, tenantId } = input;
  await recordIpFailure(db, client.ip, now);
  if (!user) return;
  // One atomic statement, so that concurrent failures all count (see domain/throttle.ts afterFailure).
  const lockUntil = new Date(now.getTime() + ACCOUNT_LOCK_MS);
  await db
    .update(platformUsers)
    .set({
      failedLogins: sql`case when ${platformUsers.failedLogins} + 1 >= ${ACCOUNT_MAX_FAILURES} then 0 else ${platformUsers.failedLogins} + 1 end`,
      lockedUntil: sql`case when ${platformUsers.failedLogins} + 1 >= ${ACCOUNT_MAX_FAILURES} then ${lockUntil.toISOString()}::timestamptz else ${platformUsers.lockedUntil} end`,
    })
    .where(eq(platformUsers.id, user.id));
  await recordLoginEvent(db, {
    tenantId,
    userId: user.id,
    at: now,
    client,
    success: false,
    kind: 'sign_in_failed',
  });
  await writeAudit(db, {
    tenantId,
    actorUserId: user.id,
    at: now,
    action: 'auth.sign_in_failed',
    details: { reason: input.reason },
    client,
  });
}

/**
 * Checks an e-mail and password for a sign-in at this tenant. Unknown e-mails, logins without a membership
 * here, locked accounts and wrong passwords all cost one argon2 verify and give the same answer.
 */
export async function checkCredentials(
  db: Db,
  input: { tenantId: string; email: string; password: string; now: Date; client: Client },
): Promise<SignInResult> {
  const { now, client, tenantId } = input;
  assertArgonCapacity();
  // Two independent reads at once (the IP counter; the login with its membership here): few round trips
  // per sign-in keeps a login storm from hogging the connection pool.
  const [failures, [row]] = await Promise.all([
    ipFailures(db, client.ip, now),
    db
      .select({
        user: platformUsers,
        householdId: memberships.householdId,
        roles: memberships.roles,
        mid: memberships.id,
      })
      .from(platformUsers)
      .leftJoin(
        memberships,
        and(eq(memberships.userId, platformUsers.id), eq(memberships.tenantId, tenantId)),
      )
      .where(sql`lower(${platformUsers.email}) = ${normalizeEmail(input.email)}`),
  ]);
  if (ipBlocked(failures))
    throw new AppError(
      'RATE_LIMITED',
      'Trop de tentatives de connexion depuis votre réseau. Patientez dix minutes puis réessayez.',
    );
  const user = row?.user ?? null;
  const membership = row?.mid ? { householdId: row.householdId, roles: row.roles ?? [] } : null;
  const allowedHere = user && (membership || user.isOperator);
  if (!user?.passwordHash || !allowedHere || accountLocked(user.lockedUntil, now)) {
    await verifyDummy(input.password);
    await recordCredentialFailure(db, {
      tenantId,
      user: allowedHere ? user : null,
      now,
      client,
      reason: !user
        ? 'unknown'
        : !user.passwordHash
          ? 'not_activated'
          : !allowedHere
            ? 'no_membership'
            : 'locked',
    });
    return { kind: 'failed' };
  }
  if (!(await verifyPasswordLimited(user.passwordHash, input.password))) {
    await recordCredentialFailure(db, { tenantId, user, now, client, reason: 'password' });
    return { kind: 'failed' };
  }
  if (user.failedLogins > 0)
    await db.update(platformUsers).set({ failedLogins: 0 }).where(eq(platformUsers.id, user.id));
  if (user.totpSecret) return { kind: 'totp', userId: user.id };
  return { kind: 'ok', user, membership };
}

/**
 * Opens a session after the credentials (and the code) were checked. The session, the history row and the
 * audit row are written by one statement (atomic, one round trip): sign-ins are the hot path of a storm.
 */
export async function openSession(
  db: Db,
  input: {
    tenantId: string;
    userId: string;
    isOperator: boolean;
    hasMembership: boolean;
    now: Date;
    client: Client;
    policy: SessionPolicy;
  },
): Promise<string> {
  const token = newToken();
  const now = input.now.toISOString();
  const expires = new Date(input.now.getTime() + input.policy.absoluteHours * 3_600_000).toISOString();
  // An operator signing in at a tenant without a membership gets a platform session.
  const sessionTenant = input.hasMembership || !input.isOperator ? input.tenantId : null;
  const ua = input.client.userAgent.slice(0, 300);
  await db.execute(sql`
    with s as (
      insert into platform_sessions (id_hash, user_id, tenant_id, created_at, last_seen_at, expires_at, ip, user_agent)
      values (${hashToken(token)}, ${input.userId}, ${sessionTenant}, ${now}::timestamptz, ${now}::timestamptz,
              ${expires}::timestamptz, ${input.client.ip}::inet, ${ua})
      returning 1
    ), e as (
      insert into login_events (tenant_id, user_id, at, ip, user_agent, success, kind)
      values (${input.tenantId}, ${input.userId}, ${now}::timestamptz, ${truncateIp(input.client.ip)},
              ${summarizeUserAgent(ua)}, true, 'sign_in')
      returning 1
    )
    insert into audit_log (tenant_id, actor_user_id, at, action, subject_type, subject_id, details, ip)
    values (${input.tenantId}, ${input.userId}, ${now}::timestamptz, 'auth.sign_in', 'user', ${input.userId},
            '{}'::jsonb, ${truncateIp(input.client.ip)})`);
  return token;
}

export async function loadSignInTarget(db: Db, tenantId: string, userId: string) {
  const [user] = await db.select().from(platformUsers).where(eq(platformUsers.id, userId));
  if (!user) return null;
  const m = await membershipOf(db, tenantId, userId);
  return { user, membership: m ? { householdId: m.householdId, roles: m.roles } : null };
}

// ---------------------------------------------------------------------------------------------------------
// TOTP

export const TOTP_PERIOD = 30;

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

export function totpUri(secret: string, label: string, issuer: string): string {
  return new OTPAuth.TOTP({
    issuer,
    label,
    secret: OTPAuth.Secret.fromBase32(secret),
    digits: 6,
    period: TOTP_PERIOD,
    algorithm: 'SHA1',
  }).toString();
}

/** The time step a code belongs to (±1 step of drift allowed), or null when it is wrong. */
export function totpStep(secret: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const totp = new OTPAuth.TOTP({
    secret: OTPAuth.Secret.fromBase32(secret),
    digits: 6,
    period: TOTP_PERIOD,
    algorithm: 'SHA1',
  });
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD) + delta;
}

/**
 * Accepts a code once: the conditional update on `totp_last_step` refuses a code of a step already used
 * (a replay within the same 30 s, even by two requests at once).
 */
export async function acceptTotpCode(
  db: Db,
  userId: string,
  secret: string,
  code: string,
  now: Date,
): Promise<boolean> {
  const step = totpStep(secret, code, now);
  if (step === null) return false;
  const rows = await db
    .update(platformUsers)
    .set({ totpLastStep: step })
    .where(
      and(
        eq(platformUsers.id, userId),
        or(isNull(platformUsers.totpLastStep), lt(platformUsers.totpLastStep, step)),
      ),
    )
    .returning({ id: platformUsers.id });
  return rows.length === 1;
}

// ---------------------------------------------------------------------------------------------------------
// Activation, reset, e-mail change

export function publicBase(publicUrl: string | undefined): string {
  return (publicUrl ?? 'http://localhost:3000').replace(/\/+$/, '');
}

export interface SendActivationInput {
  tenantId: string;
  /** The guardian's e-mail: it becomes the login. */
  email: string;
  householdId: string;
  userId?: string;
  displayName?: string;
  now: Date;
  /** PUBLIC_URL of the configuration (http://localhost:3000 when unset). */
  publicUrl?: string | undefined;
}

/**
 * Sends an activation link (48 h) to a guardian: creates the login without password if needed and its
 * membership on the household, in the caller's transaction. No password is ever e-mailed.
 */
export async function sendActivation(tx: Db, input: SendActivationInput): Promise<{ userId: string }> {
  const email = input.email.trim();
  if (!email || email.length > 254)
    throw new AppError('VALIDATION', 'Adresse e-mail invalide', { email: 'Adresse e-mail invalide' });
  const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, input.tenantId));
  if (!tenant) throw new AppError('NOT_FOUND');
  let userId = input.userId;
  if (!userId) {
    const existing = await findUserByEmail(tx, email);
    if (existing) userId = existing.id;
    else {
      const [created] = await tx
        .insert(platformUsers)
        .values({ email, displayName: input.displayName?.trim() || email.split('@')[0]! })
        .returning({ id: platformUsers.id });
      userId = created!.id;
    }
  }
  const m = await membershipOf(tx, input.tenantId, userId);
  if (!m)
    await tx.insert(memberships).values({ tenantId: input.tenantId, userId, householdId: input.householdId });
  else if (!m.householdId)
    await tx.update(memberships).set({ householdId: input.householdId }).where(eq(memberships.id, m.id));
  else if (m.householdId !== input.householdId)
    throw new AppError('CONFLICT', 'Cette adresse est déjà celle d’un autre foyer.', {
      email: 'Cette adresse est déjà celle d’un autre foyer.',
    });
  const token = await createAccountToken(tx, {
    tenantId: input.tenantId,
    purpose: 'activation',
    userId,
    email,
    data: { householdId: input.householdId },
    now: input.now,
  });
  const link = `${publicBase(input.publicUrl)}/${tenant.slug}/activation/${token}`;
  await enqueueEmail(tx, {
    tenantId: input.tenantId,
    to: email,
    subject: `${tenant.name} : activez votre espace famille`,
    text: [
      'Bonjour,',
      '',
      `Un espace famille a été ouvert pour vous sur le portail de ${tenant.name}.`,
      'Pour choisir votre mot de passe, ouvrez ce lien (valable 48 heures, une seule fois) :',
      link,
      '',
      'Si vous n’attendiez pas ce message, ignorez-le.',
    ].join('\n'),
  });
  return { userId };
}

/** Sends a new activation link in place of an expired one (the expired one is marked used). */
export async function resendActivation(
  db: Db,
  input: { tenantId: string; rawToken: string; now: Date; publicUrl?: string | undefined },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(accountTokens)
      .set({ usedAt: input.now })
      .where(
        and(
          eq(accountTokens.tokenHash, hashToken(input.rawToken)),
          eq(accountTokens.purpose, 'activation'),
          eq(accountTokens.tenantId, input.tenantId),
          isNull(accountTokens.usedAt),
        ),
      )
      .returning();
    if (!row?.userId) return false;
    const householdId = (row.data as { householdId?: string }).householdId;
    if (!householdId) return false;
    await sendActivation(tx, {
      tenantId: input.tenantId,
      email: row.email,
      householdId,
      userId: row.userId,
      now: input.now,
      publicUrl: input.publicUrl,
    });
    return true;
  });
}

/** Sets the password behind an activation or reset link, once. Returns the user id, or null if the link is no longer valid. */
export async function setPasswordWithToken(
  db: Db,
  input: {
    tenantId: string;
    rawToken: string;
    purpose: 'activation' | 'password_reset';
    password: string;
    now: Date;
    client: Client;
  },
): Promise<string | null> {
  const passwordHash = await hashPasswordLimited(input.password);
  return db.transaction(async (tx) => {
    const token = await consumeAccountToken(tx, input.rawToken, input.purpose, input.tenantId, input.now);
    if (!token?.userId) return null;
    await tx
      .update(platformUsers)
      // A successful reset lifts the soft lock.
      .set({ passwordHash, failedLogins: 0, lockedUntil: null })
      .where(eq(platformUsers.id, token.userId));
    await endAllSessionsOfUser(tx, token.userId);
    const kind = input.purpose === 'activation' ? 'activation' : 'password_reset';
    await recordLoginEvent(tx, {
      tenantId: input.tenantId,
      userId: token.userId,
      at: input.now,
      client: input.client,
      success: true,
      kind,
    });
    await writeAudit(tx, {
      tenantId: input.tenantId,
      actorUserId: token.userId,
      at: input.now,
      action: `account.${kind}`,
      client: input.client,
    });
    return token.userId;
  });
}

/** Forgotten password: a 1 h link if the address has a login here; nothing otherwise (same answer). */
export async function requestPasswordReset(
  db: Db,
  input: { tenantId: string; email: string; now: Date; publicUrl?: string | undefined },
): Promise<void> {
  await db.transaction(async (tx) => {
    const user = await findUserByEmail(tx, input.email);
    if (!user) return;
    const m = await membershipOf(tx, input.tenantId, user.id);
    if (!m && !user.isOperator) return;
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, input.tenantId));
    const token = await createAccountToken(tx, {
      tenantId: input.tenantId,
      purpose: 'password_reset',
      userId: user.id,
      email: user.email,
      now: input.now,
    });
    await enqueueEmail(tx, {
      tenantId: input.tenantId,
      to: user.email,
      subject: `${tenant!.name} : réinitialisation de votre mot de passe`,
      text: [
        'Bonjour,',
        '',
        'Une réinitialisation du mot de passe de votre compte a été demandée.',
        'Pour choisir un nouveau mot de passe, ouvrez ce lien (valable 1 heure, une seule fois) :',
        `${publicBase(input.publicUrl)}/${tenant!.slug}/reinitialisation/${token}`,
        '',
        'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.',
      ].join('\n'),
    });
  });
}

export { findAccountToken };

// ---------------------------------------------------------------------------------------------------------
// My account

export async function changePassword(
  db: Db,
  input: {
    tenantId: string;
    userId: string;
    current: string;
    next: string;
    now: Date;
    client: Client;
    keepSessionHash: string;
  },
): Promise<'ok' | 'wrong_current'> {
  const [user] = await db.select().from(platformUsers).where(eq(platformUsers.id, input.userId));
  if (!user?.passwordHash || !(await verifyPasswordLimited(user.passwordHash, input.current))) {
    await recordCredentialFailure(db, {
      tenantId: input.tenantId,
      user: user ?? null,
      now: input.now,
      client: input.client,
      reason: 'change_password',
    });
    return 'wrong_current';
  }
  const passwordHash = await hashPasswordLimited(input.next);
  await db.transaction(async (tx) => {
    await tx
      .update(platformUsers)
      .set({ passwordHash, failedLogins: 0 })
      .where(eq(platformUsers.id, input.userId));
    // Every other session ends: a stolen session does not survive a password change.
    await endAllSessionsOfUser(tx, input.userId, input.keepSessionHash);
    await recordLoginEvent(tx, {
      tenantId: input.tenantId,
      userId: input.userId,
      at: input.now,
      client: input.client,
      success: true,
      kind: 'password_change',
    });
    await writeAudit(tx, {
      tenantId: input.tenantId,
      actorUserId: input.userId,
      at: input.now,
      action: 'account.password_change',
      client: input.client,
    });
  });
  return 'ok';
}

/** Starts an e-mail change: a link to the new address; the old address is told. The login is unchanged until the link is used. */
export async function requestEmailChange(
  db: Db,
  input: {
    tenantId: string;
    userId: string;
    newEmail: string;
    password: string;
    now: Date;
    client: Client;
    publicUrl?: string | undefined;
  },
): Promise<'ok' | 'wrong_password' | 'taken'> {
  const [user] = await db.select().from(platformUsers).where(eq(platformUsers.id, input.userId));
  if (!user?.passwordHash || !(await verifyPasswordLimited(user.passwordHash, input.password))) {
    await recordCredentialFailure(db, {
      tenantId: input.tenantId,
      user: user ?? null,
      now: input.now,
      client: input.client,
      reason: 'email_change',
    });
    return 'wrong_password';
  }
  const other = await findUserByEmail(db, input.newEmail);
  if (other && other.id !== user.id) return 'taken';
  await db.transaction(async (tx) => {
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, input.tenantId));
    const token = await createAccountToken(tx, {
      tenantId: input.tenantId,
      purpose: 'email_change',
      userId: user.id,
      email: input.newEmail.trim(),
      data: { oldEmail: user.email },
      now: input.now,
    });
    await enqueueEmail(tx, {
      tenantId: input.tenantId,
      to: input.newEmail.trim(),
      subject: `${tenant!.name} : confirmez votre nouvelle adresse`,
      text: [
        'Bonjour,',
        '',
        'Pour utiliser cette adresse comme identifiant de connexion, ouvrez ce lien (valable 24 heures) :',
        `${publicBase(input.publicUrl)}/${tenant!.slug}/changement-email/${token}`,
        '',
        'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message.',
      ].join('\n'),
    });
    await enqueueEmail(tx, {
      tenantId: input.tenantId,
      to: user.email,
      subject: `${tenant!.name} : changement d’adresse de connexion demandé`,
      text: [
        'Bonjour,',
        '',
        `Un changement de l’adresse de connexion de votre compte vers ${input.newEmail.trim()} a été demandé.`,
        'Votre adresse actuelle reste valable tant que le lien envoyé à la nouvelle adresse n’a pas été ouvert.',
        'Si vous n’êtes pas à l’origine de cette demande, changez votre mot de passe et prévenez la structure.',
      ].join('\n'),
    });
    await writeAudit(tx, {
      tenantId: input.tenantId,
      actorUserId: user.id,
      at: input.now,
      action: 'account.email_change_requested',
      client: input.client,
    });
  });
  return 'ok';
}

export async function confirmEmailChange(
  db: Db,
  input: { tenantId: string; rawToken: string; now: Date; client: Client },
): Promise<'ok' | 'invalid' | 'taken'> {
  try {
    return await db.transaction(async (tx) => {
      const token = await consumeAccountToken(tx, input.rawToken, 'email_change', input.tenantId, input.now);
      if (!token?.userId) return 'invalid' as const;
      await tx.update(platformUsers).set({ email: token.email }).where(eq(platformUsers.id, token.userId));
      await recordLoginEvent(tx, {
        tenantId: input.tenantId,
        userId: token.userId,
        at: input.now,
        client: input.client,
        success: true,
        kind: 'email_change',
      });
      await writeAudit(tx, {
        tenantId: input.tenantId,
        actorUserId: token.userId,
        at: input.now,
        action: 'account.email_change',
        details: { from: (token.data as { oldEmail?: string }).oldEmail ?? '', to: token.email },
        client: input.client,
      });
      return 'ok' as const;
    });
  } catch (err) {
    // The unique index on lower(email): the address was taken in the meantime.
    if (
      (err as { code?: string }).code === '23505' ||
      (err as { cause?: { code?: string } }).cause?.code === '23505'
    )
      return 'taken';
    throw err;
  }
}

/** Invites the other guardian of the household: a guardian row if missing, and an activation link. */
export async function inviteSecondGuardian(
  db: Db,
  input: {
    tenantId: string;
    householdId: string;
    userId: string;
    email: string;
    firstName: string;
    lastName: string;
    now: Date;
    client: Client;
    publicUrl?: string | undefined;
  },
): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(guardians)
      .where(and(eq(guardians.tenantId, input.tenantId), eq(guardians.householdId, input.householdId)));
    const email = normalizeEmail(input.email);
    const existing = rows.find((g) => normalizeEmail(g.email) === email);
    if (!existing) {
      if (rows.length >= 2)
        throw new AppError('VALIDATION', 'Le foyer a déjà deux responsables.', {
          email: 'Le foyer a déjà deux responsables : contactez la structure.',
        });
      await tx.insert(guardians).values({
        tenantId: input.tenantId,
        householdId: input.householdId,
        firstName: input.firstName,
        lastName: input.lastName,
        email: input.email.trim(),
      });
    }
    await sendActivation(tx, {
      tenantId: input.tenantId,
      email: input.email,
      householdId: input.householdId,
      displayName: `${input.firstName} ${input.lastName}`.trim(),
      now: input.now,
      publicUrl: input.publicUrl,
    });
    await writeAudit(tx, {
      tenantId: input.tenantId,
      actorUserId: input.userId,
      at: input.now,
      action: 'household.guardian_invited',
      subjectId: input.householdId,
      client: input.client,
    });
  });
}

/** A session's public id: derived from its hash, so the page never shows what identifies a session. */
export const publicSessionId = (idHash: string) => hashToken(`public:${idHash}`).slice(0, 24);

export async function listSessions(db: Db, userId: string) {
  const rows = await db
    .select()
    .from(platformSessions)
    .where(eq(platformSessions.userId, userId))
    .orderBy(desc(platformSessions.lastSeenAt));
  return rows.map((r) => ({
    id: publicSessionId(r.idHash),
    idHash: r.idHash,
    device: summarizeUserAgent(r.userAgent),
    ip: r.ip ? truncateIp(r.ip) : '',
    lastSeenAt: r.lastSeenAt,
    createdAt: r.createdAt,
  }));
}

/** Ends one session of the user (by public id) or all the others ('autres'). */
export async function revokeSessions(
  db: Db,
  input: { tenantId: string; userId: string; which: string; currentHash: string; now: Date; client: Client },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (input.which === 'autres') {
      await endAllSessionsOfUser(tx, input.userId, input.currentHash);
    } else {
      const mine = await listSessions(tx, input.userId);
      const target = mine.find((s) => s.id === input.which);
      if (!target) return false;
      await tx
        .delete(platformSessions)
        .where(and(eq(platformSessions.userId, input.userId), eq(platformSessions.idHash, target.idHash)));
    }
    await recordLoginEvent(tx, {
      tenantId: input.tenantId,
      userId: input.userId,
      at: input.now,
      client: input.client,
      success: true,
      kind: 'session_revoked',
    });
    await writeAudit(tx, {
      tenantId: input.tenantId,
      actorUserId: input.userId,
      at: input.now,
      action: 'account.session_revoked',
      client: input.client,
    });
    return true;
  });
}

export async function loginHistory(db: Db, input: { tenantId: string; userId: string; since: Date }) {
  return db
    .select()
    .from(loginEvents)
    .where(
      and(
        eq(loginEvents.tenantId, input.tenantId),
        eq(loginEvents.userId, input.userId),
        gt(loginEvents.at, input.since),
      ),
    )
    .orderBy(desc(loginEvents.at), desc(loginEvents.id))
    .limit(200);
}

export async function getUser(db: Db, userId: string): Promise<User | null> {
  const [u] = await db.select().from(platformUsers).where(eq(platformUsers.id, userId));
  return u ?? null;
}

export async function startTotpSetup(db: Db, userId: string): Promise<string> {
  const user = await getUser(db, userId);
  if (user?.totpPendingSecret) return user.totpPendingSecret;
  const secret = newTotpSecret();
  await db.update(platformUsers).set({ totpPendingSecret: secret }).where(eq(platformUsers.id, userId));
  return secret;
}

export async function confirmTotp(
  db: Db,
  input: { tenantId: string; userId: string; code: string; now: Date; client: Client },
): Promise<boolean> {
  const user = await getUser(db, input.userId);
  if (!user?.totpPendingSecret) return false;
  const step = totpStep(user.totpPendingSecret, input.code, input.now);
  if (step === null) return false;
  await db.transaction(async (tx) => {
    await tx
      .update(platformUsers)
      .set({ totpSecret: user.totpPendingSecret, totpPendingSecret: null, totpLastStep: step })
      .where(eq(platformUsers.id, input.userId));
    await recordLoginEvent(tx, {
      tenantId: input.tenantId,
      userId: input.userId,
      at: input.now,
      client: input.client,
      success: true,
      kind: 'totp_enabled',
    });
    await writeAudit(tx, {
      tenantId: input.tenantId,
      actorUserId: input.userId,
      at: input.now,
      action: 'account.totp_enabled',
      client: input.client,
    });
  });
  return true;
}

export async function disableTotp(
  db: Db,
  input: { tenantId: string; userId: string; password: string; now: Date; client: Client },
): Promise<boolean> {
  const user = await getUser(db, input.userId);
  if (!user?.passwordHash || !(await verifyPasswordLimited(user.passwordHash, input.password))) {
    await recordCredentialFailure(db, {
      tenantId: input.tenantId,
      user,
      now: input.now,
      client: input.client,
      reason: 'totp_disable',
    });
    return false;
  }
  await db.transaction(async (tx) => {
    await tx
      .update(platformUsers)
      .set({ totpSecret: null, totpPendingSecret: null, totpLastStep: null })
      .where(eq(platformUsers.id, input.userId));
    await recordLoginEvent(tx, {
      tenantId: input.tenantId,
      userId: input.userId,
      at: input.now,
      client: input.client,
      success: true,
      kind: 'totp_disabled',
    });
    await writeAudit(tx, {
      tenantId: input.tenantId,
      actorUserId: input.userId,
      at: input.now,
      action: 'account.totp_disabled',
      client: input.client,
    });
  });
  return true;
}

/** An administrator of a tenant that requires TOTP, without TOTP yet: sent to set it up before anything else. */
export async function mustEnableTotp(
  db: Db,
  input: { requireAdminTotp: boolean; roles: readonly StaffRole[]; userId: string },
): Promise<boolean> {
  if (!input.requireAdminTotp || !input.roles.includes('admin')) return false;
  const [u] = await db
    .select({ s: platformUsers.totpSecret })
    .from(platformUsers)
    .where(eq(platformUsers.id, input.userId));
  return !u?.s;
}
