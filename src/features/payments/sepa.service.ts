import { randomBytes } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { AppConfig } from '../../config';
import { formatDayLongFr, isIsoDay, todayIn } from '../../platform/calendar/days';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import type { FamilyActor, StaffActor } from '../../platform/http/policies';
import { enqueueEmail } from '../../platform/mail/outbox';
import { formatCents } from '../../platform/money';
import { deriveKey, openSecret, sealSecret } from '../../platform/secrets';
import { amountDue, enterCollection } from '../billing/invoices.repository';
import { fieldErrors, writeAudit } from '../messaging/kit';
import { householdEmails } from '../messaging/messaging.repository';
import { tenantUrl } from '../messaging/messaging.service';
import type { Tenant } from '../tenants/tenants.schema';
import { checkBic, checkIban, maskIban } from './domain/iban';
import { newRum } from './domain/rum';
import {
  buildPain008,
  earliestCollectionDate,
  SEPA_FORMATS,
  type SepaFormat,
  sequenceTypeOf,
  shortNotice,
} from './domain/sepa';
import { sepaIdentifier } from './domain/transliterate';
import { isUniqueViolation, validation } from './manual.service';
import { paymentAllocations, payments } from './payments.schema';
import {
  activeMandate,
  collectableInvoices,
  findCollection,
  findCollectionByToken,
  findCreditorId,
  findRequest,
  findRequestByToken,
  findSepaSettings,
  itemsOfCollection,
  liveDebitOfInvoice,
} from './sepa.repository';
import {
  sepaCollectionItems,
  sepaCollections,
  sepaMandateRequests,
  sepaMandates,
  sepaSettings,
} from './sepa.schema';
import { markPaymentPaid, OverPaymentError } from './settle';

/**
 * The key sealing IBANs in the database, derived for this purpose from the deployment's secrets key
 * (itself derived from FILES_KEY; the cookie secret in tests): never stored.
 */
export function ibanSealingKey(master: Uint8Array | string): Buffer {
  return deriveKey(master, 'sepa-iban');
}

/** What the family accepts: the creditor and its ICS, the SEPA Core rights (EPC model wording). */
export function mandateText(creditorName: string, ics: string): string {
  return [
    `En signant ce formulaire de mandat, vous autorisez ${creditorName} (identifiant créancier SEPA ${ics}) à envoyer des instructions à votre banque pour débiter votre compte, et votre banque à débiter votre compte conformément aux instructions de ${creditorName}.`,
    'Vous bénéficiez du droit d’être remboursé par votre banque selon les conditions décrites dans la convention que vous avez passée avec elle. Une demande de remboursement doit être présentée dans les 8 semaines suivant la date de débit de votre compte pour un prélèvement autorisé.',
    'Chaque prélèvement vous est annoncé sur la facture (date, montant, référence du mandat) au moins 2 jours ouvrés avant la date de prélèvement.',
  ].join('\n\n');
}

/** The tenant's direct-debit setup, or null when it cannot collect yet (no settings or no ICS). */
export async function sepaSetup(db: Db, tenantId: string) {
  const [settings, ics] = await Promise.all([findSepaSettings(db, tenantId), findCreditorId(db, tenantId)]);
  return settings && ics ? { settings, ics } : null;
}

// ---------- Family ----------

export interface RibDocument {
  storageKey: string;
  originalName: string;
  kind: string;
  sizeBytes: number;
}

const text = (label: string, max: number) =>
  z
    .string({ error: `Indiquez ${label}.` })
    .trim()
    .min(2, `Indiquez ${label}.`)
    .max(max, `${max} caractères au plus.`);

const ZRequest = z.object({
  accountHolder: text('le titulaire du compte', 70),
  bankName: text('le nom de la banque', 70),
  bic: z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string().max(20, 'BIC invalide.')),
  iban: z.string({ error: 'Indiquez l’IBAN.' }).max(50, 'Un IBAN compte 34 caractères au plus.'),
  accept: z.literal('yes', { error: 'Cochez la case pour accepter le mandat.' }),
  formToken: z.uuid('Formulaire expiré : rechargez la page.'),
});

/**
 * A family asks for direct debit (or, with an active mandate, for a change of bank details: an
 * amendment). IBAN checked with ibantools (French RIB key included), sealed before storage; the RIB
 * document is required. A replayed form returns the first request.
 */
