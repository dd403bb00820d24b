/**
 * Tax certificates as PDF (INTEGRATIONS.md): issuer (name, address, SIRET), payer, each child's name and
 * birth date, year, amount paid for eligible care, number, date, signature line. Several certificates
 * (bulk) make one document, each starting on a new page.
 */
import { formatDayMediumFr, formatDayShortFr } from '../../platform/calendar/days';
import { formatCents } from '../../platform/money';
import { createTenantPdf, formatSiret, PDF_FONTS, pdfToBuffer } from '../../platform/pdf/pdf';
import type { Tenant } from '../tenants/tenants.schema';
import type { TaxCertificate } from './tax-certificate.service';

const MARGIN = 50;

export function renderTaxCertificatesPdf(
  certificates: TaxCertificate[],
  tenant: Tenant,
  issuedOn: string,
  createdAt: Date = new Date(),
): Promise<Buffer> {
  const year = certificates[0]?.year ?? Number(issuedOn.slice(0, 4));
  const title = certificates.length === 1 ? `Attestation fiscale ${year}` : `Attestations fiscales ${year}`;
  const doc = createTenantPdf(tenant, title, { createdAt, subject: `Frais de garde ${year}` });
  const width = doc.page.width - 2 * MARGIN;
  const issuerName = tenant.legalName || tenant.name;
  certificates.forEach((c, i) => {
    if (i > 0) {
      doc.addPage();
      doc
        .font(PDF_FONTS.bold)
        .fontSize(16)
        .fillColor('#000000')
        .text(`Attestation fiscale ${year}`, MARGIN, doc.y, { width });
      doc.moveDown(0.5);
    }
    doc
      .font(PDF_FONTS.bold)
      .fontSize(11)
      .fillColor('#000000')
      .text(`N° ${c.number}`, MARGIN, doc.y, { width });
    doc.moveDown(0.8);
    doc.font(PDF_FONTS.regular).fontSize(10);
    doc.text(`Organisme : ${issuerName}${tenant.address ? `, ${tenant.address.replace(/\n/g, ', ')}` : ''}`, {
      width,
    });
    doc.text(`SIRET : ${formatSiret(tenant.siret)}`, { width });
    doc.moveDown(0.6);
    doc.font(PDF_FONTS.bold).text(`Payeur : ${c.payerName}`, { width });
    doc.font(PDF_FONTS.regular);
    if (c.payerAddress) doc.text(c.payerAddress, { width });
    doc.moveDown(0.8);
    doc.text(
      `${issuerName} atteste que le payeur ci-dessus a payé au cours de l’année ${year}, pour l’accueil hors du domicile des enfants ci-dessous, âgés de moins de 6 ans au 1er janvier ${year}, les sommes suivantes (repas, majorations et pénalités exclus) :`,
      { width },
    );
    doc.moveDown(0.8);
    const cols = [width - 230, 110, 120];
    const row = (cells: string[], bold: boolean) => {
      const y = doc.y;
      doc.font(bold ? PDF_FONTS.bold : PDF_FONTS.regular).fontSize(10);
      let x = MARGIN;
      cells.forEach((t, k) => {
        doc.text(t, x + 3, y + 3, { width: cols[k]! - 6, align: k === 2 ? 'right' : 'left' });
        x += cols[k]!;
      });
      doc.y = Math.max(doc.y, y + 16) + 3;
      doc
        .moveTo(MARGIN, doc.y)
        .lineTo(MARGIN + width, doc.y)
        .lineWidth(bold ? 0.8 : 0.3)
        .strokeColor(bold ? '#000000' : '#999999')
        .stroke();
    };
    row(['Enfant', 'Né(e) le', 'Montant payé'], true);
    for (const ch of c.children)
      row([ch.childName, formatDayShortFr(ch.childBirthDate), formatCents(ch.amountCents)], false);
    if (c.children.length > 1) row(['Total', '', formatCents(c.totalCents)], true);
    doc.moveDown(1);
    doc
      .font(PDF_FONTS.regular)
      .fontSize(9)
      .text(
        'Attestation délivrée pour la déclaration des frais de garde des enfants de moins de 6 ans (article 200 quater B du code général des impôts). Seules les sommes effectivement payées dans l’année sont prises en compte.',
        MARGIN,
        doc.y,
        { width },
      );
    doc.moveDown(1.2);
    doc.fontSize(10).text(`Fait le ${formatDayMediumFr(issuedOn)}.`, { width });
    doc.moveDown(1.5);
    doc.text('Signature et cachet :', { width });
    doc.moveDown(2);
    doc
      .moveTo(MARGIN, doc.y)
      .lineTo(MARGIN + 220, doc.y)
      .lineWidth(0.5)
      .strokeColor('#000000')
      .stroke();
  });
  if (certificates.length === 0)
    doc.text(`Aucune somme éligible payée en ${year}.`, MARGIN, doc.y, { width });
  return pdfToBuffer(doc);
}
