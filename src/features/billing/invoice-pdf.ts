/**
 * The invoice as PDF: issuer (name, address, SIRET — frozen at issue), payer, number, dates, service
 * period, one row per line (child, service, days, quantity, unit price, amount), total, credit notes and
 * payments so far, amount due, payment means and the ways and delays of appeal (INTEGRATIONS.md).
 */
import { formatDayShortFr, parseIsoDay } from '../../platform/calendar/days';
import { formatCents } from '../../platform/money';
import { createTenantPdf, PDF_FONTS, pdfToBuffer } from '../../platform/pdf/pdf';
import type { CreditNote, Invoice, InvoiceLine } from './billing.schema';

const MARGIN = 50;

/** Printed when the tenant has not written its own (public bodies: art. L1617-5 CGCT). */
export const DEFAULT_APPEAL_TEXT =
  'Voies et délais de recours : dans un délai de deux mois suivant la réception de cette facture, vous pouvez ' +
  'contester la somme due en saisissant le tribunal compétent selon la nature de la créance (article L1617-5 du ' +
  'code général des collectivités territoriales). Une réclamation amiable auprès du service ne suspend pas ce délai.';

export const DEFAULT_PAYMENT_MEANS =
  'Paiement en ligne par carte sur le portail famille, prélèvement SEPA si vous avez signé un mandat, ' +
  'ou auprès de la régie : chèque, espèces, CESU, chèques ANCV, virement.';

export interface InvoiceDocument {
  invoice: Invoice;
  lines: InvoiceLine[];
  creditNotes: Pick<CreditNote, 'number' | 'issuedOn' | 'amountCents'>[];
  primaryColor?: string;
  paymentMeans?: string;
  appealText?: string;
  /** SEPA pre-notification printed under the total when the invoice is collected by direct debit. */
  directDebitNotice?: string;
}

/** "3 mer. 4, 11, 18 nov." style is too clever for print: list days as 04/11, 11/11… */
function daysText(days: string[]): string {
  if (days.length === 0) return '';
  return days
    .map((d) => {
      const { month, day } = parseIsoDay(d);
      return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}`;
    })
    .join(', ');
}

export function renderInvoicePdf(d: InvoiceDocument, createdAt: Date = new Date()): Promise<Buffer> {
  const inv = d.invoice;
  const doc = createTenantPdf({ ...inv.issuer, primaryColor: d.primaryColor }, `Facture n° ${inv.number}`, {
    createdAt,
    subject: `Facture ${inv.number}`,
  });
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  // Payer block on the right, dates on the left.
  const top = doc.y;
  doc.font(PDF_FONTS.regular).fontSize(10).fillColor('#000000');
  doc.text(`Date d’émission : ${formatDayShortFr(inv.issuedOn)}`, MARGIN, top, { width: width / 2 });
  doc.text(`Période : du ${formatDayShortFr(inv.periodStart)} au ${formatDayShortFr(inv.periodEnd)}`, {
    width: width / 2,
  });
  doc.font(PDF_FONTS.bold).text(`À payer avant le : ${formatDayShortFr(inv.dueOn)}`, { width: width / 2 });
  const leftBottom = doc.y;
  doc.font(PDF_FONTS.bold).text(inv.payerName, MARGIN + width / 2, top, { width: width / 2 });
  doc.font(PDF_FONTS.regular);
  if (inv.payerAddress) doc.text(inv.payerAddress, { width: width / 2 });
  doc.y = Math.max(leftBottom, doc.y) + 16;

  const cols = [
    { title: 'Enfant', w: 90, align: 'left' as const },
    { title: 'Prestation et jours', w: width - 90 - 40 - 70 - 75, align: 'left' as const },
    { title: 'Qté', w: 40, align: 'right' as const },
    { title: 'Prix unit.', w: 70, align: 'right' as const },
    { title: 'Montant', w: 75, align: 'right' as const },
  ];
  const header = () => {
    const y = doc.y;
    let x = MARGIN;
    doc.font(PDF_FONTS.bold).fontSize(9).fillColor('#000000');
    for (const c of cols) {
      doc.text(c.title, x + 3, y + 4, { width: c.w - 6, align: c.align, lineBreak: false });
      x += c.w;
    }
    doc
      .moveTo(MARGIN, y + 18)
      .lineTo(MARGIN + width, y + 18)
      .lineWidth(0.8)
      .strokeColor('#000000')
      .stroke();
    doc.y = y + 22;
  };
  header();
  for (const l of d.lines) {
    const service = [l.label, daysText(l.days), l.pricingNote].filter(Boolean).join('\n');
    doc.font(PDF_FONTS.regular).fontSize(9);
    const h =
      Math.max(
        doc.heightOfString(l.childName || '—', { width: cols[0]!.w - 6 }),
        doc.heightOfString(service, { width: cols[1]!.w - 6 }),
      ) + 8;
    if (doc.y + h > bottom()) {
      doc.addPage();
      header();
    }
    const y = doc.y;
    const cells = [
      l.childName || '—',
      service,
      String(l.quantity),
      formatCents(l.unitPriceCents),
      formatCents(l.amountCents),
    ];
    let x = MARGIN;
    cells.forEach((text, i) => {
      const c = cols[i]!;
      doc.text(text, x + 3, y + 4, { width: c.w - 6, align: c.align });
      x += c.w;
    });
    doc
      .moveTo(MARGIN, y + h)
      .lineTo(MARGIN + width, y + h)
      .lineWidth(0.3)
      .strokeColor('#999999')
      .stroke();
    doc.y = y + h;
  }
  if (d.lines.length === 0) doc.text('Aucune ligne.', MARGIN, doc.y + 4);

  const due = inv.totalCents - inv.creditedCents - inv.settledCents;
  const totals: [string, string, boolean][] = [['Total de la facture', formatCents(inv.totalCents), true]];
  for (const c of d.creditNotes)
    totals.push([
      `Avoir n° ${c.number} du ${formatDayShortFr(c.issuedOn)}`,
      formatCents(-c.amountCents),
      false,
    ]);
  if (inv.settledCents > 0) totals.push(['Déjà payé', formatCents(-inv.settledCents), false]);
  totals.push(['Reste à payer', formatCents(due), true]);
  if (doc.y + 20 * totals.length + 120 > bottom()) doc.addPage();
  doc.y += 10;
  for (const [label, amount, strong] of totals) {
    const y = doc.y;
    doc.font(strong ? PDF_FONTS.bold : PDF_FONTS.regular).fontSize(10);
    doc.text(label, MARGIN, y, { width: width - 90, align: 'right' });
    doc.text(amount, MARGIN + width - 85, y, { width: 82, align: 'right' });
    doc.y = Math.max(doc.y, y + 14);
  }
  doc.moveDown(1);
  doc.font(PDF_FONTS.regular).fontSize(9).fillColor('#000000');
  if (d.directDebitNotice) {
    doc.font(PDF_FONTS.bold).text(d.directDebitNotice, MARGIN, doc.y, { width });
    doc.moveDown(0.5);
  }
  doc.font(PDF_FONTS.bold).text('Moyens de paiement', MARGIN, doc.y, { width });
  doc.font(PDF_FONTS.regular).text(d.paymentMeans ?? DEFAULT_PAYMENT_MEANS, { width });
  doc.moveDown(0.5);
  doc
    .fontSize(8)
    .fillColor('#333333')
    .text(d.appealText ?? DEFAULT_APPEAL_TEXT, { width });
  return pdfToBuffer(doc);
}
