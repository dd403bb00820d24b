/**
 * Pure rules of online payment: what a provider's answer does to a payment, which invoices may be
 * paid, history periods. No I/O.
 */
import {
  addDays,
  addMonths,
  type IsoDay,
  startOfDayIn,
  startOfMonth,
  startOfWeek,
} from '../../../platform/calendar/days';
import type { PaymentStatus } from '../payments.schema';

/** The providers' common vocabulary (INTEGRATIONS.md). */
export const PROVIDER_STATUSES = ['PAID', 'DENIED', 'CANCELLED', 'WAITING', 'EXPIRED', 'ERROR'] as const;
export type ProviderStatus = (typeof PROVIDER_STATUSES)[number];

/** The payment status each final provider status leads to (WAITING changes nothing). */
export const STATUS_OF: Record<Exclude<ProviderStatus, 'WAITING'>, PaymentStatus> = {
  PAID: 'paid',
  DENIED: 'refused',
  CANCELLED: 'abandoned',
  EXPIRED: 'expired',
  ERROR: 'error',
};

/** An invoice already in a pending online payment younger than this cannot be paid again yet. */
export const PENDING_HOLD_MINUTES = 15;
/** At most this many invoices in one online payment (a form field bound, and a PayFiP objet bound). */
export const MAX_INVOICES_PER_PAYMENT = 24;

export type Transition =
  | { kind: 'pay' }
  | { kind: 'flag'; reason: string }
  | { kind: 'set'; status: PaymentStatus }
  | { kind: 'none' };

/**
 * What a provider's answer (notification or polling) does to a payment. Only a pending payment moves,
 * except a PAID answer on a payment we had already given up (expired, abandoned, refused, error): money
 * was taken, so staff must look (flagged), the invoices are not settled automatically.
 * A PAID answer whose amount differs from the payment's is flagged too.
 */
export function transitionFor(
  payment: { status: string; amountCents: number },
  answer: { status: ProviderStatus; amountCents: number | null },
): Transition {
  if (answer.status === 'WAITING') return { kind: 'none' };
  if (payment.status === 'pending') {
    if (answer.status !== 'PAID') return { kind: 'set', status: STATUS_OF[answer.status] };
    if (answer.amountCents !== payment.amountCents)
      return {
        kind: 'flag',
        reason: `Montant payé (${answer.amountCents ?? 'inconnu'} c) différent du montant attendu (${payment.amountCents} c).`,
      };
    return { kind: 'pay' };
  }
  if (answer.status === 'PAID' && ['expired', 'abandoned', 'refused', 'error'].includes(payment.status))
    return {
      kind: 'flag',
      reason: `Paiement confirmé par le prestataire alors que le paiement était « ${payment.status} » : à vérifier.`,
    };
  return { kind: 'none' };
}

/** A pending online payment still holds its invoices (a second payment would pay them twice). */
export function pendingHolds(createdAt: Date, now: Date): boolean {
  return now.getTime() - createdAt.getTime() < PENDING_HOLD_MINUTES * 60_000;
}

export type InvoiceRefusal = 'paid' | 'in_collection' | 'nothing_due' | 'pending_online';

/** Why an invoice cannot be paid online now (null: it can). */
export function invoiceRefusal(
  invoice: { status: string; totalCents: number; creditedCents: number; settledCents: number },
  pendingSince: Date | null,
  now: Date,
): InvoiceRefusal | null {
  if (invoice.status === 'paid') return 'paid';
  if (invoice.status === 'in_collection') return 'in_collection';
  if (invoice.totalCents - invoice.creditedCents - invoice.settledCents <= 0) return 'nothing_due';
  if (pendingSince && pendingHolds(pendingSince, now)) return 'pending_online';
  return null;
}

export function refusalText(number: string, why: InvoiceRefusal): string {
  switch (why) {
    case 'paid':
      return `La facture ${number} est déjà payée.`;
    case 'in_collection':
      return `La facture ${number} sera prélevée : elle ne peut pas être payée en ligne.`;
    case 'nothing_due':
      return `La facture ${number} n’a plus rien à payer.`;
    case 'pending_online':
      return `Un paiement en ligne de la facture ${number} est en cours de confirmation : réessayez dans ${PENDING_HOLD_MINUTES} minutes.`;
  }
}

export const HISTORY_PERIODS = ['semaine', 'mois', 'annee', 'tout'] as const;
export type HistoryPeriod = (typeof HISTORY_PERIODS)[number];

export function isHistoryPeriod(v: unknown): v is HistoryPeriod {
  return typeof v === 'string' && (HISTORY_PERIODS as readonly string[]).includes(v);
}

/**
 * The half-open instant range [from, to) of "this week" (Monday), "this month" or "this year" in the
 * tenant's time zone; null for everything.
 */
export function historyRange(
  period: HistoryPeriod,
  today: IsoDay,
  timeZone: string,
): { from: Date; to: Date; firstDay: IsoDay; lastDay: IsoDay } | null {
  let first: IsoDay;
  let next: IsoDay;
  if (period === 'semaine') {
    first = startOfWeek(today);
    next = addDays(first, 7);
  } else if (period === 'mois') {
    first = startOfMonth(today);
    next = addMonths(first, 1);
  } else if (period === 'annee') {
    first = `${today.slice(0, 4)}-01-01`;
    next = `${Number(today.slice(0, 4)) + 1}-01-01`;
  } else return null;
  return {
    from: startOfDayIn(first, timeZone),
    to: startOfDayIn(next, timeZone),
    firstDay: first,
    lastDay: addDays(next, -1),
  };
}

/** "REC-" receipts take their own gap-free yearly series (see ADR): the printed number. */
export const RECEIPT_PREFIX = 'REC-';
