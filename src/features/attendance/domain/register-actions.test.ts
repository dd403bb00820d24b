import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type ActionFacts,
  applyAction,
  clampClientTime,
  EMPTY_MARK,
  type MarkFields,
  registerCounts,
} from './register-actions';

const facts: ActionFacts = {
  booked: true,
  enrolled: true,
  registerDay: '2026-11-25',
  today: '2026-11-25',
  tapDay: '2026-11-25',
};
const at = (hm: string) => new Date(`2026-11-25T${hm}:00Z`);
function ok(r: ReturnType<typeof applyAction>): MarkFields {
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.mark;
}
const reason = (r: ReturnType<typeof applyAction>) => (r.ok ? 'applied' : r.reason);

describe('applyAction', () => {
  it('checks in with the tap time, then out', () => {
    const m1 = ok(applyAction(null, { kind: 'check-in', at: at('07:40') }, facts));
    assert.equal(m1.state, 'present');
    assert.deepEqual(m1.arrivedAt, at('07:40'));
    const m2 = ok(applyAction(m1, { kind: 'check-out', at: at('16:10') }, facts));
    assert.deepEqual(m2.leftAt, at('16:10'));
    assert.deepEqual(m2.arrivedAt, at('07:40'));
  });
  it('keeps the first arrival time when "arrived" is tapped twice', () => {
    const m1 = ok(applyAction(null, { kind: 'check-in', at: at('07:40') }, facts));
    const m2 = ok(applyAction(m1, { kind: 'check-in', at: at('07:45') }, facts));
    assert.deepEqual(m2.arrivedAt, at('07:40'));
  });
  it('refuses a check-out before any arrival', () => {
    assert.equal(reason(applyAction(null, { kind: 'check-out', at: at('16:00') }, facts)), 'not-arrived');
  });
  it('marks absent and clears the arrival; a later check-in wins again', () => {
    const m1 = ok(applyAction(null, { kind: 'check-in', at: at('07:40') }, facts));
    const m2 = ok(applyAction(m1, { kind: 'absent', at: at('08:00') }, facts));
    assert.equal(m2.state, 'absent');
    assert.equal(m2.arrivedAt, null);
    const m3 = ok(applyAction(m2, { kind: 'check-in', at: at('09:00') }, facts));
    assert.equal(m3.state, 'present');
  });
  it('answers superseded to a state action older than the last applied (offline tablet syncing late)', () => {
    const m1 = ok(applyAction(null, { kind: 'check-in', at: at('09:00') }, facts));
    assert.equal(reason(applyAction(m1, { kind: 'absent', at: at('08:30') }, facts)), 'superseded');
    // Notes are ordered on their own.
    const m2 = ok(applyAction(m1, { kind: 'note', at: at('08:30'), note: ' Doudou ' }, facts));
    assert.equal(m2.note, 'Doudou');
    assert.equal(reason(applyAction(m2, { kind: 'note', at: at('08:00'), note: 'x' }, facts)), 'superseded');
  });
  it('refuses a child without booking unless added as a walk-in of an enrolled child', () => {
    const free = { ...facts, booked: false };
    assert.equal(reason(applyAction(null, { kind: 'check-in', at: at('08:00') }, free)), 'not-booked');
    assert.equal(reason(applyAction(null, { kind: 'absent', at: at('08:00') }, free)), 'not-booked');
    assert.equal(
      reason(applyAction(null, { kind: 'walk-in', at: at('08:00') }, { ...free, enrolled: false })),
      'not-enrolled',
    );
    assert.equal(reason(applyAction(null, { kind: 'walk-in', at: at('08:00') }, facts)), 'already-booked');
    const m = ok(applyAction(null, { kind: 'walk-in', at: at('08:00') }, free));
    assert.equal(m.unbooked, true);
    assert.equal(m.state, 'present');
    // Once on the register, the walk-in is checked out like the others, and can be removed.
    const out = ok(applyAction(m, { kind: 'check-out', at: at('12:00') }, free));
    assert.deepEqual(out.leftAt, at('12:00'));
    const cleared = ok(applyAction(out, { kind: 'clear', at: at('12:01') }, free));
    assert.equal(cleared.unbooked, false);
    assert.equal(cleared.state, null);
  });
  it('refuses every action on a future day', () => {
    const future = { ...facts, registerDay: '2026-11-26' };
    for (const kind of ['check-in', 'absent', 'note', 'walk-in'] as const)
      assert.equal(reason(applyAction(null, { kind, at: at('08:00') }, future)), 'future-day');
  });
  it('records no time for a correction made on a later day', () => {
    const later = { ...facts, registerDay: '2026-11-24' };
    const m = ok(applyAction(null, { kind: 'check-in', at: at('08:00') }, later));
    assert.equal(m.state, 'present');
    assert.equal(m.arrivedAt, null);
    const m2 = ok(applyAction(m, { kind: 'check-out', at: at('08:01') }, later));
    assert.equal(m2.leftAt, null);
  });
  it('never records a departure before the arrival (clock skew between tablets)', () => {
    const m1 = ok(applyAction(null, { kind: 'check-in', at: at('10:00') }, facts));
    const m2 = ok(
      applyAction({ ...m1, stateAt: at('09:00') }, { kind: 'check-out', at: at('09:30') }, facts),
    );
    assert.deepEqual(m2.leftAt, at('10:00'));
  });
  it('clamps a client time ahead of the server', () => {
    assert.deepEqual(clampClientTime(at('12:00'), at('11:00')), at('11:00'));
    assert.deepEqual(clampClientTime(at('10:00'), at('11:00')), at('10:00'));
  });
});

describe('registerCounts', () => {
  it('counts expected, present, absent, not yet marked, walk-ins and departures', () => {
    const m = (state: 'present' | 'absent' | null, extra: Partial<MarkFields> = {}) => ({
      ...EMPTY_MARK,
      state,
      ...extra,
    });
    const c = registerCounts([
      { booked: true, mark: m('present') },
      { booked: true, mark: m('present', { leftAt: at('16:00') }) },
      { booked: true, mark: m('absent') },
      { booked: true, mark: null },
      { booked: true, mark: m(null, { note: 'x' }) },
      { booked: false, mark: m('present', { unbooked: true }) },
      { booked: false, mark: m(null) },
    ]);
    assert.deepEqual(c, { expected: 5, present: 3, absent: 1, unmarked: 2, unbooked: 1, left: 1 });
  });
});
