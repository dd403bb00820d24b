/**
 * File storage for uploaded documents and generated PDFs. Callers keep the returned key (and size,
 * SHA-256, detected type) in their own table; the storage never sees a user-chosen name or path.
 *
 * - Keys are 128-bit random hex strings; a key that is not exactly that is refused before any file
 *   system call, so no path traversal is possible.
 * - Files live in `<root>/<k0k1>/<k2k3>/<key>` (two shard levels keep directories small).
 * - Writes go to `<root>/tmp/` and are renamed into place once complete and flushed: a reader never
 *   sees half a file, and a crash leaves only a temp file.
 * - The size limit is enforced while streaming: the upload stops at the first byte over the limit.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { AppError } from '../http/errors';

export interface StoredFile {
  /** Opaque key (32 hex characters) to keep in the database. */
  key: string;
  /** Size in bytes of the content (before encryption). */
  size: number;
  /** Hex SHA-256 of the content (before encryption), for integrity checks and deduplication. */
  sha256: string;
}

export type FileInput = Uint8Array | AsyncIterable<Uint8Array>;

export interface FileStorage {
  /** Stores the bytes; throws AppError PAYLOAD_TOO_LARGE past maxBytes (nothing is kept then). */
  put(input: FileInput, options: { maxBytes: number }): Promise<StoredFile>;
  /** The whole content; AppError NOT_FOUND for an unknown or malformed key. */
  get(key: string): Promise<Buffer>;
  /** The content as a stream (for HTTP replies); same errors as get. */
  stream(key: string): Promise<Readable>;
  /** Removes the file; deleting a missing file is not an error (idempotent clean-ups). */
  delete(key: string): Promise<void>;
}

const KEY = /^[0-9a-f]{32}$/;

export function isStorageKey(key: unknown): key is string {
  return typeof key === 'string' && KEY.test(key);
}

function tooLarge(maxBytes: number): AppError {
  return new AppError(
    'PAYLOAD_TOO_LARGE',
    `Le fichier dépasse la taille maximale (${Math.floor(maxBytes / 1_048_576) || maxBytes} ${maxBytes >= 1_048_576 ? 'Mo' : 'octets'}).`,
  );
}

async function* chunksOf(input: FileInput): AsyncIterable<Uint8Array> {
  if (input instanceof Uint8Array) yield input;
  else yield* input;
}

/** A local directory (DATA_DIR/files in production). */
export function localFileStorage(root: string): FileStorage {
  const tmpDir = join(root, 'tmp');
  const pathOf = (key: string) => {
    if (!isStorageKey(key)) throw new AppError('NOT_FOUND');
    return join(root, key.slice(0, 2), key.slice(2, 4), key);
  };
  const missing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

  return {
    async put(input, { maxBytes }) {
      if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw new RangeError('maxBytes must be ≥ 0');
      await mkdir(tmpDir, { recursive: true });
      const key = randomBytes(16).toString('hex');
      const tmp = join(tmpDir, `${key}.part`);
      const hash = createHash('sha256');
      let size = 0;
      const handle = await open(tmp, 'wx', 0o600);
      try {
        for await (const chunk of chunksOf(input)) {
          size += chunk.byteLength;
          if (size > maxBytes) throw tooLarge(maxBytes);
          hash.update(chunk);
          await handle.write(chunk);
        }
        await handle.sync();
      } catch (err) {
        await handle.close().catch(() => {});
        await rm(tmp, { force: true });
        throw err;
      }
      await handle.close();
      const target = pathOf(key);
      await mkdir(join(target, '..'), { recursive: true });
      await rename(tmp, target);
      return { key, size, sha256: hash.digest('hex') };
    },
    async get(key) {
      try {
        return await readFile(pathOf(key));
      } catch (err) {
        if (missing(err)) throw new AppError('NOT_FOUND');
        throw err;
      }
    },
    async stream(key) {
      const path = pathOf(key);
      // Open first so a missing file is a NOT_FOUND here, not an error in the middle of a reply.
      const handle = await open(path, 'r').catch((err) => {
        throw missing(err) ? new AppError('NOT_FOUND') : err;
      });
      return createReadStream(path, { fd: handle, autoClose: true });
    },
    async delete(key) {
      try {
        await unlink(pathOf(key));
      } catch (err) {
        if (!missing(err)) throw err;
      }
    },
  };
}

