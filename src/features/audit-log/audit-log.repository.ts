import { and, desc, eq, gte, like, lt, or, type SQL, sql } from 'drizzle-orm';
import { auditLog } from '../../platform/audit/audit.schema';
import type { Db } from '../../platform/db/client';
import { platformUsers } from '../accounts/accounts.schema';

export interface AuditFilter {
  /** Instants bounding the period (from inclusive, to exclusive), already in the tenant's time zone. */
  from?: Date | undefined;
  to?: Date | undefined;
  /** The actor's user id (resolved from an e-mail by the service); null: an unknown e-mail, no rows. */
  actorUserId?: string | null | undefined;
  actionPrefix?: string | undefined;
  /** A subject type (`household`) or a subject id. */
  subject?: string | undefined;
}

export interface AuditCursor {
  at: Date;
  id: number;
}

export interface AuditRow {
  id: number;
  at: Date;
  actorUserId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  details: unknown;
  ip: string | null;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function conditions(tenantId: string, f: AuditFilter, cursor?: AuditCursor): SQL[] {
  const where: SQL[] = [eq(auditLog.tenantId, tenantId)];
  if (f.from) where.push(gte(auditLog.at, f.from));
  if (f.to) where.push(lt(auditLog.at, f.to));
  if (f.actorUserId === null) where.push(sql`false`);
  else if (f.actorUserId) where.push(eq(auditLog.actorUserId, f.actorUserId));
  if (f.actionPrefix) where.push(like(auditLog.action, `${escapeLike(f.actionPrefix)}%`));
  if (f.subject) where.push(or(eq(auditLog.subjectType, f.subject), eq(auditLog.subjectId, f.subject))!);
  // Keyset: rows strictly after the cursor in (at desc, id desc) order; no OFFSET, stable under inserts.
  if (cursor)
    where.push(
      sql`(${auditLog.at}, ${auditLog.id}) < (${cursor.at.toISOString()}::timestamptz, ${cursor.id})`,
    );
  return where;
}

/** One page of a tenant's audit rows, newest first, with the actor's name and e-mail. */
export async function listAuditRows(
  db: Db,
  tenantId: string,
  filter: AuditFilter,
  limit: number,
  cursor?: AuditCursor,
): Promise<AuditRow[]> {
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorUserId: auditLog.actorUserId,
      actorName: platformUsers.displayName,
      actorEmail: platformUsers.email,
      action: auditLog.action,
      subjectType: auditLog.subjectType,
      subjectId: auditLog.subjectId,
      details: auditLog.details,
      ip: auditLog.ip,
    })
    .from(auditLog)
    .leftJoin(platformUsers, eq(platformUsers.id, auditLog.actorUserId))
    .where(and(...conditions(tenantId, filter, cursor)))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);
}

export async function findUserIdByEmail(db: Db, email: string): Promise<string | null> {
  const [u] = await db
    .select({ id: platformUsers.id })
    .from(platformUsers)
    .where(sql`lower(${platformUsers.email}) = ${email.toLowerCase()}`);
  return u?.id ?? null;
}
