import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CapacityRule, groupKeyFor, resolveCapacity } from './capacity';

const rules: CapacityRule[] = [
  { groupId: null, day: null, capacity: 40 },
  { groupId: null, day: '2027-01-06', capacity: 20 },
  { groupId: 'g1', day: null, capacity: 12 },
  { groupId: 'g1', day: '2027-01-06', capacity: 6 },
];

describe('capacity resolution', () => {
  it('takes the most specific row', () => {
    assert.equal(resolveCapacity(50, rules, '2027-01-06', 'g1'), 6);
    assert.equal(resolveCapacity(50, rules, '2027-01-13', 'g1'), 12);
    assert.equal(resolveCapacity(50, rules, '2027-01-06', ''), 20);
    assert.equal(resolveCapacity(50, rules, '2027-01-13', ''), 40);
  });
  it('falls back to the unit, and null is unlimited', () => {
    assert.equal(resolveCapacity(50, [], '2027-01-13', ''), 50);
    assert.equal(resolveCapacity(null, [], '2027-01-13', ''), null);
  });
  it('zero is a real capacity (closed to bookings), not unlimited', () => {
    assert.equal(
      resolveCapacity(null, [{ groupId: null, day: '2027-01-06', capacity: 0 }], '2027-01-06', ''),
      0,
    );
  });
  it('counts per group only when the unit has per-group rows for that group', () => {
    assert.equal(groupKeyFor(rules, 'g1'), 'g1');
    assert.equal(groupKeyFor(rules, 'g2'), '');
    assert.equal(groupKeyFor(rules, null), '');
    assert.equal(groupKeyFor([], 'g1'), '');
  });
  it('a group without its own row uses the whole unit', () => {
    assert.equal(resolveCapacity(50, rules, '2027-01-06', 'g2'), 20);
  });
});
