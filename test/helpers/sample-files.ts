/** Tiny files with real signatures, and hostile look-alikes, for upload tests. */
export const SAMPLE = {
  pdf: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  png: Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex'),
  ]),
  jpeg: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60, 1)]),
  heic: Buffer.concat([
    Buffer.from([0, 0, 0, 0x18]),
    Buffer.from('ftypheic', 'latin1'),
    Buffer.from([0, 0, 0, 0]),
    Buffer.from('mif1heic', 'latin1'),
    Buffer.alloc(40, 0),
  ]),
  html: Buffer.from('<!doctype html><script>alert(document.cookie)</script>'),
  exe: Buffer.from('MZ\x90\x00\x03\x00\x00\x00this is not a pdf'),
};

/** A PDF of `bytes` bytes (a valid signature, then padding). */
export function pdfOfSize(bytes: number): Buffer {
  const b = Buffer.alloc(bytes, 0x20);
  SAMPLE.pdf.copy(b, 0, 0, Math.min(SAMPLE.pdf.length, bytes));
  return b;
}
