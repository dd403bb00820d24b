import { and, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { AppConfig } from '../../config';
import type { Db } from '../../platform/db/client';
import type { FileStorage } from '../../platform/files/storage';
import { AppError } from '../../platform/http/errors';
import type { FamilyActor, StaffActor } from '../../platform/http/policies';
import { enqueueJob } from '../../platform/jobs/jobs';
import { enqueueEmail } from '../../platform/mail/outbox';
import { facilities } from '../catalogue/catalogue.schema';
import { blankToUndefined, fieldErrors, writeAudit } from '../messaging/kit';
import { householdEmails } from '../messaging/messaging.repository';
import { tenantUrl } from '../messaging/messaging.service';
import { addDays, formatDay, isIsoDay, isoDayInZone } from '../news/domain/time';
import { type Tenant, tenants } from '../tenants/tenants.schema';
import {
  countPending,
  findHouseholdFile,
  findSubmission,
  findTenantDocument,
  findType,
  householdMembers,
  listTypes,
  reminderCandidates,
  submissionsOfHousehold,
} from './documents.repository';
import {
  DOCUMENT_SCOPES,
  type DocumentType,
  documentSubmissions,
  documentTypes,
  FILE_KINDS,
  type FileKind,
  TENANT_DOCUMENT_CATEGORIES,
  tenantDocuments,
  uploadedFiles,
  VALIDITY_KINDS,
} from './documents.schema';
import {
  computeValidUntil,
  isMandatoryFor,
  needsAttention,
  parseActivityList,
  type RequestState,
  reminderDue,
  requestState,
  satisfiesRequirement,
} from './domain/document-state';
import { KIND_LABEL, type ReceivedFile } from './uploads';

/** Staff roles that manage document types and review families' documents. Admins pass every check. */
export const DOCUMENT_ROLES = ['manager'] as const;
export const REMINDER_JOB = 'documents.expiry-reminders';

const validation = (errors: Record<string, string>) =>
  new AppError('VALIDATION', 'Formulaire invalide', errors);

/** A unique-index violation, whatever the driver (node-postgres errors come wrapped by Drizzle). */
function isUniqueViolation(err: unknown) {
  return (
    (err as { code?: string; cause?: { code?: string } }).code === '23505' ||
    (err as { cause?: { code?: string } }).cause?.code === '23505'
  );
}

async function tenantTimeZone(db: Db, tenantId: string): Promise<string> {
  const [t] = await db.select({ tz: tenants.timeZone }).from(tenants).where(eq(tenants.id, tenantId));
  return t?.tz ?? 'Europe/Paris';
}

// ---------- What families are asked for ----------

export interface DocumentRequest {
  type: DocumentType;
  /** null for the household itself. */
  subjectId: string | null;
  subjectLabel: string;
  /** The `pour` value of links and forms: 'foyer' or the member's id. */
  pour: string;
  state: RequestState;
}

/** Every request of a household: each active type for the household, each child or each guardian. */
export async function householdRequests(
  db: Db,
  tenantId: string,
  householdId: string,
  today: string,
): Promise<DocumentRequest[]> {
  const [types, members, subs] = await Promise.all([
    listTypes(db, tenantId, true),
    householdMembers(db, tenantId, householdId),
    submissionsOfHousehold(db, tenantId, householdId),
  ]);
  const out: DocumentRequest[] = [];
  for (const type of types) {
    const subjects =
      type.scope === 'household'
        ? [{ id: null as string | null, label: 'Le foyer' }]
        : (type.scope === 'child' ? members.children : members.guardians).map((m) => ({
            id: m.id as string | null,
            label: `${m.firstName} ${m.lastName}`,
          }));
    for (const subject of subjects) {
      const mine = subs.filter((s) => s.typeId === type.id && s.subjectId === subject.id);
      out.push({
        type,
        subjectId: subject.id,
        subjectLabel: subject.label,
        pour: subject.id ?? 'foyer',
        state: requestState(mine, today, type.reminderDays),
      });
    }
  }
  return out;
}

/** For the family dashboard: requests that are missing, refused, expired or expiring soon. */
export async function documentsNeedingAttention(db: Db, tenantId: string, householdId: string, now: Date) {
  const today = isoDayInZone(now, await tenantTimeZone(db, tenantId));
  return (await householdRequests(db, tenantId, householdId, today)).filter((r) =>
    needsAttention(r.state.state),
  );
}

/**
 * The enrollment gate: mandatory documents for `activityName` that the household has not given (for
 * the household itself, for this child, and for each guardian), with their state. Empty: the request
 * may go through.
 */
export async function missingMandatoryDocuments(
  db: Db,
  tenantId: string,
  householdId: string,
  childId: string,
  activityName: string,
  now: Date,
  /** Document type names the activity itself lists as required (catalogue setting). */
  requiredTypeNames: readonly string[] = [],
) {
  const today = isoDayInZone(now, await tenantTimeZone(db, tenantId));
  return (await householdRequests(db, tenantId, householdId, today))
    .filter(
      (r) =>
        isMandatoryFor(r.type.mandatoryFor, activityName) || isMandatoryFor(requiredTypeNames, r.type.name),
    )
    .filter((r) => r.type.scope !== 'child' || r.subjectId === childId)
    .filter((r) => !satisfiesRequirement(r.state.state))
    .map((r) => ({ typeId: r.type.id, name: r.type.name, subject: r.subjectLabel, state: r.state.state }));
}

/** For the staff work queue. */
export async function countDocumentsToReview(db: Db, tenantId: string): Promise<number> {
  return countPending(db, tenantId);
}

/** Finds the request a form points at; another household's member or an unknown type is not found. */
async function resolveRequest(db: Db, fam: FamilyActor, typeId: unknown, pour: unknown) {
  const UUID = /^[0-9a-f-]{36}$/i;
  if (typeof typeId !== 'string' || !UUID.test(typeId)) throw new AppError('NOT_FOUND');
  const type = await findType(db, fam.tenant.id, typeId);
  if (!type?.active) throw new AppError('NOT_FOUND');
  if (type.scope === 'household') {
    if (pour !== 'foyer') throw new AppError('NOT_FOUND');
    return { type, subjectId: null as string | null };
  }
  if (typeof pour !== 'string' || !UUID.test(pour)) throw new AppError('NOT_FOUND');
  const members = await householdMembers(db, fam.tenant.id, fam.householdId);
  const list = type.scope === 'child' ? members.children : members.guardians;
  if (!list.some((m) => m.id === pour)) throw new AppError('NOT_FOUND');
  return { type, subjectId: pour.toLowerCase() };
}

/** The request an upload page is for (404 for another household's member or an unknown type). */
export const requestForForm = resolveRequest;

function checkKind(type: DocumentType, kind: FileKind) {
  if (!type.acceptedKinds.includes(kind))
    throw new AppError('VALIDATION', 'Format refusé', {
      file: `Pour ce document, formats acceptés : ${type.acceptedKinds.map((k) => KIND_LABEL[k as FileKind] ?? k).join(', ')}.`,
    });
}

/** Records a submission for a request: any earlier one still pending is withdrawn (one pending at most). */
async function submit(
  tx: Db,
  args: {
    tenantId: string;
    householdId: string;
    typeId: string;
    subjectId: string | null;
    fileId: string;
    userId: string;
    now: Date;
  },
) {
  await tx
    .update(documentSubmissions)
    .set({ status: 'withdrawn' })
    .where(
      and(
        eq(documentSubmissions.tenantId, args.tenantId),
        eq(documentSubmissions.householdId, args.householdId),
        eq(documentSubmissions.typeId, args.typeId),
        args.subjectId
          ? eq(documentSubmissions.subjectId, args.subjectId)
          : isNull(documentSubmissions.subjectId),
        eq(documentSubmissions.status, 'pending'),
      ),
    );
  try {
    const [row] = await tx
      .insert(documentSubmissions)
      .values({
        tenantId: args.tenantId,
        typeId: args.typeId,
        householdId: args.householdId,
        subjectId: args.subjectId,
        fileId: args.fileId,
        submittedAt: args.now,
        submittedByUserId: args.userId,
      })
      .returning({ id: documentSubmissions.id });
    return row!.id;
  } catch (err) {
    // Two uploads for the same request at the same instant: the unique index keeps one pending.
    if (isUniqueViolation(err))
      throw new AppError('CONFLICT', 'Un autre envoi pour ce document vient d’être enregistré.');
    throw err;
  }
}

/** A family uploads a new file for a request; the file joins its storage space. */
export async function uploadDocument(
  db: Db,
  args: { fam: FamilyActor; now: Date; fields: Record<string, string>; file: ReceivedFile | null },
) {
  const { fam, now } = args;
  const { type, subjectId } = await resolveRequest(db, fam, args.fields.type, args.fields.pour);
  if (!args.file) throw validation({ file: 'Choisissez un fichier.' });
  checkKind(type, args.file.kind);
  const file = args.file;
  return db.transaction(async (tx) => {
    const [f] = await tx
      .insert(uploadedFiles)
      .values({
        tenantId: fam.tenant.id,
        householdId: fam.householdId,
        purpose: 'document',
        storageKey: file.storageKey,
        originalName: file.originalName,
        kind: file.kind,
        sizeBytes: file.sizeBytes,
        uploadedByUserId: fam.actor.userId,
        createdAt: now,
      })
      .returning({ id: uploadedFiles.id });
    return submit(tx, {
      tenantId: fam.tenant.id,
      householdId: fam.householdId,
      typeId: type.id,
      subjectId,
      fileId: f!.id,
      userId: fam.actor.userId,
      now,
    });
  });
}

/** A family gives a file already in its storage space for another request. */
export async function reuseDocument(db: Db, args: { fam: FamilyActor; now: Date; input: unknown }) {
  const { fam, now } = args;
  const raw = (args.input ?? {}) as Record<string, unknown>;
  const { type, subjectId } = await resolveRequest(db, fam, raw.type, raw.pour);
  const fileId = typeof raw.fileId === 'string' ? raw.fileId : '';
  if (!/^[0-9a-f-]{36}$/i.test(fileId))
    throw validation({ fileId: 'Choisissez un fichier de votre espace.' });
  const file = await findHouseholdFile(db, fam.tenant.id, fam.householdId, fileId);
  if (!file) throw new AppError('NOT_FOUND');
  try {
    checkKind(type, file.kind as FileKind);
  } catch (err) {
    throw validation({ fileId: (err as AppError).fields.file ?? 'Format refusé.' });
  }
  return db.transaction((tx) =>
    submit(tx, {
      tenantId: fam.tenant.id,
      householdId: fam.householdId,
      typeId: type.id,
      subjectId,
      fileId: file.id,
      userId: fam.actor.userId,
      now,
    }),
  );
}

// ---------- Review ----------

async function notifyReview(
  tx: Db,
  config: AppConfig,
  tenant: Tenant,
  householdId: string,
  text: string[],
  subject: string,
) {
  for (const to of await householdEmails(tx, tenant.id, householdId))
    await enqueueEmail(tx, {
      tenantId: tenant.id,
      to,
      subject: `${subject} · ${tenant.name}`,
      text: ['Bonjour,', '', ...text, '', `Vos documents : ${tenantUrl(config, tenant, '/documents')}`].join(
        '\n',
      ),
    });
}

/** Schedules the daily expiry-reminder pass (once per day whatever the number of callers). */
export async function scheduleReminders(tx: Db, now: Date) {
  const next = new Date(now.getTime() + 3_600_000);
  const day = next.toISOString().slice(0, 10);
  await enqueueJob(tx, { kind: REMINDER_JOB, runAt: next, dedupeKey: `${REMINDER_JOB}:${day}` });
}

/** Accepts a submission still under review (audited); its validity follows the type's rule. */
export async function acceptSubmission(
  db: Db,
  args: { staff: StaffActor; config: AppConfig; now: Date; submissionId: string },
) {
  const { staff, now } = args;
  const tenantId = staff.tenant.id;
  const found = await findSubmission(db, tenantId, args.submissionId);
  if (!found) throw new AppError('NOT_FOUND');
  const validUntil = computeValidUntil(found.type, isoDayInZone(now, staff.tenant.timeZone));
  await db.transaction(async (tx) => {
    // Conditional: two agents reviewing at once, only the first decision counts.
    const rows = await tx
      .update(documentSubmissions)
      .set({ status: 'accepted', reviewedAt: now, reviewedByUserId: staff.actor.userId, validUntil })
      .where(
        and(
          eq(documentSubmissions.tenantId, tenantId),
          eq(documentSubmissions.id, args.submissionId),
          eq(documentSubmissions.status, 'pending'),
        ),
      )
      .returning({ id: documentSubmissions.id });
    if (rows.length === 0) throw new AppError('CONFLICT', 'Ce document a déjà été examiné.');
    await writeAudit(tx, {
      tenantId,
      at: now,
      actorUserId: staff.actor.userId,
      action: 'document.accept',
      subjectType: 'document_submission',
      subjectId: args.submissionId,
      details: { type: found.type.name, validUntil },
    });
    await notifyReview(
      tx,
      args.config,
      staff.tenant,
      found.submission.householdId,
      [
        `Votre document « ${found.type.name} » a été accepté.`,
        validUntil ? `Il est valable jusqu’au ${formatDay(validUntil)}.` : '',
      ].filter(Boolean),
      'Document accepté',
    );
    if (validUntil) await scheduleReminders(tx, now);
  });
}

export const ZRefusal = z.object({
  reason: z
    .string({ error: 'Indiquez le motif du refus.' })
    .trim()
    .min(3, 'Indiquez le motif du refus (la famille le verra).')
    .max(500, 'Le motif est limité à 500 caractères.'),
});

/** Refuses a submission with a reason the family sees (audited, e-mailed). */
export async function refuseSubmission(
  db: Db,
  args: { staff: StaffActor; config: AppConfig; now: Date; submissionId: string; input: unknown },
) {
  const { staff, now } = args;
  const tenantId = staff.tenant.id;
  const found = await findSubmission(db, tenantId, args.submissionId);
  if (!found) throw new AppError('NOT_FOUND');
  const parsed = ZRefusal.safeParse(args.input);
  if (!parsed.success) throw validation(fieldErrors(parsed.error));
  const reason = parsed.data.reason;
  await db.transaction(async (tx) => {
    const rows = await tx
      .update(documentSubmissions)
      .set({
        status: 'refused',
        reviewedAt: now,
        reviewedByUserId: staff.actor.userId,
        refusalReason: reason,
      })
      .where(
        and(
          eq(documentSubmissions.tenantId, tenantId),
          eq(documentSubmissions.id, args.submissionId),
          eq(documentSubmissions.status, 'pending'),
        ),
      )
      .returning({ id: documentSubmissions.id });
    if (rows.length === 0) throw new AppError('CONFLICT', 'Ce document a déjà été examiné.');
    await writeAudit(tx, {
      tenantId,
      at: now,
      actorUserId: staff.actor.userId,
      action: 'document.refuse',
      subjectType: 'document_submission',
      subjectId: args.submissionId,
      details: { type: found.type.name, reason },
    });
    await notifyReview(
      tx,
      args.config,
      staff.tenant,
      found.submission.householdId,
      [
        `Votre document « ${found.type.name} » n’a pas pu être accepté.`,
        `Motif : ${reason}`,
        'Vous pouvez déposer un nouveau document depuis votre espace.',
      ],
      'Document refusé',
    );
  });
}

// ---------- Document types ----------

const ZTypeForm = z
  .object({
    name: z
      .string({ error: 'Indiquez un nom.' })
      .trim()
      .min(1, 'Indiquez un nom.')
      .max(100, '100 caractères au plus.'),
    description: z.preprocess((v) => v ?? '', z.string().trim().max(500, '500 caractères au plus.')),
    scope: z.enum(DOCUMENT_SCOPES, { error: 'Choisissez pour qui ce document est demandé.' }),
    mandatoryFor: z.preprocess((v) => v ?? '', z.string().max(2000, 'Liste trop longue.')),
    validityKind: z.enum(VALIDITY_KINDS, { error: 'Choisissez une validité.' }),
    validUntil: z.preprocess(blankToUndefined, z.string().optional()),
    validityMonths: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(120).optional()),
    acceptedKinds: z.preprocess(
      (v) => (v === undefined ? [] : [v].flat()),
      z.array(z.enum(FILE_KINDS)).min(1, 'Cochez au moins un format.'),
    ),
    reminderDays: z.preprocess(
      (v) => (v === undefined || v === '' ? 30 : v),
      z.coerce
        .number({ error: 'Nombre de jours invalide.' })
        .int('Nombre entier.')
        .min(0, 'Entre 0 et 365.')
        .max(365, 'Entre 0 et 365.'),
    ),
    active: z.preprocess((v) => v === '1' || v === 'on', z.boolean()),
  })
  .superRefine((v, ctx) => {
    if (v.validityKind === 'fixed_date' && (!v.validUntil || !isIsoDay(v.validUntil)))
      ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'Indiquez la date de fin de validité.' });
    if (v.validityKind === 'months' && !v.validityMonths)
      ctx.addIssue({
        code: 'custom',
        path: ['validityMonths'],
        message: 'Indiquez une durée entre 1 et 120 mois.',
      });
  });