// Encrypted files: "MNE1" | 12-byte IV | AES-256-GCM ciphertext | 16-byte tag.
const MAGIC = Buffer.from('MNE1');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const OVERHEAD = MAGIC.length + IV_BYTES + TAG_BYTES;

/**
 * Encrypts every file at rest with AES-256-GCM (a random 96-bit IV per file). The key comes from the
 * configuration (FILES_KEY), never from the database, so a database dump alone does not reveal files.
 * Reads check the authentication tag before returning anything: a modified file is an error, never
 * silently altered content (so get/stream buffer the file; documents are a few megabytes at most).
 */
export function encryptedStorage(inner: FileStorage, key: Uint8Array): FileStorage {
  if (key.byteLength !== 32) throw new RangeError('the files key must be 32 bytes');
  const secret = Buffer.from(key);

  async function decrypt(fileKey: string): Promise<Buffer> {
    const blob = await inner.get(fileKey);
    if (blob.length < OVERHEAD || !blob.subarray(0, MAGIC.length).equals(MAGIC))
      throw new Error(`stored file ${fileKey} is not an encrypted file`);
    const iv = blob.subarray(MAGIC.length, MAGIC.length + IV_BYTES);
    const tag = blob.subarray(blob.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', secret, iv);
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([
        decipher.update(blob.subarray(MAGIC.length + IV_BYTES, blob.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      throw new Error(`stored file ${fileKey} failed its integrity check (tampered or wrong key)`);
    }
  }

  return {
    async put(input, { maxBytes }) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', secret, iv);
      const hash = createHash('sha256');
      let size = 0;
      async function* sealed(): AsyncIterable<Uint8Array> {
        yield Buffer.concat([MAGIC, iv]);
        for await (const chunk of chunksOf(input)) {
          size += chunk.byteLength;
          if (size > maxBytes) throw tooLarge(maxBytes);
          hash.update(chunk);
          const out = cipher.update(chunk);
          if (out.length > 0) yield out;
        }
        const last = cipher.final();
        yield Buffer.concat([last, cipher.getAuthTag()]);
      }
      const stored = await inner.put(sealed(), { maxBytes: maxBytes + OVERHEAD });
      return { key: stored.key, size, sha256: hash.digest('hex') };
    },
    get: decrypt,
    async stream(fileKey) {
      return Readable.from([await decrypt(fileKey)]);
    },
    delete: (fileKey) => inner.delete(fileKey),
  };
}

/** Parses FILES_KEY (base64 or base64url of 32 bytes). */
export function parseFilesKey(text: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new RangeError('FILES_KEY must be 32 bytes in base64');
  return key;
}

export type DetectedFileType = 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/heic';

export const FILE_EXTENSIONS: Record<DetectedFileType, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/heic': 'heic',
};

const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx']);
const HEIF_GENERIC_BRANDS = new Set(['mif1', 'msf1']);

/**
 * The type of a file from its first bytes (magic numbers), never from its name or the browser's
 * Content-Type. Only the types families may upload are recognised; anything else is null.
 */
export function detectFileType(bytes: Uint8Array): DetectedFileType | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= 5 && b.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  // ISO-BMFF: [size:4]['ftyp'][major brand:4][minor version:4][compatible brands:4×n]
  if (b.length >= 12 && b.subarray(4, 8).toString('latin1') === 'ftyp') {
    const boxSize = b.readUInt32BE(0);
    const major = b.subarray(8, 12).toString('latin1');
    if (HEIC_BRANDS.has(major)) return 'image/heic';
    if (HEIF_GENERIC_BRANDS.has(major)) {
      // mif1/msf1 are generic HEIF brands also used by AVIF: accept them unless the file says AVIF.
      const end = Math.min(b.length, boxSize >= 16 ? boxSize : b.length);
      const compatible: string[] = [];
      for (let i = 16; i + 4 <= end; i += 4) compatible.push(b.subarray(i, i + 4).toString('latin1'));
      if (compatible.some((c) => c === 'avif' || c === 'avis') && !compatible.some((c) => HEIC_BRANDS.has(c)))
        return null;
      return 'image/heic';
    }
  }
  return null;
}
