import { likeEscape } from './search';

/**
 * An invoice-number search (backoffice/invoice-search.ts): numbers are `<PREFIX><year>-<6 digits>`
 * (`AV-` before the year for credit notes), written in capitals. Pure.
 */

/** What an invoice-number query looks like once normalised: capitals, digits, dashes; 4 to 40 long. */
export function invoiceNumberQuery(raw: string): string | null {
  const q = raw.trim().replace(/\s+/g, '').toUpperCase();
  if (q.length < 4 || q.length > 40 || !/^[A-Z0-9-]+$/.test(q) || !/\d/.test(q)) return null;
  return q;
}

/** The LIKE patterns to try: as typed, and with the tenant prefix in front when it was left out. */
export function invoiceNumberPatterns(q: string, prefix: string): string[] {
  const p = prefix.toUpperCase();
  const out = [`${likeEscape(q)}%`];
  if (p && !q.startsWith(p)) out.push(`${likeEscape(p + q)}%`);
  return out;
}
