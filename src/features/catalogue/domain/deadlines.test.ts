import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixedHolidays, regionHolidays, zonedInstant } from './calendar';
import {
  type DeadlineRule,
  deadlineDay,
  deadlineInstant,
  describeRule,
  isBeforeDeadline,
  unitDeadlines,
  validateRule,
} from './deadlines';

const TZ = 'Europe/Paris';
const fr = regionHolidays('metropole');
const at = (rule: DeadlineRule, day: string, holidays = fr) =>
  deadlineInstant(rule, day, TZ, holidays).toISOString();
const workingDays = (days: number, time = '10:00'): DeadlineRule => ({
  kind: 'days_before',
  days,
  workingDays: true,
  time,
});
const calendarDays = (days: number, time = '10:00'): DeadlineRule => ({
  kind: 'days_before',
  days,
  workingDays: false,
  time,
});

describe('public holidays', () => {
  it('gives ISO days in every process time zone (the library returns local midnights)', () => {
    const y2026 = new Set(
      Array.from(
        { length: 365 },
        (_, i) => zonedInstant('2026-01-01', '12:00', TZ).getTime() + i * 86_400_000,
      )
        .map((ms) => new Date(ms).toISOString().slice(0, 10))
        .filter((d) => fr.isPublicHoliday(d)),
    );
    for (const d of [
      '2026-01-01',
      '2026-04-06',
      '2026-05-01',
      '2026-05-08',
      '2026-05-14',
      '2026-05-25',
      '2026-07-14',
      '2026-08-15',
      '2026-11-01',
      '2026-11-11',
      '2026-12-25',
    ])
      assert.ok(y2026.has(d), d);
    assert.equal(y2026.size, 11);
    assert.ok(!y2026.has('2026-12-26'));
  });
  it('adds Good Friday and St Stephen in Alsace-Moselle', () => {
    const a = regionHolidays('alsace-moselle');
    assert.ok(a.isPublicHoliday('2027-03-26'));
    assert.ok(a.isPublicHoliday('2027-12-26'));
    assert.ok(!fr.isPublicHoliday('2027-03-26'));
  });
  it('follows Monaco: Sainte Dévote and Fête du Prince, no 14 July', () => {
    const m = regionHolidays('monaco');
    assert.ok(m.isPublicHoliday('2026-01-27'));
    assert.ok(m.isPublicHoliday('2026-11-19'));
    assert.ok(m.isPublicHoliday('2026-12-08'));
    assert.ok(m.isPublicHoliday('2026-06-04')); // Fête-Dieu: Easter (5 April) + 60 days
    assert.ok(!m.isPublicHoliday('2026-07-14'));
  });
});

describe('zoned instants', () => {
  it('moves a time inside the spring DST gap forward', () => {
    assert.equal(zonedInstant('2026-03-29', '02:30', TZ).toISOString(), '2026-03-29T01:30:00.000Z');
  });
  it('takes the earlier of an ambiguous autumn time', () => {
    assert.equal(zonedInstant('2026-10-25', '02:30', TZ).toISOString(), '2026-10-25T00:30:00.000Z');
  });
  it('reads 24:00 as the midnight that ends the day', () => {
    assert.equal(zonedInstant('2026-12-31', '24:00', TZ).toISOString(), '2026-12-31T23:00:00.000Z');
  });
});

