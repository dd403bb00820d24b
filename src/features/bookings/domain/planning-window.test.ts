import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { addDays } from './days';
import { clampToPeriod, planningWindow } from './planning-window';

const year = { firstDay: '2026-09-01', lastDay: '2027-07-03' };

describe('planning window', () => {
  test('a week inside the period: Monday to Sunday, both neighbours reachable', () => {
    const w = planningWindow('week', '2026-11-25', year);
    assert.deepEqual(
      [w.from, w.to, w.prev, w.next],
      ['2026-11-23', '2026-11-29', '2026-11-16', '2026-11-30'],
    );
    assert.equal(w.days.length, 7);
    assert.ok(w.days.every((d) => d.inPeriod));
    assert.equal(w.label, 'Semaine du 23 au 29 novembre 2026');
  });

  test('the first and last weeks of the period: days outside it are flagged, no way out', () => {
    const first = planningWindow('week', '2026-09-01', year); // a Tuesday
    assert.equal(first.from, '2026-08-31');
    assert.deepEqual(
      first.days.map((d) => d.inPeriod),
      [false, true, true, true, true, true, true],
    );
    assert.equal(first.prev, null);
    assert.equal(first.label, 'Semaine du 31 août au 6 septembre 2026');
    const last = planningWindow('week', '2027-07-03', year);
    assert.equal(last.next, null);
    assert.notEqual(last.prev, null);
  });

  test('anchors outside the period are clamped into it', () => {
    assert.equal(planningWindow('week', '2020-01-01', year).from, '2026-08-31');
    assert.equal(planningWindow('month', '2030-01-01', year).from, '2027-07-01');
    assert.equal(clampToPeriod('2026-08-01', year), '2026-09-01');
  });

  test('weeks across the year end and the DST change', () => {
    assert.equal(
      planningWindow('week', '2027-01-01', year).label,
      'Semaine du 28 décembre 2026 au 3 janvier 2027',
    );
    assert.equal(planningWindow('week', '2027-03-28', year).days.length, 7);
    assert.equal(planningWindow('week', '2027-03-01', year).label, 'Semaine du 1er au 7 mars 2027');
  });

  test('months: first to last day, February of a leap year, navigation clamped', () => {
    const leap = { firstDay: '2027-09-01', lastDay: '2028-07-01' };
    const feb = planningWindow('month', '2028-02-10', leap);
    assert.deepEqual(
      [feb.from, feb.to, feb.days.length, feb.label],
      ['2028-02-01', '2028-02-29', 29, 'Février 2028'],
    );
    assert.deepEqual([feb.prev, feb.next], ['2028-01-01', '2028-03-01']);
    const dec = planningWindow('month', '2026-12-31', year);
    assert.deepEqual(
      [dec.from, dec.to, dec.next, dec.label],
      ['2026-12-01', '2026-12-31', '2027-01-01', 'Décembre 2026'],
    );
    const sept = planningWindow('month', '2026-09-15', year);
    assert.equal(sept.prev, null);
    const july = planningWindow('month', '2027-07-02', year);
    assert.equal(july.next, null);
  });

  test('property: following next from the start visits every day of the period exactly once', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 800 }),
        fc.integer({ min: 0, max: 120 }),
        fc.constantFrom<'week' | 'month'>('week', 'month'),
        (offset, length, view) => {
          const firstDay = addDays('2026-01-01', offset);
          const period = { firstDay, lastDay: addDays(firstDay, length) };
          const seen: string[] = [];
          let anchor: string | null = period.firstDay;
          let guard = 0;
          while (anchor && guard++ < 200) {
            const w = planningWindow(view, anchor, period);
            seen.push(...w.days.filter((d) => d.inPeriod).map((d) => d.day));
            if (w.next) assert.equal(planningWindow(view, w.next, period).prev !== null, true);
            anchor = w.next;
          }
          assert.equal(seen.length, length + 1);
          assert.equal(new Set(seen).size, length + 1);
        },
      ),
      { numRuns: 300 },
    );
  });
});