export async function submitMandateRequest(
  db: Db,
  args: {
    fam: FamilyActor;
    now: Date;
    fields: Record<string, string>;
    document: RibDocument | null;
    secretsKey: Uint8Array;
  },
): Promise<{ id: string; replayed: boolean }> {
  const { fam, now } = args;
  const tenantId = fam.tenant.id;
  const setup = await sepaSetup(db, tenantId);
  if (!setup) throw new AppError('CONFLICT', 'Le prélèvement n’est pas proposé par ce service.');
  const parsed = ZRequest.safeParse(args.fields);
  const errors = parsed.success ? {} : fieldErrors(parsed.error);
  const iban = checkIban(args.fields.iban ?? '');
  if (!iban.ok) errors.iban = iban.message;
  const bic = checkBic(args.fields.bic ?? '');
  if (!bic.ok) errors.bic = bic.message;
  if (!args.document && !errors.file) errors.file = 'Joignez votre RIB (PDF ou photo).';
  if (Object.keys(errors).length > 0) throw validation(errors);
  const v = parsed.data!;
  const replay = await findRequestByToken(db, tenantId, fam.householdId, v.formToken);
  if (replay) return { id: replay.id, replayed: true };
  const current = await activeMandate(db, tenantId, fam.householdId);
  const doc = args.document!;
  const ibanText = (iban as { iban: string }).iban;
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(sepaMandateRequests)
        .values({
          tenantId,
          householdId: fam.householdId,
          kind: current ? 'amendment' : 'new',
          accountHolder: v.accountHolder,
          bankName: v.bankName,
          bic: (bic as { bic: string | null }).bic,
          ibanSealed: sealSecret(args.secretsKey, ibanText),
          ibanMasked: maskIban(ibanText),
          documentKey: doc.storageKey,
          documentName: doc.originalName,
          documentKind: doc.kind,
          documentSize: doc.sizeBytes,
          acceptedText: mandateText(setup.settings.creditorName, setup.ics),
          formToken: v.formToken,
          submittedAt: now,
          submittedByUserId: fam.actor.userId,
        })
        .returning({ id: sepaMandateRequests.id });
      await writeAudit(tx, {
        tenantId,
        at: now,
        actorUserId: fam.actor.userId,
        action: 'sepa.request',
        subjectType: 'sepa_mandate_request',
        subjectId: row!.id,
        details: { kind: current ? 'amendment' : 'new', iban: maskIban(ibanText) },
      });
      return { id: row!.id, replayed: false };
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      const first = await findRequestByToken(db, tenantId, fam.householdId, v.formToken);
      if (first) return { id: first.id, replayed: true };
      throw validation({
        formToken: 'Une demande est déjà en attente : le service doit d’abord la traiter.',
      });
    }
    throw err;
  }
}

/** The family stops direct debit: the active mandate is revoked (debits already sent stay). */
export async function revokeMandate(
  db: Db,
  args: {
    tenantId: string;
    householdId: string;
    now: Date;
    actorUserId: string;
    reason: string;
    tenant: Tenant;
  },
) {
  await db.transaction(async (tx) => {
    const rows = await tx
      .update(sepaMandates)
      .set({ status: 'revoked', revokedAt: args.now, revokedReason: args.reason })
      .where(
        and(
          eq(sepaMandates.tenantId, args.tenantId),
          eq(sepaMandates.householdId, args.householdId),
          eq(sepaMandates.status, 'active'),
        ),
      )
      .returning({ id: sepaMandates.id, rum: sepaMandates.rum });
    if (rows.length === 0) throw new AppError('CONFLICT', 'Aucun mandat actif à arrêter.');
    await writeAudit(tx, {
      tenantId: args.tenantId,
      at: args.now,
      actorUserId: args.actorUserId,
      action: 'sepa.mandate.revoke',
      subjectType: 'sepa_mandate',
      subjectId: rows[0]!.id,
      details: { rum: rows[0]!.rum, reason: args.reason },
    });
  });
}

// ---------- Staff: requests ----------

/**
 * Accepts a pending request. A new request creates the mandate (random RUM, unique per tenant,
 * signature date = the day of acceptance, active). An amendment keeps the RUM and replaces the bank
 * details of the active mandate, counts the amendment and makes the next debit FRST (ADR 0023).
 * Conditional on `status = 'pending'`: concurrent decisions → one wins, the other 409.
 */
