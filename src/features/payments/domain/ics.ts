/**
 * The SEPA creditor identifier (ICS, « identifiant créancier SEPA »). French form: 13 characters
 * `FRkkZZZnnnnnn` — country, 2 check digits, a 3-character business code, 6 digits. The check digits
 * are ISO 7064 mod 97-10 over the national identifier then the country code and "00"; the business
 * code is not part of the computation (EPC262-08).
 */
const FR_ICS = /^FR[0-9]{2}[A-Z0-9]{3}[0-9]{6}$/;

/** Letters as numbers (A=10 … Z=35), then mod 97 over the digit string (piecewise: no bigints). */
function mod97(text: string): number {
  let digits = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    digits += code >= 65 && code <= 90 ? String(code - 55) : ch;
  }
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return rest;
}

export function icsCheckDigits(country: string, nationalId: string): string {
  const rest = mod97(`${nationalId}${country}00`);
  return String(98 - rest).padStart(2, '0');
}

/** Normalises (upper case, no spaces) and validates a French ICS; null when invalid. */
export function parseIcs(text: string): string | null {
  const ics = text.replace(/\s+/g, '').toUpperCase();
  if (!FR_ICS.test(ics)) return null;
  return icsCheckDigits(ics.slice(0, 2), ics.slice(7)) === ics.slice(2, 4) ? ics : null;
}
