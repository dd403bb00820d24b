import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { hashToken, newToken } from '../../platform/http/session';
import { accountTokens, type TokenPurpose } from './accounts.schema';

export const TOKEN_LIFETIME_MS: Record<TokenPurpose, number> = {
  activation: 48 * 3_600_000,
  staff_invitation: 7 * 24 * 3_600_000,
  password_reset: 3_600_000,
  email_change: 24 * 3_600_000,
  signup_verification: 48 * 3_600_000,
};

export interface NewToken {
  tenantId: string | null;
  purpose: TokenPurpose;
  userId?: string | null;
  email: string;
  data?: Record<string, unknown>;
  now: Date;
}

/** Creates a single-use token and returns its raw value (for the e-mailed link); only its hash is stored. */
export async function createAccountToken(db: Db, input: NewToken): Promise<string> {
  const token = newToken(32);
  await db.insert(accountTokens).values({
    tenantId: input.tenantId,
    tokenHash: hashToken(token),
    purpose: input.purpose,
    userId: input.userId ?? null,
    email: input.email,
    data: input.data ?? {},
    createdAt: input.now,
    expiresAt: new Date(input.now.getTime() + TOKEN_LIFETIME_MS[input.purpose]),
  });
  return token;
}

export type TokenLookup =
  | { state: 'valid'; token: typeof accountTokens.$inferSelect }
  | { state: 'expired'; token: typeof accountTokens.$inferSelect }
  | { state: 'used' }
  | { state: 'unknown' };

/** Reads a token without using it (to show the form behind a link, or say it expired). */
export async function findAccountToken(
  db: Db,
  raw: string,
  purpose: TokenPurpose,
  tenantId: string | null,
  now: Date,
): Promise<TokenLookup> {
  const [row] = await db
    .select()
    .from(accountTokens)
    .where(eq(accountTokens.tokenHash, hashToken(raw)));
  if (!row || row.purpose !== purpose || row.tenantId !== tenantId) return { state: 'unknown' };
  if (row.usedAt) return { state: 'used' };
  if (row.expiresAt <= now) return { state: 'expired', token: row };
  return { state: 'valid', token: row };
}

/**
 * Marks a token used, in the caller's transaction. The conditional update makes it single-use even when
 * the same link is submitted twice at once: only one caller gets the row back.
 */
export async function consumeAccountToken(
  db: Db,
  raw: string,
  purpose: TokenPurpose,
  tenantId: string | null,
  now: Date,
): Promise<typeof accountTokens.$inferSelect | null> {
  const [row] = await db
    .update(accountTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(accountTokens.tokenHash, hashToken(raw)),
        eq(accountTokens.purpose, purpose),
        isNull(accountTokens.usedAt),
        gt(accountTokens.expiresAt, now),
      ),
    )
    .returning();
  if (!row || row.tenantId !== tenantId) return null;
  return row;
}
