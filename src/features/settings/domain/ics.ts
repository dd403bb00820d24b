/**
 * SEPA creditor identifier (ICS), French format `FRkkZZZnnnnnn` (13 characters): country, two check
 * digits, a 3-character business code (skipped by the check), then the national identifier.
 * Check digits: ISO 7064 mod 97-10 over the national identifier followed by "FR00", letters as numbers
 * (A=10 … Z=35); valid when the number with the check digits in place leaves a remainder of 1.
 */
export function normalizeIcs(input: string): string {
  return input.replace(/[\s\u00a0-]/g, '').toUpperCase();
}

function lettersToDigits(s: string): string {
  return [...s].map((c) => (/[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c)).join('');
}

function mod97(digits: string): number {
  let r = 0;
  for (const c of digits) r = (r * 10 + Number(c)) % 97;
  return r;
}

/** The two check digits for a national identifier (the part after the business code). */
export function icsCheckDigits(national: string, country = 'FR'): string {
  const r = mod97(lettersToDigits(`${national}${country}00`));
  return String(98 - r).padStart(2, '0');
}

export function isValidIcs(input: string): boolean {
  const ics = normalizeIcs(input);
  const m = /^FR(\d{2})[A-Z0-9]{3}(\d{6})$/.exec(ics);
  if (!m) return false;
  return mod97(lettersToDigits(`${m[2]}FR${m[1]}`)) === 1;
}
