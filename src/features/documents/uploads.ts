import type { MultipartFile } from '@fastify/multipart';
import type { FastifyReply } from 'fastify';
import { type DetectedFileType, detectFileType, type FileStorage } from '../../platform/files/storage';
import { AppError } from '../../platform/http/errors';
import { MAX_UPLOAD_BYTES } from '../messaging/form-reader';
import type { FileKind } from './documents.schema';

/** Uploads of the comms features: type from magic bytes, random storage names, safe downloads. */

export const KIND_OF: Record<DetectedFileType, FileKind> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/heic': 'heic',
};
export const MIME_OF: Record<FileKind, string> = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  heic: 'image/heic',
};
const EXTENSIONS: Record<FileKind, string[]> = {
  pdf: ['pdf'],
  jpeg: ['jpg', 'jpeg'],
  png: ['png'],
  heic: ['heic', 'heif'],
};
export const KIND_LABEL: Record<FileKind, string> = { pdf: 'PDF', jpeg: 'JPEG', png: 'PNG', heic: 'HEIC' };

/** A file written to storage, not yet recorded in the database. */
export interface ReceivedFile {
  storageKey: string;
  originalName: string;
  kind: FileKind;
  sizeBytes: number;
}

/**
 * A display name from a browser-given file name: the last path segment only (no directories, no
 * `..`), no control or bidi characters, at most 120 characters, and an extension matching the real type.
 */
export function safeFileName(raw: string, kind: FileKind): string {
  const last = raw.split(/[/\\]/).pop() ?? '';
  let name = last
    .normalize('NFC')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069"<>:|?*]/g, '')
    .replace(/^[.\s]+/, '')
    .trim();
  if (name === '') name = 'document';
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (!EXTENSIONS[kind].includes(ext)) name = `${name}.${EXTENSIONS[kind][0]}`;
  if (name.length > 120) {
    const e = name.slice(name.lastIndexOf('.'));
    name = `${name.slice(0, 120 - e.length)}${e}`;
  }
  return name;
}

/** Thrown while receiving a file: shown next to the file field. */
export class FileRejected extends AppError {
  constructor(message: string, tooLarge = false) {
    super(tooLarge ? 'PAYLOAD_TOO_LARGE' : 'VALIDATION', message, { file: message });
  }
}

/**
 * Streams one multipart file part into the storage: the first bytes decide the type (never the name
 * or the browser's Content-Type); the parser stops at 10 MB and a truncated file is deleted.
 */
export function fileReceiver(storage: FileStorage, accepted?: readonly FileKind[]) {
  return async (part: MultipartFile): Promise<ReceivedFile> => {
    const it = part.file[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const head: Buffer[] = [];
    let headLen = 0;
    let done = false;
    // Enough bytes for every signature (HEIC's ftyp box is read from its first 64 bytes).
    while (headLen < 64) {
      const n = await it.next();
      if (n.done) {
        done = true;
        break;
      }
      head.push(n.value);
      headLen += n.value.length;
    }
    const first = Buffer.concat(head);
    const drain = async () => {
      if (!done) for (let n = await it.next(); !n.done; n = await it.next());
    };
    if (first.length === 0) {
      await drain();
      throw new FileRejected('Le fichier est vide.');
    }
    const detected = detectFileType(first);
    const kind = detected ? KIND_OF[detected] : null;
    if (!kind || (accepted && !accepted.includes(kind))) {
      await drain();
      const allowed = (accepted ?? (['pdf', 'jpeg', 'png', 'heic'] as const))
        .map((k) => KIND_LABEL[k])
        .join(', ');
      throw new FileRejected(`Ce fichier n’est pas accepté : formats possibles ${allowed}.`);
    }
    async function* all(): AsyncIterable<Uint8Array> {
      yield first;
      if (!done) for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
    }
    let stored: Awaited<ReturnType<FileStorage['put']>>;
    try {
      stored = await storage.put(all(), { maxBytes: MAX_UPLOAD_BYTES });
    } catch (err) {
      if (err instanceof AppError && err.code === 'PAYLOAD_TOO_LARGE') {
        part.file.resume();
        throw new FileRejected('Le fichier dépasse 10 Mo.', true);
      }
      throw err;
    }
    if (part.file.truncated) {
      await storage.delete(stored.key);
      throw new FileRejected('Le fichier dépasse 10 Mo.', true);
    }
    return {
      storageKey: stored.key,
      originalName: safeFileName(part.filename, kind),
      kind,
      sizeBytes: stored.size,
    };
  };
}

/** RFC 6266 attachment header: an ASCII fallback and the UTF-8 name. */
export function contentDisposition(type: 'attachment' | 'inline', name: string): string {
  const ascii = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Sends a stored file as a download, never rendered by the browser in the portal's origin. */
export async function sendStoredFile(
  storage: FileStorage,
  reply: FastifyReply,
  file: { storageKey: string; originalName: string; kind: string },
  mode: 'attachment' | 'preview' = 'attachment',
) {
  const body = await storage.stream(file.storageKey);
  reply
    .type(MIME_OF[file.kind as FileKind] ?? 'application/octet-stream')
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff');
  if (mode === 'preview') {
    // Shown inside the review page (img / iframe sandbox): its own CSP forbids scripts and plugins.
    reply
      .header('content-disposition', contentDisposition('inline', file.originalName))
      .header(
        'content-security-policy',
        "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'",
      )
      .header('x-frame-options', 'SAMEORIGIN')
      .header('cross-origin-resource-policy', 'same-origin');
  } else reply.header('content-disposition', contentDisposition('attachment', file.originalName));
  return reply.send(body);
}
