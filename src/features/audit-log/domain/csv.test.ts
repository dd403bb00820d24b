import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvCell, csvRow } from './csv';

describe('CSV cells', () => {
  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('dit "bonjour"'), '"dit ""bonjour"""');
    assert.equal(csvCell('ligne\nsuivante'), '"ligne\nsuivante"');
    assert.equal(csvCell('simple'), 'simple');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(42), '42');
  });
  it('neutralises formulas', () => {
    assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.equal(csvCell('+33 6'), "'+33 6");
    assert.equal(csvCell('-1'), "'-1");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('\tx'), "'\tx");
    assert.equal(csvCell('a=b'), 'a=b');
  });
  it('ends rows with CRLF', () => {
    assert.equal(csvRow(['a', 'b,c']), 'a,"b,c"\r\n');
  });
});
