/**
 * Invoice and credit-note numbers: `<prefix><year>-<sequence on 6 digits>`, credit notes with "AV-"
 * after the prefix. Pure: the sequence itself comes from the database (numbering.ts).
 */
import type { NumberSeries } from '../billing.schema';

export const SEQUENCE_DIGITS = 6;

export function formatDocumentNumber(
  series: NumberSeries,
  prefix: string,
  year: number,
  sequence: number,
): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError(`bad sequence ${sequence}`);
  if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new RangeError(`bad year ${year}`);
  const seq = String(sequence).padStart(SEQUENCE_DIGITS, '0');
  return `${prefix}${series === 'credit_note' ? 'AV-' : ''}${year}-${seq}`;
}
