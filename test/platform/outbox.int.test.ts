import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { outboxEmails } from '../../src/platform/mail/mail.schema';
import type { Mailer, OutgoingMail } from '../../src/platform/mail/mailer';
import {
  enqueueEmail,
  OUTBOX_LOCK_MS,
  OUTBOX_MAX_ATTEMPTS,
  retryDelayMs,
  sendDueEmails,
} from '../../src/platform/mail/outbox';
import { useTestApp } from '../helpers/app';

const FROM = 'Maisonnée <no-reply@maisonnee.test>';

/** Records every delivery; `mode` decides what happens after recording. */
class ScriptedMailer implements Mailer {
  readonly kind = 'smtp' as const;
  delivered: OutgoingMail[] = [];
  mode: 'ok' | 'down' | 'throw-after-send' | 'hang-after-send' = 'ok';
  async send(mail: OutgoingMail) {
    if (this.mode === 'down') throw new Error('connect ECONNREFUSED 127.0.0.1:25');
    this.delivered.push(mail);
    if (this.mode === 'throw-after-send') throw new Error('socket closed after DATA');
    if (this.mode === 'hang-after-send') await new Promise(() => {});
  }
  close() {}
}

const mail = (n = 1) => ({
  tenantId: null,
  to: `parent${n}@exemple.test`,
  subject: `Sujet ${n}`,
  text: `Bonjour ${n}`,
});

