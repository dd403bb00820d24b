import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeRange, fitsGroup, isWindowOpen, suggestGroup } from './groups';

const g = (
  id: string,
  minAge: number | null,
  maxAge: number | null,
  minLevel: number | null = null,
  maxLevel: number | null = null,
) => ({
  id,
  minAge,
  maxAge,
  minLevel,
  maxLevel,
});
const groups = [g('petits', 3, 5), g('moyens', 6, 8), g('grands', 9, 11)];

describe('groups', () => {
  it('suggests a group by age on the first day of the period', () => {
    assert.equal(
      suggestGroup(groups, { birthDate: '2021-09-02', schoolClass: '' }, '2026-09-01')?.id,
      'petits',
    );
    // Sixth birthday on the first day itself counts.
    assert.equal(
      suggestGroup(groups, { birthDate: '2020-09-01', schoolClass: '' }, '2026-09-01')?.id,
      'moyens',
    );
    assert.equal(
      suggestGroup(groups, { birthDate: '2020-09-02', schoolClass: '' }, '2026-09-01')?.id,
      'petits',
    );
    assert.equal(suggestGroup(groups, { birthDate: '2024-01-01', schoolClass: '' }, '2026-09-01'), null);
  });
  it('handles a leap-day birthday', () => {
    assert.equal(fitsGroup(g('x', 6, 6), { birthDate: '2020-02-29', schoolClass: '' }, '2026-02-28'), false);
    assert.equal(fitsGroup(g('x', 6, 6), { birthDate: '2020-02-29', schoolClass: '' }, '2026-03-01'), true);
  });
  it('uses school levels when set', () => {
    const cp = g('cp-ce2', null, null, 3, 5);
    assert.ok(fitsGroup(cp, { birthDate: '2019-01-01', schoolClass: 'CE1' }, '2026-09-01'));
    assert.ok(!fitsGroup(cp, { birthDate: '2019-01-01', schoolClass: 'GS' }, '2026-09-01'));
    assert.equal(describeRange(cp), 'CP à CE2');
    assert.equal(describeRange(g('x', 3, 5)), '3 à 5 ans');
    assert.equal(describeRange(g('x', null, null)), 'tous âges');
  });
  it('opens the enrollment window inclusively', () => {
    assert.ok(isWindowOpen('2026-06-01', '2026-06-01', '2026-06-30'));
    assert.ok(isWindowOpen('2026-06-30', '2026-06-01', '2026-06-30'));
    assert.ok(!isWindowOpen('2026-07-01', '2026-06-01', '2026-06-30'));
    assert.ok(!isWindowOpen('2026-06-10', null, '2026-06-30'));
  });
});
