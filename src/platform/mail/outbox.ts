import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { outboxEmails } from './mail.schema';
import type { Mailer } from './mailer';

export interface NewEmail {
  tenantId: string | null;
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Writes a message to the outbox, in the caller's transaction; it is sent after commit. */
export async function enqueueEmail(db: Db, mail: NewEmail): Promise<string> {
  const messageId = `<${randomUUID()}@maisonnee>`;
  await db.insert(outboxEmails).values({
    tenantId: mail.tenantId,
    messageId,
    toAddress: mail.to,
    subject: mail.subject,
    textBody: mail.text,
    htmlBody: mail.html ?? null,
    // Due at once. Not the database's now(): the worker compares with the injected clock, and a test
    // clock behind real time would otherwise never see the message as due.
    nextAttemptAt: ASAP,
  });
  return messageId;
}

/** "As soon as possible": earlier than any clock, so fresh messages also go before retries. */
const ASAP = new Date(0);
/** How long a claim lasts; a worker that dies mid-send releases its messages after this. */
export const OUTBOX_LOCK_MS = 120_000;
export const OUTBOX_MAX_ATTEMPTS = 12;

/** Exponential back-off between attempts: 30 s, 1 min, 2 min… capped at 1 h. */
export function retryDelayMs(attempt: number): number {
  return Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempt - 1));
}

/**
 * Claims due messages (FOR UPDATE SKIP LOCKED, so several processes never take the same one), sends
 * them, and records the outcome. A crash between send and record resends the message once after the
 * claim expires, with the same Message-ID.
 */
export async function sendDueEmails(
  db: Db,
  mailer: Mailer,
  from: string,
  now: Date,
  batch = 20,
): Promise<number> {
  const claimed = await db.transaction(async (tx) => {
    const due = await tx
      .select({ id: outboxEmails.id })
      .from(outboxEmails)
      .where(
        and(
          eq(outboxEmails.status, 'pending'),
          lte(outboxEmails.nextAttemptAt, now),
          or(isNull(outboxEmails.lockedUntil), lt(outboxEmails.lockedUntil, now)),
        ),
      )
      .orderBy(asc(outboxEmails.nextAttemptAt), asc(outboxEmails.createdAt))
      .limit(batch)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(outboxEmails)
      .set({
        lockedUntil: new Date(now.getTime() + OUTBOX_LOCK_MS),
        attempts: sql`${outboxEmails.attempts} + 1`,
      })
      .where(
        inArray(
          outboxEmails.id,
          due.map((d) => d.id),
        ),
      )
      .returning();
  });
  for (const m of claimed) {
    try {
      await mailer.send({
        messageId: m.messageId,
        from,
        to: m.toAddress,
        subject: m.subject,
        text: m.textBody,
        html: m.htmlBody,
      });
    } catch (err) {
      const failed = m.attempts >= OUTBOX_MAX_ATTEMPTS;
      await db
        .update(outboxEmails)
        .set({
          status: failed ? 'failed' : 'pending',
          lockedUntil: null,
          nextAttemptAt: new Date(now.getTime() + retryDelayMs(m.attempts)),
          lastError: String((err as Error).message ?? err).slice(0, 500),
        })
        .where(eq(outboxEmails.id, m.id));
      continue;
    }
    // Outside the try: if recording fails after a successful send, the message must not be put back
    // as "pending" at once (that would send it again now); it stays claimed and is resent at most once
    // when the claim expires, with the same Message-ID so receiving servers can drop the duplicate.
    await db
      .update(outboxEmails)
      .set({ status: 'sent', sentAt: now, lockedUntil: null, lastError: null })
      .where(eq(outboxEmails.id, m.id));
  }
  return claimed.length;
}
