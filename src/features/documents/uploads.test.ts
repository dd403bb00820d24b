import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseActivityList } from './domain/document-state';
import { contentDisposition, safeFileName } from './uploads';

const KINDS = ['pdf', 'jpeg', 'png', 'heic'] as const;
const EXT = { pdf: ['pdf'], jpeg: ['jpg', 'jpeg'], png: ['png'], heic: ['heic', 'heif'] };

describe('file names from browsers', () => {
  it('keeps the last path segment and fixes the extension', () => {
    assert.equal(safeFileName('C:\\Users\\moi\\Documents\\assurance.PDF', 'pdf'), 'assurance.PDF');
    assert.equal(safeFileName('../../etc/passwd', 'pdf'), 'passwd.pdf');
    assert.equal(safeFileName('photo.png', 'jpeg'), 'photo.png.jpg');
    assert.equal(safeFileName('...', 'png'), 'document.png');
    assert.equal(safeFileName('facture\u202egpj.exe', 'pdf'), 'facturegpj.exe.pdf');
    assert.equal(safeFileName(`${'a'.repeat(300)}.pdf`, 'pdf').length, 120);
  });

  it('never yields separators, control characters, or a wrong extension (1,000 runs)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.constantFrom(...KINDS), (raw, kind) => {
        const name = safeFileName(raw, kind);
        assert.ok(name.length >= 1 && name.length <= 120);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: checking that control characters are gone.
        assert.doesNotMatch(name, /[/\\\u0000-\u001f\u007f"<>]|^\./);
        const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
        assert.ok(EXT[kind].includes(ext), `${name} for ${kind}`);
        const header = contentDisposition('attachment', name);
        assert.doesNotMatch(header, /[\r\n]/);
        assert.match(header, /^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''/);
      }),
      { numRuns: 1000 },
    );
  });

  it('parses any activity list into trimmed, distinct, non-empty names (1,000 runs)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 500 }), (text) => {
        const list = parseActivityList(text);
        const keys = list.map((x) => x.toLocaleLowerCase('fr'));
        assert.equal(new Set(keys).size, keys.length);
        for (const x of list) assert.ok(x.length > 0 && x.length <= 100 && x === x.trim());
      }),
      { numRuns: 1000 },
    );
  });
});
