/**
 * PDF documents (invoices, certificates, registers) with the tenant's header and numbered pages.
 *
 * Fonts: DejaVu Sans is bundled and embedded (subset) rather than PDFKit's built-in Helvetica, whose
 * WinAnsi encoding has no narrow no-break space (Intl's thousands separator in "1 234,56 €") and no
 * Latin Extended letters (Łucja, Şahin, Nguyễn…). Output is the same on every machine.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import { accessibleBrand } from '../views/color';

export interface PdfTenant {
  name: string;
  legalName: string;
  siret: string;
  address: string;
  contactEmail: string;
  contactPhone: string;
  primaryColor?: string;
}

export const PDF_FONTS = { regular: 'Body', bold: 'Body-Bold' } as const;

const fontFile = (name: string) => readFileSync(fileURLToPath(new URL(`./fonts/${name}`, import.meta.url)));
let fonts: { regular: Buffer; bold: Buffer } | undefined;
function loadFonts() {
  fonts ??= { regular: fontFile('DejaVuSans.ttf'), bold: fontFile('DejaVuSans-Bold.ttf') };
  return fonts;
}

const MARGIN = 50;
const FOOTER_MARKER = Symbol('maisonnee.footer');

type TenantDoc = PDFKit.PDFDocument & { [FOOTER_MARKER]?: string };

/** "12 345 678 00012" — SIRET in its usual groups of 3-3-3-5. */
export function formatSiret(siret: string): string {
  const digits = siret.replace(/\D/g, '');
  return digits.length === 14
    ? `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6, 9)} ${digits.slice(9)}`
    : siret;
}

/**
 * A new A4 document with the tenant header on the first page, ready for content at doc.y.
 * Footers ("Maisonnée — <tenant> · Page 1 / 2") are stamped by pdfToBuffer once the page count is known.
 * `createdAt` makes the file deterministic in tests (defaults to now).
 */
export function createTenantPdf(
  tenant: PdfTenant,
  title: string,
  options: { createdAt?: Date; subject?: string } = {},
): PDFKit.PDFDocument {
  const { regular, bold } = loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + 20, left: MARGIN, right: MARGIN },
    bufferPages: true,
    lang: 'fr-FR',
    displayTitle: true,
    info: {
      Title: title,
      Author: tenant.legalName || tenant.name,
      Subject: options.subject ?? title,
      Creator: 'Maisonnée',
      Producer: 'Maisonnée',
      CreationDate: options.createdAt ?? new Date(),
    },
  }) as TenantDoc;
  doc.registerFont(PDF_FONTS.regular, regular);
  doc.registerFont(PDF_FONTS.bold, bold);
  doc[FOOTER_MARKER] = tenant.name;

  const brand = accessibleBrand(tenant.primaryColor ?? '#1f4e8c').brand;
  const width = doc.page.width - 2 * MARGIN;
  doc.fillColor('#000000');
  doc.font(PDF_FONTS.bold).fontSize(14).text(tenant.name, { width });
  doc.font(PDF_FONTS.regular).fontSize(9).fillColor('#333333');
  if (tenant.legalName && tenant.legalName !== tenant.name) doc.text(tenant.legalName, { width });
  if (tenant.address) doc.text(tenant.address, { width });
  doc.text(`SIRET : ${formatSiret(tenant.siret)}`, { width });
  const contact = [tenant.contactEmail, tenant.contactPhone].filter(Boolean).join(' · ');
  if (contact) doc.text(contact, { width });
  doc.moveDown(0.6);
  const ruleY = doc.y;
  doc
    .moveTo(MARGIN, ruleY)
    .lineTo(MARGIN + width, ruleY)
    .lineWidth(1.5)
    .strokeColor(brand)
    .stroke();
  doc.moveDown(1);
  doc.fillColor('#000000').font(PDF_FONTS.bold).fontSize(18).text(title, MARGIN, doc.y, { width });
  doc.moveDown(0.8);
  doc.font(PDF_FONTS.regular).fontSize(11).fillColor('#000000');
  return doc;
}

function stampFooters(doc: TenantDoc): void {
  const tenantName = doc[FOOTER_MARKER];
  if (tenantName === undefined) return;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin must not add a page: lift the margin while stamping.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - MARGIN;
    const width = doc.page.width - 2 * MARGIN;
    doc.font(PDF_FONTS.regular).fontSize(8).fillColor('#555555');
    doc.text(tenantName, MARGIN, y, { width, align: 'left', lineBreak: false });
    doc.text(`Page ${i - range.start + 1} / ${range.count}`, MARGIN, y, {
      width,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
  }
  delete doc[FOOTER_MARKER];
}

/** Stamps page numbers, ends the document and returns its bytes. */
export function pdfToBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      stampFooters(doc as TenantDoc);
      doc.end();
    } catch (err) {
      reject(err);
    }
  });
}
