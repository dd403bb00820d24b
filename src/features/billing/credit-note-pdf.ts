/**
 * The credit note as PDF: issuer frozen at issue (name, address, SIRET), payer, number, date, the
 * invoice it corrects (number, date, period), amount, reason.
 */
import { formatDayShortFr } from '../../platform/calendar/days';
import { formatCents } from '../../platform/money';
import { createTenantPdf, PDF_FONTS, pdfToBuffer } from '../../platform/pdf/pdf';
import type { CreditNote, Invoice } from './billing.schema';

const MARGIN = 50;

export function renderCreditNotePdf(
  d: { creditNote: CreditNote; invoice: Invoice; primaryColor?: string },
  createdAt: Date = new Date(),
): Promise<Buffer> {
  const { creditNote: cn, invoice: inv } = d;
  const doc = createTenantPdf({ ...cn.issuer, primaryColor: d.primaryColor }, `Avoir n° ${cn.number}`, {
    createdAt,
    subject: `Avoir ${cn.number} sur la facture ${inv.number}`,
  });
  const width = doc.page.width - 2 * MARGIN;
  const top = doc.y;
  doc.font(PDF_FONTS.regular).fontSize(10).fillColor('#000000');
  doc.text(`Date d’émission : ${formatDayShortFr(cn.issuedOn)}`, MARGIN, top, { width: width / 2 });
  doc.text(`Facture concernée : n° ${inv.number} du ${formatDayShortFr(inv.issuedOn)}`, { width: width / 2 });
  doc.text(
    `Période facturée : du ${formatDayShortFr(inv.periodStart)} au ${formatDayShortFr(inv.periodEnd)}`,
    {
      width: width / 2,
    },
  );
  const leftBottom = doc.y;
  doc.font(PDF_FONTS.bold).text(inv.payerName, MARGIN + width / 2, top, { width: width / 2 });
  doc.font(PDF_FONTS.regular);
  if (inv.payerAddress) doc.text(inv.payerAddress, { width: width / 2 });
  doc.y = Math.max(leftBottom, doc.y) + 20;
  doc.font(PDF_FONTS.bold).fontSize(11).text('Motif', MARGIN, doc.y, { width });
  doc.font(PDF_FONTS.regular).fontSize(10).text(cn.reason, { width });
  doc.moveDown(1);
  const y = doc.y;
  doc.font(PDF_FONTS.bold).fontSize(12);
  doc.text('Montant de l’avoir', MARGIN, y, { width: width - 120, align: 'right' });
  doc.text(formatCents(cn.amountCents), MARGIN + width - 115, y, { width: 112, align: 'right' });
  doc.moveDown(1.5);
  doc
    .font(PDF_FONTS.regular)
    .fontSize(9)
    .text(
      `Cet avoir est déduit de la somme due au titre de la facture n° ${inv.number} ; il ne donne pas lieu à un paiement séparé.`,
      MARGIN,
      doc.y,
      { width },
    );
  return pdfToBuffer(doc);
}
