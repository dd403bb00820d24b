import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../../platform/http/errors';
import { countSignInVerification } from '../../platform/metrics';
import { Limiter, QueueFullError } from './domain/limiter';

/** argon2id with OWASP's minimum (m=19456 KiB, t=2, p=1). */
export const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  const ok = await verify(passwordHash, password).catch(() => false);
  countSignInVerification(ok);
  return ok;
}

/**
 * At most one argon2 computation per core at once, and a bounded queue (750 per core: a storm of 2,500
 * simultaneous sign-ins on 2 cores then admits ~1,600 of them, served within ~15 s, instead of turning
 * 90 % away; measured in docs/PERFORMANCE.md). A full queue answers 503 right away. Env:
 * ARGON2_CONCURRENCY, ARGON2_QUEUE_MAX.
 */
const cores = Math.max(1, Number(process.env.ARGON2_CONCURRENCY) || availableParallelism());
export const argonLimiter = new Limiter(
  cores,
  Math.max(0, Number(process.env.ARGON2_QUEUE_MAX) || cores * 750),
);

/**
 * The gate of the whole sign-in (database reads, verify, session): at most two per core in flight, so that a
 * storm holds a handful of pool connections and leaves the rest to the pages of signed-in people.
 */
export const signInGate = new Limiter(
  cores * 2,
  Math.max(0, Number(process.env.SIGNIN_QUEUE_MAX) || cores * 750),
);

/** Runs a sign-in through the gate; a full queue answers 503 at once. */
export async function admitSignIn<T>(task: () => Promise<T>): Promise<T> {
  if (signInGate.full) throw unavailable();
  try {
    return await signInGate.run(task);
  } catch (err) {
    if (err instanceof QueueFullError) throw unavailable();
    throw err;
  }
}

const unavailable = () =>
  new AppError('UNAVAILABLE', 'Trop de connexions simultanées : réessayez dans quelques secondes.');

/** Refuses at once (503) when the queue is full, before the caller spends database work on the request. */
export function assertArgonCapacity(): void {
  if (argonLimiter.full)
    throw new AppError('UNAVAILABLE', 'Trop de connexions simultanées : réessayez dans quelques secondes.');
}

async function limited<T>(task: () => Promise<T>): Promise<T> {
  try {
    return await argonLimiter.run(task);
  } catch (err) {
    if (err instanceof QueueFullError)
      throw new AppError('UNAVAILABLE', 'Trop de connexions simultanées : réessayez dans quelques secondes.');
    throw err;
  }
}

/** Verifies through the limiter. */
export function verifyPasswordLimited(passwordHash: string, password: string): Promise<boolean> {
  return limited(() => verifyPassword(passwordHash, password));
}

/** Hashes through the limiter (activation, reset and change of password). */
export function hashPasswordLimited(password: string): Promise<string> {
  return limited(() => hashPassword(password));
}

let dummyHash: Promise<string> | null = null;

/** Same work as a real verify, for unknown e-mails: the answer time does not tell whether an address exists. */
export async function verifyDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('maisonnee-dummy-password-for-constant-work');
  await verifyPasswordLimited(await dummyHash, password);
  return false;
}
