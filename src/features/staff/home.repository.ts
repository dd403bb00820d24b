import { and, eq, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { invoices } from '../billing/billing.schema';
import { documentSubmissions, documentTypes } from '../documents/documents.schema';

/**
 * Alerts of the back-office home (issue 11): overdue invoices and documents expiring. Queries only;
 * the roles that see them are decided in home.service.ts.
 */

/** Issued invoices not paid whose due day is before `today`: how many, and what remains due on them. */
export async function overdueInvoices(db: Db, tenantId: string, today: string) {
  const [row] = await db
    .select({
      n: sql<number>`count(*)::int`,
      dueCents: sql<string>`coalesce(sum(${invoices.totalCents} - ${invoices.creditedCents} - ${invoices.settledCents}), 0)::bigint`,
      totalCents: sql<string>`coalesce(sum(${invoices.totalCents}), 0)::bigint`,
    })
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), ne(invoices.status, 'paid'), lt(invoices.dueOn, today)));
  return {
    count: Number(row?.n ?? 0),
    totalCents: Number(row?.totalCents ?? 0),
    dueCents: Number(row?.dueCents ?? 0),
  };
}

/**
 * Accepted documents, still the current one of their request (no newer pending or accepted submission
 * of the same type for the same household and person), of an active type, whose validity ends on or
 * before `until` (already expired ones included): the documents to renew.
 */
export async function countExpiringDocuments(db: Db, tenantId: string, until: string): Promise<number> {
  const newer = sql`exists (select 1 from ${documentSubmissions} n
    where n.tenant_id = ${documentSubmissions.tenantId} and n.type_id = ${documentSubmissions.typeId}
    and n.household_id = ${documentSubmissions.householdId}
    and n.subject_id is not distinct from ${documentSubmissions.subjectId}
    and n.status in ('pending','accepted') and n.submitted_at > ${documentSubmissions.submittedAt})`;
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(documentSubmissions)
    .innerJoin(
      documentTypes,
      and(
        eq(documentTypes.tenantId, documentSubmissions.tenantId),
        eq(documentTypes.id, documentSubmissions.typeId),
      ),
    )
    .where(
      and(
        eq(documentSubmissions.tenantId, tenantId),
        eq(documentSubmissions.status, 'accepted'),
        eq(documentTypes.active, true),
        sql`${documentSubmissions.validUntil} <= ${until}`,
        sql`not ${newer}`,
      ),
    );
  return Number(row?.n ?? 0);
}
