/**
 * Credit notes (avoirs): partial or for the whole remaining due, with a required reason, in their own
 * gap-free series. One transaction: the invoice row is locked, the credit recorded on it by the guarded
 * update (never more than what is due), the number taken, the credit note and the audit row written
 * and the family's e-mail queued. A replayed form (same one-time token) finds the first credit note.
 */
import { z } from 'zod';
import type { AppConfig } from '../../config';
import { formatDayShortFr, todayIn } from '../../platform/calendar/days';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import type { StaffActor } from '../../platform/http/policies';
import { enqueueEmail } from '../../platform/mail/outbox';
import { formatCents, parseEurosToCents } from '../../platform/money';
import { fieldErrors, writeAudit } from '../messaging/kit';
import { householdEmails } from '../messaging/messaging.repository';
import { tenantUrl } from '../messaging/messaging.service';
import { findTenantSettings } from '../settings/settings.repository';
import { type CreditNote, creditNotes } from './billing.schema';
import { creditInvoice, findCreditNoteByToken, findInvoice, lockInvoiceDue } from './invoices.repository';
import { takeNextNumber } from './numbering';

export const MAX_REASON = 500;

const validation = (errors: Record<string, string>) =>
  new AppError('VALIDATION', 'Formulaire invalide', errors);

function isUniqueViolation(err: unknown) {
  return (
    (err as { code?: string }).code === '23505' ||
    (err as { cause?: { code?: string } }).cause?.code === '23505'
  );
}

const ZCreditNote = z.object({
  mode: z.enum(['partiel', 'total'], { error: 'Choisissez un avoir partiel ou pour tout le reste dû.' }),
  amount: z.string().max(40, 'Montant invalide.').optional(),
  reason: z
    .string({ error: 'Indiquez le motif de l’avoir.' })
    .trim()
    .min(3, 'Indiquez le motif de l’avoir (la famille le verra).')
    .max(MAX_REASON, `Le motif est limité à ${MAX_REASON} caractères.`),
  formToken: z.uuid('Formulaire expiré : rechargez la page.'),
});

/** Thrown (as a 400 with field errors) when the amount exceeds what is due. */
export const overCreditMessage = (dueCents: number) =>
  dueCents === 0
    ? 'Cette facture n’a plus rien à payer : aucun avoir n’est possible.'
    : `Le montant dépasse le reste à payer de la facture (${formatCents(dueCents)}).`;

export async function issueCreditNote(
  db: Db,
  args: { staff: StaffActor; config: AppConfig; now: Date; invoiceId: string; input: unknown },
): Promise<{ creditNote: CreditNote; replayed: boolean }> {
  const { staff, now } = args;
  const tenantId = staff.tenant.id;
  const invoice = await findInvoice(db, tenantId, args.invoiceId);
  if (!invoice) throw new AppError('NOT_FOUND');
  const parsed = ZCreditNote.safeParse(args.input ?? {});
  if (!parsed.success) throw validation(fieldErrors(parsed.error));
  const v = parsed.data;
  let requested: number | null = null;
  if (v.mode === 'partiel') {
    requested = parseEurosToCents(v.amount ?? '');
    if (requested === null || requested <= 0)
      throw validation({ amount: 'Indiquez un montant positif en euros, par exemple 12,50.' });
  }
  const replay = await findCreditNoteByToken(db, tenantId, v.formToken);
  if (replay) {
    if (replay.invoiceId === invoice.id) return { creditNote: replay, replayed: true };
    throw validation({ formToken: 'Ce formulaire a déjà servi : rechargez la page.' });
  }
  const settings = await findTenantSettings(db, tenantId);
  const issuedOn = todayIn(staff.tenant.timeZone, now);
  try {
    return await db.transaction(async (tx) => {
      // The invoice row is locked first: concurrent credit notes (and payments) on it queue here.
      const due = await lockInvoiceDue(tx, tenantId, invoice.id);
      if (due === null) throw new AppError('NOT_FOUND');
      const cents = requested ?? due;
      if (cents <= 0 || cents > due) throw validation({ amount: overCreditMessage(due) });
      if (!(await creditInvoice(tx, tenantId, invoice.id, cents)))
        throw validation({ amount: overCreditMessage(due) });
      const year = Number(issuedOn.slice(0, 4));
      const n = await takeNextNumber(tx, {
        tenantId,
        series: 'credit_note',
        year,
        prefix: settings?.invoicePrefix ?? '',
      });
      const t = staff.tenant;
      const [row] = await tx
        .insert(creditNotes)
        .values({
          tenantId,
          invoiceId: invoice.id,
          householdId: invoice.householdId,
          number: n.number,
          year: n.year,
          sequence: n.sequence,
          issuedOn,
          amountCents: cents,
          reason: v.reason,
          issuer: {
            name: t.name,
            legalName: t.legalName,
            siret: t.siret,
            address: t.address,
            contactEmail: t.contactEmail,
            contactPhone: t.contactPhone,
          },
          formToken: v.formToken,
          createdByUserId: staff.actor.userId,
        })
        .returning();
      await writeAudit(tx, {
        tenantId,
        at: now,
        actorUserId: staff.actor.userId,
        action: 'invoice.credit_note',
        subjectType: 'invoice',
        subjectId: invoice.id,
        details: {
          creditNoteId: row!.id,
          number: n.number,
          invoiceNumber: invoice.number,
          householdId: invoice.householdId,
          amountCents: cents,
          reason: v.reason,
        },
      });
      const left = due - cents;
      for (const to of await householdEmails(tx, tenantId, invoice.householdId))
        await enqueueEmail(tx, {
          tenantId,
          to,
          subject: `Avoir n° ${n.number} sur votre facture n° ${invoice.number} · ${t.name}`,
          text: [
            'Bonjour,',
            '',
            `Un avoir n° ${n.number} de ${formatCents(cents)} a été émis le ${formatDayShortFr(issuedOn)} sur votre facture n° ${invoice.number}.`,
            `Motif : ${v.reason}`,
            left === 0
              ? 'Il ne reste rien à payer sur cette facture.'
              : `Reste à payer sur cette facture : ${formatCents(left)}.`,
            '',
            `Vos factures : ${tenantUrl(args.config, t, `/factures/${invoice.id}`)}`,
          ].join('\n'),
        });
      return { creditNote: row!, replayed: false };
    });
  } catch (err) {
    // The same form posted twice at the same instant: the unique token keeps one credit note.
    if (isUniqueViolation(err)) {
      const first = await findCreditNoteByToken(db, tenantId, v.formToken);
      if (first && first.invoiceId === invoice.id) return { creditNote: first, replayed: true };
    }
    throw err;
  }
}
