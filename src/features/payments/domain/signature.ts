/**
 * Signatures of the online payment providers (pure; keys are passed in). Every comparison of a received
 * signature is constant-time: a timing difference must not tell an attacker how many characters match.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Constant-time equality of two strings (false when lengths differ, without early exit on content). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  if (x.length !== y.length) {
    // Still spend a comparison so a length mismatch costs about the same time.
    timingSafeEqual(x, x);
    return false;
  }
  return timingSafeEqual(x, y);
}

/**
 * Systempay / PayZen (Lyra) form and IPN signature: Base64(HMAC-SHA-256(key, values of every `vads_*`
 * field sorted by field name, joined by '+', then '+' and the key)). Other fields (signature itself,
 * anything not `vads_`) are ignored.
 */
export function systempaySignature(fields: Record<string, string>, key: string): string {
  const names = Object.keys(fields)
    .filter((n) => n.startsWith('vads_'))
    .sort();
  const message = `${names.map((n) => fields[n]).join('+')}+${key}`;
  return createHmac('sha256', key).update(message, 'utf8').digest('base64');
}

export function verifySystempaySignature(fields: Record<string, string>, key: string): boolean {
  const received = fields.signature;
  if (typeof received !== 'string' || received === '' || key === '') return false;
  return safeEqual(systempaySignature(fields, key), received);
}

/** The simulator's notification: these fields, in this order, are what is signed. */
export interface SimulatorNotice {
  ref: string;
  status: string;
  amountCents: number;
  /** ISO instant the simulated bank sent it (tells replays apart in logs; not a freshness check). */
  sentAt: string;
}

export function simulatorMessage(n: SimulatorNotice): string {
  return ['maisonnee-simulator-v1', n.ref, n.status, String(n.amountCents), n.sentAt].join('|');
}

/** Hex HMAC-SHA-256 of the notice with the simulator's secret. */
export function simulatorSignature(n: SimulatorNotice, key: Uint8Array | string): string {
  return createHmac('sha256', key).update(simulatorMessage(n), 'utf8').digest('hex');
}

export function verifySimulatorSignature(
  n: SimulatorNotice,
  signature: string,
  key: Uint8Array | string,
): boolean {
  if (typeof signature !== 'string' || !/^[0-9a-f]{64}$/.test(signature)) return false;
  return safeEqual(simulatorSignature(n, key), signature);
}
