import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/client';
import { activities } from '../catalogue/catalogue.schema';
import { households } from '../households/households.schema';
import { paymentAllocations, payments } from '../payments/payments.schema';
import { creditNotes, type Invoice, type InvoiceIssuer, invoiceLines, invoices } from './billing.schema';
import { takeNextNumber } from './numbering';

/**
 * The status once `cents` more is credited or settled (SET expressions read the old row): `paid`
 * exactly when nothing remains due, otherwise the collection state is kept.
 */
const statusAfterAdding = (cents: number) =>
  sql`case when ${invoices.creditedCents} + ${invoices.settledCents} + ${cents} = ${invoices.totalCents} then 'paid' else ${invoices.status} end`;

export interface NewInvoiceLine {
  kind: 'service' | 'surcharge' | 'adjustment';
  childId: string | null;
  childName: string;
  childBirthDate: string | null;
  activityId: string | null;
  unitId: string | null;
  label: string;
  days: string[];
  quantity: number;
  unitPriceCents: number;
  amountCents: number;
  pricingNote: string;
  taxEligible: boolean;
}

export interface NewInvoice {
  tenantId: string;
  householdId: string;
  prefix: string;
  periodStart: string;
  periodEnd: string;
  issuedOn: string;
  dueOn: string;
  payerName: string;
  payerAddress: string;
  issuer: InvoiceIssuer;
  paperless: boolean;
  runId: string | null;
  lines: NewInvoiceLine[];
}

/**
 * Writes an issued invoice with its lines and a number taken in the same transaction (gap-free).
 * The total is the sum of the lines; a total below zero is refused (credit notes carry refunds).
 */
export async function insertIssuedInvoice(tx: Tx, input: NewInvoice): Promise<Invoice> {
  const total = input.lines.reduce((s, l) => s + l.amountCents, 0);
  if (total < 0) throw new RangeError('an invoice total cannot be negative');
  const year = Number(input.issuedOn.slice(0, 4));
  const n = await takeNextNumber(tx, {
    tenantId: input.tenantId,
    series: 'invoice',
    year,
    prefix: input.prefix,
  });
  const [invoice] = await tx
    .insert(invoices)
    .values({
      tenantId: input.tenantId,
      householdId: input.householdId,
      number: n.number,
      year: n.year,
      sequence: n.sequence,
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      issuedOn: input.issuedOn,
      dueOn: input.dueOn,
      totalCents: total,
      status: total === 0 ? 'paid' : 'unpaid',
      payerName: input.payerName,
      payerAddress: input.payerAddress,
      issuer: input.issuer,
      paperless: input.paperless,
      runId: input.runId,
    })
    .returning();
  if (input.lines.length > 0) {
    await tx.insert(invoiceLines).values(
      input.lines.map((l, i) => ({
        ...l,
        tenantId: input.tenantId,
        invoiceId: invoice!.id,
        position: i + 1,
      })),
    );
  }
  return invoice!;
}

/** One invoice of a tenant, optionally only if it belongs to the household (else null → 404). */
export async function findInvoice(
  db: Db,
  tenantId: string,
  invoiceId: string,
  householdId?: string,
): Promise<Invoice | null> {
  const [row] = await db
    .select()
    .from(invoices)
    .where(
      and(
        eq(invoices.tenantId, tenantId),
        eq(invoices.id, invoiceId),
        householdId ? eq(invoices.householdId, householdId) : undefined,
      ),
    );
  return row ?? null;
}

export async function linesOfInvoice(db: Db, tenantId: string, invoiceId: string) {
  return db
    .select()
    .from(invoiceLines)
    .where(and(eq(invoiceLines.tenantId, tenantId), eq(invoiceLines.invoiceId, invoiceId)))
    .orderBy(asc(invoiceLines.position));
}

export async function creditNotesOfInvoice(db: Db, tenantId: string, invoiceId: string) {
  return db
    .select()
    .from(creditNotes)
    .where(and(eq(creditNotes.tenantId, tenantId), eq(creditNotes.invoiceId, invoiceId)))
    .orderBy(asc(creditNotes.sequence));
}

