import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ageInMonths, ageInYears, ageLabel, dayIn, frenchDate } from './age';

describe('age', () => {
  it('counts completed years, the birthday itself included', () => {
    assert.equal(ageInYears('2019-05-04', '2026-05-03'), 6);
    assert.equal(ageInYears('2019-05-04', '2026-05-04'), 7);
    assert.equal(ageInYears('2019-05-04', '2026-11-25'), 7);
  });
  it('a child born on 29 February turns a year older on 1 March in common years', () => {
    assert.equal(ageInYears('2020-02-29', '2021-02-28'), 0);
    assert.equal(ageInYears('2020-02-29', '2021-03-01'), 1);
    assert.equal(ageInYears('2020-02-29', '2024-02-28'), 3);
    assert.equal(ageInYears('2020-02-29', '2024-02-29'), 4);
  });
  it('month ends: born on the 31st completes a month on the last day of a short month', () => {
    assert.equal(ageInMonths('2026-01-31', '2026-02-27'), 0);
    assert.equal(ageInMonths('2026-01-31', '2026-02-28'), 1);
    assert.equal(ageInMonths('2026-01-31', '2026-03-30'), 1);
    assert.equal(ageInMonths('2026-01-31', '2026-03-31'), 2);
  });
  it('labels babies in months, others in years, and never goes negative', () => {
    assert.equal(ageLabel('2025-05-25', '2026-11-25'), '18 mois');
    assert.equal(ageLabel('2024-11-25', '2026-11-25'), '2 ans');
    assert.equal(ageLabel('2025-11-26', '2026-11-25'), '11 mois');
    assert.equal(ageLabel('2026-11-25', '2026-11-25'), '0 mois');
    assert.equal(ageLabel('2027-01-01', '2026-11-25'), 'pas encore né(e)');
    assert.equal(ageLabel('2013-11-25', '2026-11-25'), '13 ans');
    assert.equal(ageInMonths('2027-01-01', '2026-11-25'), 0);
  });
  it('rejects malformed days', () => {
    assert.throws(() => ageInYears('25/11/2026', '2026-11-25'), RangeError);
  });
  it('takes the day in Paris, whatever the process time zone (DST edges included)', () => {
    // 23:30 UTC on 31 March 2026 is already 1 April in Paris (summer time, UTC+2).
    assert.equal(dayIn(new Date('2026-03-31T23:30:00Z')), '2026-04-01');
    // 23:30 UTC on 24 November is already the 25th in Paris (winter time, UTC+1).
    assert.equal(dayIn(new Date('2026-11-24T23:30:00Z')), '2026-11-25');
    assert.equal(dayIn(new Date('2026-11-24T22:59:59Z')), '2026-11-24');
    // The night of the October change: 00:30 UTC is 02:30 summer time, still the 25th.
    assert.equal(dayIn(new Date('2026-10-25T00:30:00Z')), '2026-10-25');
    assert.equal(dayIn(new Date('2026-11-24T23:30:00Z'), 'UTC'), '2026-11-24');
  });
  it('formats days the French way', () => {
    assert.equal(frenchDate('2019-05-04'), '04/05/2019');
  });
});
