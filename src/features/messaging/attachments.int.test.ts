import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestApp } from '../../../test/helpers/app';
import { signedInClient } from '../../../test/helpers/client';
import { createFamily, createStaff, createTenant } from '../../../test/helpers/factories';
import { pdfOfSize, SAMPLE } from '../../../test/helpers/sample-files';
import { uploadedFiles } from '../documents/documents.schema';
import { messageAttachments, messageThreads, threadMessages } from './messaging.schema';

const t = useTestApp();

async function setup() {
  const tenant = await createTenant(t.db);
  const other = await createTenant(t.db);
  await t.app.tenants.refresh();
  const manager = await createStaff(t.db, tenant.id, ['manager']);
  const a = await createFamily(t.db, tenant.id);
  const b = await createFamily(t.db, tenant.id);
  const fa = await signedInClient(t, a.user.id, tenant.id);
  await fa.get(`/${tenant.slug}/messages/nouveau`);
  return { tenant, other, manager, a, b, fa, base: `/${tenant.slug}` };
}

const thread = { subject: 'Attestation', category: 'autre', body: 'Voici le document.' };

describe('message attachments', () => {
  it('stores a PDF under a random name and serves it only to the household and staff, as an attachment', async () => {
    const s = await setup();
    const res = await s.fa.postMultipart(`${s.base}/messages`, thread, {
      filename: '../../etc/passwd/attestation été.pdf',
      contentType: 'application/pdf',
      content: SAMPLE.pdf,
    });
    assert.equal(res.statusCode, 303);
    const [file] = await t.db.select().from(uploadedFiles);
    assert.equal(file!.originalName, 'attestation été.pdf');
    assert.equal(file!.kind, 'pdf');
    assert.match(file!.storageKey, /^[0-9a-f]{32}$/);
    const [att] = await t.db.select().from(messageAttachments);
    const [th] = await t.db.select().from(messageThreads);
    const page = await s.fa.get(`${s.base}/messages/${th!.id}`);
    assert.match(page.body, /attestation été\.pdf/);

    const dl = await s.fa.get(`${s.base}/messages/${th!.id}/pieces/${att!.id}`);
    assert.equal(dl.statusCode, 200);
    assert.equal(dl.headers['content-type'], 'application/pdf');
    assert.match(String(dl.headers['content-disposition']), /^attachment; filename="attestation ete\.pdf"/);
    assert.equal(dl.headers['x-content-type-options'], 'nosniff');
    assert.deepEqual(dl.rawPayload, SAMPLE.pdf);

    const m = await signedInClient(t, s.manager.id, s.tenant.id);
    assert.equal((await m.get(`${s.base}/gestion/messages/${th!.id}/pieces/${att!.id}`)).statusCode, 200);
    const fb = await signedInClient(t, s.b.user.id, s.tenant.id);
    assert.equal((await fb.get(`${s.base}/messages/${th!.id}/pieces/${att!.id}`)).statusCode, 404);
    // The attachment id under another thread of the same household is not found either.
    await s.fa.postMultipart(`${s.base}/messages`, thread);
    const other = (await t.db.select().from(messageThreads)).find((x) => x.id !== th!.id)!;
    assert.equal((await s.fa.get(`${s.base}/messages/${other.id}/pieces/${att!.id}`)).statusCode, 404);
  });

  it('accepts PNG, JPEG and HEIC by their bytes', async () => {
    const s = await setup();
    for (const [kind, content] of [
      ['png', SAMPLE.png],
      ['jpeg', SAMPLE.jpeg],
      ['heic', SAMPLE.heic],
    ] as const) {
      const res = await s.fa.postMultipart(`${s.base}/messages`, thread, {
        filename: `photo.${kind}`,
        content,
      });
      assert.equal(res.statusCode, 303, kind);
    }
    assert.deepEqual((await t.db.select().from(uploadedFiles)).map((f) => f.kind).sort(), [
      'heic',
      'jpeg',
      'png',
    ]);
  });

  it('refuses hostile files with a message next to the field, and keeps nothing', async () => {
    const s = await setup();
    const cases: { name: string; content: Buffer; status: number; message: RegExp }[] = [
      { name: 'facture.pdf', content: SAMPLE.exe, status: 400, message: /pas accepté/ },
      { name: 'image.png', content: SAMPLE.html, status: 400, message: /pas accepté/ },
      { name: 'vide.pdf', content: Buffer.alloc(0), status: 400, message: /vide/ },
      { name: 'gros.pdf', content: pdfOfSize(11 * 1024 * 1024), status: 413, message: /dépasse 10 Mo/ },
    ];
    for (const c of cases) {
      const res = await s.fa.postMultipart(`${s.base}/messages`, thread, {
        filename: c.name,
        content: c.content,
      });
      assert.equal(res.statusCode, c.status, c.name);
      assert.match(res.body, c.message, c.name);
      assert.match(res.body, /value="Attestation"/, 'the form comes back filled in');
    }
    assert.equal((await t.db.select().from(threadMessages)).length, 0);
    assert.equal((await t.db.select().from(uploadedFiles)).length, 0);
  });

  it('accepts exactly 10 MB', async () => {
    const s = await setup();
    const res = await s.fa.postMultipart(`${s.base}/messages`, thread, {
      filename: 'limite.pdf',
      content: pdfOfSize(10 * 1024 * 1024),
    });
    assert.equal(res.statusCode, 303);
  });

  it('refuses a multipart form without CSRF token before storing the file', async () => {
    const s = await setup();
    const res = await s.fa.postMultipart(
      `${s.base}/messages`,
      thread,
      { filename: 'a.pdf', content: SAMPLE.pdf },
      { csrf: false },
    );
    assert.equal(res.statusCode, 403);
    assert.equal((await t.db.select().from(uploadedFiles)).length, 0);
  });

  it('a reply with a file into another household’s thread is refused before anything is stored', async () => {
    const s = await setup();
    await s.fa.postMultipart(`${s.base}/messages`, thread);
    const [th] = await t.db.select().from(messageThreads);
    const fb = await signedInClient(t, s.b.user.id, s.tenant.id);
    await fb.get(`${s.base}/messages`);
    const res = await fb.postMultipart(
      `${s.base}/messages/${th!.id}`,
      { body: 'x' },
      {
        filename: 'a.pdf',
        content: SAMPLE.pdf,
      },
    );
    assert.equal(res.statusCode, 404);
    assert.equal((await t.db.select().from(uploadedFiles)).length, 0);
  });
});
