import { desc, eq } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import type { Db } from '../../platform/db/client';
import { outboxEmails } from '../../platform/mail/mail.schema';

/** Test helpers of the accounts feature (imported by its *.int.test.ts files only). */

/** The e-mails written to the outbox for this address, newest first. */
export async function mailsTo(db: Db, to: string) {
  return db
    .select()
    .from(outboxEmails)
    .where(eq(outboxEmails.toAddress, to))
    .orderBy(desc(outboxEmails.createdAt));
}

/** The path of the first link of the newest e-mail to this address (e.g. `/ville-1/activation/abc`). */
export async function linkIn(db: Db, to: string): Promise<string> {
  const [mail] = await mailsTo(db, to);
  if (!mail) throw new Error(`no e-mail to ${to}`);
  const m = /https?:\/\/[^/\s]+(\/\S+)/.exec(mail.textBody);
  if (!m) throw new Error(`no link in the e-mail to ${to}`);
  return m[1]!;
}

export function totpCode(secret: string, at: Date): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
    timestamp: at.getTime(),
  });
}

/** The text of a page without the parts that change on every request (CSRF token, request id). */
export function stable(body: string): string {
  return body
    .replace(/name="_csrf" value="[^"]+"/g, '')
    .replace(/hx-headers="[^"]*"/g, '')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '');
}
