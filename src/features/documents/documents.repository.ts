import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { facilities } from '../catalogue/catalogue.schema';
import { listChildren } from '../households/households.repository';
import { children, guardians, households } from '../households/households.schema';
import { documentSubmissions, documentTypes, tenantDocuments, uploadedFiles } from './documents.schema';

/** Queries of the documents feature. Every function takes the tenant. */

export async function listTypes(db: Db, tenantId: string, onlyActive = false) {
  const where = onlyActive
    ? and(eq(documentTypes.tenantId, tenantId), eq(documentTypes.active, true))
    : eq(documentTypes.tenantId, tenantId);
  return db.select().from(documentTypes).where(where).orderBy(asc(documentTypes.name));
}

export async function findType(db: Db, tenantId: string, typeId: string) {
  const [row] = await db
    .select()
    .from(documentTypes)
    .where(and(eq(documentTypes.tenantId, tenantId), eq(documentTypes.id, typeId)));
  return row ?? null;
}

/** The household's members that documents can be asked for. */
export async function householdMembers(db: Db, tenantId: string, householdId: string) {
  const [kids, adults] = await Promise.all([
    listChildren(db, tenantId, householdId),
    db
      .select({ id: guardians.id, firstName: guardians.firstName, lastName: guardians.lastName })
      .from(guardians)
      .where(and(eq(guardians.tenantId, tenantId), eq(guardians.householdId, householdId)))
      .orderBy(asc(guardians.lastName), asc(guardians.firstName)),
  ]);
  return { children: kids, guardians: adults };
}

export async function submissionsOfHousehold(db: Db, tenantId: string, householdId: string) {
  return db
    .select()
    .from(documentSubmissions)
    .where(and(eq(documentSubmissions.tenantId, tenantId), eq(documentSubmissions.householdId, householdId)))
    .orderBy(desc(documentSubmissions.submittedAt));
}

/** The family's own storage space: files it uploaded for documents. */
export async function householdFiles(db: Db, tenantId: string, householdId: string) {
  return db
    .select()
    .from(uploadedFiles)
    .where(
      and(
        eq(uploadedFiles.tenantId, tenantId),
        eq(uploadedFiles.householdId, householdId),
        eq(uploadedFiles.purpose, 'document'),
      ),
    )
    .orderBy(desc(uploadedFiles.createdAt));
}

export async function findHouseholdFile(db: Db, tenantId: string, householdId: string, fileId: string) {
  const [row] = await db
    .select()
    .from(uploadedFiles)
    .where(
      and(
        eq(uploadedFiles.tenantId, tenantId),
        eq(uploadedFiles.householdId, householdId),
        eq(uploadedFiles.id, fileId),
        eq(uploadedFiles.purpose, 'document'),
      ),
    );
  return row ?? null;
}

/** Submissions waiting for review, oldest first. */
export async function reviewQueue(db: Db, tenantId: string) {
  return db
    .select({
      id: documentSubmissions.id,
      submittedAt: documentSubmissions.submittedAt,
      typeName: documentTypes.name,
      scope: documentTypes.scope,
      subjectId: documentSubmissions.subjectId,
      householdName: households.name,
      householdId: households.id,
    })
    .from(documentSubmissions)
    .innerJoin(documentTypes, eq(documentTypes.id, documentSubmissions.typeId))
    .innerJoin(households, eq(households.id, documentSubmissions.householdId))
    .where(and(eq(documentSubmissions.tenantId, tenantId), eq(documentSubmissions.status, 'pending')))
    .orderBy(asc(documentSubmissions.submittedAt))
    .limit(500);
}

export async function countPending(db: Db, tenantId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(documentSubmissions)
    .where(and(eq(documentSubmissions.tenantId, tenantId), eq(documentSubmissions.status, 'pending')));
  return Number(row?.n ?? 0);
}

