import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bundledSchoolHolidays, isSchoolHoliday, schoolHolidayOn } from './school-holidays';

describe('school holidays', () => {
  const zoneB = bundledSchoolHolidays('B');
  it('loads the bundled zones', () => {
    assert.equal(zoneB.length, 5);
    assert.equal(bundledSchoolHolidays('Z').length, 0);
  });
  it('both ends of a period are holidays, the days around are not', () => {
    assert.equal(isSchoolHoliday('2026-12-18', zoneB), false);
    assert.equal(isSchoolHoliday('2026-12-19', zoneB), true);
    assert.equal(isSchoolHoliday('2027-01-01', zoneB), true, 'across the year change');
    assert.equal(isSchoolHoliday('2027-01-03', zoneB), true);
    assert.equal(isSchoolHoliday('2027-01-04', zoneB), false);
    assert.equal(schoolHolidayOn('2027-04-20', zoneB)?.name, 'Vacances de printemps');
    assert.equal(schoolHolidayOn('2026-11-25', zoneB), null);
  });
  it('zones differ in winter', () => {
    const zoneA = bundledSchoolHolidays('A');
    assert.equal(isSchoolHoliday('2027-02-15', zoneA), true);
    assert.equal(isSchoolHoliday('2027-02-15', zoneB), false);
  });
  it('works with an empty list', () => {
    assert.equal(isSchoolHoliday('2027-01-01', []), false);
  });
});
