import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Db } from '../../platform/db/client';
import type { Invoice } from './billing.schema';
import { renderInvoicePdf } from './invoice-pdf';
import { creditNotesOfInvoice, linesOfInvoice } from './invoices.repository';

const run = promisify(execFile);

/**
 * One PDF of several invoices, to print in one go: each invoice is rendered by `renderInvoicePdf` and
 * the files are joined by poppler's `pdfunite` (poppler-utils, also used by the tests' pdftotext): no
 * PDF-merging library is needed for this one use (ADR 0019). Throws when pdfunite is missing.
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
  const dir = await mkdtemp(join(tmpdir(), 'maisonnee-print-'));
  try {
    const files = await Promise.all(
      buffers.map(async (b, i) => {
        const f = join(dir, `${String(i).padStart(6, '0')}.pdf`);
        await writeFile(f, b);
        return f;
      }),
    );
    const out = join(dir, 'all.pdf');
    await run('pdfunite', [...files, out], { timeout: 120_000 });
    return await readFile(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
