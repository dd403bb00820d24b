import { PDFDocument } from 'pdf-lib';
import type { Db } from '../../platform/db/client';
import type { Invoice } from './billing.schema';
import { renderInvoicePdf } from './invoice-pdf';
import { creditNotesOfInvoice, linesOfInvoice } from './invoices.repository';

/**
 * One PDF of several invoices, to print in one go: each invoice is rendered by `renderInvoicePdf` (its
 * own page numbers) and the pages are copied into one document with pdf-lib (ADR 0019).
 */
export async function combinedInvoicesPdf(
  db: Db,
  tenantId: string,
  list: Invoice[],
  primaryColor: string,
  createdAt: Date,
): Promise<Buffer> {
  const buffers: Buffer[] = [];
  for (const invoice of list) {
    const [lines, creditNotes] = await Promise.all([
      linesOfInvoice(db, tenantId, invoice.id),
      creditNotesOfInvoice(db, tenantId, invoice.id),
    ]);
    buffers.push(await renderInvoicePdf({ invoice, lines, creditNotes, primaryColor }, createdAt));
  }
  if (buffers.length === 1) return buffers[0]!;
  const all = await PDFDocument.create();
  all.setTitle('Factures à imprimer');
  all.setCreator('Maisonnée');
  all.setCreationDate(createdAt);
  for (const b of buffers) {
    const part = await PDFDocument.load(b);
    for (const page of await all.copyPages(part, part.getPageIndices())) all.addPage(page);
  }
  return Buffer.from(await all.save());
}