/** A household's invoices, newest first; `open` keeps those with something still due. */
export async function invoicesOfHousehold(
  db: Db,
  tenantId: string,
  householdId: string,
  filter: { open?: boolean } = {},
) {
  return db
    .select()
    .from(invoices)
    .where(
      and(
        eq(invoices.tenantId, tenantId),
        eq(invoices.householdId, householdId),
        filter.open === undefined
          ? undefined
          : filter.open
            ? ne(invoices.status, 'paid')
            : eq(invoices.status, 'paid'),
      ),
    )
    .orderBy(desc(invoices.issuedOn), desc(invoices.sequence));
}

/** What the household still owes over all its invoices (cents, ≥ 0). */
export async function householdBalanceCents(db: Db, tenantId: string, householdId: string): Promise<number> {
  const [row] = await db
    .select({
      due: sql<string>`coalesce(sum(${invoices.totalCents} - ${invoices.creditedCents} - ${invoices.settledCents}), 0)`,
    })
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.householdId, householdId)));
  return Number(row?.due ?? 0);
}

export const amountDue = (i: Pick<Invoice, 'totalCents' | 'creditedCents' | 'settledCents'>) =>
  i.totalCents - i.creditedCents - i.settledCents;

/**
 * Adds a payment or a credit to an invoice only when at least that much is still due (conditional
 * UPDATE: concurrent or doubled calls can never over-pay or over-credit); false when refused.
 */
async function addToInvoice(
  tx: Tx,
  tenantId: string,
  invoiceId: string,
  kind: 'settled' | 'credited',
  cents: number,
): Promise<boolean> {
  if (!Number.isSafeInteger(cents) || cents <= 0)
    throw new RangeError(`${kind} amount must be positive cents`);
  const column = kind === 'settled' ? invoices.settledCents : invoices.creditedCents;
  const rows = await tx
    .update(invoices)
    .set({
      [kind === 'settled' ? 'settledCents' : 'creditedCents']: sql`${column} + ${cents}`,
      status: statusAfterAdding(cents),
    })
    .where(
      and(
        eq(invoices.tenantId, tenantId),
        eq(invoices.id, invoiceId),
        sql`${invoices.totalCents} - ${invoices.creditedCents} - ${invoices.settledCents} >= ${cents}`,
      ),
    )
    .returning({ id: invoices.id });
  return rows.length === 1;
}

/**
 * Records a payment of `cents` on an invoice (online, manual or SEPA). Conditional update: it only
 * applies when at least that much is still due, so a doubled notification cannot over-pay (returns
 * false and the caller flags the payment). Call inside the payment's transaction.
 */
export async function settleInvoice(
  tx: Tx,
  tenantId: string,
  invoiceId: string,
  cents: number,
): Promise<boolean> {
  return addToInvoice(tx, tenantId, invoiceId, 'settled', cents);
}

/** Takes back a settlement (cancelled manual payment, returned debit): the invoice is due again. */
export async function unsettleInvoice(
  tx: Tx,
  tenantId: string,
  invoiceId: string,
  cents: number,
): Promise<boolean> {
  if (!Number.isSafeInteger(cents) || cents <= 0) throw new RangeError('settlement must be positive cents');
  const rows = await tx
    .update(invoices)
    .set({ settledCents: sql`${invoices.settledCents} - ${cents}`, status: 'unpaid' })
    .where(
      and(
        eq(invoices.tenantId, tenantId),
        eq(invoices.id, invoiceId),
        sql`${invoices.settledCents} >= ${cents}`,
      ),
    )
    .returning({ id: invoices.id });
  return rows.length === 1;
}

/** Records a credit note's amount on its invoice; false when more than what is due (nothing written). */
export async function creditInvoice(
  tx: Tx,
  tenantId: string,
  invoiceId: string,
  cents: number,
): Promise<boolean> {
  return addToInvoice(tx, tenantId, invoiceId, 'credited', cents);
}

/** Puts unpaid invoices in a SEPA collection (returns those that were unpaid); back with `leaveCollection`. */
export async function enterCollection(tx: Tx, tenantId: string, invoiceIds: string[]): Promise<string[]> {
  if (invoiceIds.length === 0) return [];
  const rows = await tx
    .update(invoices)
    .set({ status: 'in_collection' })
    .where(
      and(eq(invoices.tenantId, tenantId), inArray(invoices.id, invoiceIds), eq(invoices.status, 'unpaid')),
    )
    .returning({ id: invoices.id });
  return rows.map((r) => r.id);
}