function typeValues(v: z.infer<typeof ZTypeForm>) {
  return {
    name: v.name,
    description: v.description,
    scope: v.scope,
    mandatoryFor: parseActivityList(v.mandatoryFor),
    validityKind: v.validityKind,
    validUntil: v.validityKind === 'fixed_date' ? (v.validUntil ?? null) : null,
    validityMonths: v.validityKind === 'months' ? (v.validityMonths ?? null) : null,
    acceptedKinds: [...new Set(v.acceptedKinds)],
    reminderDays: v.reminderDays,
    active: v.active,
  };
}

/** Creates a document type (audited); names are unique per tenant, case-insensitively. */
export async function createDocumentType(db: Db, args: { staff: StaffActor; now: Date; input: unknown }) {
  const parsed = ZTypeForm.safeParse(args.input);
  if (!parsed.success) throw validation(fieldErrors(parsed.error));
  const tenantId = args.staff.tenant.id;
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(documentTypes)
        .values({ tenantId, ...typeValues(parsed.data), createdAt: args.now })
        .returning({ id: documentTypes.id });
      await writeAudit(tx, {
        tenantId,
        at: args.now,
        actorUserId: args.staff.actor.userId,
        action: 'document_type.create',
        subjectType: 'document_type',
        subjectId: row!.id,
        details: { name: parsed.data.name },
      });
      return row!.id;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw validation({ name: 'Un type de document porte déjà ce nom.' });
    throw err;
  }
}