export async function acceptMandateRequest(
  db: Db,
  args: { staff: StaffActor; config: AppConfig; now: Date; id: string },
) {
  const { staff, now } = args;
  const tenantId = staff.tenant.id;
  const found = await findRequest(db, tenantId, args.id);
  if (!found) throw new AppError('NOT_FOUND');
  const r = found.request;
  const today = todayIn(staff.tenant.timeZone, now);
  return db.transaction(async (tx) => {
    const won = await tx
      .update(sepaMandateRequests)
      .set({ status: 'accepted', decidedAt: now, decidedByUserId: staff.actor.userId })
      .where(
        and(
          eq(sepaMandateRequests.tenantId, tenantId),
          eq(sepaMandateRequests.id, r.id),
          eq(sepaMandateRequests.status, 'pending'),
        ),
      )
      .returning({ id: sepaMandateRequests.id });
    if (won.length === 0) throw new AppError('CONFLICT', 'Cette demande a déjà été traitée.');
    const current = await activeMandate(tx, tenantId, r.householdId);
    const bank = {
      accountHolder: r.accountHolder,
      bankName: r.bankName,
      bic: r.bic,
      ibanSealed: r.ibanSealed,
      ibanMasked: r.ibanMasked,
    };
    let mandateId: string;
    let rum: string;
    if (current) {
      await tx
        .update(sepaMandates)
        .set({ ...bank, needsFirst: true, amendments: current.amendments + 1, amendedAt: now })
        .where(eq(sepaMandates.id, current.id));
      mandateId = current.id;
      rum = current.rum;
    } else {
      rum = newRum(Number(today.slice(0, 4)), randomBytes(8));
      const [m] = await tx
        .insert(sepaMandates)
        .values({ tenantId, householdId: r.householdId, rum, ...bank, signedOn: today, createdAt: now })
        .returning({ id: sepaMandates.id });
      mandateId = m!.id;
    }
    await tx.update(sepaMandateRequests).set({ mandateId }).where(eq(sepaMandateRequests.id, r.id));
    await writeAudit(tx, {
      tenantId,
      at: now,
      actorUserId: staff.actor.userId,
      action: current ? 'sepa.mandate.amend' : 'sepa.mandate.create',
      subjectType: 'sepa_mandate',
      subjectId: mandateId,
      details: { rum, requestId: r.id, iban: r.ibanMasked },
    });
    for (const to of await householdEmails(tx, tenantId, r.householdId))
      await enqueueEmail(tx, {
        tenantId,
        to,
        subject: `Prélèvement automatique accepté · ${staff.tenant.name}`,
        text: [
          'Bonjour,',
          '',
          current
            ? `Vos nouvelles coordonnées bancaires (${r.ibanMasked}) sont enregistrées sur votre mandat ${rum}.`
            : `Votre demande de prélèvement est acceptée. Référence de votre mandat (RUM) : ${rum}, compte ${r.ibanMasked}.`,
          'Chaque facture prélevée vous indiquera la date et le montant du prélèvement.',
          '',
          `Votre prélèvement : ${tenantUrl(args.config, staff.tenant, '/prelevement')}`,
        ].join('\n'),
      });
    return { mandateId, rum };
  });
}

export const ZRefusal = z.object({
  comment: z
    .string({ error: 'Indiquez le motif du refus.' })
    .trim()
    .min(3, 'Indiquez le motif du refus (la famille le verra).')
    .max(500, 'Le motif est limité à 500 caractères.'),
});

export async function refuseMandateRequest(
  db: Db,
  args: { staff: StaffActor; config: AppConfig; now: Date; id: string; input: unknown },
) {
  const { staff, now } = args;
  const tenantId = staff.tenant.id;
  const found = await findRequest(db, tenantId, args.id);
  if (!found) throw new AppError('NOT_FOUND');
  const parsed = ZRefusal.safeParse(args.input ?? {});
  if (!parsed.success) throw validation(fieldErrors(parsed.error));
  const comment = parsed.data.comment;
  await db.transaction(async (tx) => {
    const won = await tx
      .update(sepaMandateRequests)
      .set({
        status: 'refused',
        decisionComment: comment,
        decidedAt: now,
        decidedByUserId: staff.actor.userId,
      })
      .where(
        and(
          eq(sepaMandateRequests.tenantId, tenantId),
          eq(sepaMandateRequests.id, found.request.id),
          eq(sepaMandateRequests.status, 'pending'),
        ),
      )
      .returning({ id: sepaMandateRequests.id });
    if (won.length === 0) throw new AppError('CONFLICT', 'Cette demande a déjà été traitée.');
    await writeAudit(tx, {
      tenantId,
      at: now,
      actorUserId: staff.actor.userId,
      action: 'sepa.request.refuse',
      subjectType: 'sepa_mandate_request',
      subjectId: found.request.id,
      details: { comment },
    });
    for (const to of await householdEmails(tx, tenantId, found.request.householdId))
      await enqueueEmail(tx, {
        tenantId,
        to,
        subject: `Demande de prélèvement non acceptée · ${staff.tenant.name}`,
        text: [
          'Bonjour,',
          '',
          'Votre demande de prélèvement automatique n’a pas pu être acceptée.',
          `Motif : ${comment}`,
          '',
          `Votre prélèvement : ${tenantUrl(args.config, staff.tenant, '/prelevement')}`,
        ].join('\n'),
      });
  });
}

