import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client';
import { settleInvoice, unsettleInvoice } from '../billing/invoices.repository';
import { paymentAllocations, payments } from './payments.schema';

export type SettleOutcome = 'paid' | 'already-final';

/** An invoice of the payment no longer has that much due (paid meanwhile by other means). */
export class OverPaymentError extends Error {
  constructor(readonly invoiceId: string) {
    super(`invoice ${invoiceId} has less due than the payment allocates`);
  }
}

/**
 * Turns a pending payment into a paid one and settles its invoices, once: the conditional update on
 * `status = 'pending'` makes a repeated or concurrent notification a no-op ('already-final'). If an
 * invoice no longer has that much due it throws OverPaymentError, so the caller's transaction rolls
 * back; the caller then flags the payment for staff in a new transaction.
 */
export async function markPaymentPaid(
  tx: Tx,
  input: { tenantId: string; paymentId: string; paidAt: Date; receiptNumber?: string | null },
): Promise<SettleOutcome> {
  const won = await tx
    .update(payments)
    .set({ status: 'paid', paidAt: input.paidAt, receiptNumber: input.receiptNumber ?? null })
    .where(
      and(
        eq(payments.tenantId, input.tenantId),
        eq(payments.id, input.paymentId),
        eq(payments.status, 'pending'),
      ),
    )
    .returning({ id: payments.id });
  if (won.length === 0) return 'already-final';
  const allocations = await tx
    .select()
    .from(paymentAllocations)
    .where(
      and(eq(paymentAllocations.tenantId, input.tenantId), eq(paymentAllocations.paymentId, input.paymentId)),
    );
  for (const a of allocations) {
    if (!(await settleInvoice(tx, input.tenantId, a.invoiceId, a.amountCents)))
      throw new OverPaymentError(a.invoiceId);
  }
  return 'paid';
}

/**
 * Takes a paid payment back (cancelled manual payment, returned direct debit): its invoices are due
 * again. Conditional on `status = 'paid'`: twice is a no-op (false).
 */
export async function reversePaidPayment(
  tx: Tx,
  input: {
    tenantId: string;
    paymentId: string;
    status: 'cancelled' | 'returned';
    reason: string;
    at: Date;
    byUserId: string | null;
  },
): Promise<boolean> {
  const won = await tx
    .update(payments)
    .set({
      status: input.status,
      statusReason: input.reason,
      cancelledAt: input.at,
      cancelledByUserId: input.byUserId,
    })
    .where(
      and(
        eq(payments.tenantId, input.tenantId),
        eq(payments.id, input.paymentId),
        eq(payments.status, 'paid'),
      ),
    )
    .returning({ id: payments.id });
  if (won.length === 0) return false;
  const allocations = await tx
    .select()
    .from(paymentAllocations)
    .where(
      and(eq(paymentAllocations.tenantId, input.tenantId), eq(paymentAllocations.paymentId, input.paymentId)),
    );
  for (const a of allocations) {
    if (!(await unsettleInvoice(tx, input.tenantId, a.invoiceId, a.amountCents)))
      throw new Error(`invoice ${a.invoiceId} has less settled than payment ${input.paymentId} allocated`);
  }
  return true;
}

/** Sum of what is allocated to an invoice by paid payments (a check against invoices.settled_cents). */
export async function paidAllocatedCents(tx: Tx, tenantId: string, invoiceId: string): Promise<number> {
  const [row] = await tx
    .select({ s: sql<string>`coalesce(sum(${paymentAllocations.amountCents}), 0)` })
    .from(paymentAllocations)
    .innerJoin(payments, eq(payments.id, paymentAllocations.paymentId))
    .where(
      and(
        eq(paymentAllocations.tenantId, tenantId),
        eq(paymentAllocations.invoiceId, invoiceId),
        eq(payments.status, 'paid'),
      ),
    );
  return Number(row?.s ?? 0);
}