describe('N days before', () => {
  it('counts working days over a plain week', () => {
    // Wednesday 2 December 2026 → Monday 30 November, 10:00 CET.
    assert.equal(at(workingDays(2), '2026-12-02'), '2026-11-30T09:00:00.000Z');
  });
  it('skips the weekend', () => {
    // Monday 30 November → Thursday 26 November.
    assert.equal(at(workingDays(2), '2026-11-30'), '2026-11-26T09:00:00.000Z');
    assert.equal(at(calendarDays(2), '2026-11-30'), '2026-11-28T09:00:00.000Z');
  });
  it('skips a public holiday inside the counted span', () => {
    // Thursday 12 November: Wednesday 11 is Armistice → Tuesday 10 (1), Monday 9 (2).
    assert.equal(at(workingDays(2), '2026-11-12'), '2026-11-09T09:00:00.000Z');
    // Calendar days do not skip it.
    assert.equal(at(calendarDays(2), '2026-11-12'), '2026-11-10T09:00:00.000Z');
    // Without the holiday the working-day count lands on Tuesday.
    assert.equal(at(workingDays(2), '2026-11-12', fixedHolidays([])), '2026-11-10T09:00:00.000Z');
  });
  it('skips Easter Monday, and Good Friday in Alsace-Moselle', () => {
    assert.equal(deadlineDay(workingDays(1), '2027-03-30', fr), '2027-03-26');
    assert.equal(deadlineDay(workingDays(1), '2027-03-30', regionHolidays('alsace-moselle')), '2027-03-25');
  });
  it('keeps the wall-clock time across the spring DST change', () => {
    // Monday 30 March 2026, 1 day before at 10:00 → Sunday 29 March 10:00 CEST (UTC+2).
    assert.equal(at(calendarDays(1), '2026-03-30'), '2026-03-29T08:00:00.000Z');
    // The day before the change is still UTC+1.
    assert.equal(at(calendarDays(2), '2026-03-30'), '2026-03-28T09:00:00.000Z');
    // 1 working day before Monday 30 March → Friday 27 March, still winter time.
    assert.equal(at(workingDays(1), '2026-03-30'), '2026-03-27T09:00:00.000Z');
    // A cut-off inside the gap (02:30 does not exist that night) moves to 03:30 CEST.
    assert.equal(at(calendarDays(1, '02:30'), '2026-03-30'), '2026-03-29T01:30:00.000Z');
  });
  it('keeps the wall-clock time across the autumn DST change', () => {
    assert.equal(at(calendarDays(1), '2026-10-26'), '2026-10-25T09:00:00.000Z');
    assert.equal(at(calendarDays(2), '2026-10-26'), '2026-10-24T08:00:00.000Z');
    // 02:30 happens twice that night: the first one (CEST) counts.
    assert.equal(at(calendarDays(1, '02:30'), '2026-10-26'), '2026-10-25T00:30:00.000Z');
  });
  it('handles midnight and 23:59 cut-offs', () => {
    assert.equal(at(calendarDays(1, '23:59'), '2026-12-09'), '2026-12-08T22:59:00.000Z');
    assert.equal(at(calendarDays(1, '24:00'), '2026-12-09'), '2026-12-08T23:00:00.000Z');
    assert.equal(at(calendarDays(1, '00:00'), '2026-12-09'), '2026-12-07T23:00:00.000Z');
    // Midnight at the end of the day before the DST change is 23:00 UTC (winter time).
    assert.equal(at(calendarDays(2, '24:00'), '2026-03-30'), '2026-03-28T23:00:00.000Z');
  });
  it('allows the same day (0 days)', () => {
    assert.equal(at(calendarDays(0, '08:00'), '2026-12-09'), '2026-12-09T07:00:00.000Z');
    assert.equal(at(workingDays(0, '08:00'), '2026-12-12'), '2026-12-12T07:00:00.000Z');
  });
  it('goes over a leap day', () => {
    assert.equal(deadlineDay(calendarDays(1), '2028-03-01', fr), '2028-02-29');
    assert.equal(deadlineDay(workingDays(1), '2028-03-01', fr), '2028-02-29');
    assert.equal(deadlineDay(calendarDays(2), '2027-03-01', fr), '2027-02-27');
  });
  it('goes over the year change with its holiday and weekend', () => {
    // Monday 4 January 2027: Sun 3, Sat 2, Fri 1 (holiday) skipped → Thu 31 (1), Wed 30 (2).
    assert.equal(at(workingDays(2), '2027-01-04'), '2026-12-30T09:00:00.000Z');
    assert.equal(deadlineDay(calendarDays(5), '2027-01-03', fr), '2026-12-29');
  });
});

describe('weekday of the previous week', () => {
  const thursdayMidnight: DeadlineRule = { kind: 'weekday_previous_week', weekday: 4, time: '24:00' };
  it('finds the weekday of the week before', () => {
    // Wednesday 9 December 2026 → Thursday 3 December, end of day.
    assert.equal(at(thursdayMidnight, '2026-12-09'), '2026-12-03T23:00:00.000Z');
    // Any day of the same ISO week shares the deadline, Sunday included.
    assert.equal(at(thursdayMidnight, '2026-12-13'), '2026-12-03T23:00:00.000Z');
    assert.equal(at(thursdayMidnight, '2026-12-07'), '2026-12-03T23:00:00.000Z');
  });
  it('handles a holiday period that starts on a Monday', () => {
    // Easter Monday 2027 (29 March, a public holiday and a Monday) → Wednesday 24 March 18:00 CET.
    const wed: DeadlineRule = { kind: 'weekday_previous_week', weekday: 3, time: '18:00' };
    assert.equal(at(wed, '2027-03-29'), '2027-03-24T17:00:00.000Z');
    // Monday 19 October 2026, first weekday of the Toussaint holidays → Wednesday 14 October, CEST.
    assert.equal(at(wed, '2026-10-19'), '2026-10-14T16:00:00.000Z');
    // 2 working days before that Monday → Thursday 15 October.
    assert.equal(deadlineDay(workingDays(2), '2026-10-19', fr), '2026-10-15');
  });
  it('crosses the DST change and the year change', () => {
    const fri: DeadlineRule = { kind: 'weekday_previous_week', weekday: 5, time: '12:00' };
    // Tuesday 31 March 2026 → Friday 27 March (winter time).
    assert.equal(at(fri, '2026-03-31'), '2026-03-27T11:00:00.000Z');
    // Monday 4 January 2027 → Friday 1 January 2027 (the rule ignores holidays).
    assert.equal(at(fri, '2027-01-04'), '2027-01-01T11:00:00.000Z');
    // Sunday 3 January 2027 is in ISO week 53 of 2026 → Friday 25 December 2026.
    assert.equal(at(fri, '2027-01-03'), '2026-12-25T11:00:00.000Z');
  });
});

