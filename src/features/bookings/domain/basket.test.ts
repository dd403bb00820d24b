import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  BASKET_MAX_LINES,
  type Basket,
  type BasketLine,
  basketOf,
  bulk,
  clearRange,
  daysOnWeekdays,
  emptyBasket,
  type PlanningCell,
  pendingOp,
  removeLine,
  reviewBasket,
  sameForSiblings,
  setLine,
  toggle,
} from './basket';
import { cellState } from './cell-state';
import { addDays, eachDay, weekdayOf, zonedInstant } from './days';
import type { BookingPolicy, BookingStatus, DayRule, UnitRef } from './types';

const TZ = 'Europe/Paris';
const policy: BookingPolicy = { lateBooking: 'request', lateCancellation: 'refuse', waitingList: true };
const units: UnitRef[] = [
  { id: 'u-journee', name: 'Journée', order: 1, incompatibleWith: ['u-matin'], requires: [] },
  { id: 'u-matin', name: 'Matin', order: 2, incompatibleWith: ['u-journee'], requires: [] },
  { id: 'u-repas', name: 'Repas', order: 3, incompatibleWith: [], requires: ['u-matin'] },
];
const now = new Date('2026-03-09T10:00:00Z'); // Monday 9 March 2026, 11:00 in Paris

/** Wednesdays open; booking until the Monday before 10:00, cancelling until the Tuesday before 10:00. */
function ruleFor(day: string): DayRule {
  return {
    open: weekdayOf(day) === 3,
    bookUntil: zonedInstant(addDays(day, -2), '10:00', TZ),
    cancelUntil: zonedInstant(addDays(day, -1), '10:00', TZ),
    startsAt: zonedInstant(day, '08:30', TZ),
  };
}

function planning(
  childId: string,
  opts: { booked?: Record<string, BookingStatus>; full?: string[]; from?: string; to?: string } = {},
): PlanningCell[] {
  const cells: PlanningCell[] = [];
  for (const day of eachDay(opts.from ?? '2026-03-02', opts.to ?? '2026-03-31'))
    for (const u of units) {
      const rule = ruleFor(day);
      const status = opts.booked?.[`${day}|${u.id}`];
      const view = cellState({
        now,
        inPeriod: true,
        rule,
        booking: status ? { status, waitingRank: 1 } : null,
        remaining: opts.full?.includes(`${day}|${u.id}`) ? 0 : 10,
        policy,
      });
      cells.push({ childId, day, unitId: u.id, rule, view });
    }
  return cells;
}

const L = (childId: string, day: string, unitId: string, op: 'add' | 'cancel' = 'add'): BasketLine => ({
  childId,
  day,
  unitId,
  op,
});

