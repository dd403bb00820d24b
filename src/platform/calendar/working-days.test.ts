import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addDays, isIsoDay } from './days';
import { addWorkingDays, isWorkingDay, nearestWorkingDay, workingDaysBetween } from './working-days';

describe('working days', () => {
  it('Monday–Friday minus public holidays', () => {
    assert.equal(isWorkingDay('2026-11-25'), true);
    assert.equal(isWorkingDay('2026-11-28'), false, 'Saturday');
    assert.equal(isWorkingDay('2026-11-29'), false, 'Sunday');
    assert.equal(isWorkingDay('2026-11-11'), false, 'Armistice, a Wednesday');
    assert.equal(isWorkingDay('2026-04-03'), true, 'Vendredi saint in métropole');
    assert.equal(isWorkingDay('2026-04-03', 'alsace-moselle'), false);
    assert.equal(isWorkingDay('2026-07-14', 'monaco'), true);
    assert.equal(isWorkingDay('2026-11-02', 'monaco'), false, 'Toussaint moved to Monday');
  });
  it('adds working days over weekends and holidays', () => {
    assert.equal(addWorkingDays('2026-11-27', 1), '2026-11-30', 'Friday + 1 = Monday');
    assert.equal(addWorkingDays('2026-05-07', 1), '2026-05-11', 'over Friday 8 May and the weekend');
    assert.equal(addWorkingDays('2026-05-13', 1), '2026-05-15', 'over Ascension');
    assert.equal(addWorkingDays('2026-04-02', 1), '2026-04-03');
    assert.equal(
      addWorkingDays('2026-04-02', 1, 'alsace-moselle'),
      '2026-04-07',
      'Good Friday, weekend, Easter Monday',
    );
    assert.equal(addWorkingDays('2026-11-25', 0), '2026-11-25');
    assert.equal(addWorkingDays('2026-11-28', 0), '2026-11-28', 'n = 0 keeps a non-working day');
  });
  it('goes backwards with negative n (deadlines "2 working days before")', () => {
    assert.equal(addWorkingDays('2026-11-30', -1), '2026-11-27');
    assert.equal(addWorkingDays('2026-11-30', -2), '2026-11-26');
    assert.equal(addWorkingDays('2026-05-11', -1), '2026-05-07');
    assert.equal(addWorkingDays('2026-11-12', -1), '2026-11-10', 'over 11 Nov');
  });
  it('crosses the year change', () => {
    assert.equal(addWorkingDays('2026-12-31', 1), '2027-01-04', 'over 1 Jan (Friday) and the weekend');
    assert.equal(addWorkingDays('2027-01-04', -1), '2026-12-31');
    assert.equal(addWorkingDays('2026-12-24', 1), '2026-12-28');
    assert.equal(addWorkingDays('2026-12-24', 1, 'alsace-moselle'), '2026-12-28', '26 Dec is a Saturday');
    assert.equal(addWorkingDays('2028-12-22', 2, 'alsace-moselle'), '2028-12-28', 'over 25 and 26 Dec 2028');
    assert.equal(addWorkingDays('2028-12-22', 2), '2028-12-27');
  });
  it('leap day 2028 is a working day', () => {
    assert.equal(isWorkingDay('2028-02-29'), true);
    assert.equal(addWorkingDays('2028-02-28', 1), '2028-02-29');
    assert.equal(workingDaysBetween('2028-02-25', '2028-03-01'), 3);
  });
  it('counts working days in (from, to]', () => {
    assert.equal(workingDaysBetween('2026-11-23', '2026-11-30'), 5);
    assert.equal(workingDaysBetween('2026-11-30', '2026-11-23'), -5);
    assert.equal(workingDaysBetween('2026-11-25', '2026-11-25'), 0);
    assert.equal(workingDaysBetween('2026-12-31', '2027-01-04'), 1);
    // 2026: 261 weekdays, 9 of them public holidays (15 Aug and 1 Nov fall on a weekend).
    assert.equal(workingDaysBetween('2025-12-31', '2026-12-31'), 252);
    assert.equal(workingDaysBetween('2025-12-31', '2026-12-31', 'alsace-moselle'), 251, '+ Vendredi saint');
  });
  it('nearest working day', () => {
    assert.equal(nearestWorkingDay('2026-11-28'), '2026-11-30');
    assert.equal(nearestWorkingDay('2026-11-28', -1), '2026-11-27');
    assert.equal(nearestWorkingDay('2026-11-25'), '2026-11-25');
  });
  it('property: workingDaysBetween inverts addWorkingDays', () => {
    const day = fc.integer({ min: 0, max: 365 * 4 }).map((n) => addDays('2026-01-01', n));
    const region = fc.constantFrom('metropole' as const, 'alsace-moselle' as const, 'monaco' as const);
    fc.assert(
      fc.property(day, fc.integer({ min: -40, max: 40 }), region, (d, n, r) => {
        const e = addWorkingDays(d, n, r);
        assert.ok(isIsoDay(e));
        assert.equal(workingDaysBetween(d, e, r), n);
        if (n !== 0) assert.equal(isWorkingDay(e, r), true);
      }),
      { numRuns: 300 },
    );
  });
});
