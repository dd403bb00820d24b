import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { regionHolidays } from './calendar';
import { checkUnitCombination, type OpeningRules, openingOn, schoolCalendar } from './opening';

const cal = {
  holidays: regionHolidays('metropole'),
  school: schoolCalendar([
    { firstDay: '2026-10-17', lastDay: '2026-11-01' },
    { firstDay: '2026-12-19', lastDay: '2027-01-03' },
  ]),
};
const base: OpeningRules = {
  weekdays: [3],
  dayType: 'both',
  openOnPublicHolidays: false,
  exceptions: new Map(),
  firstDay: '2026-09-01',
  lastDay: '2027-07-02',
};
const reason = (day: string, rules: Partial<OpeningRules> = {}) =>
  openingOn(day, { ...base, ...rules }, cal).reason;

describe('opening calendar', () => {
  it('opens on the weekday pattern only', () => {
    assert.equal(reason('2026-12-02'), 'open');
    assert.equal(reason('2026-12-03'), 'weekday');
  });
  it('is closed on public holidays by default', () => {
    assert.equal(reason('2026-11-11'), 'public_holiday');
    assert.equal(reason('2026-11-11', { openOnPublicHolidays: true }), 'open');
  });
  it('follows school days or school holidays of the zone', () => {
    const canteen = { weekdays: [1, 2, 4, 5], dayType: 'school_days' as const };
    assert.equal(reason('2026-10-19', canteen), 'school_holidays');
    assert.equal(reason('2026-11-02', canteen), 'open');
    const camp = { weekdays: [1, 2, 3, 4, 5], dayType: 'school_holidays' as const };
    assert.equal(reason('2026-10-21', camp), 'open');
    assert.equal(reason('2026-11-04', camp), 'school_days');
    // Christmas Day falls in the holidays but stays closed.
    assert.equal(reason('2026-12-25', camp), 'public_holiday');
  });
  it('applies extra closures and exceptional openings over the pattern', () => {
    const exceptions = new Map<string, 'closed' | 'open'>([
      ['2026-12-02', 'closed'],
      ['2026-11-11', 'open'],
      ['2026-12-05', 'open'],
    ]);
    assert.equal(reason('2026-12-02', { exceptions }), 'closure');
    assert.equal(reason('2026-11-11', { exceptions }), 'exceptional_opening');
    assert.equal(reason('2026-12-05', { exceptions }), 'exceptional_opening');
  });
  it('is closed outside the period, exceptions included', () => {
    assert.equal(reason('2026-08-26'), 'out_of_period');
    assert.equal(reason('2027-07-07', { exceptions: new Map([['2027-07-07', 'open']]) }), 'out_of_period');
  });
  it('handles leap day 2028-02-29 (a Tuesday)', () => {
    assert.equal(reason('2028-02-29', { weekdays: [2], lastDay: '2028-07-01' }), 'open');
  });
});

describe('unit combinations', () => {
  const units = [
    { id: 'j', name: 'Journée', incompatibleUnitIds: ['m', 'a'], requiredUnitIds: [] },
    { id: 'm', name: 'Matin', incompatibleUnitIds: ['j'], requiredUnitIds: [] },
    { id: 'a', name: 'Après-midi', incompatibleUnitIds: ['j'], requiredUnitIds: [] },
    { id: 'r', name: 'Repas', incompatibleUnitIds: [], requiredUnitIds: ['m'] },
  ];
  it('accepts valid choices', () => {
    assert.deepEqual(checkUnitCombination(['m', 'r', 'a'], units), []);
    assert.deepEqual(checkUnitCombination(['j'], units), []);
  });
  it('reports incompatible units once, and missing required units', () => {
    assert.equal(checkUnitCombination(['j', 'm'], units).length, 1);
    assert.deepEqual(checkUnitCombination(['r'], units), ['« Repas » demande aussi « Matin ».']);
  });
});
