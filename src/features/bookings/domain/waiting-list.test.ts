import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { promote, promotionOrder, type WaitingEntry, waitingRanks } from './waiting-list';

const at = (s: string) => new Date(`2026-06-01T${s}Z`);

describe('waiting list', () => {
  const entries: WaitingEntry[] = [
    { id: 'c', requestedAt: at('10:00:00.002') },
    { id: 'b', requestedAt: at('10:00:00.001') },
    { id: 'a', requestedAt: at('10:00:00.001') },
    { id: 'z', requestedAt: at('09:00:00.000'), seq: 2 },
    { id: 'y', requestedAt: at('09:00:00.000'), seq: 1 },
  ];

  test('first come first served, then draw seq, then id', () => {
    assert.deepEqual(
      promotionOrder(entries).map((e) => e.id),
      ['y', 'z', 'a', 'b', 'c'],
    );
    assert.deepEqual(
      [...waitingRanks(entries)],
      [
        ['y', 1],
        ['z', 2],
        ['a', 3],
        ['b', 4],
        ['c', 5],
      ],
    );
  });

  test('promotes as many as places freed, in order', () => {
    const r = promote(entries, 2);
    assert.deepEqual(
      r.promoted.map((e) => e.id),
      ['y', 'z'],
    );
    assert.deepEqual(
      r.stillWaiting.map((e) => e.id),
      ['a', 'b', 'c'],
    );
    assert.deepEqual(r.passedOver, []);
  });

  test('no place, negative or fractional places: nobody or the whole part', () => {
    assert.equal(promote(entries, 0).promoted.length, 0);
    assert.equal(promote(entries, -3).promoted.length, 0);
    assert.equal(promote(entries, 1.9).promoted.length, 1);
    assert.equal(promote(entries, 99).promoted.length, 5);
    assert.equal(promote([], 3).promoted.length, 0);
  });

  test('ineligible entries are passed over but keep waiting with their rank', () => {
    const r = promote(entries, 2, (e) => e.id !== 'y');
    assert.deepEqual(
      r.promoted.map((e) => e.id),
      ['z', 'a'],
    );
    assert.deepEqual(
      r.passedOver.map((e) => e.id),
      ['y'],
    );
    assert.deepEqual(
      r.stillWaiting.map((e) => e.id),
      ['y', 'b', 'c'],
    );
  });

  test('property: the promoted are the earliest eligible entries, whatever the input order', () => {
    const entry = fc.record({
      id: fc.uuid(),
      requestedAt: fc.integer({ min: 0, max: 20 }).map((n) => new Date(1_780_000_000_000 + n)),
      seq: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(entry, { selector: (e) => e.id, maxLength: 30 }),
        fc.nat(10),
        (es, places) => {
          const r = promote(es, places);
          const sorted = promotionOrder(es);
          assert.deepEqual(r.promoted, sorted.slice(0, places));
          assert.deepEqual(promote([...es].reverse(), places).promoted, r.promoted);
          assert.equal(r.promoted.length + r.stillWaiting.length, es.length);
        },
      ),
      { numRuns: 500 },
    );
  });
});
