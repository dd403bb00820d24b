import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { replyWithFile } from './reply';

describe('replyWithFile', () => {
  it('sets type, a safe download name and no caching', async () => {
    const app = Fastify();
    app.get('/a', (_req, reply) =>
      replyWithFile(reply, {
        body: Buffer.from('%PDF-1.7'),
        type: 'application/pdf',
        filename: 'Attestation Éléonore "2026".pdf',
      }),
    );
    app.get('/b', (_req, reply) =>
      replyWithFile(reply, {
        body: Readable.from([Buffer.from('png')]),
        type: 'image/png',
        filename: 'photo.png',
        inline: true,
      }),
    );
    const a = await app.inject({ url: '/a' });
    assert.equal(a.headers['content-type'], 'application/pdf');
    assert.equal(
      a.headers['content-disposition'],
      `attachment; filename="Attestation Eleonore _2026_.pdf"; filename*=UTF-8''Attestation%20%C3%89l%C3%A9onore%20%222026%22.pdf`,
    );
    assert.equal(a.headers['cache-control'], 'private, no-store');
    assert.equal(a.body, '%PDF-1.7');
    const b = await app.inject({ url: '/b' });
    assert.match(String(b.headers['content-disposition']), /^inline; filename="photo.png"/);
    assert.equal(b.body, 'png');
    await app.close();
  });
});