describe('day X of the previous month', () => {
  it('finds the day in the month before, clamped to its length', () => {
    const d20: DeadlineRule = { kind: 'day_previous_month', day: 20, time: '10:00' };
    assert.equal(at(d20, '2027-01-06'), '2026-12-20T09:00:00.000Z');
    const d31: DeadlineRule = { kind: 'day_previous_month', day: 31, time: '12:00' };
    assert.equal(at(d31, '2028-03-15'), '2028-02-29T11:00:00.000Z');
    assert.equal(at(d31, '2027-03-15'), '2027-02-28T11:00:00.000Z');
    assert.equal(at(d31, '2026-05-02'), '2026-04-30T10:00:00.000Z');
  });
  it('uses summer time when the deadline day has it', () => {
    const d25: DeadlineRule = { kind: 'day_previous_month', day: 25, time: '23:59' };
    // 25 October 2026 is the autumn change: 23:59 is winter time.
    assert.equal(at(d25, '2026-11-10'), '2026-10-25T22:59:00.000Z');
    // 29 March 2026 is the spring change: 23:59 is summer time.
    const d29: DeadlineRule = { kind: 'day_previous_month', day: 29, time: '23:59' };
    assert.equal(at(d29, '2026-04-01'), '2026-03-29T21:59:00.000Z');
  });
});

describe('unit deadlines', () => {
  const activity = { bookingDeadline: workingDays(2), cancelDeadline: calendarDays(1, '18:00') };
  it('uses the activity rules, and a unit override when set', () => {
    const base = unitDeadlines({ day: '2026-12-02', timeZone: TZ, holidays: fr, activity });
    assert.equal(base.bookUntil?.toISOString(), '2026-11-30T09:00:00.000Z');
    assert.equal(base.cancelUntil?.toISOString(), '2026-12-01T17:00:00.000Z');
    const unit = { bookingDeadline: calendarDays(7, '12:00'), cancelDeadline: null };
    const o = unitDeadlines({ day: '2026-12-02', timeZone: TZ, holidays: fr, activity, unit });
    assert.equal(o.bookUntil?.toISOString(), '2026-11-25T11:00:00.000Z');
    assert.equal(o.cancelUntil?.toISOString(), '2026-12-01T17:00:00.000Z');
  });
  it('has no deadline without a rule', () => {
    const n = unitDeadlines({
      day: '2026-12-02',
      timeZone: TZ,
      holidays: fr,
      activity: { bookingDeadline: null, cancelDeadline: null },
    });
    assert.equal(n.bookUntil, null);
    assert.ok(isBeforeDeadline(new Date('2030-01-01'), n.bookUntil));
  });
  it('is half-open: the deadline instant itself is already late', () => {
    const d = new Date('2026-11-30T09:00:00.000Z');
    assert.ok(isBeforeDeadline(new Date(d.getTime() - 1), d));
    assert.ok(!isBeforeDeadline(d, d));
    assert.ok(!isBeforeDeadline(new Date(d.getTime() + 1), d));
  });
});

describe('French sentences', () => {
  it('reads each rule in plain French', () => {
    assert.equal(describeRule(workingDays(2), 'book'), "Réservable jusqu'à 2 jours ouvrés avant, 10 h 00");
    assert.equal(
      describeRule(workingDays(1, '09:30'), 'cancel'),
      "Annulable jusqu'à 1 jour ouvré avant, 9 h 30",
    );
    assert.equal(describeRule(calendarDays(3, '23:59'), 'book'), "Réservable jusqu'à 3 jours avant, 23 h 59");
    assert.equal(describeRule(calendarDays(0, '08:00'), 'book'), "Réservable jusqu'au jour même, 8 h 00");
    assert.equal(
      describeRule({ kind: 'weekday_previous_week', weekday: 4, time: '24:00' }, 'book'),
      "Réservable jusqu'au jeudi de la semaine précédente, minuit",
    );
    assert.equal(
      describeRule({ kind: 'day_previous_month', day: 1, time: '12:00' }, 'cancel'),
      "Annulable jusqu'au 1er du mois précédent, 12 h 00",
    );
    assert.equal(describeRule(calendarDays(1, '00:00'), 'book'), "Réservable jusqu'à 1 jour avant, 0 h 00");
    assert.equal(describeRule(null, 'cancel'), 'Annulable sans délai');
  });
});

describe('rule validation', () => {
  it('rejects bad times and numbers with French messages', () => {
    assert.deepEqual(validateRule(workingDays(2)), {});
    assert.ok(validateRule(workingDays(2, '25:00')).time);
    assert.ok(validateRule(workingDays(2, '24:30')).time);
    assert.ok(validateRule(workingDays(-1)).days);
    assert.ok(validateRule({ kind: 'weekday_previous_week', weekday: 8, time: '10:00' }).weekday);
    assert.ok(validateRule({ kind: 'day_previous_month', day: 0, time: '10:00' }).day);
  });
});
