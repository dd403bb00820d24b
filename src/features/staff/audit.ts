import { auditLog } from '../../platform/audit/audit.schema';
import type { Db } from '../../platform/db/client';

export interface AuditEntry {
  tenantId: string | null;
  actorUserId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  details?: Record<string, unknown>;
  ip?: string | null;
  at: Date;
}

/** Appends an audit row, in the caller's transaction (same commit as the change it records). */
export async function writeAudit(tx: Db, e: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    tenantId: e.tenantId,
    actorUserId: e.actorUserId,
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    details: e.details ?? {},
    ip: e.ip ?? null,
    at: e.at,
  });
}
