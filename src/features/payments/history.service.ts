/** The family's payment history (every method) and the receipt PDF of a paid payment. */
import { todayIn } from '../../platform/calendar/days';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import type { FamilyActor } from '../../platform/http/policies';
import { formatCents } from '../../platform/money';
import { createTenantPdf, PDF_FONTS, pdfToBuffer } from '../../platform/pdf/pdf';
import { formatDateTime } from '../news/domain/time';
import type { Tenant } from '../tenants/tenants.schema';
import { type HistoryPeriod, historyRange } from './domain/online';
import { allocationsOf, findPayment, paymentsOfHousehold } from './online.repository';
import type { Payment } from './payments.schema';
import { METHOD_LABEL } from './views/labels';

export interface HistoryRow {
  payment: Payment;
  invoices: { invoiceId: string; number: string; amountCents: number }[];
}

export async function householdHistory(db: Db, fam: FamilyActor, period: HistoryPeriod, now: Date) {
  const range = historyRange(period, todayIn(fam.tenant.timeZone, now), fam.tenant.timeZone);
  const list = await paymentsOfHousehold(db, fam.tenant.id, fam.householdId, range);
  const allocations = await allocationsOf(
    db,
    fam.tenant.id,
    list.map((p) => p.id),
  );
  const rows: HistoryRow[] = list.map((payment) => ({
    payment,
    invoices: allocations.filter((a) => a.paymentId === payment.id),
  }));
  return { rows, range };
}

/** A paid payment of this household (others, or not paid: 404) and its receipt as a PDF. */
export async function receiptPdf(db: Db, fam: FamilyActor, paymentId: string, now: Date) {
  const payment = await findPayment(db, fam.tenant.id, paymentId, fam.householdId);
  if (!payment || payment.status !== 'paid' || !payment.receiptNumber) throw new AppError('NOT_FOUND');
  const allocations = await allocationsOf(db, fam.tenant.id, [payment.id]);
  return { payment, pdf: await renderReceiptPdf(fam.tenant, payment, allocations, now) };
}

export async function renderReceiptPdf(
  tenant: Tenant,
  payment: Payment,
  allocations: { number: string; amountCents: number }[],
  createdAt: Date,
): Promise<Buffer> {
  const doc = createTenantPdf(tenant, `Reçu de paiement n° ${payment.receiptNumber}`, {
    createdAt,
    subject: 'Reçu de paiement',
  });
  const tz = tenant.timeZone;
  doc.text(`Paiement reçu le ${formatDateTime(payment.paidAt ?? payment.createdAt, tz)}`);
  doc.text(`Moyen de paiement : ${METHOD_LABEL[payment.method] ?? payment.method}`);
  if (payment.providerRef) doc.text(`Référence de la transaction : ${payment.providerRef}`);
  doc.moveDown(0.8);
  doc.font(PDF_FONTS.bold).text('Factures réglées');
  doc.font(PDF_FONTS.regular);
  for (const a of allocations) doc.text(`Facture ${a.number} : ${formatCents(a.amountCents)}`);
  doc.moveDown(0.8);
  doc.font(PDF_FONTS.bold).text(`Montant total reçu : ${formatCents(payment.amountCents)}`);
  doc.font(PDF_FONTS.regular);
  doc.moveDown(1.2);
  doc.fontSize(9).fillColor('#333333').text('Ce reçu atteste du paiement des factures ci-dessus.');
  return pdfToBuffer(doc);
}