export async function findSubmission(db: Db, tenantId: string, submissionId: string) {
  const [row] = await db
    .select({
      submission: documentSubmissions,
      type: documentTypes,
      file: uploadedFiles,
      householdName: households.name,
    })
    .from(documentSubmissions)
    .innerJoin(documentTypes, eq(documentTypes.id, documentSubmissions.typeId))
    .innerJoin(uploadedFiles, eq(uploadedFiles.id, documentSubmissions.fileId))
    .innerJoin(households, eq(households.id, documentSubmissions.householdId))
    .where(and(eq(documentSubmissions.tenantId, tenantId), eq(documentSubmissions.id, submissionId)));
  return row ?? null;
}

/** A child or guardian name for a subject id (null: the household itself). */
export async function subjectName(db: Db, tenantId: string, scope: string, subjectId: string | null) {
  if (!subjectId) return null;
  const table = scope === 'child' ? children : guardians;
  const [row] = await db
    .select({ firstName: table.firstName, lastName: table.lastName })
    .from(table)
    .where(and(eq(table.tenantId, tenantId), eq(table.id, subjectId)));
  return row ? `${row.firstName} ${row.lastName}` : null;
}

export async function listTenantDocuments(db: Db, tenantId: string) {
  return db
    .select({
      id: tenantDocuments.id,
      title: tenantDocuments.title,
      category: tenantDocuments.category,
      facilityId: tenantDocuments.facilityId,
      facilityName: facilities.name,
      createdAt: tenantDocuments.createdAt,
      kind: uploadedFiles.kind,
      sizeBytes: uploadedFiles.sizeBytes,
    })
    .from(tenantDocuments)
    .innerJoin(uploadedFiles, eq(uploadedFiles.id, tenantDocuments.fileId))
    .leftJoin(facilities, eq(facilities.id, tenantDocuments.facilityId))
    .where(eq(tenantDocuments.tenantId, tenantId))
    .orderBy(asc(facilities.name), asc(tenantDocuments.category), asc(tenantDocuments.title));
}

export async function findTenantDocument(db: Db, tenantId: string, docId: string) {
  const [row] = await db
    .select({ doc: tenantDocuments, file: uploadedFiles })
    .from(tenantDocuments)
    .innerJoin(uploadedFiles, eq(uploadedFiles.id, tenantDocuments.fileId))
    .where(and(eq(tenantDocuments.tenantId, tenantId), eq(tenantDocuments.id, docId)));
  return row ?? null;
}

/**
 * Accepted submissions that are still the current one of their request (no newer pending or accepted
 * one) and not yet reminded: candidates for the expiry reminder.
 */
export async function reminderCandidates(db: Db) {
  const newer = sql`exists (select 1 from ${documentSubmissions} n
    where n.tenant_id = ${documentSubmissions.tenantId} and n.type_id = ${documentSubmissions.typeId}
    and n.household_id = ${documentSubmissions.householdId}
    and coalesce(n.subject_id, '00000000-0000-0000-0000-000000000000'::uuid) = coalesce(${documentSubmissions.subjectId}, '00000000-0000-0000-0000-000000000000'::uuid)
    and n.status in ('pending','accepted') and n.submitted_at > ${documentSubmissions.submittedAt})`;
  return db
    .select({
      id: documentSubmissions.id,
      tenantId: documentSubmissions.tenantId,
      householdId: documentSubmissions.householdId,
      validUntil: documentSubmissions.validUntil,
      typeName: documentTypes.name,
      reminderDays: documentTypes.reminderDays,
    })
    .from(documentSubmissions)
    .innerJoin(documentTypes, eq(documentTypes.id, documentSubmissions.typeId))
    .where(
      and(
        eq(documentSubmissions.status, 'accepted'),
        isNull(documentSubmissions.remindedAt),
        sql`${documentSubmissions.validUntil} is not null`,
        eq(documentTypes.active, true),
        sql`not ${newer}`,
      ),
    );
}
