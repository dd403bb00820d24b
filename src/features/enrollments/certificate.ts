import { createTenantPdf, PDF_FONTS, pdfToBuffer } from '../../platform/pdf/pdf';
import type { Tenant } from '../tenants/tenants.schema';
import { frDay } from './enrollments.service';

export interface CertificateData {
  tenant: Tenant;
  child: { firstName: string; lastName: string; birthDate: string };
  activityName: string;
  facilityName: string;
  periodName: string;
  periodFirstDay: string;
  periodLastDay: string;
  groupName: string | null;
  /** The day the certificate is issued (tenant time zone). */
  issuedOn: string;
  /** The instant written in the PDF's metadata (the clock's now). */
  issuedAt: Date;
  enrollmentId: string;
}

/** The enrollment certificate (attestation d'inscription) as a PDF, with the tenant's header. */
export function renderCertificate(d: CertificateData): Promise<Buffer> {
  const doc = createTenantPdf(d.tenant, "Attestation d'inscription", { createdAt: d.issuedAt });
  const who = d.tenant.legalName || d.tenant.name;
  doc.text(
    `${who} atteste que l'enfant ${d.child.firstName} ${d.child.lastName}, né(e) le ${frDay(d.child.birthDate)}, ` +
      `est inscrit(e) à l'activité « ${d.activityName} » (${d.facilityName}) pour la période « ${d.periodName} », ` +
      `du ${frDay(d.periodFirstDay)} au ${frDay(d.periodLastDay)}.`,
    { align: 'justify' },
  );
  if (d.groupName) {
    doc.moveDown();
    doc.text(`Groupe : ${d.groupName}`);
  }
  doc.moveDown(2);
  doc.text(`Fait le ${frDay(d.issuedOn)}, pour servir et valoir ce que de droit.`);
  doc.moveDown(3);
  doc.font(PDF_FONTS.regular).fontSize(8).fillColor('#555555').text(`Référence : ${d.enrollmentId}`);
  return pdfToBuffer(doc);
}
