import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The text of a PDF as poppler's `pdftotext -layout` reads it (what a screen reader or a search sees). */
export function pdfText(pdf: Buffer | Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'maisonnee-pdftext-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
