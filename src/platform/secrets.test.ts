import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { deriveKey, openSecret, sealSecret } from './secrets';

describe('sealed secrets', () => {
  it('round-trips and never contains the plaintext', () => {
    const key = randomBytes(32);
    const sealed = sealSecret(key, 'clé-systempay-1234');
    assert.ok(!sealed.includes('1234'));
    assert.notEqual(sealSecret(key, 'x'), sealSecret(key, 'x'));
    assert.equal(openSecret(key, sealed), 'clé-systempay-1234');
  });
  it('refuses a wrong key or altered text', () => {
    const sealed = sealSecret(randomBytes(32), 'secret');
    assert.throws(() => openSecret(randomBytes(32), sealed));
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}A`;
    assert.throws(() => openSecret(randomBytes(32), tampered));
  });
  it('derives different keys per purpose', () => {
    const master = randomBytes(32);
    assert.notDeepEqual(deriveKey(master, 'a'), deriveKey(master, 'b'));
    assert.equal(deriveKey(master, 'a').length, 32);
  });
});