export async function leaveCollection(tx: Tx, tenantId: string, invoiceIds: string[]): Promise<void> {
  if (invoiceIds.length === 0) return;
  await tx
    .update(invoices)
    .set({ status: 'unpaid' })
    .where(
      and(
        eq(invoices.tenantId, tenantId),
        inArray(invoices.id, invoiceIds),
        eq(invoices.status, 'in_collection'),
      ),
    );
}

// ---------------------------------------------------------------------------------------------------
// Reads for the pages after issue (family and staff invoice pages, credit notes, tax certificates,
// exports). Appended by the "billing after issue" slice.

/** Rows of the staff invoice list: filters combine; `q` matches the household name or the number. */
export interface InvoiceSearch {
  status?: 'unpaid' | 'in_collection' | 'paid';
  /** "2026-10": the billed month. */
  month?: string;
  /** Folded words (see backoffice/domain/search fold). */
  q?: string;
  /** Unpaid (or in collection) with a due date before this day. */
  overdueBefore?: string;
}

export async function searchInvoices(
  db: Db,
  tenantId: string,
  f: InvoiceSearch,
  page: { limit: number; offset: number },
) {
  const like = f.q ? `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  return db
    .select({ invoice: invoices, householdName: households.name })
    .from(invoices)
    .innerJoin(households, eq(households.id, invoices.householdId))
    .where(
      and(
        eq(invoices.tenantId, tenantId),
        f.status ? eq(invoices.status, f.status) : undefined,
        f.month ? eq(invoices.periodStart, `${f.month}-01`) : undefined,
        f.overdueBefore
          ? and(ne(invoices.status, 'paid'), sql`${invoices.dueOn} < ${f.overdueBefore}`)
          : undefined,
        like
          ? sql`(mn_fold(${households.name}) like ${like} or lower(${invoices.number}) like ${like})`
          : undefined,
      ),
    )
    .orderBy(desc(invoices.issuedOn), desc(invoices.sequence))
    .limit(page.limit)
    .offset(page.offset);
}

/** The paid payments allocated to an invoice (what was paid on it, when, how). */
export async function paymentsOfInvoice(db: Db, tenantId: string, invoiceId: string) {
  return db
    .select({
      paymentId: payments.id,
      method: payments.method,
      paidAt: payments.paidAt,
      receiptNumber: payments.receiptNumber,
      reference: payments.reference,
      amountCents: paymentAllocations.amountCents,
    })
    .from(paymentAllocations)
    .innerJoin(payments, eq(payments.id, paymentAllocations.paymentId))
    .where(
      and(
        eq(paymentAllocations.tenantId, tenantId),
        eq(paymentAllocations.invoiceId, invoiceId),
        eq(payments.status, 'paid'),
      ),
    )
    .orderBy(asc(payments.paidAt));
}

/** Billed amounts per child × activity over a range of billed months (the financial detail). */
export async function billedByChildAndActivity(
  db: Db,
  tenantId: string,
  householdId: string,
  range: { from: string; to: string },
) {
  const rows = await db
    .select({
      childName: invoiceLines.childName,
      activityName: sql<string | null>`max(${activities.name})`,
      label: sql<string>`min(${invoiceLines.label})`,
      quantity: sql<string>`sum(${invoiceLines.quantity})`,
      amountCents: sql<string>`sum(${invoiceLines.amountCents})`,
    })
    .from(invoiceLines)
    .innerJoin(invoices, eq(invoices.id, invoiceLines.invoiceId))
    .leftJoin(activities, eq(activities.id, invoiceLines.activityId))
    .where(
      and(
        eq(invoiceLines.tenantId, tenantId),
        eq(invoices.householdId, householdId),
        sql`${invoices.periodStart} >= ${range.from}`,
        sql`${invoices.periodStart} <= ${range.to}`,
      ),
    )
    .groupBy(invoiceLines.childName, invoiceLines.activityId)
    .orderBy(asc(invoiceLines.childName));
  return rows.map((r) => ({
    childName: r.childName,
    activity: r.activityName ?? r.label,
    quantity: Number(r.quantity),
    amountCents: Number(r.amountCents),
  }));
}

export async function findCreditNote(db: Db, tenantId: string, invoiceId: string, creditNoteId: string) {
  const [row] = await db
    .select()
    .from(creditNotes)
    .where(
      and(
        eq(creditNotes.tenantId, tenantId),
        eq(creditNotes.invoiceId, invoiceId),
        eq(creditNotes.id, creditNoteId),
      ),
    );
  return row ?? null;
}

export async function findCreditNoteByToken(db: Db, tenantId: string, formToken: string) {
  const [row] = await db
    .select()
    .from(creditNotes)
    .where(and(eq(creditNotes.tenantId, tenantId), eq(creditNotes.formToken, formToken)));
  return row ?? null;
}

/** What is due on an invoice, read under a row lock (the rest of the transaction sees it unchanged). */
export async function lockInvoiceDue(tx: Tx, tenantId: string, invoiceId: string): Promise<number | null> {
  const [row] = await tx
    .select({ total: invoices.totalCents, credited: invoices.creditedCents, settled: invoices.settledCents })
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, invoiceId)))
    .for('update');
  return row ? row.total - row.credited - row.settled : null;
}

/**
 * The year's paid allocations (paid day in the tenant's time zone within the year), with their
 * invoices and lines, optionally for one household: the tax certificate's input.
 */
export async function taxYearPayments(
  db: Db,
  tenantId: string,
  input: { year: number; timeZone: string; householdId?: string },
) {
  const paidOn = sql<string>`to_char(${payments.paidAt} at time zone ${input.timeZone}, 'YYYY-MM-DD')`;
  const allocations = await db
    .select({
      invoiceId: paymentAllocations.invoiceId,
      amountCents: paymentAllocations.amountCents,
      paidOn,
    })
    .from(paymentAllocations)
    .innerJoin(payments, eq(payments.id, paymentAllocations.paymentId))
    .where(
      and(
        eq(paymentAllocations.tenantId, tenantId),
        eq(payments.status, 'paid'),
        input.householdId ? eq(payments.householdId, input.householdId) : undefined,
        sql`extract(year from ${payments.paidAt} at time zone ${input.timeZone}) = ${input.year}`,
      ),
    );
  const ids = [...new Set(allocations.map((a) => a.invoiceId))];
  if (ids.length === 0) return { allocations, invoices: [], lines: [] };
  const [invoiceRows, lineRows] = await Promise.all([
    db
      .select()
      .from(invoices)
      .where(and(eq(invoices.tenantId, tenantId), inArray(invoices.id, ids))),
    db
      .select()
      .from(invoiceLines)
      .where(and(eq(invoiceLines.tenantId, tenantId), inArray(invoiceLines.invoiceId, ids))),
  ]);
  return { allocations, invoices: invoiceRows, lines: lineRows };
}

/** Invoices and credit notes issued in a range of days, with the household name (accounting export). */
export async function accountingDocuments(db: Db, tenantId: string, range: { from: string; to: string }) {
  const [invoiceRows, creditRows] = await Promise.all([
    db
      .select({ invoice: invoices, householdName: households.name })
      .from(invoices)
      .innerJoin(households, eq(households.id, invoices.householdId))
      .where(
        and(eq(invoices.tenantId, tenantId), sql`${invoices.issuedOn} between ${range.from} and ${range.to}`),
      )
      .orderBy(asc(invoices.year), asc(invoices.sequence)),
    db
      .select({
        creditNote: creditNotes,
        householdName: households.name,
        invoiceNumber: invoices.number,
        payerName: invoices.payerName,
      })
      .from(creditNotes)
      .innerJoin(invoices, eq(invoices.id, creditNotes.invoiceId))
      .innerJoin(households, eq(households.id, creditNotes.householdId))
      .where(
        and(
          eq(creditNotes.tenantId, tenantId),
          sql`${creditNotes.issuedOn} between ${range.from} and ${range.to}`,
        ),
      )
      .orderBy(asc(creditNotes.year), asc(creditNotes.sequence)),
  ]);
  return { invoices: invoiceRows, creditNotes: creditRows };
}
