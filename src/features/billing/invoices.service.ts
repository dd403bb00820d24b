/**
 * Invoices after issue: what both the family pages and the staff pages show of one invoice (lines,
 * credit notes, payments so far, status text) and its PDF. Access is decided by the callers (family:
 * its own household; staff: accountant, manager, admin).
 */
import type { FastifyReply } from 'fastify';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import type { StaffRole } from '../accounts/accounts.schema';
import type { Tenant } from '../tenants/tenants.schema';
import type { Invoice } from './billing.schema';
import { renderInvoicePdf } from './invoice-pdf';
import {
  amountDue,
  creditNotesOfInvoice,
  findInvoice,
  linesOfInvoice,
  paymentsOfInvoice,
} from './invoices.repository';

/** Staff who read invoices (managers read; accountants and administrators also write). */
export const INVOICE_READ_ROLES: readonly StaffRole[] = ['accountant', 'manager'];
/** Staff who issue credit notes, tax certificates and exports. */
export const INVOICE_WRITE_ROLES: readonly StaffRole[] = ['accountant'];

export type StatusTone = 'success' | 'info' | 'danger' | 'warning';

/** The status a person reads: "En retard" once the due date has passed and something is still due. */
export function invoiceStatus(
  inv: Pick<Invoice, 'status' | 'dueOn' | 'totalCents' | 'creditedCents' | 'settledCents'>,
  today: string,
): { key: 'paid' | 'in_collection' | 'late' | 'unpaid'; text: string; tone: StatusTone } {
  if (inv.status === 'paid' || amountDue(inv) === 0) return { key: 'paid', text: 'Payée', tone: 'success' };
  if (inv.status === 'in_collection')
    return { key: 'in_collection', text: 'En cours de prélèvement', tone: 'info' };
  if (inv.dueOn < today) return { key: 'late', text: 'En retard', tone: 'danger' };
  return { key: 'unpaid', text: 'À payer', tone: 'warning' };
}

export const PAYMENT_METHOD_LABEL: Record<string, string> = {
  online: 'Carte bancaire en ligne',
  cheque: 'Chèque',
  cash: 'Espèces',
  cesu: 'CESU',
  ancv: 'Chèques ANCV',
  transfer: 'Virement',
  direct_debit: 'Prélèvement SEPA',
};

/** "octobre 2026" for a billed month starting on `periodStart`. */
export function monthLabel(periodStart: string): string {
  const months = [
    'janvier',
    'février',
    'mars',
    'avril',
    'mai',
    'juin',
    'juillet',
    'août',
    'septembre',
    'octobre',
    'novembre',
    'décembre',
  ];
  return `${months[Number(periodStart.slice(5, 7)) - 1]} ${periodStart.slice(0, 4)}`;
}

export interface InvoiceView {
  invoice: Invoice;
  lines: Awaited<ReturnType<typeof linesOfInvoice>>;
  creditNotes: Awaited<ReturnType<typeof creditNotesOfInvoice>>;
  payments: Awaited<ReturnType<typeof paymentsOfInvoice>>;
  dueCents: number;
  /** The SEPA pre-notification (date, amount, RUM, ICS) while the invoice is in a direct-debit collection. */
  directDebitNotice: string | null;
}

type NoticeSource = (db: Db, tenantId: string, invoiceId: string) => Promise<string | null>;
let directDebitNoticeSource: NoticeSource = async () => null;
/** The payments feature tells invoices about their direct debit (wiring.ts): billing does not import it. */
export function registerDirectDebitNoticeSource(source: NoticeSource): void {
  directDebitNoticeSource = source;
}

/** One invoice with everything shown about it; 404 when not the tenant's (or not the household's). */
export async function loadInvoiceView(
  db: Db,
  tenantId: string,
  invoiceId: string,
  householdId?: string,
): Promise<InvoiceView> {
  const invoice = await findInvoice(db, tenantId, invoiceId, householdId);
  if (!invoice) throw new AppError('NOT_FOUND');
  const [lines, creditNotes, payments, directDebitNotice] = await Promise.all([
    linesOfInvoice(db, tenantId, invoiceId),
    creditNotesOfInvoice(db, tenantId, invoiceId),
    paymentsOfInvoice(db, tenantId, invoiceId),
    invoice.status === 'in_collection' ? directDebitNoticeSource(db, tenantId, invoiceId) : null,
  ]);
  return { invoice, lines, creditNotes, payments, dueCents: amountDue(invoice), directDebitNotice };
}

/** The invoice PDF as it stands today (credit notes and payments so far; the issued content never changes). */
export function invoicePdf(v: InvoiceView, tenant: Tenant, now: Date): Promise<Buffer> {
  return renderInvoicePdf(
    {
      invoice: v.invoice,
      lines: v.lines,
      creditNotes: v.creditNotes,
      primaryColor: tenant.primaryColor,
      directDebitNotice: v.directDebitNotice ?? undefined,
    },
    now,
  );
}

/** A file name without anything a header could choke on. */
export const safeFileName = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-');

/** A PDF download: an attachment never kept by a cache (invoices hold personal data). */
export function sendPdf(reply: FastifyReply, pdf: Buffer, filename: string) {
  return reply
    .type('application/pdf')
    .header('cache-control', 'no-store')
    .header('content-disposition', `attachment; filename="${safeFileName(filename)}"`)
    .send(pdf);
}
