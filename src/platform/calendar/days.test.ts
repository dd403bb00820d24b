import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  addDays,
  addMonths,
  daysInMonth,
  diffDays,
  eachDay,
  endOfMonth,
  formatDayLongFr,
  formatDayMediumFr,
  formatDayShortFr,
  formatMonthFr,
  formatTimeFr,
  isHourMinute,
  isIsoDay,
  isLeapYear,
  monthRange,
  parseFrenchDay,
  parseIsoDay,
  startOfDayIn,
  startOfMonth,
  startOfWeek,
  timeIn,
  todayIn,
  weekday,
  zonedDateTime,
} from './days';

const PARIS = 'Europe/Paris';

describe('ISO days: parsing and validation', () => {
  it('accepts real days and rejects impossible ones', () => {
    assert.equal(isIsoDay('2026-11-25'), true);
    assert.equal(isIsoDay('2028-02-29'), true, '2028 is a leap year');
    assert.equal(isIsoDay('2026-02-29'), false, '2026 is not a leap year');
    assert.equal(isIsoDay('2100-02-29'), false, 'century not divisible by 400');
    assert.equal(isIsoDay('2000-02-29'), true, 'divisible by 400');
    for (const bad of [
      '2026-13-01',
      '2026-00-10',
      '2026-04-31',
      '2026-11-00',
      '26-11-25',
      '2026-1-5',
      '2026-11-25T00:00',
      ' 2026-11-25',
      '',
      null,
      20261125,
    ])
      assert.equal(isIsoDay(bad), false, String(bad));
  });
  it('parseIsoDay returns parts or throws', () => {
    assert.deepEqual(parseIsoDay('2028-02-29'), { year: 2028, month: 2, day: 29 });
    assert.throws(() => parseIsoDay('2026-02-29'), RangeError);
  });
  it('knows leap years and month lengths', () => {
    assert.deepEqual([2024, 2026, 2028, 1900, 2000].map(isLeapYear), [true, false, true, false, true]);
    assert.equal(daysInMonth(2028, 2), 29);
    assert.equal(daysInMonth(2026, 2), 28);
    assert.equal(daysInMonth(2026, 4), 30);
    assert.equal(daysInMonth(2026, 12), 31);
  });
  it('parses French typed days', () => {
    assert.equal(parseFrenchDay('25/11/2026'), '2026-11-25');
    assert.equal(parseFrenchDay('1/3/2027'), '2027-03-01');
    assert.equal(parseFrenchDay('29/02/2026'), null);
    assert.equal(parseFrenchDay('2026-11-25'), null);
  });
});

