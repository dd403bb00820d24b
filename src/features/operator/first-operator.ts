import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { platformUsers } from '../accounts/accounts.schema';
import { checkNewPassword } from '../accounts/accounts.service';
import { hashPassword } from '../accounts/passwords';

/**
 * The first platform operator of a fresh installation comes from the environment (OPERATOR_EMAIL,
 * OPERATOR_PASSWORD). An existing login with that address is made operator and keeps its password;
 * otherwise the login is created. Returns what it did, for the start-up message.
 */
export async function ensureOperatorFromEnvironment(
  db: Db,
  email: string | undefined,
  password: string | undefined,
): Promise<'created' | 'promoted' | 'unchanged' | 'not-configured'> {
  if (!email || !password) return 'not-configured';
  const normalized = email.trim().toLowerCase();
  const problem = checkNewPassword(password, normalized);
  if (problem) throw new Error(`OPERATOR_PASSWORD : ${problem}`);
  const [existing] = await db
    .select({ id: platformUsers.id, isOperator: platformUsers.isOperator })
    .from(platformUsers)
    .where(eq(sql`lower(${platformUsers.email})`, normalized));
  if (existing?.isOperator) return 'unchanged';
  if (existing) {
    await db.update(platformUsers).set({ isOperator: true }).where(eq(platformUsers.id, existing.id));
    return 'promoted';
  }
  await db.insert(platformUsers).values({
    email: normalized,
    displayName: 'Opérateur de la plateforme',
    passwordHash: await hashPassword(password),
    isOperator: true,
  });
  return 'created';
}
