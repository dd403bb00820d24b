import { and, asc, count, desc, eq, gte, ilike, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/client';
import { invoices } from '../billing/billing.schema';
import { households } from '../households/households.schema';
import { paymentAllocations, payments } from './payments.schema';

/** Payments list filters (staff). Days are ISO; `to` is inclusive. */
export interface PaymentFilter {
  method?: string;
  status?: string;
  from?: string;
  to?: string;
  q?: string;
}
export const PAGE_SIZE = 25;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listPayments(
  db: Db,
  tenantId: string,
  timeZone: string,
  f: PaymentFilter,
  page: number,
) {
  const day = sql`(${payments.createdAt} at time zone ${timeZone})::date`;
  const where = and(
    eq(payments.tenantId, tenantId),
    f.method ? eq(payments.method, f.method) : undefined,
    f.status ? eq(payments.status, f.status) : undefined,
    f.from ? gte(day, f.from) : undefined,
    f.to ? sql`${day} <= ${f.to}` : undefined,
    f.q ? ilike(households.name, `%${escapeLike(f.q)}%`) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select({ payment: payments, householdName: households.name })
      .from(payments)
      .innerJoin(households, eq(households.id, payments.householdId))
      .where(where)
      .orderBy(desc(payments.createdAt), desc(payments.id))
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE),
    db
      .select({ n: count() })
      .from(payments)
      .innerJoin(households, eq(households.id, payments.householdId))
      .where(where),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}

export async function findPayment(db: Db, tenantId: string, id: string) {
  const [row] = await db
    .select({ payment: payments, householdName: households.name })
    .from(payments)
    .innerJoin(households, eq(households.id, payments.householdId))
    .where(and(eq(payments.tenantId, tenantId), eq(payments.id, id)));
  return row ?? null;
}

export async function findPaymentByToken(db: Db, tenantId: string, formToken: string) {
  const [row] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.tenantId, tenantId), eq(payments.formToken, formToken)));
  return row ?? null;
}

export async function allocationsOfPayment(db: Db, tenantId: string, paymentId: string) {
  return db
    .select({
      amountCents: paymentAllocations.amountCents,
      invoiceId: invoices.id,
      number: invoices.number,
      periodStart: invoices.periodStart,
      totalCents: invoices.totalCents,
    })
    .from(paymentAllocations)
    .innerJoin(invoices, eq(invoices.id, paymentAllocations.invoiceId))
    .where(and(eq(paymentAllocations.tenantId, tenantId), eq(paymentAllocations.paymentId, paymentId)))
    .orderBy(asc(invoices.issuedOn), asc(invoices.number));
}

/**
 * A household's invoices that a manual payment may settle: something due, not in a SEPA collection
 * (the bank is already asked for those), oldest first (the default allocation order).
 */
export async function payableInvoices(db: Db, tenantId: string, householdId: string) {
  return db
    .select()
    .from(invoices)
    .where(
      and(
        eq(invoices.tenantId, tenantId),
        eq(invoices.householdId, householdId),
        eq(invoices.status, 'unpaid'),
        sql`${invoices.totalCents} - ${invoices.creditedCents} - ${invoices.settledCents} > 0`,
      ),
    )
    .orderBy(asc(invoices.dueOn), asc(invoices.number));
}

/** Active households whose name contains the text (payment form's household search). */
export async function searchHouseholds(db: Db, tenantId: string, text: string) {
  return db
    .select({ id: households.id, name: households.name, city: households.city })
    .from(households)
    .where(
      and(
        eq(households.tenantId, tenantId),
        ne(households.status, 'closed'),
        ilike(households.name, `%${escapeLike(text)}%`),
      ),
    )
    .orderBy(asc(households.name))
    .limit(20);
}

export async function findHouseholdName(db: Db, tenantId: string, id: string) {
  const [row] = await db
    .select({ id: households.id, name: households.name })
    .from(households)
    .where(and(eq(households.tenantId, tenantId), eq(households.id, id)));
  return row ?? null;
}
