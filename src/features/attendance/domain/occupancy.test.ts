import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chartMax, occupancyRate } from './occupancy';

describe('occupancy', () => {
  it('rates booked places against capacity', () => {
    assert.equal(occupancyRate(15, 20), 75);
    assert.equal(occupancyRate(3, null), null);
    assert.equal(occupancyRate(3, 0), null);
  });
  it('scales the chart to the largest value, in steps of 5', () => {
    const r = (booked: number, present: number, capacity: number | null) => ({
      day: '2026-11-25',
      unitId: 'u',
      unitName: 'Journée',
      booked,
      present,
      capacity,
    });
    assert.equal(chartMax([]), 5);
    assert.equal(chartMax([r(12, 9, 40)]), 40);
    assert.equal(chartMax([r(12, 13, null)]), 15);
  });
});
