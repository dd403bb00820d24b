import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { healthVisibleChildren, mayReadHealth } from './health-access';

const KIDS = ['k1', 'k2', 'k3'];
const ENROLLED = [
  { childId: 'k1', facilityId: 'fA', status: 'accepted' },
  { childId: 'k2', facilityId: 'fA', status: 'refused' },
  { childId: 'k2', facilityId: 'fB', status: 'pending' },
  { childId: 'k3', facilityId: 'fA', status: 'waiting' },
  { childId: 'other', facilityId: 'fA', status: 'accepted' },
];
const sorted = (s: Set<string>) => [...s].sort();

describe('health data need-to-know', () => {
  it('managers and administrators see every child', () => {
    for (const roles of [['manager'], ['admin'], ['accountant', 'manager']])
      assert.deepEqual(sorted(healthVisibleChildren({ roles, facilityIds: [] }, KIDS, [])), KIDS);
  });

  it('a director sees children enrolled (pending, accepted, waiting) at one of their facilities', () => {
    const r = { roles: ['director'], facilityIds: ['fA'] };
    assert.deepEqual(sorted(healthVisibleChildren(r, KIDS, ENROLLED)), ['k1', 'k3']);
    const both = { roles: ['director'], facilityIds: ['fA', 'fB'] };
    assert.deepEqual(sorted(healthVisibleChildren(both, KIDS, ENROLLED)), KIDS);
  });

  it('a refused enrollment gives no access; nor does a child outside the list', () => {
    const r = { roles: ['director'], facilityIds: ['fA'] };
    assert.equal(healthVisibleChildren(r, ['k2'], ENROLLED).size, 0);
    assert.equal(healthVisibleChildren(r, ['k9'], ENROLLED).size, 0);
  });

  it('a director tied to no facility, animators and accountants see nothing', () => {
    assert.equal(healthVisibleChildren({ roles: ['director'], facilityIds: [] }, KIDS, ENROLLED).size, 0);
    assert.equal(healthVisibleChildren({ roles: ['animator'], facilityIds: ['fA'] }, KIDS, ENROLLED).size, 0);
    assert.equal(healthVisibleChildren({ roles: ['accountant'], facilityIds: [] }, KIDS, ENROLLED).size, 0);
    assert.equal(mayReadHealth({ roles: ['accountant'], facilityIds: [] }), false);
    assert.equal(mayReadHealth({ roles: ['director'], facilityIds: [] }), true);
  });

  it('no children: nothing to see', () => {
    assert.equal(healthVisibleChildren({ roles: ['manager'], facilityIds: [] }, [], []).size, 0);
  });
});
