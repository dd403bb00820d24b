/**
 * CSV reading and writing (RFC 4180), for imports from previous systems and exports to spreadsheets.
 * Pure functions: no I/O. French Excel writes `;` separators and may add a UTF-8 BOM; both are accepted.
 */

export type CsvError = { code: 'encoding' | 'unterminated_quote' | 'quote_in_field'; line: number };

export interface CsvParsed {
  /** Rows of fields; each row remembers the physical line it started on (1-based). */
  rows: { line: number; fields: string[] }[];
  separator: ',' | ';';
}

/**
 * Decodes bytes as UTF-8 (with or without BOM). Anything that is not valid UTF-8 (a Windows-1252 file,
 * say) is refused rather than silently garbled: the staff member re-saves it as "CSV UTF-8".
 */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return text;
  } catch {
    return null;
  }
}

/** Separator of the header line: `;` when it has more of them than commas (outside quotes). */
export function detectSeparator(text: string): ',' | ';' {
  let semi = 0;
  let comma = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ';') semi++;
    else if (!quoted && ch === ',') comma++;
  }
  return semi > comma ? ';' : ',';
}

/**
 * Parses CSV text (RFC 4180: quoted fields with `""` escapes and line breaks, CRLF or LF). A quote
 * inside an unquoted field, or text after a closing quote, is an error with its line number. Blank
 * lines are skipped.
 */
export function parseCsv(input: string, separator?: ',' | ';'): CsvParsed | { error: CsvError } {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const sep = separator ?? detectSeparator(text);
  const rows: CsvParsed['rows'] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let rowLine = 1;
  let i = 0;
  let atFieldStart = true;
  const endRow = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
    atFieldStart = true;
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (atFieldStart && ch === '"') {
      // Quoted field: up to the closing quote not followed by another quote.
      const startLine = line;
      i++;
      let closed = false;
      while (i < text.length) {
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          closed = true;
          i++;
          break;
        }
        if (c === '\n') line++;
        field += c;
        i++;
      }
      if (!closed) return { error: { code: 'unterminated_quote', line: startLine } };
      const next = text[i];
      if (next !== undefined && next !== sep && next !== '\n' && next !== '\r')
        return { error: { code: 'quote_in_field', line } };
      atFieldStart = false;
      continue;
    }
    if (ch === sep) {
      fields.push(field);
      field = '';
      atFieldStart = true;
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRow();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      rowLine = line;
      continue;
    }
    if (ch === '"') return { error: { code: 'quote_in_field', line } };
    field += ch;
    atFieldStart = false;
    i++;
  }
  if (field !== '' || fields.length > 0) endRow();
  return { rows, separator: sep };
}

/** A cell a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first). */
export function looksLikeFormula(value: string): boolean {
  return /^[=+\-@\t\r]/.test(value);
}

/**
 * One exported cell: formula-looking text is prefixed with an apostrophe (OWASP "CSV injection"), and
 * the cell is quoted when it holds the separator, a quote or a line break.
 */
export function csvCell(value: string | number | null | undefined, sep: ',' | ';' = ';'): string {
  let v = value === null || value === undefined ? '' : String(value);
  if (typeof value === 'string' && looksLikeFormula(v)) v = `'${v}`;
  return /[";,\r\n]/.test(v) || v.includes(sep) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * A whole CSV file for Excel FR: UTF-8 BOM, `;` separators, CRLF line ends (RFC 4180), every text cell
 * formula-safe.
 */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): string {
  const lines = [header, ...rows].map((r) => r.map((c) => csvCell(c, ';')).join(';'));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
