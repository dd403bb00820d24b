/**
 * What a staff search box means. The database compares `fold(column)` with LIKE patterns, fold being
 * lower-case without accents (SQL function `mn_fold`, indexed with pg_trgm): this module prepares the
 * patterns the same way.
 */

/** Same mapping as the SQL function mn_fold (migration 0009): lower case, French accents removed. */
export const FOLD_FROM = 'àáâãäåçèéêëìíîïñòóôõöùúûüýÿ';
export const FOLD_TO = 'aaaaaaceeeeiiiinooooouuuuyy';

export function fold(s: string): string {
  let out = '';
  for (const ch of s.toLowerCase()) {
    const i = FOLD_FROM.indexOf(ch);
    out += i >= 0 ? FOLD_TO[i] : ch;
  }
  return out;
}

export interface SearchQuery {
  /** Folded words, each must appear in the same name (household, guardian or child). */
  words: string[];
  /** Folded whole text, for e-mails. */
  text: string;
  /** Phone digits in national form (0XXXXXXXXX), when the query looks like a phone number. */
  phoneDigits: string | null;
}

/** Escapes LIKE wildcards so that `%` or `_` typed by a person match themselves. */
export const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function parseSearch(raw: string): SearchQuery | null {
  const q = raw.trim().slice(0, 100);
  if (q.length < 2) return null;
  const compact = q.replace(/[\s.\-()]/g, '');
  let phoneDigits: string | null = null;
  if (/^\+?\d{4,}$/.test(compact)) {
    phoneDigits = compact.replace(/^\+33/, '0').replace(/^0033/, '0').replace(/^\+/, '');
  }
  const words = fold(q)
    .split(/[\s,;]+/)
    .map((w) => w.replace(/^['"]+|['"]+$/g, ''))
    .filter((w) => w.length > 0)
    .slice(0, 5);
  return { words, text: fold(q), phoneDigits };
}
