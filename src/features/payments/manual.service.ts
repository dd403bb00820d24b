import { z } from 'zod';
import type { AppConfig } from '../../config';
import { todayIn } from '../../platform/calendar/days';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import type { StaffActor } from '../../platform/http/policies';
import { enqueueEmail } from '../../platform/mail/outbox';
import { formatCents, parseEurosToCents } from '../../platform/money';
import type { StaffRole } from '../accounts/accounts.schema';
import { amountDue } from '../billing/invoices.repository';
import { fieldErrors, writeAudit } from '../messaging/kit';
import { householdEmails } from '../messaging/messaging.repository';
import { tenantUrl } from '../messaging/messaging.service';
import { allocateOldestFirst } from './domain/allocation';
import { findHouseholdName, findPayment, findPaymentByToken, payableInvoices } from './manual.repository';
import { MANUAL_METHODS, type PaymentMethod, paymentAllocations, payments } from './payments.schema';
import { takeReceiptNumber } from './receipt-number';
import { markPaymentPaid, OverPaymentError, reversePaidPayment } from './settle';

/** Who records and cancels payments: the accountant (régisseur) and administrators; managers read. */
export const PAYMENT_WRITE_ROLES: readonly StaffRole[] = ['accountant'];
export const PAYMENT_READ_ROLES: readonly StaffRole[] = ['accountant', 'manager'];

export const METHOD_LABEL: Record<PaymentMethod, string> = {
  online: 'Paiement en ligne',
  cheque: 'Chèque',
  cash: 'Espèces',
  cesu: 'CESU',
  ancv: 'Chèques-vacances ANCV',
  transfer: 'Virement',
  direct_debit: 'Prélèvement SEPA',
};
export const STATUS_LABEL: Record<string, string> = {
  pending: 'En attente',
  paid: 'Encaissé',
  refused: 'Refusé',
  abandoned: 'Abandonné',
  expired: 'Expiré',
  error: 'Erreur',
  flagged: 'À vérifier',
  cancelled: 'Annulé',
  returned: 'Rejeté par la banque',
};

/** The largest single manual payment (a typo guard, not a rule of law). */
export const MAX_PAYMENT_CENTS = 10_000_000;

export const validation = (errors: Record<string, string>) =>
  new AppError('VALIDATION', 'Formulaire invalide', errors);

export function isUniqueViolation(err: unknown) {
  const e = err as { code?: string; cause?: { code?: string } };
  return e.code === '23505' || e.cause?.code === '23505';
}

const ZManual = z.object({
  method: z.enum(MANUAL_METHODS, { error: 'Choisissez le moyen de paiement.' }),
  amount: z
    .string({ error: 'Indiquez le montant.' })
    .trim()
    .min(1, 'Indiquez le montant.')
    .max(20, 'Montant invalide.'),
  reference: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : ''),
    z.string().max(100, '100 caractères au plus.'),
  ),
  formToken: z.uuid('Formulaire expiré : rechargez la page.'),
});

/**
 * Records a cheque, cash, CESU, ANCV or transfer payment of a household, allocated to its open invoices
 * (given per invoice as `alloc_<invoiceId>`, or oldest first when none is given). In one transaction:
 * the payment (pending → paid through markPaymentPaid, which settles the invoices under guard), its
 * allocations, a receipt number and the audit row. A replayed form returns the first payment.
 */