describe('basket: toggling and canonical order', () => {
  test('toggling twice cancels out, whatever the op of the second tap', () => {
    const a = toggle(emptyBasket, L('lou', '2026-03-11', 'u-journee'));
    assert.equal(a.lines.length, 1);
    assert.deepEqual(toggle(a, L('lou', '2026-03-11', 'u-journee')), emptyBasket);
    assert.deepEqual(toggle(a, L('lou', '2026-03-11', 'u-journee', 'cancel')), emptyBasket);
  });

  test('lines are kept in canonical order (child, day, unit) whatever the order of taps', () => {
    const lines = [
      L('tom', '2026-03-11', 'u-matin'),
      L('lou', '2026-03-18', 'u-journee'),
      L('lou', '2026-03-11', 'u-repas'),
      L('lou', '2026-03-11', 'u-matin'),
    ];
    const b1 = lines.reduce(toggle, emptyBasket);
    const b2 = [...lines].reverse().reduce(toggle, emptyBasket);
    assert.deepEqual(b1, b2);
    assert.deepEqual(
      b1.lines.map((l) => `${l.childId} ${l.day} ${l.unitId}`),
      [
        'lou 2026-03-11 u-matin',
        'lou 2026-03-11 u-repas',
        'lou 2026-03-18 u-journee',
        'tom 2026-03-11 u-matin',
      ],
    );
  });

  test('property: the basket equals the set of cells tapped an odd number of times', () => {
    const tap = fc.record({
      childId: fc.constantFrom('a', 'b'),
      day: fc.constantFrom('2026-03-04', '2026-03-11', '2026-03-18'),
      unitId: fc.constantFrom('u1', 'u2'),
      op: fc.constantFrom<'add' | 'cancel'>('add', 'cancel'),
    });
    fc.assert(
      fc.property(fc.array(tap, { maxLength: 40 }), (taps) => {
        const b = taps.reduce(toggle, emptyBasket);
        const counts = new Map<string, number>();
        for (const t of taps) {
          const k = `${t.childId}|${t.day}|${t.unitId}`;
          counts.set(k, (counts.get(k) ?? 0) + 1);
        }
        const odd = [...counts].filter(([, n]) => n % 2 === 1).map(([k]) => k);
        assert.deepEqual(b.lines.map((l) => `${l.childId}|${l.day}|${l.unitId}`).sort(), odd.sort());
        assert.deepEqual(basketOf(b.lines), b);
      }),
      { numRuns: 300 },
    );
  });

  test('setLine replaces, removeLine removes, pendingOp reads, basketOf deduplicates', () => {
    let b: Basket = setLine(emptyBasket, L('lou', '2026-03-11', 'u-matin'));
    b = setLine(b, L('lou', '2026-03-11', 'u-matin', 'cancel'));
    assert.equal(b.lines.length, 1);
    assert.equal(pendingOp(b, { childId: 'lou', day: '2026-03-11', unitId: 'u-matin' }), 'cancel');
    assert.equal(pendingOp(b, { childId: 'lou', day: '2026-03-18', unitId: 'u-matin' }), null);
    assert.deepEqual(removeLine(b, { childId: 'lou', day: '2026-03-11', unitId: 'u-matin' }), emptyBasket);
    assert.deepEqual(
      basketOf([L('lou', '2026-03-11', 'u-matin'), L('lou', '2026-03-11', 'u-matin', 'cancel')]).lines,
      [L('lou', '2026-03-11', 'u-matin', 'cancel')],
    );
    assert.ok(BASKET_MAX_LINES >= 180 * 4 * 3);
  });
});

