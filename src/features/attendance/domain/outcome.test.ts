import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dayOutcome, decidingBooking, type OutcomeInput } from './outcome';

const confirmed = { status: 'confirmed', lateCancellation: false };
const present = { state: 'present' as const, unbooked: false };
const absent = { state: 'absent' as const, unbooked: false };
const base: OutcomeInput = { booking: confirmed, mark: null, justified: false, dayEnded: true };
const out = (i: Partial<OutcomeInput>) => dayOutcome({ ...base, ...i })?.outcome ?? null;

describe('dayOutcome', () => {
  it('a booked child marked present is present', () => {
    assert.equal(out({ mark: present }), 'present');
  });
  it('a booked child marked present is present even with a justified absence on that day', () => {
    assert.equal(out({ mark: present, justified: true }), 'present');
  });
  it('a booked child marked absent is an unjustified absence, justified when a certificate covers the day', () => {
    assert.equal(out({ mark: absent }), 'unjustified-absence');
    assert.equal(out({ mark: absent, justified: true }), 'justified-absence');
  });
  it('checked in then marked absent: the absent mark (a later action) decides', () => {
    // The register clears the arrival when a child is marked absent: the mark reads absent.
    assert.equal(out({ mark: { state: 'absent', unbooked: false } }), 'unjustified-absence');
  });
  it('no mark after the day ended is an unjustified absence, flagged unmarked', () => {
    assert.deepEqual(dayOutcome(base), { outcome: 'unjustified-absence', unmarked: true });
    assert.equal(out({ justified: true }), 'justified-absence');
  });
  it('no mark before the day ended has no outcome yet', () => {
    assert.equal(out({ dayEnded: false }), null);
    assert.equal(out({ dayEnded: false, mark: present }), 'present');
    assert.equal(out({ dayEnded: false, justified: true }), 'justified-absence');
  });
  it('a mark cleared (state null) counts as no mark', () => {
    assert.deepEqual(dayOutcome({ ...base, mark: { state: null, unbooked: false } }), {
      outcome: 'unjustified-absence',
      unmarked: true,
    });
  });
  it('a cancellation request keeps the booking until staff accept it', () => {
    assert.equal(
      out({ booking: { status: 'cancel-requested', lateCancellation: true } }),
      'unjustified-absence',
    );
    assert.equal(
      out({ booking: { status: 'cancel-requested', lateCancellation: true }, mark: present }),
      'present',
    );
  });
  it('a late cancellation is billed as such, unless justified or the child came anyway', () => {
    const late = { status: 'cancelled', lateCancellation: true };
    assert.equal(out({ booking: late }), 'late-cancellation');
    assert.equal(out({ booking: late, dayEnded: false }), 'late-cancellation');
    assert.equal(out({ booking: late, justified: true }), 'justified-absence');
    assert.equal(
      out({ booking: late, mark: { state: 'present', unbooked: true } }),
      'present-without-booking',
    );
    assert.equal(out({ booking: late, mark: absent }), 'late-cancellation');
  });
  it('a cancellation in time has no outcome', () => {
    assert.equal(out({ booking: { status: 'cancelled', lateCancellation: false } }), null);
    assert.equal(out({ booking: { status: 'cancelled', lateCancellation: false }, justified: true }), null);
  });
  it('present without a booking (none, refused, waiting, requested) is present without booking', () => {
    const walkIn = { state: 'present' as const, unbooked: true };
    assert.equal(out({ booking: null, mark: walkIn }), 'present-without-booking');
    for (const status of ['refused', 'waiting', 'requested'])
      assert.equal(
        out({ booking: { status, lateCancellation: false }, mark: walkIn }),
        'present-without-booking',
      );
  });
  it('no booking and no presence has no outcome (a walk-in marked absent or cleared included)', () => {
    assert.equal(out({ booking: null }), null);
    assert.equal(out({ booking: null, mark: { state: 'absent', unbooked: true } }), null);
    assert.equal(out({ booking: null, justified: true }), null);
    assert.equal(out({ booking: { status: 'waiting', lateCancellation: false } }), null);
  });
});

describe('decidingBooking', () => {
  const row = (status: string, late: boolean, at: string) => ({
    status,
    lateCancellation: late,
    updatedAt: new Date(at),
  });
  it('prefers the live booking over older cancelled rows', () => {
    const live = row('confirmed', false, '2026-11-01T00:00:00Z');
    assert.equal(decidingBooking([row('cancelled', true, '2026-11-02T00:00:00Z'), live]), live);
  });
  it('else takes the latest cancelled row', () => {
    const latest = row('cancelled', false, '2026-11-03T00:00:00Z');
    assert.equal(decidingBooking([row('cancelled', true, '2026-11-02T00:00:00Z'), latest]), latest);
    assert.equal(decidingBooking([row('refused', false, '2026-11-02T00:00:00Z')]), null);
    assert.equal(decidingBooking([]), null);
  });
});
