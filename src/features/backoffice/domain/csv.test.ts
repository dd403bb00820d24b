import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvCell, decodeUtf8, detectSeparator, looksLikeFormula, parseCsv, toCsv } from './csv';

const fields = (text: string, sep?: ',' | ';') => {
  const r = parseCsv(text, sep);
  if ('error' in r) throw new Error(`unexpected ${r.error.code}`);
  return r.rows.map((x) => x.fields);
};

describe('parseCsv (RFC 4180)', () => {
  it('reads commas, CRLF and LF, and a last line without newline', () => {
    assert.deepEqual(fields('a,b\r\nc,d\ne,f'), [
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
    ]);
  });
  it('reads quoted fields with separators, doubled quotes and line breaks', () => {
    assert.deepEqual(fields('"a,1","say ""hi""","two\nlines"\nx,y,z\n'), [
      ['a,1', 'say "hi"', 'two\nlines'],
      ['x', 'y', 'z'],
    ]);
  });
  it('keeps empty fields and skips blank lines', () => {
    assert.deepEqual(fields('a,,c\n\n,,\n'), [
      ['a', '', 'c'],
      ['', '', ''],
    ]);
  });
  it('detects the semicolon of Excel FR and strips the BOM', () => {
    const r = parseCsv('\uFEFFnom;prénom\nDupont;"Jean; Paul"\n');
    assert.ok(!('error' in r));
    assert.equal(r.separator, ';');
    assert.deepEqual(
      r.rows.map((x) => x.fields),
      [
        ['nom', 'prénom'],
        ['Dupont', 'Jean; Paul'],
      ],
    );
  });
  it('gives the physical line of each row (after multi-line cells)', () => {
    const r = parseCsv('h1,h2\n"a\nb",c\nd,e\n');
    assert.ok(!('error' in r));
    assert.deepEqual(
      r.rows.map((x) => x.line),
      [1, 2, 4],
    );
  });
  it('refuses an unterminated quote and a quote inside an unquoted field', () => {
    assert.deepEqual(parseCsv('a,b\n"open,c\n'), { error: { code: 'unterminated_quote', line: 2 } });
    assert.deepEqual(parseCsv('a,b\nx"y,c\n'), { error: { code: 'quote_in_field', line: 2 } });
    assert.deepEqual(parseCsv('"a"b,c\n'), { error: { code: 'quote_in_field', line: 1 } });
  });
  it('detectSeparator ignores separators inside quotes', () => {
    assert.equal(detectSeparator('"a;b;c",d\n'), ',');
    assert.equal(detectSeparator('a;b,c;d\n'), ';');
  });
  it('round-trips what toCsv writes', () => {
    const rows = [
      ['Léa', 'a;b', 'say "x"', 'line\nbreak'],
      ['', '0612', 'ok', 'é'],
    ];
    const text = toCsv(['h1', 'h2', 'h3', 'h4'], rows);
    assert.deepEqual(fields(text).slice(1), rows);
  });
});

describe('decodeUtf8', () => {
  it('accepts UTF-8 with or without BOM and refuses Windows-1252 bytes', () => {
    assert.equal(decodeUtf8(Buffer.from('héllo', 'utf8')), 'héllo');
    assert.equal(decodeUtf8(Buffer.from('\uFEFFhé', 'utf8'))?.replace('\uFEFF', ''), 'hé');
    assert.equal(decodeUtf8(Buffer.from([0x68, 0xe9, 0x6c])), null);
  });
});

describe('formula injection', () => {
  it('detects formula-looking cells', () => {
    for (const v of ['=1+1', '+33', '-2', '@SUM(A1)', '\tx', '\rx']) assert.ok(looksLikeFormula(v), v);
    for (const v of ['Martin', '0612', ' =x', '']) assert.ok(!looksLikeFormula(v), v);
  });
  it('exports them behind an apostrophe and quotes what needs it', () => {
    assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.equal(csvCell('@cmd'), "'@cmd");
    assert.equal(csvCell('a;b'), '"a;b"');
    assert.equal(csvCell(12), '12');
    assert.equal(csvCell(-3), '-3');
    assert.equal(csvCell(null), '');
  });
  it('writes a BOM, semicolons and CRLF', () => {
    assert.equal(toCsv(['a', 'b'], [['1', '2']]), '\uFEFFa;b\r\n1;2\r\n');
  });
});
