import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ageBand, cafActivity, cafTotals, hoursFr, unitMinutes } from './caf-statistics';

const units = [
  { id: 'day', startTime: '08:30', endTime: '17:30' },
  { id: 'am', startTime: '07:30', endTime: '08:20' },
  { id: 'bad', startTime: '12:00', endTime: '12:00' },
];
const children = [
  { id: 'lou', name: 'Lou Martin', birthDate: '2020-10-14' },
  { id: 'eva', name: 'Éva Durand', birthDate: '2016-02-29' },
];

describe('CAF activity statistics', () => {
  it('counts present and present-without-booking days by unit duration', () => {
    const rows = cafActivity(
      [
        { childId: 'eva', day: '2026-10-07', unitId: 'day', outcome: 'present' },
        { childId: 'eva', day: '2026-10-14', unitId: 'am', outcome: 'present-without-booking' },
        { childId: 'eva', day: '2026-10-21', unitId: 'day', outcome: 'justified-absence' },
        { childId: 'eva', day: '2026-10-22', unitId: 'day', outcome: 'unjustified-absence' },
        { childId: 'eva', day: '2026-10-23', unitId: 'day', outcome: 'late-cancellation' },
        { childId: 'eva', day: '2026-10-28', unitId: 'bad', outcome: 'present' },
        { childId: 'ghost', day: '2026-10-28', unitId: 'day', outcome: 'present' },
      ],
      children,
      units,
    );
    assert.deepEqual(
      rows.map((r) => [r.month, r.childId, r.band, r.minutes]),
      [['2026-10', 'eva', 'six-plus', 9 * 60 + 50]],
    );
    assert.equal(hoursFr(rows[0]!.minutes), '9,83');
  });

  it('puts a child turning 6 mid-month in both bands (age on the day of care)', () => {
    const rows = cafActivity(
      [
        { childId: 'lou', day: '2026-10-13', unitId: 'day', outcome: 'present' },
        { childId: 'lou', day: '2026-10-14', unitId: 'day', outcome: 'present' },
        { childId: 'lou', day: '2026-11-04', unitId: 'day', outcome: 'present' },
      ],
      children,
      units,
    );
    assert.deepEqual(
      rows.map((r) => [r.month, r.band, r.minutes]),
      [
        ['2026-10', 'under6', 540],
        ['2026-10', 'six-plus', 540],
        ['2026-11', 'six-plus', 540],
      ],
    );
    assert.deepEqual(
      cafTotals(rows).map((t) => [t.month, t.band, t.children]),
      [
        ['2026-10', 'under6', 1],
        ['2026-10', 'six-plus', 1],
        ['2026-11', 'six-plus', 1],
      ],
    );
  });

  it('bands a 29 February birthday on 1 March in common years', () => {
    assert.equal(ageBand('2020-02-29', '2026-02-28'), 'under6');
    assert.equal(ageBand('2020-02-29', '2026-03-01'), 'six-plus');
  });

  it('measures units and prints hours exactly', () => {
    assert.equal(unitMinutes({ startTime: '16:30', endTime: '18:45' }), 135);
    assert.equal(unitMinutes({ startTime: '18:00', endTime: '17:00' }), 0);
    assert.equal(unitMinutes({ startTime: 'x', endTime: '17:00' }), 0);
    assert.equal(hoursFr(0), '0,00');
    assert.equal(hoursFr(90), '1,50');
    assert.equal(hoursFr(1), '0,02');
  });
});