// ---------- Staff: settings ----------

const ZSettings = z.object({
  format: z.enum(SEPA_FORMATS, { error: 'Choisissez le format du fichier.' }),
  creditorName: text('le nom du créancier', 70),
  creditorIban: z.string({ error: 'Indiquez l’IBAN du compte créancier.' }).max(50, 'IBAN trop long.'),
  creditorBic: z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string().max(20, 'BIC invalide.')),
});

export async function saveSepaSettings(db: Db, args: { staff: StaffActor; now: Date; input: unknown }) {
  const input = (args.input ?? {}) as Record<string, unknown>;
  const parsed = ZSettings.safeParse(input);
  const errors = parsed.success ? {} : fieldErrors(parsed.error);
  const iban = checkIban(typeof input.creditorIban === 'string' ? input.creditorIban : '');
  if (!iban.ok) errors.creditorIban = iban.message;
  const bic = checkBic(typeof input.creditorBic === 'string' ? input.creditorBic : '');
  if (!bic.ok) errors.creditorBic = bic.message;
  if (Object.keys(errors).length > 0 || !parsed.success || !iban.ok || !bic.ok) throw validation(errors);
  const tenantId = args.staff.tenant.id;
  const values = {
    format: parsed.data.format,
    creditorName: parsed.data.creditorName,
    creditorIban: iban.iban,
    creditorBic: bic.bic,
    updatedAt: args.now,
    updatedByUserId: args.staff.actor.userId,
  };
  await db.transaction(async (tx) => {
    await tx
      .insert(sepaSettings)
      .values({ tenantId, ...values })
      .onConflictDoUpdate({ target: sepaSettings.tenantId, set: values });
    await writeAudit(tx, {
      tenantId,
      at: args.now,
      actorUserId: args.staff.actor.userId,
      action: 'sepa.settings.update',
      subjectType: 'tenant',
      subjectId: tenantId,
      details: { format: values.format, creditorIban: maskIban(values.creditorIban) },
    });
  });
}

// ---------- Staff: collections ----------

export interface CollectionPreviewRow {
  invoiceId: string;
  number: string;
  householdName: string;
  rum: string;
  sequenceType: 'FRST' | 'RCUR';
  amountCents: number;
  issuedOn: string;
  shortNotice: boolean;
}

export async function previewCollection(db: Db, tenantId: string, collectionDate: string) {
  const rows = await collectableInvoices(db, tenantId);
  return rows.map(
    (r): CollectionPreviewRow => ({
      invoiceId: r.invoice.id,
      number: r.invoice.number,
      householdName: r.householdName,
      rum: r.mandate.rum,
      sequenceType: sequenceTypeOf(r.mandate),
      amountCents: amountDue(r.invoice),
      issuedOn: r.invoice.issuedOn,
      shortNotice: shortNotice(r.invoice.issuedOn, collectionDate),
    }),
  );
}

/** The collection date typed by the accountant: an ISO day, at least the next business day. */
export function checkCollectionDate(value: unknown, today: string): string {
  if (!isIsoDay(value)) throw validation({ date: 'Indiquez la date de prélèvement (une date valide).' });
  const earliest = earliestCollectionDate(today);
  if (value < earliest)
    throw validation({
      date: `La date de prélèvement doit être un jour ouvré à partir du ${formatDayLongFr(earliest)}.`,
    });
  if (value > `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`)
    throw validation({ date: 'La date de prélèvement doit être dans l’année qui vient.' });
  return value;
}

