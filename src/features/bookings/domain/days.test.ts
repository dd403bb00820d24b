import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  addDays,
  dayInZone,
  eachDay,
  formatDayFr,
  formatDeadlineFr,
  isIsoDay,
  mondayOf,
  weekdayOf,
  zonedInstant,
} from './days';

describe('days', () => {
  test('isIsoDay rejects impossible days, accepts 29 February of leap years only', () => {
    assert.ok(isIsoDay('2028-02-29'));
    assert.ok(!isIsoDay('2027-02-29'));
    assert.ok(!isIsoDay('2026-13-01'));
    assert.ok(!isIsoDay('2026-1-01'));
    assert.ok(!isIsoDay('2026-04-31'));
  });

  test('addDays crosses months, years, leap days and DST without drifting', () => {
    assert.equal(addDays('2026-03-28', 1), '2026-03-29');
    assert.equal(addDays('2026-03-29', 1), '2026-03-30');
    assert.equal(addDays('2026-10-25', 1), '2026-10-26');
    assert.equal(addDays('2028-02-28', 1), '2028-02-29');
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(addDays('2027-01-01', -1), '2026-12-31');
    assert.throws(() => addDays('2026-02-30', 1));
  });

  test('weekdays and Mondays', () => {
    assert.equal(weekdayOf('2026-03-25'), 3); // Wednesday
    assert.equal(weekdayOf('2026-03-29'), 7); // Sunday
    assert.equal(mondayOf('2026-03-29'), '2026-03-23');
    assert.equal(mondayOf('2026-03-23'), '2026-03-23');
    assert.equal(mondayOf('2027-01-01'), '2026-12-28');
  });

  test('eachDay includes both ends and is empty when reversed', () => {
    assert.deepEqual(eachDay('2026-03-28', '2026-03-30'), ['2026-03-28', '2026-03-29', '2026-03-30']);
    assert.deepEqual(eachDay('2026-03-30', '2026-03-28'), []);
    assert.equal(eachDay('2028-01-01', '2028-12-31').length, 366);
  });

  test('zonedInstant: winter, summer, the spring gap and the autumn overlap in Paris', () => {
    assert.equal(
      zonedInstant('2026-01-15', '08:30', 'Europe/Paris').toISOString(),
      '2026-01-15T07:30:00.000Z',
    );
    assert.equal(
      zonedInstant('2026-07-15', '08:30', 'Europe/Paris').toISOString(),
      '2026-07-15T06:30:00.000Z',
    );
    // 02:30 does not exist on 29 March 2026: moved forward to 03:30 CEST.
    assert.equal(
      zonedInstant('2026-03-29', '02:30', 'Europe/Paris').toISOString(),
      '2026-03-29T01:30:00.000Z',
    );
    // 02:30 happens twice on 25 October 2026: the first (CEST) is taken.
    assert.equal(
      zonedInstant('2026-10-25', '02:30', 'Europe/Paris').toISOString(),
      '2026-10-25T00:30:00.000Z',
    );
    assert.throws(() => zonedInstant('2026-01-15', '24:00', 'Europe/Paris'));
  });

  test('dayInZone: late evening UTC is already tomorrow in Paris', () => {
    assert.equal(dayInZone(new Date('2026-12-31T23:30:00Z'), 'Europe/Paris'), '2027-01-01');
    assert.equal(dayInZone(new Date('2026-12-31T23:30:00Z'), 'UTC'), '2026-12-31');
  });

  test('French wording', () => {
    assert.equal(formatDayFr('2026-03-04'), 'mercredi 4 mars 2026');
    assert.equal(
      formatDeadlineFr(zonedInstant('2026-03-03', '10:00', 'Europe/Paris'), 'Europe/Paris'),
      'mardi 3 mars 2026 à 10:00',
    );
  });
});
