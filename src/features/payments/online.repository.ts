import { and, asc, desc, eq, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/client';
import { invoices } from '../billing/billing.schema';
import { households } from '../households/households.schema';
import { tenants } from '../tenants/tenants.schema';
import { type Payment, type PaymentStatus, paymentAllocations, payments } from './payments.schema';

/** Locks the household's invoices (in id order, so two payers never deadlock) and returns them. */
export async function lockInvoicesOfHousehold(tx: Tx, tenantId: string, householdId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return tx
    .select()
    .from(invoices)
    .where(
      and(eq(invoices.tenantId, tenantId), eq(invoices.householdId, householdId), inArray(invoices.id, ids)),
    )
    .orderBy(asc(invoices.id))
    .for('update');
}

/** For each invoice, the start of its most recent pending online payment (none: absent). */
export async function pendingOnlineSince(db: Db, tenantId: string, invoiceIds: string[]) {
  const out = new Map<string, Date>();
  if (invoiceIds.length === 0) return out;
  const rows = await db
    .select({ invoiceId: paymentAllocations.invoiceId, at: sql<string>`max(${payments.createdAt})` })
    .from(paymentAllocations)
    .innerJoin(payments, eq(payments.id, paymentAllocations.paymentId))
    .where(
      and(
        eq(paymentAllocations.tenantId, tenantId),
        inArray(paymentAllocations.invoiceId, invoiceIds),
        eq(payments.method, 'online'),
        eq(payments.status, 'pending'),
      ),
    )
    .groupBy(paymentAllocations.invoiceId);
  for (const r of rows) out.set(r.invoiceId, new Date(r.at));
  return out;
}

export async function findPaymentByFormToken(
  db: Db,
  tenantId: string,
  householdId: string,
  formToken: string,
) {
  const [row] = await db
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.tenantId, tenantId),
        eq(payments.householdId, householdId),
        eq(payments.formToken, formToken),
      ),
    );
  return row ?? null;
}

export async function findPayment(db: Db, tenantId: string, id: string, householdId?: string) {
  const [row] = await db
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.tenantId, tenantId),
        eq(payments.id, id),
        householdId ? eq(payments.householdId, householdId) : undefined,
      ),
    );
  return row ?? null;
}

export async function findPaymentByRef(db: Db, tenantId: string, provider: string, ref: string) {
  if (ref === '') return null;
  const [row] = await db
    .select()
    .from(payments)
    .where(
      and(eq(payments.tenantId, tenantId), eq(payments.provider, provider), eq(payments.providerRef, ref)),
    );
  return row ?? null;
}

/** The payment row, locked until the end of the transaction (concurrent notifications queue here). */
export async function lockPayment(tx: Tx, tenantId: string, id: string): Promise<Payment | null> {
  const [row] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.tenantId, tenantId), eq(payments.id, id)))
    .for('update');
  return row ?? null;
}

/** Moves a payment from one of `from` to `status`; false when it was no longer in one of them. */
export async function setPaymentStatus(
  tx: Db,
  input: {
    tenantId: string;
    id: string;
    from: PaymentStatus[];
    status: PaymentStatus;
    reason?: string | null;
    at: Date;
  },
): Promise<boolean> {
  const rows = await tx
    .update(payments)
    .set({ status: input.status, statusReason: input.reason ?? null, checkedAt: input.at })
    .where(
      and(
        eq(payments.tenantId, input.tenantId),
        eq(payments.id, input.id),
        inArray(payments.status, input.from),
      ),
    )
    .returning({ id: payments.id });
  return rows.length === 1;
}

export async function setProviderRef(db: Db, tenantId: string, id: string, ref: string) {
  await db
    .update(payments)
    .set({ providerRef: ref })
    .where(and(eq(payments.tenantId, tenantId), eq(payments.id, id), isNull(payments.providerRef)));
}

export async function markChecked(db: Db, tenantId: string, id: string, at: Date) {
  await db
    .update(payments)
    .set({ checkedAt: at })
    .where(and(eq(payments.tenantId, tenantId), eq(payments.id, id)));
}

/** The invoices a payment pays (number, amount allocated), in invoice order. */
export async function allocationsOf(db: Db, tenantId: string, paymentIds: string[]) {
  if (paymentIds.length === 0) return [];
  return db
    .select({
      paymentId: paymentAllocations.paymentId,
      invoiceId: paymentAllocations.invoiceId,
      amountCents: paymentAllocations.amountCents,
      number: invoices.number,
    })
    .from(paymentAllocations)
    .innerJoin(invoices, eq(invoices.id, paymentAllocations.invoiceId))
    .where(and(eq(paymentAllocations.tenantId, tenantId), inArray(paymentAllocations.paymentId, paymentIds)))
    .orderBy(asc(invoices.year), asc(invoices.sequence));
}

/** Pending online payments of every tenant created before `before` and not checked since `checkedBefore`. */
export async function pendingOnlineToPoll(db: Db, before: Date, checkedBefore: Date, limit = 200) {
  return db
    .select({ payment: payments, slug: tenants.slug })
    .from(payments)
    .innerJoin(tenants, eq(tenants.id, payments.tenantId))
    .where(
      and(
        eq(payments.status, 'pending'),
        eq(payments.method, 'online'),
        lt(payments.createdAt, before),
        or(isNull(payments.checkedAt), lt(payments.checkedAt, checkedBefore)),
      ),
    )
    .orderBy(asc(payments.createdAt))
    .limit(limit);
}

export async function countPendingOnline(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(payments)
    .where(and(eq(payments.status, 'pending'), eq(payments.method, 'online')));
  return row?.n ?? 0;
}

/** Flagged payments of a tenant (staff look at them), oldest first. */
export async function flaggedPayments(db: Db, tenantId: string) {
  return db
    .select({ payment: payments, householdName: households.name })
    .from(payments)
    .innerJoin(households, eq(households.id, payments.householdId))
    .where(and(eq(payments.tenantId, tenantId), eq(payments.status, 'flagged')))
    .orderBy(asc(payments.createdAt))
    .limit(500);
}

export async function countFlaggedPayments(db: Db, tenantId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(payments)
    .where(and(eq(payments.tenantId, tenantId), eq(payments.status, 'flagged')));
  return row?.n ?? 0;
}

/** A household's payments, newest first, optionally created in [from, to). */
export async function paymentsOfHousehold(
  db: Db,
  tenantId: string,
  householdId: string,
  range: { from: Date; to: Date } | null,
  limit = 500,
) {
  return db
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.tenantId, tenantId),
        eq(payments.householdId, householdId),
        range ? gte(payments.createdAt, range.from) : undefined,
        range ? lt(payments.createdAt, range.to) : undefined,
      ),
    )
    .orderBy(desc(payments.createdAt))
    .limit(limit);
}
