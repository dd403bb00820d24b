import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppConfig } from '../../config';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import type { FamilyActor, StaffActor } from '../../platform/http/policies';
import { enqueueEmail } from '../../platform/mail/outbox';
import { uploadedFiles } from '../documents/documents.schema';
import type { Tenant } from '../tenants/tenants.schema';
import { blankToUndefined, fieldErrors, writeAudit } from './kit';
import { findThread, householdChildren, householdEmails, messageStaff } from './messaging.repository';
import { messageAttachments, messageThreads, THREAD_CATEGORIES, threadMessages } from './messaging.schema';

/** Staff roles that read and answer families' messages. Administrators pass every staff check. */
export const MESSAGE_ROLES = ['manager', 'accountant'] as const;

export const CATEGORY_LABEL: Record<(typeof THREAD_CATEGORIES)[number], string> = {
  inscription: 'Inscription',
  facturation: 'Facturation',
  reservation: 'Réservation',
  absence: 'Absence',
  autre: 'Autre',
};

const ZBody = z
  .string({ error: 'Écrivez votre message.' })
  .trim()
  .min(1, 'Écrivez votre message.')
  .max(5000, 'Le message est limité à 5 000 caractères.');

export const ZNewThread = z.object({
  subject: z
    .string({ error: 'Indiquez un objet.' })
    .trim()
    .min(1, 'Indiquez un objet.')
    .max(150, 'L’objet est limité à 150 caractères.'),
  category: z.enum(THREAD_CATEGORIES, { error: 'Choisissez une catégorie.' }),
  childId: z.preprocess(blankToUndefined, z.uuid('Enfant inconnu.').optional()),
  body: ZBody,
});
export const ZReply = z.object({ body: ZBody });

/** A file already written to the storage under a random key, to record with the message. */
export interface IncomingFile {
  storageKey: string;
  originalName: string;
  kind: 'pdf' | 'jpeg' | 'png' | 'heic';
  sizeBytes: number;
}

function validation(errors: Record<string, string>): AppError {
  return new AppError('VALIDATION', 'Formulaire invalide', errors);
}

/** The absolute address of a tenant page, for e-mails. */
export function tenantUrl(config: AppConfig, tenant: Tenant, path: string): string {
  const origin = config.PUBLIC_URL?.replace(/\/$/, '') ?? `http://${config.HOST}:${config.PORT}`;
  return `${origin}/${tenant.slug}${path}`;
}

async function addMessage(
  tx: Db,
  args: {
    tenantId: string;
    threadId: string;
    householdId: string;
    side: 'family' | 'staff';
    userId: string;
    body: string;
    now: Date;
    file: IncomingFile | null;
  },
) {
  const [msg] = await tx
    .insert(threadMessages)
    .values({
      tenantId: args.tenantId,
      threadId: args.threadId,
      authorSide: args.side,
      authorUserId: args.userId,
      body: args.body,
      createdAt: args.now,
    })
    .returning({ id: threadMessages.id, seq: threadMessages.seq });
  if (args.file) {
    const [f] = await tx
      .insert(uploadedFiles)
      .values({
        tenantId: args.tenantId,
        householdId: args.householdId,
        purpose: 'attachment',
        storageKey: args.file.storageKey,
        originalName: args.file.originalName,
        kind: args.file.kind,
        sizeBytes: args.file.sizeBytes,
        uploadedByUserId: args.userId,
        createdAt: args.now,
      })
      .returning({ id: uploadedFiles.id });
    await tx
      .insert(messageAttachments)
      .values({ tenantId: args.tenantId, messageId: msg!.id, fileId: f!.id });
  }
  // The writer's side has read everything up to its own message.
  await tx
    .update(messageThreads)
    .set(
      args.side === 'family'
        ? {
            lastMessageAt: args.now,
            familyReadSeq: sql`greatest(${messageThreads.familyReadSeq}, ${msg!.seq})`,
          }
        : {
            lastMessageAt: args.now,
            staffReadSeq: sql`greatest(${messageThreads.staffReadSeq}, ${msg!.seq})`,
          },
    )
    .where(and(eq(messageThreads.tenantId, args.tenantId), eq(messageThreads.id, args.threadId)));
  return msg!;
}

