import { addDays, isIsoDay, startOfDayIn } from '../../platform/calendar/days';
import type { Db } from '../../platform/db/client';
import type { StaffActor } from '../../platform/http/policies';
import {
  type AuditCursor,
  type AuditFilter,
  type AuditRow,
  findUserIdByEmail,
  listAuditRows,
} from './audit-log.repository';

export const AUDIT_PAGE_SIZE = 50;
const EXPORT_BATCH = 1000;

/** The filters as typed in the form (GET query), already length-checked by the route. */
export interface AuditQuery {
  from: string;
  to: string;
  actor: string;
  action: string;
  subject: string;
}

export function encodeCursor(row: { at: Date; id: number }): string {
  return Buffer.from(`${row.at.toISOString()}~${row.id}`).toString('base64url');
}

export function decodeCursor(text: string | undefined): AuditCursor | undefined {
  if (!text) return undefined;
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)~(\d{1,15})$/.exec(
    Buffer.from(text, 'base64url').toString('utf8'),
  );
  if (!m) return undefined;
  const at = new Date(m[1]!);
  return Number.isNaN(at.getTime()) ? undefined : { at, id: Number(m[2]) };
}

/** Days in the tenant's time zone become instants: `to` includes its whole day. */
async function toFilter(db: Db, timeZone: string, q: AuditQuery): Promise<AuditFilter> {
  return {
    from: isIsoDay(q.from) ? startOfDayIn(q.from, timeZone) : undefined,
    to: isIsoDay(q.to) ? startOfDayIn(addDays(q.to, 1), timeZone) : undefined,
    actorUserId: q.actor ? await findUserIdByEmail(db, q.actor) : undefined,
    actionPrefix: q.action || undefined,
    subject: q.subject || undefined,
  };
}

/** One page of the tenant's audit log (administrators), newest first, and the cursor of the next one. */
export async function browseAuditLog(
  db: Db,
  staff: StaffActor,
  q: AuditQuery,
  cursor: AuditCursor | undefined,
): Promise<{ rows: AuditRow[]; next: string | null }> {
  const filter = await toFilter(db, staff.tenant.timeZone, q);
  const rows = await listAuditRows(db, staff.tenant.id, filter, AUDIT_PAGE_SIZE + 1, cursor);
  const more = rows.length > AUDIT_PAGE_SIZE;
  const page = more ? rows.slice(0, AUDIT_PAGE_SIZE) : rows;
  return { rows: page, next: more ? encodeCursor(page[page.length - 1]!) : null };
}

/** Every row matching the filters, newest first, read in batches (keyset) so memory stays flat. */
export async function* auditRowsForExport(
  db: Db,
  staff: StaffActor,
  q: AuditQuery,
): AsyncGenerator<AuditRow> {
  const filter = await toFilter(db, staff.tenant.timeZone, q);
  let cursor: AuditCursor | undefined;
  for (;;) {
    const rows = await listAuditRows(db, staff.tenant.id, filter, EXPORT_BATCH, cursor);
    yield* rows;
    if (rows.length < EXPORT_BATCH) return;
    const last = rows[rows.length - 1]!;
    cursor = { at: last.at, id: last.id };
  }
}
