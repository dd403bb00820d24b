/** Money is held in integer cents everywhere; these helpers format and parse it for French pages. */
const euro = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`amount in cents must be an integer: ${cents}`);
  // Intl uses narrow no-break spaces; keep them (they do not wrap between digits and the sign).
  // Format the exact decimal string, not cents / 100: beyond 2^53 / 100 a float loses the cents, and
  // -0 would print "-0,00 €".
  const abs = Math.abs(cents);
  const digits = String(abs).padStart(3, '0');
  const decimal = `${cents < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
  return euro.format(decimal as `${number}`);
}

/**
 * Parses a French amount typed by a person ("12,50", "12.5", "1 234,56 €", "-3") into cents.
 * Returns null when the text is not an amount with at most two decimals.
 */
export function parseEurosToCents(text: string): number | null {
  // Spaces of any kind (typed, no-break, narrow no-break), the euro sign and a typographic minus (U+2212).
  const cleaned = text
    .replace(/[\s\u00a0\u202f€]/g, '')
    .replace(/^\u2212/, '-')
    .replace(',', '.');
  const m = /^(-)?(\d{1,9})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!m) return null;
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] && cents !== 0 ? -cents : cents;
}

/**
 * Multiplies cents by a rational factor and rounds half away from zero to the cent
 * (the rule used for every computed price: rate of effort, reductions, percentages).
 */
export function mulRoundCents(cents: number, numerator: number, denominator = 1): number {
  if (denominator === 0) throw new RangeError('denominator must not be zero');
  const exact = (cents * numerator) / denominator;
  const rounded = Math.sign(exact) * Math.round(Math.abs(exact) + Number.EPSILON * Math.abs(exact));
  return rounded === 0 ? 0 : rounded;
}