describe('e-mail outbox', () => {
  const t = useTestApp();
  const rows = () => t.db.select().from(outboxEmails);
  const pass = (m: Mailer) => sendDueEmails(t.db, m, FROM, t.clock.now());

  it('a message enqueued in a rolled-back transaction is never sent', async () => {
    await assert.rejects(
      t.db.transaction(async (tx) => {
        await enqueueEmail(tx, mail());
        throw new Error('use case failed');
      }),
      /use case failed/,
    );
    await t.worker.tick();
    assert.equal(t.mailer.sent.length, 0);
    assert.equal((await rows()).length, 0);
  });

  it('a committed message is sent once after commit, through the worker', async () => {
    const messageId = await t.db.transaction((tx) => enqueueEmail(tx, mail()));
    await t.worker.tick();
    await t.worker.tick();
    assert.equal(t.mailer.sent.length, 1);
    const sent = t.mailer.sent[0]!;
    assert.equal(sent.messageId, messageId);
    assert.match(messageId, /^<[0-9a-f-]{36}@maisonnee>$/);
    assert.equal(sent.to, 'parent1@exemple.test');
    assert.equal(sent.subject, 'Sujet 1');
    const [row] = await rows();
    assert.equal(row!.status, 'sent');
    assert.equal(row!.attempts, 1);
    assert.equal(row!.sentAt?.toISOString(), t.clock.now().toISOString(), 'sentAt comes from the clock');
    assert.equal(row!.lockedUntil, null);
  });

  it('SMTP down for several passes, then back: each message sent exactly once, same Message-ID', async () => {
    const mailer = new ScriptedMailer();
    const ids = [await enqueueEmail(t.db, mail(1)), await enqueueEmail(t.db, mail(2))];
    mailer.mode = 'down';
    for (let attempt = 1; attempt <= 4; attempt++) {
      assert.equal(await pass(mailer), 2, `pass ${attempt} claims both`);
      const all = await rows();
      for (const r of all) {
        assert.equal(r.status, 'pending');
        assert.equal(r.attempts, attempt);
        assert.match(r.lastError!, /ECONNREFUSED/);
        assert.equal(r.nextAttemptAt.getTime(), t.clock.now().getTime() + retryDelayMs(attempt));
      }
      assert.equal(await pass(mailer), 0, 'not due again before the back-off');
      t.clock.advanceMs(retryDelayMs(attempt));
    }
    mailer.mode = 'ok';
    assert.equal(await pass(mailer), 2);
    for (let i = 0; i < 3; i++) {
      t.clock.advanceMs(3_600_000);
      assert.equal(await pass(mailer), 0);
    }
    assert.deepEqual(mailer.delivered.map((m) => m.messageId).sort(), [...ids].sort());
    for (const r of await rows()) {
      assert.equal(r.status, 'sent');
      assert.equal(r.attempts, 5);
      assert.equal(r.lastError, null);
    }
  });

  it('send succeeded but reported an error: resent once after back-off, with the same Message-ID', async () => {
    const mailer = new ScriptedMailer();
    const id = await enqueueEmail(t.db, mail());
    mailer.mode = 'throw-after-send';
    await pass(mailer);
    mailer.mode = 'ok';
    assert.equal(await pass(mailer), 0);
    t.clock.advanceMs(retryDelayMs(1));
    await pass(mailer);
    t.clock.advanceMs(86_400_000);
    await pass(mailer);
    assert.deepEqual(
      mailer.delivered.map((m) => m.messageId),
      [id, id],
    );
  });

  it('worker crash after send, before recording: resent at most once when the claim expires', async () => {
    const crashed = new ScriptedMailer();
    crashed.mode = 'hang-after-send';
    const id = await enqueueEmail(t.db, mail());
    // The first worker sends, then "dies" (never records the outcome).
    void pass(crashed);
    while (crashed.delivered.length === 0) await new Promise((r) => setTimeout(r, 5));
    const other = new ScriptedMailer();
    assert.equal(await pass(other), 0, 'still claimed by the dead worker');
    t.clock.advanceMs(OUTBOX_LOCK_MS - 1000);
    assert.equal(await pass(other), 0);
    t.clock.advanceMs(2000);
    assert.equal(await pass(other), 1, 'claim expired: taken again');
    t.clock.advanceMs(OUTBOX_LOCK_MS * 10);
    assert.equal(await pass(other), 0);
    assert.deepEqual(
      [...crashed.delivered, ...other.delivered].map((m) => m.messageId),
      [id, id],
    );
    const [row] = await rows();
    assert.equal(row!.status, 'sent');
    assert.equal(row!.attempts, 2);
  });

  it('gives up after the maximum number of attempts', async () => {
    const mailer = new ScriptedMailer();
    mailer.mode = 'down';
    await enqueueEmail(t.db, mail());
    for (let i = 0; i < OUTBOX_MAX_ATTEMPTS; i++) {
      assert.equal(await pass(mailer), 1);
      t.clock.advanceMs(3_600_000);
    }
    let [row] = await rows();
    assert.equal(row!.status, 'failed');
    assert.equal(row!.attempts, OUTBOX_MAX_ATTEMPTS);
    mailer.mode = 'ok';
    t.clock.advanceMs(86_400_000);
    assert.equal(await pass(mailer), 0);
    [row] = await rows();
    assert.equal(row!.status, 'failed');
    assert.equal(mailer.delivered.length, 0);
  });

  it('back-off doubles from 30 s and is capped at 1 h', () => {
    assert.deepEqual([1, 2, 3, 4].map(retryDelayMs), [30_000, 60_000, 120_000, 240_000]);
    assert.equal(retryDelayMs(8), 3_600_000);
    assert.equal(retryDelayMs(50), 3_600_000);
  });

  it('sends in batches, oldest first, whatever the clock says', async () => {
    t.clock.set('2020-01-01T00:00:00Z');
    for (let i = 1; i <= 25; i++) await enqueueEmail(t.db, mail(i));
    const mailer = new ScriptedMailer();
    assert.equal(await pass(mailer), 20);
    assert.equal(await pass(mailer), 5);
    assert.equal(await pass(mailer), 0);
    assert.equal(mailer.delivered.length, 25);
    assert.equal(new Set(mailer.delivered.map((m) => m.messageId)).size, 25);
    const pending = await t.db.select().from(outboxEmails).where(eq(outboxEmails.status, 'pending'));
    assert.equal(pending.length, 0);
  });
});
