/**
 * SIRET numbers: 14 digits whose Luhn key is valid. La Poste's establishments (SIREN 356000000) use a
 * different rule: the sum of the digits is a multiple of 5.
 */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Removes spaces (people type "210 000 000 00018"); returns null when not 14 digits. */
export function normalizeSiret(input: string): string | null {
  const compact = input.replace(/[\s.\u00a0]/g, '');
  return /^\d{14}$/.test(compact) ? compact : null;
}

export function isValidSiret(input: string): boolean {
  const siret = normalizeSiret(input);
  if (!siret) return false;
  if (siret.startsWith('356000000')) {
    const total = [...siret].reduce((s, c) => s + Number(c), 0);
    return total % 5 === 0 || luhnValid(siret);
  }
  return luhnValid(siret);
}
