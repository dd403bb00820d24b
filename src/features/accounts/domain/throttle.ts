/** Sign-in throttling rules (QUALITY.md Security): per IP and per account, counted in the database. */

export const IP_WINDOW_MS = 10 * 60_000;
export const IP_MAX_FAILURES = 20;
export const ACCOUNT_MAX_FAILURES = 10;
export const ACCOUNT_LOCK_MS = 15 * 60_000;

/** An IP with this many failures in the last 10 minutes gets a 429 before any password check. */
export function ipBlocked(failuresInWindow: number): boolean {
  return failuresInWindow >= IP_MAX_FAILURES;
}

/** A soft lock only lasts 15 minutes: it never needs lifting by hand, and a password reset lifts it. */
export function accountLocked(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil.getTime() > now.getTime();
}

/**
 * After a failed password: the counter grows; the 10th failure locks the account for 15 minutes and starts
 * the count again (so at most 10 failures per 15 minutes reach the password check: 40 per hour).
 */
export function afterFailure(
  failedLogins: number,
  now: Date,
): { failedLogins: number; lockedUntil: Date | null } {
  const n = failedLogins + 1;
  if (n >= ACCOUNT_MAX_FAILURES)
    return { failedLogins: 0, lockedUntil: new Date(now.getTime() + ACCOUNT_LOCK_MS) };
  return { failedLogins: n, lockedUntil: null };
}

/** Where a signed-in person lands when no return address was given. */
export function homeAfterSignIn(
  base: string,
  who: { isOperator: boolean; roles: readonly string[]; householdId: string | null },
): string {
  if (who.roles.length > 0) return `${base}/gestion`;
  if (who.householdId) return `${base}/espace`;
  if (who.isOperator) return '/operateur';
  return `${base}/`;
}
