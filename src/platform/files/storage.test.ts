import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { AppError } from '../http/errors';
import {
  detectFileType,
  encryptedStorage,
  type FileStorage,
  isStorageKey,
  localFileStorage,
  parseFilesKey,
} from './storage';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function* chunks(total: number, size: number): AsyncIterable<Uint8Array> {
  for (let sent = 0; sent < total; sent += size) yield Buffer.alloc(Math.min(size, total - sent), 7);
}

async function collect(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

const isCode = (code: string) => (err: unknown) => err instanceof AppError && err.code === code;

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'maisonnee-storage-test-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

function suite(name: string, make: (dir: string) => FileStorage) {
  describe(name, () => {
    let dir: string;
    let storage: FileStorage;
    before(async () => {
      dir = await mkdtemp(join(root, 'case-'));
      storage = make(dir);
    });

    it('round trip of bytes: key, size, sha256, content', async () => {
      const bytes = Buffer.from('%PDF-1.7 Éléonore, crèche, garçon, 12,50 €');
      const stored = await storage.put(bytes, { maxBytes: 1000 });
      assert.ok(isStorageKey(stored.key));
      assert.equal(stored.size, bytes.length);
      assert.equal(stored.sha256, sha(bytes));
      assert.deepEqual(await storage.get(stored.key), bytes);
      assert.deepEqual(await collect(await storage.stream(stored.key)), bytes);
    });
    it('round trip of a stream in many chunks; empty files too', async () => {
      const stored = await storage.put(chunks(300_000, 7_000), { maxBytes: 300_000 });
      assert.equal(stored.size, 300_000);
      const back = await storage.get(stored.key);
      assert.equal(back.length, 300_000);
      assert.equal(stored.sha256, sha(back));
      const empty = await storage.put(new Uint8Array(0), { maxBytes: 10 });
      assert.equal(empty.size, 0);
      assert.equal((await storage.get(empty.key)).length, 0);
    });
    it('each file gets a new random key in a sharded directory', async () => {
      const a = await storage.put(Buffer.from('same'), { maxBytes: 10 });
      const b = await storage.put(Buffer.from('same'), { maxBytes: 10 });
      assert.notEqual(a.key, b.key);
      assert.ok(existsSync(join(dir, a.key.slice(0, 2), a.key.slice(2, 4), a.key)));
    });
    it('size limit: stops while streaming, keeps nothing, leaves no temp file', async () => {
      const before = await allFiles(dir);
      let pulled = 0;
      async function* endless(): AsyncIterable<Uint8Array> {
        while (true) {
          pulled++;
          yield Buffer.alloc(1024);
        }
      }
      await assert.rejects(storage.put(endless(), { maxBytes: 10_000 }), isCode('PAYLOAD_TOO_LARGE'));
      assert.ok(pulled <= 11, `read ${pulled} chunks of an endless upload`);
      await assert.rejects(storage.put(Buffer.alloc(11), { maxBytes: 10 }), isCode('PAYLOAD_TOO_LARGE'));
      const exact = await storage.put(Buffer.alloc(10), { maxBytes: 10 });
      assert.equal(exact.size, 10);
      const afterFiles = await allFiles(dir);
      assert.equal(afterFiles.length, before.length + 1, 'only the file at the limit is kept');
      assert.ok(!afterFiles.some((f) => f.endsWith('.part')));
    });
    it('a failing input stream leaves nothing behind', async () => {
      const before = await allFiles(dir);
      async function* broken(): AsyncIterable<Uint8Array> {
        yield Buffer.from('start');
        throw new Error('connection reset');
      }
      await assert.rejects(storage.put(broken(), { maxBytes: 100 }), /connection reset/);
      assert.deepEqual(await allFiles(dir), before);
    });
    it('path traversal is impossible: only 32-hex keys reach the disk', async () => {
      await writeFile(join(root, 'secret.txt'), 'secret');
      for (const key of [
        '../secret.txt',
        '../../etc/passwd',
        '/etc/passwd',
        'secret.txt',
        `${'a'.repeat(32)}/../x`,
        'A'.repeat(32),
        `${'a'.repeat(31)}.`,
        '',
        '%2e%2e%2fsecret',
      ]) {
        await assert.rejects(storage.get(key), isCode('NOT_FOUND'), key);
        await assert.rejects(storage.stream(key), isCode('NOT_FOUND'), key);
        await assert.rejects(storage.delete(key), isCode('NOT_FOUND'), key);
      }
      assert.equal(await readFile(join(root, 'secret.txt'), 'utf8'), 'secret');
    });
    it('unknown key → NOT_FOUND; delete is idempotent', async () => {
      const stored = await storage.put(Buffer.from('x'), { maxBytes: 10 });
      await storage.delete(stored.key);
      await assert.rejects(storage.get(stored.key), isCode('NOT_FOUND'));
      await assert.rejects(storage.stream(stored.key), isCode('NOT_FOUND'));
      await storage.delete(stored.key);
      await assert.rejects(storage.get('0'.repeat(32)), isCode('NOT_FOUND'));
    });
  });
}

suite('local file storage', (dir) => localFileStorage(dir));
suite('encrypted file storage', (dir) => encryptedStorage(localFileStorage(dir), randomBytes(32)));

describe('encryption at rest', () => {
  it('stores ciphertext, with a fresh IV per file', async () => {
    const dir = await mkdtemp(join(root, 'enc-'));
    const storage = encryptedStorage(localFileStorage(dir), randomBytes(32));
    const text = Buffer.from('Allergie : arachides — Éléonore Martin');
    const a = await storage.put(text, { maxBytes: 1000 });
    const b = await storage.put(text, { maxBytes: 1000 });
    const rawA = await localFileStorage(dir).get(a.key);
    const rawB = await localFileStorage(dir).get(b.key);
    assert.equal(rawA.length, text.length + 32, 'magic + IV + tag overhead');
    assert.ok(!rawA.includes(Buffer.from('arachides')));
    assert.equal(rawA.subarray(0, 4).toString(), 'MNE1');
    assert.notDeepEqual(rawA.subarray(4, 16), rawB.subarray(4, 16), 'IVs differ');
    assert.equal(a.sha256, sha(text), 'hash of the plaintext');
  });
  it('rejects tampered ciphertext, tag, IV, and a wrong key', async () => {
    const dir = await mkdtemp(join(root, 'tamper-'));
    const key = randomBytes(32);
    const plain = localFileStorage(dir);
    const storage = encryptedStorage(plain, key);
    const stored = await storage.put(Buffer.from('Montant : 12,50 €'), { maxBytes: 1000 });
    const path = join(dir, stored.key.slice(0, 2), stored.key.slice(2, 4), stored.key);
    const original = await readFile(path);
    for (const offset of [5, 20, original.length - 1]) {
      const bad = Buffer.from(original);
      bad[offset] = bad[offset]! ^ 0x01;
      await writeFile(path, bad);
      await assert.rejects(storage.get(stored.key), /integrity/, `byte ${offset}`);
      await assert.rejects(storage.stream(stored.key), /integrity/);
    }
    await writeFile(path, original.subarray(0, original.length - 1));
    await assert.rejects(storage.get(stored.key), /integrity/, 'truncated');
    await writeFile(path, original);
    await assert.rejects(encryptedStorage(plain, randomBytes(32)).get(stored.key), /integrity/, 'wrong key');
    assert.equal((await storage.get(stored.key)).toString(), 'Montant : 12,50 €');
    const unencrypted = await plain.put(Buffer.from('plain'), { maxBytes: 10 });
    await assert.rejects(storage.get(unencrypted.key), /not an encrypted file/);
  });
  it('key parsing and length', () => {
    const key = randomBytes(32);
    assert.deepEqual(parseFilesKey(key.toString('base64')), key);
    assert.deepEqual(parseFilesKey(key.toString('base64url')), key);
    assert.throws(() => parseFilesKey(randomBytes(16).toString('base64')), RangeError);
    assert.throws(() => encryptedStorage(localFileStorage(root), randomBytes(16)), RangeError);
  });
});

describe('detectFileType (magic bytes)', () => {
  const ftyp = (major: string, ...compatible: string[]) => {
    const size = 16 + 4 * compatible.length;
    const b = Buffer.alloc(size + 8);
    b.writeUInt32BE(size, 0);
    b.write('ftyp', 4, 'latin1');
    b.write(major, 8, 'latin1');
    for (const [i, c] of compatible.entries()) b.write(c, 16 + 4 * i, 'latin1');
    return b;
  };
  it('recognises PDF, JPEG, PNG', () => {
    assert.equal(detectFileType(Buffer.from('%PDF-1.4\n...')), 'application/pdf');
    assert.equal(detectFileType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])), 'image/jpeg');
    assert.equal(
      detectFileType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])),
      'image/png',
    );
  });
  it('recognises HEIC brands heic, heix, mif1, msf1', () => {
    assert.equal(detectFileType(ftyp('heic', 'mif1', 'heic')), 'image/heic');
    assert.equal(detectFileType(ftyp('heix', 'mif1')), 'image/heic');
    assert.equal(detectFileType(ftyp('mif1', 'mif1', 'heic')), 'image/heic');
    assert.equal(detectFileType(ftyp('msf1', 'msf1', 'hevc')), 'image/heic');
  });
  it('refuses other files, including AVIF, MP4, HTML, SVG and look-alikes', () => {
    assert.equal(detectFileType(ftyp('avif', 'mif1', 'avif')), null);
    assert.equal(detectFileType(ftyp('mif1', 'mif1', 'avif')), null);
    assert.equal(detectFileType(ftyp('isom', 'mp41')), null);
    assert.equal(detectFileType(Buffer.from('<!doctype html><script>')), null);
    assert.equal(detectFileType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg">')), null);
    assert.equal(detectFileType(Buffer.from(' %PDF-1.4')), null, 'the signature must be at offset 0');
    assert.equal(detectFileType(Buffer.from('%PDF')), null, 'too short');
    assert.equal(detectFileType(Buffer.from([0xff, 0xd8])), null);
    assert.equal(detectFileType(Buffer.from([0x89, 0x50, 0x4e, 0x47])), null);
    assert.equal(detectFileType(new Uint8Array(0)), null);
    assert.equal(detectFileType(Buffer.from('GIF89a')), null);
  });
  it('works on a Uint8Array view inside a bigger buffer', () => {
    const big = Buffer.concat([Buffer.from('xxxx'), Buffer.from('%PDF-1.7')]);
    assert.equal(detectFileType(new Uint8Array(big.buffer, big.byteOffset + 4, 8)), 'application/pdf');
  });
});
