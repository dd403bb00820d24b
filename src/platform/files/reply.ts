import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/**
 * Sends a private file (a stored document, a generated PDF): its type, a download name safe for every
 * browser (ASCII fallback + RFC 5987 UTF-8 name), and no caching by shared caches.
 */
export function replyWithFile(
  reply: FastifyReply,
  file: { body: Buffer | Readable; type: string; filename: string; inline?: boolean },
): FastifyReply {
  const ascii = file.filename
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._ -]/g, '_')
    .slice(0, 150);
  const disposition = `${file.inline ? 'inline' : 'attachment'}; filename="${ascii || 'fichier'}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`;
  return reply
    .type(file.type)
    .header('content-disposition', disposition)
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .send(file.body);
}
