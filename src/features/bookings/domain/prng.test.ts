import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { isSeed, randomBelow, seededRng, shuffle, xoshiro128ss } from './prng';

const SEED_1234 = '00000001000000020000000300000004';
const FIRST_OF_SEED_1234 = [3404508757, 614368331, 4143310878, 3533358155, 4227512262, 1770382409];

describe('xoshiro128**', () => {
  test('matches the reference outputs for the state {1, 2, 3, 4}', () => {
    const rng = xoshiro128ss([1, 2, 3, 4]);
    // First outputs of the reference C implementation (xoshiro128starstar.c) for s = {1, 2, 3, 4}.
    assert.deepEqual([rng(), rng()], [11520, 0]);
  });

  test('regression: the stream of a stored seed never changes', () => {
    const rng = seededRng(SEED_1234);
    const first = Array.from({ length: 6 }, () => rng());
    assert.deepEqual(first, FIRST_OF_SEED_1234);
    const again = seededRng(SEED_1234);
    assert.deepEqual(
      Array.from({ length: 6 }, () => again()),
      first,
    );
    assert.ok(first.every((x) => Number.isInteger(x) && x >= 0 && x < 2 ** 32));
  });

  test('rejects malformed or all-zero seeds', () => {
    for (const bad of ['', '0'.repeat(32), 'g'.repeat(32), 'A'.repeat(32), '1'.repeat(31)]) {
      assert.equal(isSeed(bad), false);
      assert.throws(() => seededRng(bad));
    }
    assert.ok(isSeed('0123456789abcdef0123456789abcdef'));
    assert.throws(() => xoshiro128ss([0, 0, 0, 0]));
  });

  test('randomBelow stays in range and is roughly uniform', () => {
    const rng = seededRng('0123456789abcdef0123456789abcdef');
    const counts = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 60_000; i++) counts[randomBelow(rng, 6)]!++;
    for (const c of counts) assert.ok(c > 9_400 && c < 10_600, `count ${c}`);
    assert.equal(randomBelow(rng, 1), 0);
    assert.throws(() => randomBelow(rng, 0));
    assert.throws(() => randomBelow(rng, 1.5));
  });

  test('shuffle is a permutation, reproducible for a seed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer(), { maxLength: 50 }),
        fc.stringMatching(/^[0-9a-f]{32}$/),
        (xs, seed) => {
          fc.pre(isSeed(seed));
          const a = shuffle(xs, seededRng(seed));
          assert.deepEqual([...a].sort(), [...xs].sort());
          assert.deepEqual(shuffle(xs, seededRng(seed)), a);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('every position is reachable: first element of a shuffled 4-list is uniform over seeds', () => {
    const counts = new Map<string, number>();
    for (let i = 1; i <= 4000; i++) {
      const seed = i.toString(16).padStart(32, '0');
      const first = shuffle(['a', 'b', 'c', 'd'], seededRng(seed))[0]!;
      counts.set(first, (counts.get(first) ?? 0) + 1);
    }
    assert.equal(counts.size, 4);
    for (const c of counts.values()) assert.ok(c > 850 && c < 1150, `count ${c}`);
  });
});