describe('basket: bulk operations', () => {
  const lou = planning('lou');

  test('every open day of the period: only open, bookable days, in the chosen unit', () => {
    const r = bulk(
      emptyBasket,
      lou,
      { childId: 'lou', from: '2026-03-02', to: '2026-03-31', units: ['u-journee'] },
      'add',
    );
    // 4 March is over; 11 March is past its deadline (Monday 9 March 10:00) → a late request under this
    // policy; 18 and 25 are bookable.
    assert.deepEqual(
      r.basket.lines.map((l) => l.day),
      ['2026-03-11', '2026-03-18', '2026-03-25'],
    );
    assert.ok(r.basket.lines.every((l) => l.op === 'add' && l.unitId === 'u-journee'));
    assert.equal(r.changed.length, 3);
    const eleventh = lou.find((c) => c.day === '2026-03-11' && c.unitId === 'u-journee')!;
    assert.equal(eleventh.view.tap.kind, 'request');
  });

  test('the days shown (a week) and repeating the same bulk changes nothing', () => {
    const sel = { childId: 'lou', from: '2026-03-16', to: '2026-03-22', units: ['u-matin', 'u-repas'] };
    const r1 = bulk(emptyBasket, lou, sel, 'add');
    assert.deepEqual(
      r1.basket.lines.map((l) => `${l.day} ${l.unitId}`),
      ['2026-03-18 u-matin', '2026-03-18 u-repas'],
    );
    const r2 = bulk(r1.basket, lou, sel, 'add');
    assert.deepEqual(r2.basket, r1.basket);
    assert.equal(r2.changed.length, 0);
  });

  test('typical week: weekday × unit pattern over the period skips closed days', () => {
    const r = bulk(
      emptyBasket,
      lou,
      {
        childId: 'lou',
        from: '2026-03-10',
        to: '2026-03-31',
        pattern: [
          { weekday: 3, unitId: 'u-matin' },
          { weekday: 3, unitId: 'u-repas' },
          { weekday: 4, unitId: 'u-matin' }, // Thursdays are closed
        ],
      },
      'add',
    );
    assert.equal(r.basket.lines.length, 6);
    assert.ok(r.basket.lines.every((l) => weekdayOf(l.day) === 3 && l.unitId !== 'u-journee'));
  });

  test('bulk add leaves booked cells alone, joins waiting lists unless skipFull', () => {
    const cells = planning('lou', {
      booked: { '2026-03-11|u-journee': 'confirmed' },
      full: ['2026-03-18|u-journee'],
    });
    const sel = { childId: 'lou', from: '2026-03-10', to: '2026-03-31', units: ['u-journee'] };
    assert.deepEqual(
      bulk(emptyBasket, cells, sel, 'add').basket.lines.map((l) => l.day),
      ['2026-03-18', '2026-03-25'],
    );
    assert.deepEqual(
      bulk(emptyBasket, cells, { ...sel, skipFull: true }, 'add').basket.lines.map((l) => l.day),
      ['2026-03-25'],
    );
  });

  test('bulk cancel touches only booked cells still cancellable', () => {
    const cells = planning('lou', {
      booked: {
        '2026-03-04|u-journee': 'confirmed', // past its cancellation deadline: refused policy → no tap
        '2026-03-11|u-journee': 'confirmed',
        '2026-03-18|u-journee': 'waiting',
      },
    });
    const r = bulk(emptyBasket, cells, { childId: 'lou', from: '2026-03-02', to: '2026-03-31' }, 'cancel');
    assert.deepEqual(
      r.basket.lines.map((l) => `${l.day} ${l.op}`),
      ['2026-03-11 cancel', '2026-03-18 cancel'],
    );
  });

  test('bulk ignores cells of other children', () => {
    const r = bulk(
      emptyBasket,
      planning('tom'),
      { childId: 'lou', from: '2026-03-02', to: '2026-03-31' },
      'add',
    );
    assert.equal(r.basket.lines.length, 0);
  });

  test('clearRange removes the lines of one child in a range and units', () => {
    let b = bulk(emptyBasket, lou, { childId: 'lou', from: '2026-03-02', to: '2026-03-31' }, 'add').basket;
    b = setLine(b, L('tom', '2026-03-11', 'u-matin'));
    const c = clearRange(b, { childId: 'lou', from: '2026-03-10', to: '2026-03-20', units: ['u-matin'] });
    assert.equal(b.lines.length - c.lines.length, 2);
    assert.ok(c.lines.some((l) => l.childId === 'tom'));
  });

  test('daysOnWeekdays lists the chosen weekdays of a range', () => {
    assert.deepEqual(daysOnWeekdays('2026-03-01', '2026-03-31', [3]), [
      '2026-03-04',
      '2026-03-11',
      '2026-03-18',
      '2026-03-25',
    ]);
    assert.deepEqual(daysOnWeekdays('2028-02-28', '2028-03-01', [2]), ['2028-02-29']);
  });
});

describe('basket: the same for siblings', () => {
  test('copies lines where the sibling can make the same change, reports the others', () => {
    let b = emptyBasket;
    b = setLine(b, L('lou', '2026-03-11', 'u-journee'));
    b = setLine(b, L('lou', '2026-03-18', 'u-journee'));
    b = setLine(b, L('lou', '2026-03-25', 'u-journee'));
    const tom = planning('tom', { booked: { '2026-03-18|u-journee': 'confirmed' }, to: '2026-03-20' });
    const r = sameForSiblings(b, 'lou', [{ childId: 'tom', cells: tom }]);
    assert.deepEqual(r.copied, [L('tom', '2026-03-11', 'u-journee')]);
    assert.deepEqual(
      r.skipped.map((s) => [s.line.day, s.reason]),
      [
        ['2026-03-18', 'Réservé : pas de changement possible'],
        ['2026-03-25', 'Pas inscrit à cette activité ce jour-là'],
      ],
    );
    assert.equal(r.basket.lines.length, 4);
    // Repeating it adds nothing.
    assert.equal(sameForSiblings(r.basket, 'lou', [{ childId: 'tom', cells: tom }]).copied.length, 0);
  });

  test('never copies a child onto itself', () => {
    const b = setLine(emptyBasket, L('lou', '2026-03-11', 'u-journee'));
    const r = sameForSiblings(b, 'lou', [{ childId: 'lou', cells: planning('lou') }]);
    assert.deepEqual(r.basket, b);
  });
});

