import { createHash, randomBytes } from 'node:crypto';
import { and, eq, lt, ne, or, sql } from 'drizzle-orm';
import type { StaffRole } from '../../features/accounts/accounts.schema';
import type { Db } from '../db/client';
import type { Actor } from './actor';
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

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

interface SessionActorRow {
  id_hash: string;
  user_id: string;
  tenant_id: string | null;
  created_ms: number;
  last_seen_ms: number;
  expires_ms: number;
  uid: string | null;
  email: string;
  display_name: string;
  is_operator: boolean;
  membership_id: string | null;
  household_id: string | null;
  household_status: string | null;
  roles: string[] | null;
  facility_ids: string[] | null;
}

/**
 * `resumeSession` + `loadActor` in ONE statement: every signed-in request reads its session and its actor
 * (login, membership in the request's tenant, household status) with a single round trip. Same rules as
 * `resumeSession`: expired sessions (idle or absolute) are deleted; `lastSeenAt` is written at most once a
 * minute, so a page view is one read in the common case.
 */
export async function resumeSessionWithActor(
  db: Db,
  token: string,
  now: Date,
  policy: SessionPolicy,
  tenantId: string | null,
): Promise<{ session: SessionRecord; actor: Actor | null } | null> {
  const idHash = hashToken(token);
  const res = await db.execute(sql`
    select s.id_hash, s.user_id, s.tenant_id,
           (extract(epoch from s.created_at) * 1000)::float8 as created_ms,
           (extract(epoch from s.last_seen_at) * 1000)::float8 as last_seen_ms,
           (extract(epoch from s.expires_at) * 1000)::float8 as expires_ms,
           u.id as uid, u.email, u.display_name, u.is_operator,
           m.id as membership_id, m.household_id, h.status as household_status,
           to_json(m.roles) as roles, to_json(m.facility_ids) as facility_ids
      from platform_sessions s
      left join platform_users u on u.id = s.user_id
      -- Outside a tenant (platform pages) no membership applies: the nil uuid matches none.
      left join memberships m on m.user_id = u.id and m.tenant_id = ${tenantId ?? NIL_UUID}
      left join households h on h.id = m.household_id
     where s.id_hash = ${idHash}`);
  const row = (res as unknown as { rows: SessionActorRow[] }).rows[0];
  if (!row) return null;
  const idleLimit = now.getTime() - policy.idleMinutes * 60_000;
  if (Number(row.expires_ms) <= now.getTime() || Number(row.last_seen_ms) <= idleLimit) {
    await db.delete(platformSessions).where(eq(platformSessions.idHash, idHash));
    return null;
  }
  if (now.getTime() - Number(row.last_seen_ms) > 60_000) {
    await db.update(platformSessions).set({ lastSeenAt: now }).where(eq(platformSessions.idHash, idHash));
  }
  const session: SessionRecord = {
    idHash,
    userId: row.user_id,
    tenantId: row.tenant_id,
    createdAt: new Date(Number(row.created_ms)),
    lastSeenAt: new Date(Number(row.last_seen_ms)),
  };
  const actor: Actor | null = row.uid
    ? {
        userId: row.uid,
        email: row.email,
        displayName: row.display_name,
        isOperator: row.is_operator,
        membership: row.membership_id
          ? {
              id: row.membership_id,
              householdId: row.household_id,
              householdStatus: row.household_status ?? null,
              roles: (row.roles ?? []) as StaffRole[],
              facilityIds: row.facility_ids ?? [],
            }
          : null,
      }
    : null;
  return { session, actor };
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
