import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isOnTime, liveStatus } from './types';

describe('domain types', () => {
  test('isOnTime is exclusive of the deadline instant', () => {
    const d = new Date('2026-03-09T09:00:00Z');
    assert.equal(isOnTime(new Date(d.getTime() - 1), d), true);
    assert.equal(isOnTime(d, d), false);
  });

  test('liveStatus prefers confirmed over pending over waiting over refused', () => {
    assert.equal(liveStatus([]), null);
    assert.equal(liveStatus(['refused', 'confirmed']), 'confirmed');
    assert.equal(liveStatus(['waiting', 'requested']), 'requested');
    assert.equal(liveStatus(['requested', 'cancel-requested']), 'cancel-requested');
    assert.equal(liveStatus(['refused', 'waiting', 'refused']), 'waiting');
  });
});
