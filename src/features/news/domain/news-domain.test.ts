import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addMonths,
  daysBetween,
  formatDay,
  instantToZonedLocal,
  isIsoDay,
  isoDayInZone,
  zonedLocalToInstant,
} from './time';
import { isNewsVisible, newsState, paragraphs } from './visibility';

const PARIS = 'Europe/Paris';

describe('zoned local date-times', () => {
  it('reads winter and summer wall-clock times in Paris', () => {
    assert.equal(zonedLocalToInstant('2026-11-25T10:00', PARIS)?.toISOString(), '2026-11-25T09:00:00.000Z');
    assert.equal(zonedLocalToInstant('2026-07-01T10:00', PARIS)?.toISOString(), '2026-07-01T08:00:00.000Z');
  });
  it('moves a time in the spring DST gap forward, takes the earlier one in the autumn overlap', () => {
    assert.equal(zonedLocalToInstant('2026-03-29T02:30', PARIS)?.toISOString(), '2026-03-29T01:30:00.000Z');
    assert.equal(zonedLocalToInstant('2026-10-25T02:30', PARIS)?.toISOString(), '2026-10-25T00:30:00.000Z');
  });
  it('rejects invalid values', () => {
    for (const v of ['', '2026-02-30T10:00', '2026-13-01T10:00', '2026-11-25', 'x', '2026-11-25T25:00'])
      assert.equal(zonedLocalToInstant(v, PARIS), null, v);
  });
  it('round-trips through the form value', () => {
    const at = new Date('2026-12-31T23:30:00Z');
    assert.equal(instantToZonedLocal(at, PARIS), '2027-01-01T00:30');
    assert.equal(zonedLocalToInstant(instantToZonedLocal(at, PARIS), PARIS)?.toISOString(), at.toISOString());
  });
  it('gives the calendar day in the zone, not in UTC', () => {
    assert.equal(isoDayInZone(new Date('2026-11-24T23:30:00Z'), PARIS), '2026-11-25');
    assert.equal(isoDayInZone(new Date('2026-11-24T23:30:00Z'), 'UTC'), '2026-11-24');
  });
});

describe('calendar days', () => {
  it('adds months clamping to the end of month, leap years included', () => {
    assert.equal(addMonths('2027-01-31', 1), '2027-02-28');
    assert.equal(addMonths('2028-01-31', 1), '2028-02-29');
    assert.equal(addMonths('2028-02-29', 12), '2029-02-28');
    assert.equal(addMonths('2026-11-25', 12), '2027-11-25');
  });
  it('counts days across DST changes and year ends', () => {
    assert.equal(daysBetween('2026-03-28', '2026-03-30'), 2);
    assert.equal(daysBetween('2026-12-31', '2027-01-01'), 1);
    assert.equal(daysBetween('2027-01-01', '2026-12-31'), -1);
    assert.equal(daysBetween('2028-02-28', '2028-03-01'), 2);
  });
  it('validates ISO days', () => {
    assert.equal(isIsoDay('2028-02-29'), true);
    assert.equal(isIsoDay('2027-02-29'), false);
    assert.equal(isIsoDay('2027-2-1'), false);
  });
  it('formats a day in French whatever the process time zone', () => {
    assert.equal(formatDay('2027-08-31'), '31 août 2027');
    assert.equal(formatDay('2027-01-01'), '1 janvier 2027');
  });
});

describe('news visibility', () => {
  const n = { publishAt: new Date('2026-11-20T08:00:00Z'), unpublishAt: new Date('2026-12-01T08:00:00Z') };
  it('is scheduled before, published between (start inclusive), ended from the end', () => {
    assert.equal(newsState(n, new Date('2026-11-20T07:59:59Z')), 'scheduled');
    assert.equal(newsState(n, new Date('2026-11-20T08:00:00Z')), 'published');
    assert.equal(newsState(n, new Date('2026-12-01T07:59:59Z')), 'published');
    assert.equal(newsState(n, new Date('2026-12-01T08:00:00Z')), 'ended');
  });
  it('stays visible without an end', () => {
    assert.equal(isNewsVisible({ ...n, unpublishAt: null }, new Date('2036-01-01T00:00:00Z')), true);
  });
  it('splits paragraphs on blank lines, keeps single line breaks', () => {
    assert.deepEqual(paragraphs('Un\r\ndeux\n\n\n  trois  \n \n'), ['Un\ndeux', 'trois']);
    assert.deepEqual(paragraphs('   '), []);
  });
});