/** Tells the service a family wrote: to the assigned agent, else the tenant's contact address. */
async function notifyStaff(
  tx: Db,
  config: AppConfig,
  tenant: Tenant,
  threadId: string,
  assignedToUserId: string | null,
) {
  let to = tenant.contactEmail;
  if (assignedToUserId) {
    const agent = (await messageStaff(tx, tenant.id)).find((s) => s.userId === assignedToUserId);
    if (agent) to = agent.email;
  }
  // Never the content: only that a message waits, and where.
  await enqueueEmail(tx, {
    tenantId: tenant.id,
    to,
    subject: `Nouveau message d’une famille · ${tenant.name}`,
    text: [
      'Bonjour,',
      '',
      'Une famille vous a écrit sur le portail famille.',
      `Pour lire le message et répondre : ${tenantUrl(config, tenant, `/gestion/messages/${threadId}`)}`,
      '',
      'Ce message est envoyé automatiquement.',
    ].join('\n'),
  });
}

async function notifyFamily(
  tx: Db,
  config: AppConfig,
  tenant: Tenant,
  householdId: string,
  threadId: string,
) {
  for (const to of await householdEmails(tx, tenant.id, householdId)) {
    await enqueueEmail(tx, {
      tenantId: tenant.id,
      to,
      subject: `Vous avez un nouveau message · ${tenant.name}`,
      text: [
        'Bonjour,',
        '',
        `Le service ${tenant.name} vous a répondu sur le portail famille.`,
        `Pour lire le message, connectez-vous : ${tenantUrl(config, tenant, `/messages/${threadId}`)}`,
        '',
        'Pour protéger vos données, le contenu du message n’est pas recopié dans ce courriel.',
      ].join('\n'),
    });
  }
}

/** A family starts a thread with the service (optional child of the household, optional file). */
export async function startThread(
  db: Db,
  args: { fam: FamilyActor; config: AppConfig; now: Date; input: unknown; file: IncomingFile | null },
): Promise<string> {
  const { fam, now } = args;
  const tenantId = fam.tenant.id;
  const parsed = ZNewThread.safeParse(args.input);
  if (!parsed.success) throw validation(fieldErrors(parsed.error));
  const data = parsed.data;
  if (data.childId) {
    const kids = await householdChildren(db, tenantId, fam.householdId);
    if (!kids.some((k) => k.id === data.childId)) throw validation({ childId: 'Enfant inconnu.' });
  }
  return db.transaction(async (tx) => {
    const [thread] = await tx
      .insert(messageThreads)
      .values({
        tenantId,
        householdId: fam.householdId,
        childId: data.childId ?? null,
        subject: data.subject,
        category: data.category,
        createdByUserId: fam.actor.userId,
        createdAt: now,
        lastMessageAt: now,
      })
      .returning({ id: messageThreads.id });
    await addMessage(tx, {
      tenantId,
      threadId: thread!.id,
      householdId: fam.householdId,
      side: 'family',
      userId: fam.actor.userId,
      body: data.body,
      now,
      file: args.file,
    });
    await notifyStaff(tx, args.config, fam.tenant, thread!.id, null);
    return thread!.id;
  });
}

/** A family answers in one of its threads; a closed thread opens again. */
export async function familyReply(
  db: Db,
  args: {
    fam: FamilyActor;
    config: AppConfig;
    now: Date;
    threadId: string;
    input: unknown;
    file: IncomingFile | null;
  },
) {
  const { fam, now } = args;
  const found = await findThread(db, fam.tenant.id, args.threadId, fam.householdId);
  if (!found) throw new AppError('NOT_FOUND');
  const parsed = ZReply.safeParse(args.input);
  if (!parsed.success) throw validation(fieldErrors(parsed.error));
  await db.transaction(async (tx) => {
    await addMessage(tx, {
      tenantId: fam.tenant.id,
      threadId: args.threadId,
      householdId: fam.householdId,
      side: 'family',
      userId: fam.actor.userId,
      body: parsed.data.body,
      now,
      file: args.file,
    });
    if (found.thread.status === 'closed')
      await tx
        .update(messageThreads)
        .set({ status: 'open' })
        .where(and(eq(messageThreads.tenantId, fam.tenant.id), eq(messageThreads.id, args.threadId)));
    await notifyStaff(tx, args.config, fam.tenant, args.threadId, found.thread.assignedToUserId);
  });
}