export async function recordManualPayment(
  db: Db,
  args: { staff: StaffActor; now: Date; householdId: string; fields: Record<string, string> },
): Promise<{ id: string; replayed: boolean }> {
  const { staff, now } = args;
  const tenantId = staff.tenant.id;
  if (!(await findHouseholdName(db, tenantId, args.householdId))) throw new AppError('NOT_FOUND');
  const parsed = ZManual.safeParse(args.fields);
  const errors: Record<string, string> = parsed.success ? {} : fieldErrors(parsed.error);
  const amount = parsed.success ? parseEurosToCents(parsed.data.amount) : null;
  if (parsed.success) {
    if (amount === null) errors.amount = 'Indiquez un montant en euros (par exemple 45,50).';
    else if (amount <= 0) errors.amount = 'Le montant doit être supérieur à zéro.';
    else if (amount > MAX_PAYMENT_CENTS)
      errors.amount = `Le montant dépasse ${formatCents(MAX_PAYMENT_CENTS)}.`;
    if (parsed.data.method === 'cheque' && parsed.data.reference === '')
      errors.reference = 'Indiquez le numéro du chèque (et la banque).';
  }
  if (parsed.success) {
    const replay = await findPaymentByToken(db, tenantId, parsed.data.formToken);
    if (replay) {
      if (replay.householdId === args.householdId && replay.amountCents === amount)
        return { id: replay.id, replayed: true };
      throw validation({
        formToken: 'Ce formulaire a déjà servi : rechargez la page pour un nouveau paiement.',
      });
    }
  }
  const open = await payableInvoices(db, tenantId, args.householdId);
  // Invoice ids in the form that are not the household's open invoices: hostile or stale.
  for (const k of Object.keys(args.fields))
    if (k.startsWith('alloc_') && !open.some((i) => `alloc_${i.id}` === k) && args.fields[k]?.trim())
      throw new AppError('NOT_FOUND');
  const allocations = new Map<string, number>();
  const given = open.filter((i) => (args.fields[`alloc_${i.id}`] ?? '').trim() !== '');
  for (const inv of given) {
    const cents = parseEurosToCents(args.fields[`alloc_${inv.id}`]!);
    const key = `alloc_${inv.id}`;
    if (cents === null || cents < 0) errors[key] = 'Indiquez un montant en euros, ou laissez vide.';
    else if (cents > amountDue(inv))
      errors[key] = `La facture ${inv.number} ne doit plus que ${formatCents(amountDue(inv))}.`;
    else if (cents > 0) allocations.set(inv.id, cents);
  }
  if (Object.keys(errors).length > 0) throw validation(errors);
  const v = parsed.data!;
  const cents = amount!;
  if (open.length === 0) throw validation({ amount: 'Ce foyer n’a aucune facture à régler.' });
  if (given.length === 0) {
    const auto = allocateOldestFirst(
      cents,
      open.map((i) => ({ id: i.id, due: amountDue(i) })),
    );
    if (auto.left > 0)
      throw validation({
        amount: `Le montant dépasse ce que le foyer doit (${formatCents(cents - auto.left)}) : un paiement ne peut pas être supérieur aux factures réglées.`,
      });
    for (const [k, c] of auto.allocations) allocations.set(k, c);
  } else {
    const sum = [...allocations.values()].reduce((s, c) => s + c, 0);
    if (sum !== cents)
      throw validation({
        amount: `La somme répartie sur les factures (${formatCents(sum)}) doit être égale au montant (${formatCents(cents)}).`,
      });
  }

  try {
    return await db.transaction(async (tx) => {
      const [p] = await tx
        .insert(payments)
        .values({
          tenantId,
          householdId: args.householdId,
          method: v.method,
          status: 'pending',
          amountCents: cents,
          reference: v.reference,
          createdAt: now,
          formToken: v.formToken,
          createdByUserId: staff.actor.userId,
        })
        .returning({ id: payments.id });
      await tx.insert(paymentAllocations).values(
        [...allocations].map(([invoiceId, amountCents]) => ({
          tenantId,
          paymentId: p!.id,
          invoiceId,
          amountCents,
        })),
      );
      const receipt = await takeReceiptNumber(
        tx,
        tenantId,
        Number(todayIn(staff.tenant.timeZone, now).slice(0, 4)),
      );
      await markPaymentPaid(tx, { tenantId, paymentId: p!.id, paidAt: now, receiptNumber: receipt });
      await writeAudit(tx, {
        tenantId,
        at: now,
        actorUserId: staff.actor.userId,
        action: 'payment.record',
        subjectType: 'payment',
        subjectId: p!.id,
        details: {
          method: v.method,
          amountCents: cents,
          receipt,
          invoices: [...allocations].map(([id, c]) => ({ id, cents: c })),
        },
      });
      return { id: p!.id, replayed: false };
    });
  } catch (err) {
    if (err instanceof OverPaymentError)
      throw validation({
        amount: 'Une facture a été réglée entre-temps : rechargez la page et vérifiez la répartition.',
      });
    if (isUniqueViolation(err)) {
      const first = await findPaymentByToken(db, tenantId, v.formToken);
      if (first) return { id: first.id, replayed: true };
    }
    throw err;
  }
}

const ZCancel = z.object({
  reason: z
    .string({ error: 'Indiquez le motif de l’annulation.' })
    .trim()
    .min(3, 'Indiquez le motif de l’annulation (3 caractères au moins).')
    .max(500, 'Le motif est limité à 500 caractères.'),
});

/**
 * Cancels a paid manual payment (cheque returned unpaid, typing error): its invoices are due again. The
 * conditional update in reversePaidPayment makes two concurrent cancellations reverse it once (the other
 * gets 409). Audit row and an e-mail to the household in the same transaction.
 */
export async function cancelManualPayment(
  db: Db,
  args: { staff: StaffActor; config: AppConfig; now: Date; id: string; input: unknown },
) {
  const { staff, now } = args;
  const tenantId = staff.tenant.id;
  const found = await findPayment(db, tenantId, args.id);
  if (!found) throw new AppError('NOT_FOUND');
  const p = found.payment;
  if (!(MANUAL_METHODS as readonly string[]).includes(p.method))
    throw new AppError('CONFLICT', 'Seul un paiement saisi au guichet peut être annulé ici.');
  const parsed = ZCancel.safeParse(args.input ?? {});
  if (!parsed.success) throw validation(fieldErrors(parsed.error));
  const reason = parsed.data.reason;
  await db.transaction(async (tx) => {
    const won = await reversePaidPayment(tx, {
      tenantId,
      paymentId: p.id,
      status: 'cancelled',
      reason,
      at: now,
      byUserId: staff.actor.userId,
    });
    if (!won) throw new AppError('CONFLICT', 'Ce paiement n’est plus encaissé : il a déjà été annulé.');
    await writeAudit(tx, {
      tenantId,
      at: now,
      actorUserId: staff.actor.userId,
      action: 'payment.cancel',
      subjectType: 'payment',
      subjectId: p.id,
      details: { reason, amountCents: p.amountCents },
    });
    for (const to of await householdEmails(tx, tenantId, p.householdId))
      await enqueueEmail(tx, {
        tenantId,
        to,
        subject: `Paiement annulé · ${staff.tenant.name}`,
        text: [
          'Bonjour,',
          '',
          `Votre paiement de ${formatCents(p.amountCents)} (${METHOD_LABEL[p.method as PaymentMethod]}${p.receiptNumber ? `, reçu ${p.receiptNumber}` : ''}) a été annulé par le service.`,
          `Motif : ${reason}`,
          'Les factures qu’il réglait sont de nouveau à payer.',
          '',
          `Vos factures : ${tenantUrl(args.config, staff.tenant, '/factures')}`,
        ].join('\n'),
      });
  });
}
