import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flagsOf, registerHealthLevels } from './health-flags';

const kids = ['a', 'b'];
const enr = [{ childId: 'a', facilityId: 'F1', status: 'accepted' }];

describe('registerHealthLevels', () => {
  it('managers see every child in full', () => {
    const m = registerHealthLevels({ roles: ['manager'], facilityIds: [] }, 'F1', kids, enr);
    assert.deepEqual(
      [...m],
      [
        ['a', 'full'],
        ['b', 'full'],
      ],
    );
  });
  it('directors see in full the children enrolled at their facility only', () => {
    const m = registerHealthLevels({ roles: ['director'], facilityIds: ['F1'] }, 'F1', kids, enr);
    assert.deepEqual([...m], [['a', 'full']]);
  });
  it("animators see the flags of their facility's register, nothing elsewhere", () => {
    assert.deepEqual(
      [...registerHealthLevels({ roles: ['animator'], facilityIds: ['F1'] }, 'F1', kids, enr)],
      [
        ['a', 'flags'],
        ['b', 'flags'],
      ],
    );
    assert.equal(registerHealthLevels({ roles: ['animator'], facilityIds: ['F2'] }, 'F1', kids, enr).size, 0);
  });
  it('accountants see nothing', () => {
    assert.equal(registerHealthLevels({ roles: ['accountant'], facilityIds: [] }, 'F1', kids, enr).size, 0);
  });
});

describe('flagsOf', () => {
  const rec = { diet: '', allergies: 'Arachide', pai: true, paiNotes: 'Stylo adrénaline' };
  it('hides the PAI notes from flag-only readers', () => {
    assert.equal(flagsOf(rec, 'flags')?.paiNotes, '');
    assert.equal(flagsOf(rec, 'full')?.paiNotes, 'Stylo adrénaline');
  });
  it('gives nothing without a level or without anything to flag', () => {
    assert.equal(flagsOf(rec, undefined), null);
    assert.equal(flagsOf({ diet: ' ', allergies: '', pai: false, paiNotes: 'x' }, 'full'), null);
  });
});
