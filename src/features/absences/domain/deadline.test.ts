import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  absenceDeadline,
  type CalendarContext,
  DEFAULT_LIMIT,
  deadlineDisplay,
  declaredDays,
  earliestDeclarableDay,
  isWithinLimit,
  limitLabel,
} from './deadline';

const PARIS: CalendarContext = { timeZone: 'Europe/Paris', region: 'metropole' };
const ALSACE: CalendarContext = { timeZone: 'Europe/Paris', region: 'alsace-moselle' };
const MONACO: CalendarContext = { timeZone: 'Europe/Monaco', region: 'monaco' };
const iso = (d: Date) => d.toISOString();
const working = (hours: number) => ({ hours, kind: 'working' as const });
const calendar = (hours: number) => ({ hours, kind: 'calendar' as const });

describe('absence deadline (48 working hours after the first day by default)', () => {
  it('a Monday absence may be declared until Wednesday 23:59 (Thursday 00:00 exclusive)', () => {
    const d = absenceDeadline('2026-11-23', DEFAULT_LIMIT, PARIS);
    assert.equal(iso(d), '2026-11-25T23:00:00.000Z');
    assert.deepEqual(deadlineDisplay(d, 'Europe/Paris'), { day: '2026-11-25', time: '23:59' });
    assert.equal(isWithinLimit('2026-11-23', new Date('2026-11-25T22:59:59Z'), DEFAULT_LIMIT, PARIS), true);
    assert.equal(isWithinLimit('2026-11-23', new Date('2026-11-25T23:00:00Z'), DEFAULT_LIMIT, PARIS), false);
  });

  it('skips the weekend: a Friday or a Saturday absence runs to Tuesday evening', () => {
    assert.equal(iso(absenceDeadline('2026-11-27', DEFAULT_LIMIT, PARIS)), '2026-12-01T23:00:00.000Z');
    assert.equal(iso(absenceDeadline('2026-11-28', DEFAULT_LIMIT, PARIS)), '2026-12-01T23:00:00.000Z');
    assert.equal(iso(absenceDeadline('2026-11-29', DEFAULT_LIMIT, PARIS)), '2026-12-01T23:00:00.000Z');
  });

  it('skips public holidays: Armistice, Christmas', () => {
    // Tuesday 10 November: Wednesday 11 is a holiday, so Thursday and Friday count.
    assert.equal(iso(absenceDeadline('2026-11-10', DEFAULT_LIMIT, PARIS)), '2026-11-13T23:00:00.000Z');
    // Thursday 24 December: Friday 25 (Noël), the weekend, then Monday 28 and Tuesday 29.
    assert.equal(iso(absenceDeadline('2026-12-24', DEFAULT_LIMIT, PARIS)), '2026-12-29T23:00:00.000Z');
  });

  it('follows the tenant’s holiday region (Good Friday in Alsace-Moselle, Fête du Prince in Monaco)', () => {
    // Thursday 25 March 2027: Good Friday 26 is a holiday in Alsace-Moselle only; Easter Monday 29 everywhere.
    assert.equal(iso(absenceDeadline('2027-03-25', DEFAULT_LIMIT, PARIS)), '2027-03-30T22:00:00.000Z');
    assert.equal(iso(absenceDeadline('2027-03-25', DEFAULT_LIMIT, ALSACE)), '2027-03-31T22:00:00.000Z');
    // Wednesday 18 November 2026: the 19th is Monaco's national day.
    assert.equal(iso(absenceDeadline('2026-11-18', DEFAULT_LIMIT, PARIS)), '2026-11-20T23:00:00.000Z');
    assert.equal(iso(absenceDeadline('2026-11-18', DEFAULT_LIMIT, MONACO)), '2026-11-23T23:00:00.000Z');
  });

  it('keeps wall-clock hours across daylight saving (47 or 49 real hours, same local time)', () => {
    // Spring forward on Sunday 28 March 2027: 48 calendar hours after Friday 26 end on Monday 00:00 CEST.
    const spring = absenceDeadline('2027-03-26', calendar(48), PARIS);
    assert.equal(iso(spring), '2027-03-28T22:00:00.000Z');
    const start = new Date('2027-03-26T23:00:00Z'); // Saturday 00:00 CET
    assert.equal((spring.getTime() - start.getTime()) / 3_600_000, 47);
    // Fall back on Sunday 25 October 2026: 49 real hours.
    const autumn = absenceDeadline('2026-10-23', calendar(48), PARIS);
    assert.equal(iso(autumn), '2026-10-25T23:00:00.000Z');
    assert.equal((autumn.getTime() - new Date('2026-10-23T22:00:00Z').getTime()) / 3_600_000, 49);
  });

  it('a deadline on a time that does not exist moves forward; a repeated time is its first occurrence', () => {
    // 02:00 on 28 March 2027 does not exist in Paris: 03:00 CEST.
    const gap = absenceDeadline('2027-03-26', calendar(26), PARIS);
    assert.equal(iso(gap), '2027-03-28T01:00:00.000Z');
    assert.deepEqual(deadlineDisplay(gap, 'Europe/Paris'), { day: '2027-03-28', time: '03:00' });
    // 02:00 on 25 October 2026 happens twice: the first one (CEST, 00:00 UTC).
    assert.equal(iso(absenceDeadline('2026-10-23', calendar(26), PARIS)), '2026-10-25T00:00:00.000Z');
  });

  it('counts 29 February in leap years', () => {
    // Monday 28 February 2028: Tuesday 29 February and Wednesday 1 March count.
    assert.equal(iso(absenceDeadline('2028-02-28', DEFAULT_LIMIT, PARIS)), '2028-03-01T23:00:00.000Z');
    assert.equal(iso(absenceDeadline('2028-02-28', calendar(24), PARIS)), '2028-02-29T23:00:00.000Z');
    assert.equal(iso(absenceDeadline('2027-02-28', calendar(24), PARIS)), '2027-03-01T23:00:00.000Z');
    assert.equal(iso(absenceDeadline('2028-02-29', calendar(24), PARIS)), '2028-03-01T23:00:00.000Z');
  });

  it('hours that are not whole days end within a day; the time is shown as is', () => {
    const d = absenceDeadline('2026-11-23', working(36), PARIS);
    assert.equal(iso(d), '2026-11-25T11:00:00.000Z');
    assert.deepEqual(deadlineDisplay(d, 'Europe/Paris'), { day: '2026-11-25', time: '12:00' });
    // One working hour after a Friday: Monday 01:00.
    assert.equal(iso(absenceDeadline('2026-11-27', working(1), PARIS)), '2026-11-30T00:00:00.000Z');
  });

  it('refuses limits out of range', () => {
    assert.throws(() => absenceDeadline('2026-11-23', working(0), PARIS), RangeError);
    assert.throws(() => absenceDeadline('2026-11-23', working(721), PARIS), RangeError);
    assert.throws(() => absenceDeadline('2026-11-23', working(1.5), PARIS), RangeError);
  });

  it('finds the oldest first day still declarable; absences in the future are always in time', () => {
    // Wednesday 25 November 2026 at 10:00 Paris: Monday's absence is in time, Sunday's is not.
    const now = new Date('2026-11-25T09:00:00Z');
    assert.equal(earliestDeclarableDay(now, DEFAULT_LIMIT, PARIS), '2026-11-23');
    assert.equal(isWithinLimit('2026-11-22', now, DEFAULT_LIMIT, PARIS), false);
    assert.equal(isWithinLimit('2027-01-04', now, DEFAULT_LIMIT, PARIS), true);
    // Monday 30 November at 08:00: Thursday's absence runs to Monday evening (Friday + Monday);
    // Wednesday's ended on Saturday 00:00.
    const monday = new Date('2026-11-30T07:00:00Z');
    assert.equal(earliestDeclarableDay(monday, DEFAULT_LIMIT, PARIS), '2026-11-26');
    // At Wednesday 00:00 exactly, nothing before today is declarable (Tuesday's deadline is Thursday
    // 00:00, so Tuesday still is; Monday's ended).
    assert.equal(earliestDeclarableDay(new Date('2026-11-24T23:00:00Z'), DEFAULT_LIMIT, PARIS), '2026-11-23');
    assert.equal(earliestDeclarableDay(new Date('2026-11-25T23:00:00Z'), DEFAULT_LIMIT, PARIS), '2026-11-24');
  });

  it('expands a declaration to its days and names the limit', () => {
    assert.deepEqual(declaredDays('2028-02-28', '2028-03-01'), ['2028-02-28', '2028-02-29', '2028-03-01']);
    assert.deepEqual(declaredDays('2026-11-25', '2026-11-25'), ['2026-11-25']);
    assert.equal(limitLabel(DEFAULT_LIMIT), '48 heures ouvrées');
    assert.equal(limitLabel(calendar(72)), '72 heures');
    assert.equal(limitLabel(working(1)), '1 heure ouvrée');
  });
});
