import { and, asc, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { memberships, platformUsers } from '../accounts/accounts.schema';
import { uploadedFiles } from '../documents/documents.schema';
import { listChildren } from '../households/households.repository';
import { children, households } from '../households/households.schema';
import { messageAttachments, messageThreads, threadMessages } from './messaging.schema';

/** Queries of the messaging feature. Every function takes the tenant. */

/** Messages of the other side not yet seen by this side, per thread (a correlated count). */
const unreadForFamily = sql<number>`(select count(*)::int from ${threadMessages} m
  where m.thread_id = ${messageThreads.id} and m.tenant_id = ${messageThreads.tenantId}
  and m.author_side = 'staff' and m.seq > ${messageThreads.familyReadSeq})`;
const unreadForStaff = sql<number>`(select count(*)::int from ${threadMessages} m
  where m.thread_id = ${messageThreads.id} and m.tenant_id = ${messageThreads.tenantId}
  and m.author_side = 'family' and m.seq > ${messageThreads.staffReadSeq})`;

export async function listFamilyThreads(db: Db, tenantId: string, householdId: string) {
  return db
    .select({
      id: messageThreads.id,
      subject: messageThreads.subject,
      category: messageThreads.category,
      status: messageThreads.status,
      lastMessageAt: messageThreads.lastMessageAt,
      childFirstName: children.firstName,
      unread: unreadForFamily,
    })
    .from(messageThreads)
    .leftJoin(children, eq(children.id, messageThreads.childId))
    .where(and(eq(messageThreads.tenantId, tenantId), eq(messageThreads.householdId, householdId)))
    .orderBy(desc(messageThreads.lastMessageAt));
}

export interface StaffThreadFilter {
  status?: 'open' | 'closed' | undefined;
  assignedTo?: string | undefined;
  unreadOnly?: boolean | undefined;
}

export async function listStaffThreads(db: Db, tenantId: string, filter: StaffThreadFilter) {
  const conditions = [eq(messageThreads.tenantId, tenantId)];
  if (filter.status) conditions.push(eq(messageThreads.status, filter.status));
  if (filter.assignedTo) conditions.push(eq(messageThreads.assignedToUserId, filter.assignedTo));
  if (filter.unreadOnly) conditions.push(sql`${unreadForStaff} > 0`);
  return db
    .select({
      id: messageThreads.id,
      subject: messageThreads.subject,
      category: messageThreads.category,
      status: messageThreads.status,
      lastMessageAt: messageThreads.lastMessageAt,
      householdName: households.name,
      assignedName: platformUsers.displayName,
      unread: unreadForStaff,
    })
    .from(messageThreads)
    .innerJoin(households, eq(households.id, messageThreads.householdId))
    .leftJoin(platformUsers, eq(platformUsers.id, messageThreads.assignedToUserId))
    .where(and(...conditions))
    .orderBy(desc(messageThreads.lastMessageAt))
    .limit(200);
}

/** A thread of the tenant; with `householdId`, only if it belongs to that household. */
export async function findThread(db: Db, tenantId: string, threadId: string, householdId?: string) {
  const conditions = [eq(messageThreads.tenantId, tenantId), eq(messageThreads.id, threadId)];
  if (householdId) conditions.push(eq(messageThreads.householdId, householdId));
  const [row] = await db
    .select({
      thread: messageThreads,
      householdName: households.name,
      childFirstName: children.firstName,
      assignedName: platformUsers.displayName,
    })
    .from(messageThreads)
    .innerJoin(households, eq(households.id, messageThreads.householdId))
    .leftJoin(children, eq(children.id, messageThreads.childId))
    .leftJoin(platformUsers, eq(platformUsers.id, messageThreads.assignedToUserId))
    .where(and(...conditions));
  return row ?? null;
}

export async function messagesOfThread(db: Db, tenantId: string, threadId: string) {
  const rows = await db
    .select({
      id: threadMessages.id,
      seq: threadMessages.seq,
      authorSide: threadMessages.authorSide,
      authorName: platformUsers.displayName,
      body: threadMessages.body,
      createdAt: threadMessages.createdAt,
    })
    .from(threadMessages)
    .leftJoin(platformUsers, eq(platformUsers.id, threadMessages.authorUserId))
    .where(and(eq(threadMessages.tenantId, tenantId), eq(threadMessages.threadId, threadId)))
    .orderBy(asc(threadMessages.seq));
  const ids = rows.map((r) => r.id);
  const files =
    ids.length === 0
      ? []
      : await db
          .select({
            id: messageAttachments.id,
            messageId: messageAttachments.messageId,
            name: uploadedFiles.originalName,
            kind: uploadedFiles.kind,
            sizeBytes: uploadedFiles.sizeBytes,
          })
          .from(messageAttachments)
          .innerJoin(uploadedFiles, eq(uploadedFiles.id, messageAttachments.fileId))
          .where(and(eq(messageAttachments.tenantId, tenantId), inArray(messageAttachments.messageId, ids)));
  return rows.map((r) => ({ ...r, attachments: files.filter((f) => f.messageId === r.id) }));
}

/** An attachment of a thread's message, with its stored file. */
export async function findAttachment(db: Db, tenantId: string, threadId: string, attachmentId: string) {
  const [row] = await db
    .select({ file: uploadedFiles })
    .from(messageAttachments)
    .innerJoin(threadMessages, eq(threadMessages.id, messageAttachments.messageId))
    .innerJoin(uploadedFiles, eq(uploadedFiles.id, messageAttachments.fileId))
    .where(
      and(
        eq(messageAttachments.tenantId, tenantId),
        eq(messageAttachments.id, attachmentId),
        eq(threadMessages.threadId, threadId),
      ),
    );
  return row?.file ?? null;
}

/** Staff of the tenant who handle messages (assignable). */
export async function messageStaff(db: Db, tenantId: string) {
  return db
    .select({ userId: platformUsers.id, name: platformUsers.displayName, email: platformUsers.email })
    .from(memberships)
    .innerJoin(platformUsers, eq(platformUsers.id, memberships.userId))
    .where(
      and(
        eq(memberships.tenantId, tenantId),
        sql`${memberships.roles} && array['admin','manager','accountant']::text[]`,
      ),
    )
    .orderBy(asc(platformUsers.displayName));
}

/** E-mail addresses of a household's logins, else the household's own address. */
export async function householdEmails(db: Db, tenantId: string, householdId: string): Promise<string[]> {
  const rows = await db
    .select({ email: platformUsers.email })
    .from(memberships)
    .innerJoin(platformUsers, eq(platformUsers.id, memberships.userId))
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.householdId, householdId)));
  if (rows.length > 0) return rows.map((r) => r.email);
  const [h] = await db
    .select({ email: households.email })
    .from(households)
    .where(and(eq(households.tenantId, tenantId), eq(households.id, householdId)));
  return h?.email ? [h.email] : [];
}

/** The household's children (shared custody included), for the optional child of a thread. */
export const householdChildren = (db: Db, tenantId: string, householdId: string) =>
  listChildren(db, tenantId, householdId);

/** Unread staff messages across the household's threads (the family dashboard badge). */
export async function unreadMessageCount(db: Db, tenantId: string, householdId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(threadMessages)
    .innerJoin(messageThreads, eq(messageThreads.id, threadMessages.threadId))
    .where(
      and(
        eq(threadMessages.tenantId, tenantId),
        eq(messageThreads.householdId, householdId),
        eq(threadMessages.authorSide, 'staff'),
        gt(threadMessages.seq, messageThreads.familyReadSeq),
      ),
    );
  return Number(row?.n ?? 0);
}

/** Open threads with family messages staff have not read (the staff work queue counter). */
export async function countOpenThreadsUnreadByStaff(db: Db, tenantId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(messageThreads)
    .where(
      and(
        eq(messageThreads.tenantId, tenantId),
        eq(messageThreads.status, 'open'),
        sql`${unreadForStaff} > 0`,
      ),
    );
  return Number(row?.n ?? 0);
}