/** Staff answer a thread (audited); the household is told by e-mail that a message waits. */
export async function staffReply(
  db: Db,
  args: {
    staff: StaffActor;
    config: AppConfig;
    now: Date;
    threadId: string;
    input: unknown;
    file: IncomingFile | null;
  },
) {
  const { staff, now } = args;
  const tenantId = staff.tenant.id;
  const found = await findThread(db, tenantId, args.threadId);
  if (!found) throw new AppError('NOT_FOUND');
  const parsed = ZReply.safeParse(args.input);
  if (!parsed.success) throw validation(fieldErrors(parsed.error));
  await db.transaction(async (tx) => {
    const msg = await addMessage(tx, {
      tenantId,
      threadId: args.threadId,
      householdId: found.thread.householdId,
      side: 'staff',
      userId: staff.actor.userId,
      body: parsed.data.body,
      now,
      file: args.file,
    });
    await writeAudit(tx, {
      tenantId,
      at: now,
      actorUserId: staff.actor.userId,
      action: 'message.reply',
      subjectType: 'message_thread',
      subjectId: args.threadId,
      details: { messageId: msg.id, attachment: Boolean(args.file) },
    });
    await notifyFamily(tx, args.config, staff.tenant, found.thread.householdId, args.threadId);
  });
}

/** Assigns a thread to a staff member who handles messages, or to nobody (audited). */
export async function assignThread(
  db: Db,
  args: { staff: StaffActor; now: Date; threadId: string; input: unknown },
) {
  const { staff, now } = args;
  const tenantId = staff.tenant.id;
  if (!(await findThread(db, tenantId, args.threadId))) throw new AppError('NOT_FOUND');
  const raw = (args.input ?? {}) as Record<string, unknown>;
  const assignee = typeof raw.assignee === 'string' ? raw.assignee : '';
  let assignedToUserId: string | null = null;
  if (assignee !== '') {
    const agents = await messageStaff(db, tenantId);
    if (!agents.some((a) => a.userId === assignee))
      throw new AppError('BAD_REQUEST', 'Agent inconnu', { assignee: 'Agent inconnu.' });
    assignedToUserId = assignee;
  }
  await db.transaction(async (tx) => {
    await tx
      .update(messageThreads)
      .set({ assignedToUserId })
      .where(and(eq(messageThreads.tenantId, tenantId), eq(messageThreads.id, args.threadId)));
    await writeAudit(tx, {
      tenantId,
      at: now,
      actorUserId: staff.actor.userId,
      action: 'message.assign',
      subjectType: 'message_thread',
      subjectId: args.threadId,
      details: { assignedToUserId },
    });
  });
}

/** Closes or reopens a thread (audited). */
export async function setThreadStatus(
  db: Db,
  args: { staff: StaffActor; now: Date; threadId: string; input: unknown },
) {
  const { staff, now } = args;
  const tenantId = staff.tenant.id;
  if (!(await findThread(db, tenantId, args.threadId))) throw new AppError('NOT_FOUND');
  const parsed = z.object({ status: z.enum(['open', 'closed']) }).safeParse(args.input);
  if (!parsed.success) throw new AppError('BAD_REQUEST', 'Statut inconnu');
  await db.transaction(async (tx) => {
    await tx
      .update(messageThreads)
      .set({ status: parsed.data.status })
      .where(and(eq(messageThreads.tenantId, tenantId), eq(messageThreads.id, args.threadId)));
    await writeAudit(tx, {
      tenantId,
      at: now,
      actorUserId: staff.actor.userId,
      action: parsed.data.status === 'closed' ? 'message.close' : 'message.reopen',
      subjectType: 'message_thread',
      subjectId: args.threadId,
    });
  });
}

/**
 * Marks a thread read up to its newest message for one side. Reading a page moves only this
 * per-side marker (like a session's last-seen time); it never changes what the other side sees.
 */
export async function markThreadRead(db: Db, tenantId: string, threadId: string, side: 'family' | 'staff') {
  const maxSeq = sql`(select coalesce(max(m.seq), 0) from ${threadMessages} m where m.thread_id = ${messageThreads.id} and m.tenant_id = ${messageThreads.tenantId})`;
  await db
    .update(messageThreads)
    .set(side === 'family' ? { familyReadSeq: maxSeq } : { staffReadSeq: maxSeq })
    .where(and(eq(messageThreads.tenantId, tenantId), eq(messageThreads.id, threadId)));
}
