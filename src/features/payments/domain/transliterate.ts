/**
 * SEPA text fields accept only the Latin subset `a-z A-Z 0-9 / - ? : ( ) . , ' +` and space (EPC
 * guidelines). Names typed by families carry accents, ampersands, apostrophes of every kind: they are
 * transliterated (é→e, œ→oe, ß→ss, &→et) and anything else is dropped, then cut to the field's length.
 */
const SPECIAL: Record<string, string> = {
  '&': ' et ',
  œ: 'oe',
  Œ: 'OE',
  æ: 'ae',
  Æ: 'AE',
  ß: 'ss',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  '’': "'",
  '‘': "'",
  '´': "'",
  '`': "'",
  '«': '',
  '»': '',
  '–': '-',
  '—': '-',
  _: '-',
  '\u00a0': ' ',
  '\u202f': ' ',
};

export function transliterate(text: string, maxLength?: number): string {
  let out = '';
  for (const ch of text.normalize('NFC')) out += SPECIAL[ch] ?? ch;
  out = out
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-zA-Z0-9/\-?:().,'+ ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (maxLength !== undefined && out.length > maxLength) out = out.slice(0, maxLength).trimEnd();
  return out;
}

/**
 * An identifier (MsgId, PmtInfId, EndToEndId, RUM): SEPA characters without spaces, never starting
 * with "/" nor containing "//" (EPC rule), at most `maxLength` characters.
 */
export function sepaIdentifier(text: string, maxLength = 35): string {
  let out = transliterate(text).replace(/ /g, '');
  out = out.replace(/\/{2,}/g, '/').replace(/^\/+/, '');
  return out.slice(0, maxLength);
}
