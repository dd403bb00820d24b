import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CELL_LEGEND, CELL_STATES, type CellInput, cellState } from './cell-state';
import { zonedInstant } from './days';
import type { BookingPolicy, BookingStatus, DayRule } from './types';

// Wednesday 25 March 2026 (the Sunday after is the spring DST change in Paris).
const rule: DayRule = {
  open: true,
  bookUntil: zonedInstant('2026-03-23', '10:00', 'Europe/Paris'), // Monday 10:00
  cancelUntil: zonedInstant('2026-03-24', '10:00', 'Europe/Paris'), // Tuesday 10:00
  startsAt: zonedInstant('2026-03-25', '08:30', 'Europe/Paris'),
};
const strict: BookingPolicy = { lateBooking: 'refuse', lateCancellation: 'refuse', waitingList: true };
const lenient: BookingPolicy = { lateBooking: 'request', lateCancellation: 'request', waitingList: true };

const ms = (d: Date, delta: number) => new Date(d.getTime() + delta);
const early = new Date('2026-03-20T12:00:00Z');

function cell(over: Partial<CellInput>) {
  return cellState({
    now: early,
    inPeriod: true,
    rule,
    booking: null,
    remaining: 5,
    policy: strict,
    ...over,
  });
}

describe('cellState', () => {
  test('an empty cell with places before the deadline is bookable and a tap books it', () => {
    const v = cell({});
    assert.equal(v.state, 'bookable');
    assert.equal(v.label, 'Réservable');
    assert.deepEqual(v.tap, { kind: 'book', op: 'add', label: 'Réserver' });
    assert.equal(v.deadline, rule.bookUntil);
  });

  test('closed wins over everything: outside the period, no rule, unit closed', () => {
    for (const over of [
      { inPeriod: false },
      { rule: null },
      { rule: { ...rule, open: false } },
      { rule: { ...rule, open: false }, booking: { status: 'confirmed' as const } },
      { inPeriod: false, booking: { status: 'waiting' as const, waitingRank: 1 } },
    ]) {
      const v = cell(over);
      assert.equal(v.state, 'closed');
      assert.equal(v.tap.op, null);
      assert.equal(v.tap.kind, 'none');
      assert.equal(v.label, 'Fermé');
    }
  });

  test('booking deadline is exclusive: 1 ms before is on time, the instant itself is late', () => {
    assert.equal(cell({ now: ms(rule.bookUntil, -1) }).state, 'bookable');
    assert.equal(cell({ now: rule.bookUntil }).state, 'past-deadline');
    assert.equal(cell({ now: rule.bookUntil }).tap.kind, 'none');
    assert.equal(cell({ now: ms(rule.bookUntil, 1) }).state, 'past-deadline');
  });

  test('late booking becomes a request under the request policy, until the unit starts', () => {
    const v = cell({ now: rule.bookUntil, policy: lenient });
    assert.equal(v.state, 'past-deadline');
    assert.deepEqual(v.tap, { kind: 'request', op: 'add', label: 'Faire une demande hors délai' });
    assert.equal(v.deadline, rule.startsAt);
    assert.equal(cell({ now: ms(rule.startsAt, -1), policy: lenient }).tap.kind, 'request');
    assert.equal(cell({ now: rule.startsAt, policy: lenient }).tap.kind, 'none');
  });

  test('no place left: full, join the waiting list (or nothing when the tenant has none)', () => {
    for (const remaining of [0, -1]) {
      const v = cell({ remaining });
      assert.equal(v.state, 'full');
      assert.equal(v.label, "Complet (liste d'attente)");
      assert.deepEqual([v.tap.kind, v.tap.op], ['join-waiting-list', 'add']);
    }
    const none = cell({ remaining: 0, policy: { ...strict, waitingList: false } });
    assert.deepEqual([none.state, none.tap.kind, none.tap.op], ['full', 'none', null]);
  });

  test('the last place is still bookable; no capacity limit is always bookable', () => {
    assert.equal(cell({ remaining: 1 }).state, 'bookable');
    assert.equal(cell({ remaining: null }).state, 'bookable');
  });

  test('past the deadline wins over full (the family can no longer join the list)', () => {
    assert.equal(cell({ remaining: 0, now: rule.bookUntil }).state, 'past-deadline');
    // Under the request policy the late tap is a request, not a waiting-list entry.
    assert.equal(cell({ remaining: 0, now: rule.bookUntil, policy: lenient }).tap.kind, 'request');
  });

  test('a confirmed booking is unbookable until the cancellation deadline (exclusive)', () => {
    const booking = { status: 'confirmed' as const };
    // Booking deadline passed but the cancellation one not yet: still cancellable.
    const v = cell({ booking, now: rule.bookUntil });
    assert.equal(v.state, 'booked');
    assert.deepEqual(v.tap, { kind: 'unbook', op: 'cancel', label: 'Annuler la réservation' });
    assert.equal(v.deadline, rule.cancelUntil);
    assert.equal(cell({ booking, now: ms(rule.cancelUntil, -1) }).tap.kind, 'unbook');
    const late = cell({ booking, now: rule.cancelUntil });
    assert.deepEqual([late.state, late.tap.kind, late.tap.op], ['booked', 'none', null]);
    const req = cell({ booking, now: rule.cancelUntil, policy: lenient });
    assert.deepEqual([req.state, req.tap.kind, req.tap.op], ['booked', 'request', 'cancel']);
    assert.equal(cell({ booking, now: rule.startsAt, policy: lenient }).tap.kind, 'none');
  });

  test('a confirmed booking on a full unit still reads booked', () => {
    assert.equal(cell({ booking: { status: 'confirmed' }, remaining: 0 }).state, 'booked');
  });

  test('a pending request can be withdrawn until the unit starts, whatever the deadlines', () => {
    const booking = { status: 'requested' as const };
    for (const now of [early, rule.bookUntil, rule.cancelUntil, ms(rule.startsAt, -1)]) {
      const v = cell({ booking, now });
      assert.equal(v.state, 'requested');
      assert.deepEqual([v.tap.kind, v.tap.op], ['withdraw', 'cancel']);
    }
    assert.equal(cell({ booking, now: rule.startsAt }).tap.kind, 'none');
  });

  test('a cancellation request is left to staff: no tap', () => {
    const v = cell({ booking: { status: 'cancel-requested' }, policy: lenient });
    assert.deepEqual(
      [v.state, v.label, v.tap.kind, v.tap.op],
      ['cancel-requested', 'Annulation demandée', 'none', null],
    );
  });

  test('waiting list: full with its rank, withdrawable until the unit starts', () => {
    const v = cell({ booking: { status: 'waiting', waitingRank: 3 }, remaining: 0 });
    assert.equal(v.state, 'full');
    assert.equal(v.waitingRank, 3);
    assert.equal(v.label, "Liste d'attente, rang 3");
    assert.deepEqual([v.tap.kind, v.tap.op], ['withdraw', 'cancel']);
    // Even when places are free again (promotion pending), the cell shows the waiting entry.
    assert.equal(cell({ booking: { status: 'waiting', waitingRank: 1 }, remaining: 2 }).state, 'full');
    const after = cell({ booking: { status: 'waiting', waitingRank: 3 }, now: rule.startsAt });
    assert.deepEqual([after.state, after.tap.kind], ['full', 'none']);
  });

  test('a refusal stays visible and the tap offers a new attempt under the usual rules', () => {
    const booking = { status: 'refused' as const };
    assert.deepEqual([cell({ booking }).state, cell({ booking }).tap.kind], ['refused', 'book']);
    assert.equal(cell({ booking, remaining: 0 }).tap.kind, 'join-waiting-list');
    assert.equal(cell({ booking, now: rule.bookUntil }).tap.kind, 'none');
    assert.equal(cell({ booking, now: rule.bookUntil, policy: lenient }).tap.kind, 'request');
    assert.equal(cell({ booking, now: rule.bookUntil }).state, 'refused');
  });

  test('after the unit has started nothing can be changed, for every status', () => {
    const statuses: (BookingStatus | null)[] = [
      null,
      'confirmed',
      'requested',
      'cancel-requested',
      'refused',
      'waiting',
    ];
    for (const status of statuses) {
      for (const policy of [strict, lenient]) {
        const v = cell({ booking: status ? { status, waitingRank: 1 } : null, now: rule.startsAt, policy });
        assert.equal(v.tap.op, null, `${status} ${policy.lateBooking}`);
        assert.equal(v.deadline, null);
      }
    }
  });

  test('exhaustive sweep: every output is consistent (state known, op iff tap, deadline iff op)', () => {
    const statuses: (BookingStatus | null)[] = [
      null,
      'confirmed',
      'requested',
      'cancel-requested',
      'refused',
      'waiting',
    ];
    const instants = [
      early,
      ms(rule.bookUntil, -1),
      rule.bookUntil,
      rule.cancelUntil,
      ms(rule.startsAt, -1),
      rule.startsAt,
    ];
    let n = 0;
    for (const status of statuses)
      for (const now of instants)
        for (const remaining of [null, 0, 1])
          for (const policy of [strict, lenient, { ...strict, waitingList: false }])
            for (const open of [true, false]) {
              const v = cell({
                booking: status ? { status, waitingRank: 2 } : null,
                now,
                remaining,
                policy,
                rule: { ...rule, open },
              });
              n++;
              assert.ok(CELL_STATES.includes(v.state));
              assert.equal(v.tap.op === null, v.tap.kind === 'none');
              assert.equal(v.deadline === null, v.tap.op === null);
              if (v.deadline)
                assert.ok(now.getTime() < v.deadline.getTime(), 'a tap is offered only before its deadline');
              if (!open) assert.equal(v.state, 'closed');
              if (v.tap.op === 'add') assert.ok(status === null || status === 'refused');
              if (v.tap.op === 'cancel')
                assert.ok(status === 'confirmed' || status === 'requested' || status === 'waiting');
            }
    assert.equal(n, 6 * 6 * 3 * 3 * 2);
  });

  test('the legend lists every state once, in French', () => {
    assert.deepEqual(CELL_LEGEND.map((l) => l.state).sort(), [...CELL_STATES].sort());
    for (const l of CELL_LEGEND) assert.ok(l.label.length > 0 && l.description.length > 0);
  });

  test('deadlines computed across the DST change keep their wall-clock meaning', () => {
    // Booking until Saturday 28 March 10:00 (UTC+1), unit on Monday 30 March 08:30 (UTC+2).
    const r: DayRule = {
      open: true,
      bookUntil: zonedInstant('2026-03-28', '10:00', 'Europe/Paris'),
      cancelUntil: zonedInstant('2026-03-28', '10:00', 'Europe/Paris'),
      startsAt: zonedInstant('2026-03-30', '08:30', 'Europe/Paris'),
    };
    assert.equal(r.bookUntil.toISOString(), '2026-03-28T09:00:00.000Z');
    assert.equal(r.startsAt.toISOString(), '2026-03-30T06:30:00.000Z');
    assert.equal(cell({ rule: r, now: new Date('2026-03-28T08:59:59.999Z') }).state, 'bookable');
    assert.equal(cell({ rule: r, now: new Date('2026-03-28T09:00:00.000Z') }).state, 'past-deadline');
  });
});
