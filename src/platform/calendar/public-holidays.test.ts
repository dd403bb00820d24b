import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { weekday } from './days';
import {
  easterSunday,
  isHolidayRegion,
  isPublicHoliday,
  publicHolidayOn,
  publicHolidays,
} from './public-holidays';

describe('Easter', () => {
  it('is computed for 2026–2028 and known years', () => {
    assert.equal(easterSunday(2026), '2026-04-05');
    assert.equal(easterSunday(2027), '2027-03-28', 'Easter on the spring-forward day');
    assert.equal(easterSunday(2028), '2028-04-16');
    assert.equal(easterSunday(2024), '2024-03-31');
    assert.equal(easterSunday(2038), '2038-04-25', 'latest possible Easter');
    assert.equal(easterSunday(2285), '2285-03-22', 'earliest possible Easter');
  });
});

describe('public holidays, métropole', () => {
  it('2026: 11 days with their names, in order', () => {
    assert.deepEqual(
      [...publicHolidays(2026)],
      [
        ['2026-01-01', 'Jour de l’an'],
        ['2026-04-06', 'Lundi de Pâques'],
        ['2026-05-01', 'Fête du Travail'],
        ['2026-05-08', 'Victoire 1945'],
        ['2026-05-14', 'Ascension'],
        ['2026-05-25', 'Lundi de Pentecôte'],
        ['2026-07-14', 'Fête nationale'],
        ['2026-08-15', 'Assomption'],
        ['2026-11-01', 'Toussaint'],
        ['2026-11-11', 'Armistice 1918'],
        ['2026-12-25', 'Noël'],
      ],
    );
  });
  it('Easter-based days 2027 and 2028', () => {
    assert.equal(publicHolidayOn('2027-03-29'), 'Lundi de Pâques');
    assert.equal(publicHolidayOn('2027-05-06'), 'Ascension');
    assert.equal(publicHolidayOn('2027-05-17'), 'Lundi de Pentecôte');
    assert.equal(publicHolidayOn('2028-04-17'), 'Lundi de Pâques');
    assert.equal(publicHolidayOn('2028-05-25'), 'Ascension');
    assert.equal(publicHolidayOn('2028-06-05'), 'Lundi de Pentecôte');
    assert.equal(publicHolidays(2027).size, 11);
    assert.equal(publicHolidays(2028).size, 11);
  });
  it('holidays on weekends stay where they are (no substitute day in France)', () => {
    assert.equal(weekday('2026-08-15'), 6);
    assert.equal(weekday('2026-11-01'), 7);
    assert.equal(isPublicHoliday('2026-08-15'), true);
    assert.equal(isPublicHoliday('2026-11-02'), false);
    assert.equal(isPublicHoliday('2028-01-03'), false, '1 Jan 2028 is a Saturday');
  });
  it('is right whatever the process time zone (library dates are local midnight)', () => {
    for (const [day] of publicHolidays(2027)) assert.match(day, /^2027-\d\d-\d\d$/);
    assert.equal(isPublicHoliday('2026-05-24'), false);
    assert.equal(isPublicHoliday('2026-05-26'), false);
    assert.equal(isPublicHoliday('2026-12-24'), false);
    assert.equal(isPublicHoliday('2026-12-26'), false);
  });
  it('rejects absurd years', () => {
    assert.throws(() => publicHolidays(20260), RangeError);
    assert.throws(() => publicHolidays(2026.5), RangeError);
  });
});

describe('Alsace-Moselle', () => {
  it('adds Vendredi saint and 26 décembre', () => {
    const alsace = publicHolidays(2026, 'alsace-moselle');
    assert.equal(alsace.size, 13);
    assert.equal(alsace.get('2026-04-03'), 'Vendredi saint');
    assert.equal(alsace.get('2026-12-26'), 'Saint-Étienne (26 décembre)');
    assert.equal(publicHolidayOn('2027-03-26', 'alsace-moselle'), 'Vendredi saint');
    assert.equal(publicHolidayOn('2028-04-14', 'alsace-moselle'), 'Vendredi saint');
    assert.equal(publicHolidayOn('2028-12-26', 'alsace-moselle'), 'Saint-Étienne (26 décembre)');
    assert.equal(isPublicHoliday('2026-04-03', 'metropole'), false);
    assert.equal(isPublicHoliday('2028-12-26', 'metropole'), false);
  });
  it('keeps every métropole holiday', () => {
    const alsace = publicHolidays(2027, 'alsace-moselle');
    for (const day of publicHolidays(2027).keys()) assert.ok(alsace.has(day), day);
  });
});

describe('Monaco', () => {
  it('2026: its own list, with the Sunday 1 Nov moved to Monday 2 Nov', () => {
    assert.deepEqual(
      [...publicHolidays(2026, 'monaco')],
      [
        ['2026-01-01', 'Jour de l’an'],
        ['2026-01-27', 'Sainte Dévote'],
        ['2026-04-06', 'Lundi de Pâques'],
        ['2026-05-01', 'Fête du Travail'],
        ['2026-05-14', 'Ascension'],
        ['2026-05-25', 'Lundi de Pentecôte'],
        ['2026-06-04', 'Fête-Dieu'],
        ['2026-08-15', 'Assomption'],
        ['2026-11-01', 'Toussaint'],
        ['2026-11-02', 'Toussaint (reporté)'],
        ['2026-11-19', 'Fête du Prince'],
        ['2026-12-08', 'Immaculée Conception'],
        ['2026-12-25', 'Noël'],
      ],
    );
  });
  it('differs from France: no 8 May, 14 July, 11 Nov', () => {
    for (const day of ['2026-05-08', '2026-07-14', '2026-11-11']) {
      assert.equal(isPublicHoliday(day, 'monaco'), false, day);
      assert.equal(isPublicHoliday(day, 'metropole'), true, day);
    }
  });
  it('Fête-Dieu is the Thursday 60 days after Easter', () => {
    assert.equal(publicHolidayOn('2027-05-27', 'monaco'), 'Fête-Dieu');
    assert.equal(publicHolidayOn('2028-06-15', 'monaco'), 'Fête-Dieu');
    assert.equal(weekday('2028-06-15'), 4);
  });
  it('moves Sunday holidays to the Monday (2027: 15 Aug; 2028: 19 Nov; 2022: Christmas)', () => {
    assert.equal(publicHolidayOn('2027-08-16', 'monaco'), 'Assomption (reporté)');
    assert.equal(publicHolidayOn('2028-11-20', 'monaco'), 'Fête du Prince (reporté)');
    assert.equal(publicHolidayOn('2022-12-26', 'monaco'), 'Noël (reporté)');
    assert.equal(publicHolidayOn('2024-12-09', 'monaco'), 'Immaculée Conception (reporté)');
    assert.equal(isPublicHoliday('2028-01-03', 'monaco'), false, 'Saturday holidays are not moved');
  });
  it('validates region names', () => {
    assert.equal(isHolidayRegion('monaco'), true);
    assert.equal(isHolidayRegion('corse'), false);
  });
});
