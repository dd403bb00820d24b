/**
 * The receipt of a payment taken at the desk (« reçu ») as PDF: tenant header, receipt number, date,
 * payer household, method and reference, amount, the invoices it settles, and "ANNULÉ" with the reason
 * when the payment was cancelled afterwards.
 */
import { formatDayShortFr, todayIn } from '../../platform/calendar/days';
import { formatCents } from '../../platform/money';
import { createTenantPdf, PDF_FONTS, type PdfTenant, pdfToBuffer } from '../../platform/pdf/pdf';
import type { Payment, PaymentMethod } from './payments.schema';

const MARGIN = 50;

export interface ReceiptDocument {
  tenant: PdfTenant;
  timeZone: string;
  payment: Pick<
    Payment,
    'receiptNumber' | 'paidAt' | 'method' | 'reference' | 'amountCents' | 'status' | 'statusReason'
  >;
  householdName: string;
  methodLabel: Record<PaymentMethod, string>;
  allocations: { number: string; periodStart: string; amountCents: number }[];
}

export function renderReceiptPdf(d: ReceiptDocument, createdAt: Date = new Date()): Promise<Buffer> {
  const p = d.payment;
  const title = `Reçu n° ${p.receiptNumber ?? '—'}`;
  const doc = createTenantPdf(d.tenant, title, { createdAt, subject: title });
  const width = doc.page.width - 2 * MARGIN;
  doc.font(PDF_FONTS.regular).fontSize(11).fillColor('#000000');
  const paidOn = p.paidAt ? formatDayShortFr(todayIn(d.timeZone, p.paidAt)) : '—';
  doc.text(`Date d’encaissement : ${paidOn}`, { width });
  doc.text(`Reçu de : foyer ${d.householdName}`, { width });
  doc.text(`Moyen de paiement : ${d.methodLabel[p.method as PaymentMethod] ?? p.method}`, { width });
  if (p.reference) doc.text(`Référence : ${p.reference}`, { width });
  doc.moveDown(0.5);
  doc
    .font(PDF_FONTS.bold)
    .fontSize(14)
    .text(`Montant reçu : ${formatCents(p.amountCents)}`, { width });
  doc.moveDown(0.8);
  doc.font(PDF_FONTS.bold).fontSize(11).text('Factures réglées par ce paiement', { width });
  doc.font(PDF_FONTS.regular).fontSize(10);
  for (const a of d.allocations)
    doc.text(
      `Facture n° ${a.number} (période du ${formatDayShortFr(a.periodStart)}) : ${formatCents(a.amountCents)}`,
      {
        width,
      },
    );
  if (p.status === 'cancelled') {
    doc.moveDown(1);
    doc
      .font(PDF_FONTS.bold)
      .fontSize(13)
      .fillColor('#a00000')
      .text(`PAIEMENT ANNULÉ — motif : ${p.statusReason ?? ''}`, { width });
    doc.fillColor('#000000');
  }
  doc.moveDown(1.5);
  doc
    .font(PDF_FONTS.regular)
    .fontSize(9)
    .fillColor('#333333')
    .text(
      'Ce reçu atteste la remise du paiement à la régie. Un chèque est encaissé sous réserve de provision.',
      {
        width,
      },
    );
  return pdfToBuffer(doc);
}