/**
 * Creates the collection for a date: every collectable invoice goes to `in_collection` (conditional on
 * `unpaid`: of two accountants doing this at once, each invoice goes to one collection only — the other
 * transaction waits on the row and then finds it taken), with one pending direct_debit payment and its
 * allocation per invoice. Mandates used are RCUR from then on. A replayed form finds the first one.
 */
export async function createCollection(
  db: Db,
  args: { staff: StaffActor; now: Date; input: Record<string, string> },
): Promise<{ id: string; replayed: boolean }> {
  const { staff, now } = args;
  const tenantId = staff.tenant.id;
  const today = todayIn(staff.tenant.timeZone, now);
  const setup = await sepaSetup(db, tenantId);
  if (!setup)
    throw new AppError('CONFLICT', 'Renseignez d’abord le compte créancier et l’identifiant créancier SEPA.');
  const date = checkCollectionDate(args.input.date, today);
  const token = z.uuid().safeParse(args.input.formToken);
  if (!token.success) throw validation({ date: 'Formulaire expiré : rechargez la page.' });
  const replay = await findCollectionByToken(db, tenantId, token.data);
  if (replay) return { id: replay.id, replayed: true };
  try {
    return await db.transaction(async (tx) => {
      const candidates = await collectableInvoices(tx, tenantId);
      const won = new Set(
        await enterCollection(
          tx,
          tenantId,
          candidates.map((c) => c.invoice.id),
        ),
      );
      // Re-read what was taken: a concurrent settlement may have changed what is due meanwhile.
      const taken = candidates.filter((c) => won.has(c.invoice.id));
      if (taken.length === 0)
        throw validation({
          date: 'Aucune facture à prélever : toutes sont réglées ou déjà dans un prélèvement.',
        });
      const total = taken.reduce((s, c) => s + amountDue(c.invoice), 0);
      const messageId = sepaIdentifier(`PRLV-${date}-${randomBytes(4).toString('hex').toUpperCase()}`);
      const [col] = await tx
        .insert(sepaCollections)
        .values({
          tenantId,
          messageId,
          collectionDate: date,
          format: setup.settings.format,
          totalCents: total,
          count: taken.length,
          formToken: token.data,
          createdAt: now,
          createdByUserId: staff.actor.userId,
        })
        .returning({ id: sepaCollections.id });
      for (const c of taken) {
        const cents = amountDue(c.invoice);
        const [p] = await tx
          .insert(payments)
          .values({
            tenantId,
            householdId: c.invoice.householdId,
            method: 'direct_debit',
            status: 'pending',
            amountCents: cents,
            reference: c.mandate.rum,
            createdAt: now,
            createdByUserId: staff.actor.userId,
          })
          .returning({ id: payments.id });
        await tx
          .insert(paymentAllocations)
          .values({ tenantId, paymentId: p!.id, invoiceId: c.invoice.id, amountCents: cents });
        await tx.insert(sepaCollectionItems).values({
          tenantId,
          collectionId: col!.id,
          paymentId: p!.id,
          invoiceId: c.invoice.id,
          mandateId: c.mandate.id,
          endToEndId: sepaIdentifier(`${c.invoice.number}-${p!.id.slice(0, 8)}`),
          sequenceType: sequenceTypeOf(c.mandate),
          amountCents: cents,
        });
      }
      const mandateIds = [...new Set(taken.map((c) => c.mandate.id))];
      await tx
        .update(sepaMandates)
        .set({ needsFirst: false })
        .where(and(eq(sepaMandates.tenantId, tenantId), inArray(sepaMandates.id, mandateIds)));
      await writeAudit(tx, {
        tenantId,
        at: now,
        actorUserId: staff.actor.userId,
        action: 'sepa.collection.create',
        subjectType: 'sepa_collection',
        subjectId: col!.id,
        details: { date, count: taken.length, totalCents: total, messageId },
      });
      return { id: col!.id, replayed: false };
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      const first = await findCollectionByToken(db, tenantId, token.data);
      if (first) return { id: first.id, replayed: true };
      throw new AppError('CONFLICT', 'Un autre prélèvement vient d’être créé : rechargez la page.');
    }
    throw err;
  }
}

/** The pain.008 file of a collection (debits not returned), built on demand from the stored rows. */
export async function collectionFile(db: Db, args: { tenant: Tenant; id: string; secretsKey: Uint8Array }) {
  const tenantId = args.tenant.id;
  const col = await findCollection(db, tenantId, args.id);
  if (!col) throw new AppError('NOT_FOUND');
  const setup = await sepaSetup(db, tenantId);
  if (!setup) throw new AppError('CONFLICT', 'Le compte créancier n’est plus renseigné.');
  const items = await itemsOfCollection(db, tenantId, col.id);
  const xml = buildPain008({
    format: col.format as SepaFormat,
    messageId: col.messageId,
    createdAt: col.createdAt,
    initiatingParty: setup.settings.creditorName,
    collectionDate: col.collectionDate,
    creditor: {
      name: setup.settings.creditorName,
      iban: setup.settings.creditorIban,
      bic: setup.settings.creditorBic,
      creditorId: setup.ics,
    },
    debits: items.map((i) => ({
      endToEndId: i.item.endToEndId,
      amountCents: i.item.amountCents,
      rum: i.mandate.rum,
      signedOn: i.mandate.signedOn,
      debtorName: i.mandate.accountHolder,
      debtorIban: openSecret(args.secretsKey, i.mandate.ibanSealed),
      debtorBic: i.mandate.bic,
      sequenceType: i.item.sequenceType as 'FRST' | 'RCUR',
      remittance: `Facture ${i.invoice.number} ${args.tenant.name}`,
    })),
  });
  return { collection: col, xml, fileName: `${col.messageId}.xml` };
}

/**
 * After the collection date the bank has debited: the pending debits become paid (markPaymentPaid),
 * their invoices paid. Conditional on the collection being `created`: twice is a 409.
 */
export async function settleCollection(db: Db, args: { staff: StaffActor; now: Date; id: string }) {
  const { staff, now } = args;
  const tenantId = staff.tenant.id;
  const col = await findCollection(db, tenantId, args.id);
  if (!col) throw new AppError('NOT_FOUND');
  const today = todayIn(staff.tenant.timeZone, now);
  if (today < col.collectionDate)
    throw new AppError('CONFLICT', `Le prélèvement n’a lieu que le ${formatDayLongFr(col.collectionDate)}.`);
  try {
    return await db.transaction(async (tx) => {
      const won = await tx
        .update(sepaCollections)
        .set({ status: 'settled', settledAt: now })
        .where(
          and(
            eq(sepaCollections.tenantId, tenantId),
            eq(sepaCollections.id, col.id),
            eq(sepaCollections.status, 'created'),
          ),
        )
        .returning({ id: sepaCollections.id });
      if (won.length === 0) throw new AppError('CONFLICT', 'Ce prélèvement est déjà marqué réglé.');
      const items = await tx
        .select()
        .from(sepaCollectionItems)
        .where(and(eq(sepaCollectionItems.tenantId, tenantId), eq(sepaCollectionItems.collectionId, col.id)));
      let paid = 0;
      for (const i of items) {
        if (i.returned) continue;
        if ((await markPaymentPaid(tx, { tenantId, paymentId: i.paymentId, paidAt: now })) === 'paid') paid++;
      }
      await writeAudit(tx, {
        tenantId,
        at: now,
        actorUserId: staff.actor.userId,
        action: 'sepa.collection.settle',
        subjectType: 'sepa_collection',
        subjectId: col.id,
        details: { paid },
      });
      return paid;
    });
  } catch (err) {
    if (err instanceof OverPaymentError)
      throw new AppError(
        'CONFLICT',
        'Une facture du prélèvement a été réglée ou avoirée entre-temps : enregistrez d’abord le rejet ou corrigez la facture.',
      );
    throw err;
  }
}

/**
 * The SEPA pre-notification of an invoice collected by direct debit, in French (date, amount, RUM,
 * ICS), or null when the invoice is not in a live collection. The lead prints it on the invoice page
 * and PDF (`renderInvoicePdf({ directDebitNotice })`).
 */
export async function directDebitNoticeOf(
  db: Db,
  tenantId: string,
  invoiceId: string,
): Promise<string | null> {
  const row = await liveDebitOfInvoice(db, tenantId, invoiceId);
  if (!row) return null;
  const ics = (await findCreditorId(db, tenantId)) ?? '';
  const settings = await findSepaSettings(db, tenantId);
  const done = row.collection.status === 'settled';
  return `${done ? 'Prélevée' : 'Sera prélevée'} le ${formatDayLongFr(row.collection.collectionDate)} : ${formatCents(row.item.amountCents)} sur le compte ${row.mandate.ibanMasked} — mandat (RUM) ${row.mandate.rum}, créancier ${settings?.creditorName ?? ''} (ICS ${ics}).`;
}
