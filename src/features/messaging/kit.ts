import { auditLog } from '../../platform/audit/audit.schema';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';

/**
 * Small helpers shared by the communication features (news, messages, documents): form errors in
 * French next to fields, and audit rows.
 */

export { fieldErrors } from '../../platform/http/forms';

/** Form values as strings, for re-rendering a form after a failed submit. */
export function formValues(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (body && typeof body === 'object')
    for (const [k, v] of Object.entries(body as Record<string, unknown>))
      if (typeof v === 'string' && k !== '_csrf') out[k] = v.slice(0, 20_000);
  return out;
}

/** One append-only audit row, in the caller's transaction. */
export async function writeAudit(
  tx: Db,
  row: {
    tenantId: string;
    at: Date;
    actorUserId: string;
    action: string;
    subjectType: string;
    subjectId: string;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  await tx.insert(auditLog).values({ ...row, details: row.details ?? {} });
}

/** Trims, and turns an empty string into undefined (optional form fields). */
export const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A route id parameter: anything that is not a uuid cannot exist, so it is a 404 (never a 500). */
export function idParam(params: unknown, name: string): string {
  const v = (params as Record<string, unknown> | undefined)?.[name];
  if (typeof v !== 'string' || !UUID_RE.test(v)) throw new AppError('NOT_FOUND');
  return v.toLowerCase();
}
