import { randomBytes } from 'node:crypto';

/**
 * The mandate reference (RUM, « référence unique du mandat »): at most 35 SEPA characters, unique per
 * creditor (a unique index per tenant), never derived from the IBAN nor from identity numbers. Ours:
 * `<PREFIX>-<year>-<8 random base-32 characters>` — e.g. `MND-2026-7K3QX9PA`; the random part makes
 * it unguessable and collisions are retried by the caller on the unique index.
 */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function newRum(year: number, random: Uint8Array = randomBytes(8), prefix = 'MND'): string {
  let tail = '';
  for (let i = 0; i < 8; i++) tail += ALPHABET[random[i]! % ALPHABET.length];
  return `${prefix}-${year}-${tail}`;
}

export function isValidRum(text: string): boolean {
  return (
    text.length >= 1 &&
    text.length <= 35 &&
    /^[A-Za-z0-9+?/:().,'-]+$/.test(text) &&
    !text.startsWith('/') &&
    !text.includes('//')
  );
}
