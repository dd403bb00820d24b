import { and, count, eq, inArray, notInArray, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import { platformSessions } from '../../platform/http/sessions.schema';
import { accountTokens, memberships } from '../accounts/accounts.schema';
import { documentSubmissions, uploadedFiles } from '../documents/documents.schema';
import { enrollments } from '../enrollments/enrollments.schema';
import {
  childHealth,
  children,
  familyQuotients,
  guardians,
  householdChildren,
  householdContacts,
  households,
} from '../households/households.schema';
import { messageAttachments, messageThreads, threadMessages } from '../messaging/messaging.schema';
import { householdRequests } from '../requests/requests.schema';
import { writeAudit } from '../staff/audit';

/** What a merge moves from the duplicate to the household kept, per kind of record. */
export interface MergeCounts {
  guardians: number;
  children: number;
  contacts: number;
  enrollments: number;
  documents: number;
  threads: number;
  requests: number;
  logins: number;
}

async function countWhere(db: Db, table: PgTable, where: SQL) {
  const [r] = await db.select({ n: count() }).from(table).where(where);
  return Number(r?.n ?? 0);
}

async function mergeCounts(db: Db, tenantId: string, householdId: string): Promise<MergeCounts> {
  const by = (t: { tenantId: unknown; householdId: unknown }) =>
    and(eq(t.tenantId as never, tenantId), eq(t.householdId as never, householdId))!;
  const [g, c, k, e, d, m, r, l] = await Promise.all([
    countWhere(db, guardians, by(guardians)),
    countWhere(db, householdChildren, by(householdChildren)),
    countWhere(db, householdContacts, by(householdContacts)),
    countWhere(db, enrollments, by(enrollments)),
    countWhere(db, documentSubmissions, by(documentSubmissions)),
    countWhere(db, messageThreads, by(messageThreads)),
    countWhere(db, householdRequests, by(householdRequests)),
    countWhere(db, memberships, by(memberships)),
  ]);
  return {
    guardians: g,
    children: c,
    contacts: k,
    enrollments: e,
    documents: d,
    threads: m,
    requests: r,
    logins: l,
  };
}

async function activeHousehold(db: Db, tenantId: string, id: string, lock = false) {
  const q = db
    .select()
    .from(households)
    .where(and(eq(households.tenantId, tenantId), eq(households.id, id)));
  const [h] = lock ? await q.for('update') : await q;
  return h ?? null;
}

/** The merge preview: both households and what would move. */
export async function previewMerge(db: Db, tenantId: string, keptId: string, duplicateId: string) {
  if (keptId === duplicateId)
    throw new AppError('VALIDATION', 'Choisissez un autre foyer', {
      avec: 'Choisissez un autre foyer que celui-ci',
    });
  const [kept, duplicate] = await Promise.all([
    activeHousehold(db, tenantId, keptId),
    activeHousehold(db, tenantId, duplicateId),
  ]);
  if (!kept || !duplicate) throw new AppError('NOT_FOUND');
  if (kept.status === 'archived' || duplicate.status === 'archived')
    throw new AppError('VALIDATION', 'Un foyer archivé ne peut pas être fusionné', {
      avec: 'Un foyer archivé ne peut pas être fusionné',
    });
  return { kept, duplicate, moves: await mergeCounts(db, tenantId, duplicateId) };
}

const FILLABLE = ['addressLine', 'postalCode', 'city', 'phone', 'phone2', 'email'] as const;

/**
 * Merges a duplicate household into the one kept, in one transaction: guardians, children (custody
 * links), contacts, enrollments, documents, message threads, requests and logins move; the kept
 * household's empty contact fields are filled from the duplicate; the duplicate is archived with
 * `merged_into_id`. Both rows are locked (in id order) so two merges cannot cross. Audited on both.
 */
export async function mergeHouseholds(
  db: Db,
  input: {
    tenantId: string;
    staffUserId: string;
    keptId: string;
    duplicateId: string;
    now: Date;
    ip?: string;
  },
): Promise<MergeCounts> {
  const { tenantId, keptId, duplicateId: dupId } = input;
  return db.transaction(async (tx) => {
    for (const id of [keptId, dupId].sort()) await activeHousehold(tx, tenantId, id, true);
    const { kept, duplicate, moves } = await previewMerge(tx, tenantId, keptId, dupId);
    const on = (t: { tenantId: unknown; householdId: unknown }) =>
      and(eq(t.tenantId as never, tenantId), eq(t.householdId as never, dupId))!;
    await tx.update(guardians).set({ householdId: keptId }).where(on(guardians));
    // Custody links: a child already linked to both keeps one link.
    await tx.execute(sql`insert into household_children (tenant_id, household_id, child_id)
      select tenant_id, ${keptId}, child_id from household_children
      where tenant_id = ${tenantId} and household_id = ${dupId}
      on conflict do nothing`);
    await tx.delete(householdChildren).where(on(householdChildren));
    await tx.update(householdContacts).set({ householdId: keptId }).where(on(householdContacts));
    await tx.update(enrollments).set({ householdId: keptId }).where(on(enrollments));
    // A document awaiting review in both households for the same request: the duplicate's is withdrawn
    // (one pending submission per request is an index).
    await tx.execute(sql`update document_submissions d set status = 'withdrawn'
      where d.tenant_id = ${tenantId} and d.household_id = ${dupId} and d.status = 'pending'
        and exists (select 1 from document_submissions k where k.tenant_id = d.tenant_id
          and k.household_id = ${keptId} and k.status = 'pending' and k.type_id = d.type_id
          and coalesce(k.subject_id, '00000000-0000-0000-0000-000000000000'::uuid)
            = coalesce(d.subject_id, '00000000-0000-0000-0000-000000000000'::uuid))`);
    await tx.update(documentSubmissions).set({ householdId: keptId }).where(on(documentSubmissions));
    await tx.update(uploadedFiles).set({ householdId: keptId }).where(on(uploadedFiles));
    await tx.update(messageThreads).set({ householdId: keptId }).where(on(messageThreads));
    await tx.update(householdRequests).set({ householdId: keptId }).where(on(householdRequests));
    await tx.update(memberships).set({ householdId: keptId }).where(on(memberships));
    // QF history: dates the kept household does not have move; the others stay with the archive.
    const keptDates = (
      await tx
        .select({ d: familyQuotients.validFrom })
        .from(familyQuotients)
        .where(and(eq(familyQuotients.tenantId, tenantId), eq(familyQuotients.householdId, keptId)))
    ).map((r) => r.d);
    await tx
      .update(familyQuotients)
      .set({ householdId: keptId })
      .where(
        keptDates.length > 0
          ? and(on(familyQuotients), notInArray(familyQuotients.validFrom, keptDates))
          : on(familyQuotients),
      );
    const fill: Partial<typeof households.$inferInsert> = {};
    for (const f of FILLABLE) if (!kept[f] && duplicate[f]) fill[f] = duplicate[f];
    if (kept.familyQuotient === null && duplicate.familyQuotient !== null) {
      fill.familyQuotient = duplicate.familyQuotient;
      fill.qfValidFrom = duplicate.qfValidFrom;
      fill.qfSource = duplicate.qfSource;
    }
    // The import reference follows the household kept, so a later re-import updates it.
    await tx
      .update(households)
      .set({ status: 'archived', mergedIntoId: keptId, externalRef: null })
      .where(and(eq(households.tenantId, tenantId), eq(households.id, dupId)));
    if (!kept.externalRef && duplicate.externalRef) fill.externalRef = duplicate.externalRef;
    if (Object.keys(fill).length > 0)
      await tx
        .update(households)
        .set(fill)
        .where(and(eq(households.tenantId, tenantId), eq(households.id, keptId)));
    const details = {
      householdId: keptId,
      duplicateId: dupId,
      duplicateName: duplicate.name,
      moves,
      filled: Object.keys(fill),
    };
    await writeAudit(tx, {
      tenantId,
      actorUserId: input.staffUserId,
      action: 'household.merge',
      subjectType: 'household',
      subjectId: keptId,
      details,
      at: input.now,
      ip: input.ip ?? null,
    });
    await writeAudit(tx, {
      tenantId,
      actorUserId: input.staffUserId,
      action: 'household.merged_into',
      subjectType: 'household',
      subjectId: dupId,
      details: { keptId },
      at: input.now,
      ip: input.ip ?? null,
    });
    return moves;
  });
}

/**
 * RGPD: archives a household and replaces what identifies its people, irreversibly, in one transaction.
 * Kept (for billing, which will hold its own copies of names and addresses on invoices): the household,
 * guardian and child rows (with neutral names) and enrollments. Replaced or removed: names, addresses,
 * contacts, e-mails, phones, health data, messages, requests, documents; the birth date keeps its year
 * (age statistics). A child also in another household (shared custody) is only unlinked. Logins of the
 * household lose their membership here and their sessions of this tenant; pending activation links die.
 * Returns the storage keys of files to delete once committed.
 */
export async function anonymiseHousehold(
  db: Db,
  input: { tenantId: string; staffUserId: string; householdId: string; now: Date; ip?: string },
): Promise<{ fileKeys: string[] }> {
  const { tenantId, householdId, now } = input;
  return db.transaction(async (tx) => {
    const h = await activeHousehold(tx, tenantId, householdId, true);
    if (!h) throw new AppError('NOT_FOUND');
    if (h.anonymisedAt) throw new AppError('CONFLICT', 'Ce foyer est déjà anonymisé.');
    const on = (t: { tenantId: unknown; householdId: unknown }) =>
      and(eq(t.tenantId as never, tenantId), eq(t.householdId as never, householdId))!;
    const gs = await tx.select().from(guardians).where(on(guardians));
    const links = await tx.select().from(householdChildren).where(on(householdChildren));
    const childIds = links.map((l) => l.childId);
    const shared =
      childIds.length === 0
        ? []
        : (
            await tx
              .select({ childId: householdChildren.childId })
              .from(householdChildren)
              .where(
                and(
                  eq(householdChildren.tenantId, tenantId),
                  inArray(householdChildren.childId, childIds),
                  sql`${householdChildren.householdId} <> ${householdId}`,
                ),
              )
          ).map((r) => r.childId);
    const own = childIds.filter((id) => !shared.includes(id));
    // Logins: membership and sessions in this tenant end; pending activation links are voided.
    const members = await tx.select().from(memberships).where(on(memberships));
    const userIds = members.map((m) => m.userId);
    if (userIds.length > 0)
      await tx
        .delete(platformSessions)
        .where(and(eq(platformSessions.tenantId, tenantId), inArray(platformSessions.userId, userIds)));
    await tx.delete(memberships).where(on(memberships));
    const emails = [h.email, ...gs.map((g) => g.email)].filter((e) => e !== '').map((e) => e.toLowerCase());
    if (emails.length > 0)
      await tx
        .delete(accountTokens)
        .where(
          and(
            eq(accountTokens.tenantId, tenantId),
            eq(accountTokens.purpose, 'activation'),
            inArray(sql`lower(${accountTokens.email})`, emails),
          ),
        );
    // Files: rows go now, bytes after commit.
    const threads = await tx.select({ id: messageThreads.id }).from(messageThreads).where(on(messageThreads));
    const attachmentFiles =
      threads.length === 0
        ? []
        : await tx
            .select({ fileId: messageAttachments.fileId })
            .from(messageAttachments)
            .innerJoin(threadMessages, eq(threadMessages.id, messageAttachments.messageId))
            .where(
              and(
                eq(messageAttachments.tenantId, tenantId),
                inArray(
                  threadMessages.threadId,
                  threads.map((t) => t.id),
                ),
              ),
            );
    await tx.delete(messageThreads).where(on(messageThreads));
    await tx.delete(documentSubmissions).where(on(documentSubmissions));
    const files = await tx
      .select({ id: uploadedFiles.id, key: uploadedFiles.storageKey })
      .from(uploadedFiles)
      .where(
        and(
          eq(uploadedFiles.tenantId, tenantId),
          sql`(${uploadedFiles.householdId} = ${householdId}${
            attachmentFiles.length > 0
              ? sql` or ${inArray(
                  uploadedFiles.id,
                  attachmentFiles.map((a) => a.fileId),
                )}`
              : sql``
          })`,
        ),
      );
    if (files.length > 0)
      await tx.delete(uploadedFiles).where(
        and(
          eq(uploadedFiles.tenantId, tenantId),
          inArray(
            uploadedFiles.id,
            files.map((f) => f.id),
          ),
        ),
      );
    await tx.delete(householdRequests).where(on(householdRequests));
    await tx.delete(householdContacts).where(on(householdContacts));
    await tx.delete(familyQuotients).where(on(familyQuotients));
    await tx
      .update(guardians)
      .set({
        civility: '',
        firstName: 'Responsable',
        lastName: 'anonymisé',
        email: '',
        mobilePhone: '',
        homePhone: '',
        workPhone: '',
        employer: '',
        profession: '',
        externalRef: null,
      })
      .where(on(guardians));
    if (shared.length > 0)
      await tx
        .delete(householdChildren)
        .where(and(on(householdChildren), inArray(householdChildren.childId, shared)));
    if (own.length > 0) {
      await tx
        .update(children)
        .set({
          firstName: 'Enfant',
          lastName: 'anonymisé',
          birthDate: sql`make_date(extract(year from ${children.birthDate})::int, 1, 1)`,
          school: '',
          schoolClass: '',
          imageRights: false,
          externalRef: null,
        })
        .where(and(eq(children.tenantId, tenantId), inArray(children.id, own)));
      await tx
        .delete(childHealth)
        .where(and(eq(childHealth.tenantId, tenantId), inArray(childHealth.childId, own)));
    }
    await tx.update(enrollments).set({ memo: '' }).where(on(enrollments));
    await tx
      .update(households)
      .set({
        name: 'Foyer anonymisé',
        addressLine: '',
        postalCode: '',
        city: '',
        phone: '',
        phone2: '',
        email: '',
        allocataireRegime: null,
        allocataireNumber: null,
        familyQuotient: null,
        qfValidFrom: null,
        qfSource: null,
        familySituation: '',
        professionalSituation: '',
        externalRef: null,
        status: 'archived',
        anonymisedAt: now,
      })
      .where(and(eq(households.tenantId, tenantId), eq(households.id, householdId)));
    await writeAudit(tx, {
      tenantId,
      actorUserId: input.staffUserId,
      action: 'household.anonymise',
      subjectType: 'household',
      subjectId: householdId,
      details: {
        householdId,
        guardians: gs.length,
        childrenAnonymised: own.length,
        childrenUnlinked: shared.length,
        logins: userIds.length,
        files: files.length,
        threads: threads.length,
      },
      at: now,
      ip: input.ip ?? null,
    });
    return { fileKeys: files.map((f) => f.key) };
  });
}
