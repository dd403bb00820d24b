// The browser harness reads e-mails through the development mailbox: check its parser on a real app.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enqueueEmail } from '../../src/platform/mail/outbox';
import { readDevMail } from '../e2e/harness';
import { useTestApp } from '../helpers/app';

describe('readDevMail (browser harness)', () => {
  const t = useTestApp();

  it('returns recipient, subject and text, newest first, unescaped', async () => {
    await enqueueEmail(t.db, {
      tenantId: null,
      to: 'premier@demo.test',
      subject: 'Premier message',
      text: 'Bonjour,\nligne 2',
    });
    await new Promise((r) => setTimeout(r, 20));
    await enqueueEmail(t.db, {
      tenantId: null,
      to: 'camille.martin@demo.test',
      subject: 'Réservation « cantine » & <mercredi>',
      text: 'Lien : https://example.test/demo/activer?jeton=a&b="c"\nL’équipe',
    });
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const mails = await readDevMail(address);
    assert.equal(mails.length, 2);
    assert.deepEqual(
      mails.map(({ to, subject, text }) => ({ to, subject, text })),
      [
        {
          to: 'camille.martin@demo.test',
          subject: 'Réservation « cantine » & <mercredi>',
          text: 'Lien : https://example.test/demo/activer?jeton=a&b="c"\nL’équipe',
        },
        { to: 'premier@demo.test', subject: 'Premier message', text: 'Bonjour,\nligne 2' },
      ],
    );
  });
});