describe('basket: review model', () => {
  test('groups per child (French order), additions and cancellations, with their deadlines', () => {
    const cells = [
      ...planning('lou', {
        booked: { '2026-03-18|u-matin': 'confirmed', '2026-03-25|u-matin': 'requested' },
      }),
      ...planning('elie'),
    ];
    let b = emptyBasket;
    b = setLine(b, L('lou', '2026-03-25', 'u-repas'));
    b = setLine(b, L('lou', '2026-03-11', 'u-matin'));
    b = setLine(b, L('lou', '2026-03-11', 'u-journee'));
    b = setLine(b, L('lou', '2026-03-04', 'u-journee')); // over: stale
    b = setLine(b, L('lou', '2026-03-18', 'u-matin', 'cancel'));
    b = setLine(b, L('lou', '2026-03-25', 'u-matin', 'cancel')); // withdrawing a request
    b = setLine(b, L('elie', '2026-03-11', 'u-journee'));
    b = setLine(b, L('elie', '2026-03-12', 'u-journee')); // closed day: stale
    const r = reviewBasket(b, {
      now,
      timeZone: TZ,
      children: [
        { id: 'lou', name: 'Lou' },
        { id: 'elie', name: 'Élie' },
      ],
      units,
      cells,
    });
    assert.deepEqual(
      r.children.map((c) => c.name),
      ['Élie', 'Lou'],
    );
    assert.equal(r.additions, 6);
    assert.equal(r.cancellations, 2);
    const lou = r.children[1]!;
    assert.deepEqual(
      lou.additions.map((l) => `${l.day} ${l.unitName}`),
      ['2026-03-04 Journée', '2026-03-11 Journée', '2026-03-11 Matin', '2026-03-25 Repas'],
    );
    const [over, late, , onTime] = lou.additions;
    assert.deepEqual([over!.stale, over!.kind, over!.late], [true, 'none', true]);
    assert.equal(late!.late, true);
    assert.equal(late!.stale, false);
    assert.equal(late!.kind, 'request');
    assert.equal(late!.deadlineLabel, 'lundi 9 mars 2026 à 10:00');
    assert.equal(onTime!.late, false);
    assert.equal(onTime!.kind, 'book');
    assert.equal(onTime!.deadlineLabel, 'lundi 23 mars 2026 à 10:00');
    assert.equal(onTime!.dayLabel, 'mercredi 25 mars 2026');
    assert.deepEqual(
      lou.cancellations.map((l) => [l.day, l.kind, l.deadlineLabel]),
      [
        ['2026-03-18', 'unbook', 'mardi 17 mars 2026 à 10:00'],
        ['2026-03-25', 'withdraw', null],
      ],
    );
    const elie = r.children[0]!;
    assert.deepEqual(
      elie.additions.map((l) => [l.day, l.stale]),
      [
        ['2026-03-11', false],
        ['2026-03-12', true],
      ],
    );
  });

  test('the review is identical whatever order the lines were added in', () => {
    const cells = planning('lou');
    const lines = [
      L('lou', '2026-03-25', 'u-repas'),
      L('lou', '2026-03-11', 'u-matin'),
      L('lou', '2026-03-18', 'u-matin'),
    ];
    const ctx = { now, timeZone: TZ, children: [{ id: 'lou', name: 'Lou' }], units, cells };
    assert.deepEqual(
      reviewBasket(lines.reduce(toggle, emptyBasket), ctx),
      reviewBasket([...lines].reverse().reduce(toggle, emptyBasket), ctx),
    );
  });
});
