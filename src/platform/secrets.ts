import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A secret from the environment, or else one generated once and kept in the data directory
 * (mode 0600), so restarts keep cookies valid. Several instances must share it through the environment.
 */
export function loadOrCreateSecret(dataDir: string, name: string, fromEnv: string | undefined): string {
  if (fromEnv) return fromEnv;
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, `${name}.secret`);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** Derives a purpose-bound 32-byte key from a master key (HKDF-SHA-256): one master, separate uses. */
export function deriveKey(master: Uint8Array | string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `maisonnee:${purpose}`, 32));
}

const SEAL_PREFIX = 'v1.';

/**
 * Encrypts a small secret (a payment provider key) for storage in the database: AES-256-GCM with a random
 * IV; the text is `v1.` + base64url(iv | ciphertext | tag). The key never goes into the database.
 */
export function sealSecret(key: Uint8Array, plaintext: string): string {
  if (key.byteLength !== 32) throw new RangeError('the secrets key must be 32 bytes');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return SEAL_PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

/** Decrypts what sealSecret produced; throws when the text was altered or the key is another one. */
export function openSecret(key: Uint8Array, sealed: string): string {
  if (!sealed.startsWith(SEAL_PREFIX)) throw new Error('not a sealed secret');
  const raw = Buffer.from(sealed.slice(SEAL_PREFIX.length), 'base64url');
  if (raw.length < 28) throw new Error('sealed secret too short');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString(
    'utf8',
  );
}
