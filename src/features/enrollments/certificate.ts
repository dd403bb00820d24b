import PDFDocument from 'pdfkit';
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
  enrollmentId: string;
}

/** The enrollment certificate (attestation d'inscription) as a PDF buffer. */
export function renderCertificate(d: CertificateData): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: "Attestation d'inscription", Author: d.tenant.legalName },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(14).text(d.tenant.legalName);
  doc.font('Helvetica').fontSize(10).text(d.tenant.address);
  doc.text(`SIRET ${d.tenant.siret}`);
  doc.text(`${d.tenant.contactEmail}${d.tenant.contactPhone ? ` · ${d.tenant.contactPhone}` : ''}`);
  doc.moveDown(3);
  doc.font('Helvetica-Bold').fontSize(20).text("Attestation d'inscription", { align: 'center' });
  doc.moveDown(2);
  doc.font('Helvetica').fontSize(12);
  doc.text(
    `${d.tenant.legalName} atteste que l'enfant ${d.child.firstName} ${d.child.lastName}, né(e) le ${frDay(d.child.birthDate)}, ` +
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
  doc.moveDown(4);
  doc.fontSize(8).fillColor('#555555').text(`Référence : ${d.enrollmentId}`);
  doc.end();
  return done;
}