describe('ISO days: arithmetic', () => {
  it('adds days across months, leap days and years', () => {
    assert.equal(addDays('2028-02-28', 1), '2028-02-29');
    assert.equal(addDays('2028-02-28', 2), '2028-03-01');
    assert.equal(addDays('2026-02-28', 1), '2026-03-01');
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(addDays('2027-01-01', -1), '2026-12-31');
    assert.equal(addDays('2026-03-28', 1), '2026-03-29', 'DST day is an ordinary day');
    assert.equal(addDays('2026-10-25', 1), '2026-10-26');
    assert.equal(addDays('2026-11-25', 0), '2026-11-25');
    assert.throws(() => addDays('2026-11-25', 1.5), RangeError);
  });
  it('counts days between', () => {
    assert.equal(diffDays('2026-12-31', '2027-01-01'), 1);
    assert.equal(diffDays('2027-01-01', '2026-12-31'), -1);
    assert.equal(diffDays('2028-01-01', '2029-01-01'), 366);
    assert.equal(diffDays('2026-01-01', '2027-01-01'), 365);
    assert.equal(diffDays('2026-03-01', '2026-04-01'), 31, 'a DST change inside the span');
  });
  it('gives ISO weekdays, Monday = 1', () => {
    assert.equal(weekday('2026-11-23'), 1);
    assert.equal(weekday('2026-11-25'), 3);
    assert.equal(weekday('2026-11-29'), 7);
    assert.equal(weekday('2028-02-29'), 2);
    assert.equal(weekday('1970-01-01'), 4);
    assert.equal(weekday('1969-12-31'), 3);
  });
  it('lists each day, both ends included', () => {
    assert.deepEqual(eachDay('2028-02-27', '2028-03-01'), [
      '2028-02-27',
      '2028-02-28',
      '2028-02-29',
      '2028-03-01',
    ]);
    assert.deepEqual(eachDay('2026-12-31', '2027-01-01'), ['2026-12-31', '2027-01-01']);
    assert.deepEqual(eachDay('2026-11-25', '2026-11-25'), ['2026-11-25']);
    assert.deepEqual(eachDay('2026-11-26', '2026-11-25'), []);
  });
  it('finds the Monday of the week, across a year change', () => {
    assert.equal(startOfWeek('2026-11-25'), '2026-11-23');
    assert.equal(startOfWeek('2026-11-23'), '2026-11-23');
    assert.equal(startOfWeek('2026-11-29'), '2026-11-23');
    assert.equal(startOfWeek('2027-01-01'), '2026-12-28');
  });
  it('gives month ranges', () => {
    assert.deepEqual(monthRange(2028, 2), { from: '2028-02-01', to: '2028-02-29' });
    assert.deepEqual(monthRange(2026, 2), { from: '2026-02-01', to: '2026-02-28' });
    assert.equal(startOfMonth('2026-11-25'), '2026-11-01');
    assert.equal(endOfMonth('2026-11-25'), '2026-11-30');
    assert.equal(endOfMonth('2026-12-05'), '2026-12-31');
  });
  it('adds months, clamping to the last day', () => {
    assert.equal(addMonths('2028-01-31', 1), '2028-02-29');
    assert.equal(addMonths('2026-01-31', 1), '2026-02-28');
    assert.equal(addMonths('2026-12-15', 1), '2027-01-15');
    assert.equal(addMonths('2027-01-15', -1), '2026-12-15');
    assert.equal(addMonths('2026-11-25', -12), '2025-11-25');
  });
  it('property: addDays and diffDays are inverse, weekday cycles by 7', () => {
    const day = fc
      .date({
        min: new Date('1900-01-01T00:00:00Z'),
        max: new Date('2200-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: -100_000, max: 100_000 }), (d, n) => {
        const e = addDays(d, n);
        assert.ok(isIsoDay(e));
        assert.equal(diffDays(d, e), n);
        assert.equal(addDays(e, -n), d);
        assert.equal(weekday(e), ((((weekday(d) - 1 + n) % 7) + 7) % 7) + 1);
        assert.equal(weekday(startOfWeek(d)), 1);
      }),
    );
  });
});

