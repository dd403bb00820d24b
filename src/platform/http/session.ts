import { createHash, randomBytes } from 'node:crypto';
import { and, eq, lt, ne, or } from 'drizzle-orm';
import type { Db } from '../db/client';
import { platformSessions } from './sessions.schema';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
/** 128 bits of randomness or more, URL-safe. */
export const newToken = (bytes = 24) => randomBytes(bytes).toString('base64url');

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

export interface SessionRecord {
  idHash: string;
  userId: string;
  tenantId: string | null;
  createdAt: Date;
  lastSeenAt: Date;
}

/** Starts a session and returns the raw cookie value; only its hash is stored. */
export async function startSession(
  db: Db,
  input: {
    userId: string;
    tenantId: string | null;
    ip: string;
    userAgent: string;
    now: Date;
    policy: SessionPolicy;
  },
): Promise<string> {
  const token = newToken();
  await db.insert(platformSessions).values({
    idHash: hashToken(token),
    userId: input.userId,
    tenantId: input.tenantId,
    createdAt: input.now,
    lastSeenAt: input.now,
    expiresAt: new Date(input.now.getTime() + input.policy.absoluteHours * 3_600_000),
    ip: input.ip,
    userAgent: input.userAgent.slice(0, 300),
  });
  return token;
}

/**
 * Finds the live session of a cookie value. Expired sessions (idle or absolute) are deleted.
 * `lastSeenAt` is written at most once a minute to keep page views read-only in the common case.
 */
export async function resumeSession(
  db: Db,
  token: string,
  now: Date,
  policy: SessionPolicy,
): Promise<SessionRecord | null> {
  const idHash = hashToken(token);
  const [row] = await db.select().from(platformSessions).where(eq(platformSessions.idHash, idHash));
  if (!row) return null;
  const idleLimit = new Date(now.getTime() - policy.idleMinutes * 60_000);
  if (row.expiresAt <= now || row.lastSeenAt <= idleLimit) {
    await db.delete(platformSessions).where(eq(platformSessions.idHash, idHash));
    return null;
  }
  if (now.getTime() - row.lastSeenAt.getTime() > 60_000) {
    await db.update(platformSessions).set({ lastSeenAt: now }).where(eq(platformSessions.idHash, idHash));
  }
  return {
    idHash,
    userId: row.userId,
    tenantId: row.tenantId,
    createdAt: row.createdAt,
    lastSeenAt: row.lastSeenAt,
  };
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db.delete(platformSessions).where(eq(platformSessions.idHash, hashToken(token)));
}

/** Removes sessions past their absolute or idle limit. Run periodically by the jobs worker. */
export async function purgeExpiredSessions(db: Db, now: Date, policy: SessionPolicy): Promise<void> {
  const idleLimit = new Date(now.getTime() - policy.idleMinutes * 60_000);
  await db
    .delete(platformSessions)
    .where(or(lt(platformSessions.expiresAt, now), lt(platformSessions.lastSeenAt, idleLimit)));
}

export async function endAllSessionsOfUser(db: Db, userId: string, exceptIdHash?: string): Promise<void> {
  const mine = eq(platformSessions.userId, userId);
  await db
    .delete(platformSessions)
    .where(exceptIdHash ? and(mine, ne(platformSessions.idHash, exceptIdHash)) : mine);
}