export async function updateDocumentType(
  db: Db,
  args: { staff: StaffActor; now: Date; typeId: string; input: unknown },
) {
  const tenantId = args.staff.tenant.id;
  if (!(await findType(db, tenantId, args.typeId))) throw new AppError('NOT_FOUND');
  const parsed = ZTypeForm.safeParse(args.input);
  if (!parsed.success) throw validation(fieldErrors(parsed.error));
  try {
    await db.transaction(async (tx) => {
      await tx
        .update(documentTypes)
        .set(typeValues(parsed.data))
        .where(and(eq(documentTypes.tenantId, tenantId), eq(documentTypes.id, args.typeId)));
      await writeAudit(tx, {
        tenantId,
        at: args.now,
        actorUserId: args.staff.actor.userId,
        action: 'document_type.update',
        subjectType: 'document_type',
        subjectId: args.typeId,
        details: { name: parsed.data.name },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw validation({ name: 'Un type de document porte déjà ce nom.' });
    throw err;
  }
}

// ---------- Tenant documents ----------

const ZTenantDoc = z.object({
  title: z
    .string({ error: 'Indiquez un titre.' })
    .trim()
    .min(1, 'Indiquez un titre.')
    .max(150, '150 caractères au plus.'),
  category: z.enum(TENANT_DOCUMENT_CATEGORIES, { error: 'Choisissez une catégorie.' }),
  facilityId: z.preprocess(blankToUndefined, z.uuid('Équipement inconnu.').optional()),
});

export async function addTenantDocument(
  db: Db,
  args: { staff: StaffActor; now: Date; fields: Record<string, string>; file: ReceivedFile | null },
) {
  const tenantId = args.staff.tenant.id;
  const parsed = ZTenantDoc.safeParse(args.fields);
  const errors = parsed.success ? {} : fieldErrors(parsed.error);
  if (!args.file) errors.file ??= 'Choisissez un fichier.';
  if (parsed.success && parsed.data.facilityId) {
    const [f] = await db
      .select({ id: facilities.id })
      .from(facilities)
      .where(and(eq(facilities.tenantId, tenantId), eq(facilities.id, parsed.data.facilityId)));
    if (!f) errors.facilityId = 'Équipement inconnu.';
  }
  if (!parsed.success || !args.file || Object.keys(errors).length > 0) throw validation(errors);
  const file = args.file;
  await db.transaction(async (tx) => {
    const [f] = await tx
      .insert(uploadedFiles)
      .values({
        tenantId,
        householdId: null,
        purpose: 'tenant',
        storageKey: file.storageKey,
        originalName: file.originalName,
        kind: file.kind,
        sizeBytes: file.sizeBytes,
        uploadedByUserId: args.staff.actor.userId,
        createdAt: args.now,
      })
      .returning({ id: uploadedFiles.id });
    const [d] = await tx
      .insert(tenantDocuments)
      .values({
        tenantId,
        facilityId: parsed.data.facilityId ?? null,
        title: parsed.data.title,
        category: parsed.data.category,
        fileId: f!.id,
        createdByUserId: args.staff.actor.userId,
        createdAt: args.now,
      })
      .returning({ id: tenantDocuments.id });
    await writeAudit(tx, {
      tenantId,
      at: args.now,
      actorUserId: args.staff.actor.userId,
      action: 'tenant_document.create',
      subjectType: 'tenant_document',
      subjectId: d!.id,
      details: { title: parsed.data.title },
    });
  });
}

export async function deleteTenantDocument(
  db: Db,
  storage: FileStorage,
  args: { staff: StaffActor; now: Date; docId: string },
) {
  const tenantId = args.staff.tenant.id;
  const found = await findTenantDocument(db, tenantId, args.docId);
  if (!found) throw new AppError('NOT_FOUND');
  await db.transaction(async (tx) => {
    await tx
      .delete(tenantDocuments)
      .where(and(eq(tenantDocuments.tenantId, tenantId), eq(tenantDocuments.id, args.docId)));
    await tx
      .delete(uploadedFiles)
      .where(and(eq(uploadedFiles.tenantId, tenantId), eq(uploadedFiles.id, found.file.id)));
    await writeAudit(tx, {
      tenantId,
      at: args.now,
      actorUserId: args.staff.actor.userId,
      action: 'tenant_document.delete',
      subjectType: 'tenant_document',
      subjectId: args.docId,
      details: { title: found.doc.title },
    });
  });
  // After commit: the bytes go once no row points at them.
  await storage.delete(found.file.storageKey);
}

// ---------- Expiry reminders (job) ----------

/**
 * Sends each expiry reminder once (a conditional update on `reminded_at` makes a replayed job
 * harmless), then schedules the next daily pass.
 */
export async function runExpiryReminders(db: Db, config: AppConfig, now: Date): Promise<number> {
  const candidates = await reminderCandidates(db);
  const tenantIds = [...new Set(candidates.map((c) => c.tenantId))];
  const tenantRows =
    tenantIds.length === 0 ? [] : await db.select().from(tenants).where(inArray(tenants.id, tenantIds));
  let sent = 0;
  for (const c of candidates) {
    const tenant = tenantRows.find((t) => t.id === c.tenantId);
    if (!tenant) continue;
    const today = isoDayInZone(now, tenant.timeZone);
    if (!reminderDue(c.validUntil, today, c.reminderDays, false)) continue;
    await db.transaction(async (tx) => {
      const rows = await tx
        .update(documentSubmissions)
        .set({ remindedAt: now })
        .where(and(eq(documentSubmissions.id, c.id), isNull(documentSubmissions.remindedAt)))
        .returning({ id: documentSubmissions.id });
      if (rows.length === 0) return;
      await notifyReview(
        tx,
        config,
        tenant,
        c.householdId,
        [
          `Votre document « ${c.typeName} » arrive à échéance le ${formatDay(c.validUntil!)}.`,
          'Pensez à déposer sa nouvelle version.',
        ],
        'Document bientôt expiré',
      );
      sent++;
    });
  }
  const tomorrow = new Date(`${addDays(now.toISOString().slice(0, 10), 1)}T05:00:00Z`);
  await enqueueJob(db, {
    kind: REMINDER_JOB,
    runAt: tomorrow,
    dedupeKey: `${REMINDER_JOB}:${tomorrow.toISOString().slice(0, 10)}`,
  });
  return sent;
}