describe('time zones', () => {
  it('todayIn uses the given zone, not the process one', () => {
    assert.equal(todayIn(PARIS, new Date('2026-11-24T22:59:59Z')), '2026-11-24');
    assert.equal(todayIn(PARIS, new Date('2026-11-24T23:00:00Z')), '2026-11-25');
    assert.equal(todayIn(PARIS, new Date('2026-06-30T22:00:00Z')), '2026-07-01', 'summer: UTC+2');
    assert.equal(todayIn('UTC', new Date('2026-06-30T22:00:00Z')), '2026-06-30');
    assert.equal(todayIn(PARIS, new Date('2026-12-31T23:30:00Z')), '2027-01-01');
    assert.equal(todayIn('America/Cayenne', new Date('2027-01-01T02:00:00Z')), '2026-12-31');
  });
  it('zonedDateTime: ordinary winter and summer days', () => {
    assert.equal(zonedDateTime('2026-11-25', '10:00', PARIS).toISOString(), '2026-11-25T09:00:00.000Z');
    assert.equal(zonedDateTime('2026-07-01', '10:00', PARIS).toISOString(), '2026-07-01T08:00:00.000Z');
    assert.equal(zonedDateTime('2026-11-25', '00:00', PARIS).toISOString(), '2026-11-24T23:00:00.000Z');
    assert.equal(zonedDateTime('2026-11-25', '23:59', PARIS).toISOString(), '2026-11-25T22:59:00.000Z');
    assert.equal(zonedDateTime('2028-02-29', '12:00', PARIS).toISOString(), '2028-02-29T11:00:00.000Z');
  });
  it('zonedDateTime on the spring-forward day 2026-03-29: a missing time moves forward', () => {
    assert.equal(zonedDateTime('2026-03-29', '01:59', PARIS).toISOString(), '2026-03-29T00:59:00.000Z');
    // 02:30 does not exist (02:00 → 03:00): it becomes 03:30 CEST.
    assert.equal(zonedDateTime('2026-03-29', '02:30', PARIS).toISOString(), '2026-03-29T01:30:00.000Z');
    assert.equal(zonedDateTime('2026-03-29', '02:00', PARIS).toISOString(), '2026-03-29T01:00:00.000Z');
    assert.equal(zonedDateTime('2026-03-29', '03:00', PARIS).toISOString(), '2026-03-29T01:00:00.000Z');
    assert.equal(zonedDateTime('2026-03-29', '10:00', PARIS).toISOString(), '2026-03-29T08:00:00.000Z');
    assert.equal(timeIn(PARIS, zonedDateTime('2026-03-29', '02:30', PARIS)), '03:30');
  });
  it('zonedDateTime on the fall-back day 2026-10-25: an ambiguous time takes the first occurrence', () => {
    // 02:30 happens twice (03:00 CEST → 02:00 CET): the first one is 02:30 CEST = 00:30 UTC.
    assert.equal(zonedDateTime('2026-10-25', '02:30', PARIS).toISOString(), '2026-10-25T00:30:00.000Z');
    assert.equal(zonedDateTime('2026-10-25', '01:59', PARIS).toISOString(), '2026-10-24T23:59:00.000Z');
    assert.equal(zonedDateTime('2026-10-25', '03:00', PARIS).toISOString(), '2026-10-25T02:00:00.000Z');
    assert.equal(zonedDateTime('2026-10-25', '10:00', PARIS).toISOString(), '2026-10-25T09:00:00.000Z');
  });
  it('a DST day lasts 23 or 25 hours', () => {
    const hours = (d: string) =>
      (startOfDayIn(addDays(d, 1), PARIS).getTime() - startOfDayIn(d, PARIS).getTime()) / 3_600_000;
    assert.equal(hours('2026-03-29'), 23);
    assert.equal(hours('2026-10-25'), 25);
    assert.equal(hours('2026-11-25'), 24);
  });
  it('property: the instant falls on the same day, at the same time except inside a DST gap', () => {
    const day = fc.integer({ min: 0, max: 365 * 5 }).map((n) => addDays('2026-01-01', n));
    const time = fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    const zone = fc.constantFrom(PARIS, 'America/Cayenne', 'Indian/Reunion', 'Pacific/Noumea', 'UTC');
    fc.assert(
      fc.property(day, time, zone, (d, hm, z) => {
        const instant = zonedDateTime(d, hm, z);
        assert.equal(todayIn(z, instant), d);
        const gap =
          z === PARIS &&
          hm.startsWith('02:') &&
          weekday(d) === 7 &&
          d.slice(5, 7) === '03' &&
          Number(d.slice(8)) >= 25;
        if (!gap) assert.equal(timeIn(z, instant), hm);
      }),
      { numRuns: 1000 },
    );
  });
  it('rejects bad times and days', () => {
    assert.throws(() => zonedDateTime('2026-11-25', '24:00', PARIS), RangeError);
    assert.throws(() => zonedDateTime('2026-11-25', '9:00', PARIS), RangeError);
    assert.throws(() => zonedDateTime('2026-02-29', '09:00', PARIS), RangeError);
    assert.equal(isHourMinute('23:59'), true);
    assert.equal(isHourMinute('23:60'), false);
  });
});

describe('French formatting', () => {
  it('formats days', () => {
    assert.equal(formatDayLongFr('2026-11-25'), 'mercredi 25 novembre 2026');
    assert.equal(formatDayLongFr('2027-01-01'), 'vendredi 1er janvier 2027');
    assert.equal(formatDayLongFr('2028-02-29'), 'mardi 29 février 2028');
    assert.equal(formatDayLongFr('2026-08-16'), 'dimanche 16 août 2026');
    assert.equal(formatDayMediumFr('2026-12-08'), '8 décembre 2026');
    assert.equal(formatDayShortFr('2026-11-25'), '25/11/2026');
    assert.equal(formatDayShortFr('2027-01-05'), '05/01/2027');
    assert.equal(formatMonthFr(2027, 2), 'février 2027');
  });
  it('formats times the French way', () => {
    assert.equal(formatTimeFr('10:00'), '10 h 00');
    assert.equal(formatTimeFr('08:30'), '8 h 30');
    assert.equal(formatTimeFr('00:00'), '0 h 00');
  });
});
