import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  type AllocationInput,
  allocateRequestWindow,
  capacityKey,
  type WindowHousehold,
  type WindowWish,
} from './allocate-request-window';
import { mondayOf } from './days';

const SEED = '6a09e667f3bcc908b2fae94fe1d3c8a1';
const J = 'u-journee';
const hh = (householdId: string, over: Partial<WindowHousehold> = {}): WindowHousehold => ({
  householdId,
  resident: false,
  workingParents: false,
  siblingPlaced: false,
  ...over,
});
let n = 0;
const wish = (householdId: string, childId: string, day: string, unitId = J): WindowWish => ({
  id: `w${String(++n).padStart(4, '0')}`,
  householdId,
  childId,
  day,
  unitId,
});
const statusOf = (r: ReturnType<typeof allocateRequestWindow>, ws: WindowWish[]) =>
  ws.map((w) => r.results.find((x) => x.wishId === w.id)!.status);

describe('request window allocation: examples', () => {
  test('priority criteria first (in the tenant order), then the draw; overflow waits in that order', () => {
    const ws = [
      wish('h-a', 'c-a', '2026-07-06'),
      wish('h-b', 'c-b', '2026-07-06'),
      wish('h-c', 'c-c', '2026-07-06'),
      wish('h-d', 'c-d', '2026-07-06'),
    ];
    const input: AllocationInput = {
      seed: SEED,
      criteria: ['resident', 'working-parents'],
      mode: 'line',
      households: [
        hh('h-a', { resident: true }),
        hh('h-b'),
        hh('h-c', { resident: true, workingParents: true }),
        hh('h-d', { workingParents: true }),
      ],
      wishes: ws,
      capacity: { [capacityKey('2026-07-06', J)]: 2 },
    };
    const r = allocateRequestWindow(input);
    assert.deepEqual(
      r.order.map((o) => o.householdId),
      ['h-c', 'h-a', 'h-d', 'h-b'],
    );
    assert.deepEqual(statusOf(r, ws), ['allocated', 'waiting', 'allocated', 'waiting']);
    assert.deepEqual(
      r.results.map((x) => x.waitingSeq),
      [null, 2, null, 1],
    );
    assert.equal(r.remaining[capacityKey('2026-07-06', J)], 0);
    // Swapping the criteria order puts working parents first.
    const r2 = allocateRequestWindow({ ...input, criteria: ['working-parents', 'resident'] });
    assert.deepEqual(
      r2.order.map((o) => o.householdId),
      ['h-c', 'h-d', 'h-a', 'h-b'],
    );
    assert.deepEqual(r.order[0]!.criteria, {
      resident: true,
      'working-parents': true,
      'sibling-placed': false,
    });
  });

  test('the draw alone decides between equals, reproducibly from the stored seed', () => {
    const households = Array.from({ length: 8 }, (_, i) => hh(`h${i}`));
    const ws = households.map((h) => wish(h.householdId, `c-${h.householdId}`, '2026-07-08'));
    const input: AllocationInput = {
      seed: SEED,
      criteria: ['resident'],
      households,
      wishes: ws,
      capacity: { [capacityKey('2026-07-08', J)]: 3 },
    };
    const a = allocateRequestWindow(input);
    assert.deepEqual(allocateRequestWindow(input), a);
    assert.deepEqual(
      allocateRequestWindow({ ...input, households: [...households].reverse(), wishes: [...ws].reverse() }),
      a,
    );
    assert.deepEqual(
      a.order.map((o) => o.draw),
      a.order.map((_, i) => i + 1),
    );
    const orders = new Set(
      ['1', '2', '3', '4', '5'].map((d) =>
        allocateRequestWindow({ ...input, seed: d.padStart(32, '0') })
          .order.map((o) => o.householdId)
          .join(),
      ),
    );
    assert.ok(orders.size > 1, 'different seeds give different draws');
  });

  test('child-week mode is all-or-nothing per child and week; line mode serves days independently', () => {
    const days = ['2026-07-06', '2026-07-07', '2026-07-08', '2026-07-09', '2026-07-10'];
    const high = days.map((d) => wish('h-high', 'c-high', d));
    const low = wish('h-low', 'c-low', '2026-07-06');
    const capacity = Object.fromEntries(days.map((d) => [capacityKey(d, J), d === '2026-07-08' ? 0 : 1]));
    const input: AllocationInput = {
      seed: SEED,
      criteria: ['resident'],
      households: [hh('h-high', { resident: true }), hh('h-low')],
      wishes: [...high, low],
      capacity,
    };
    const week = allocateRequestWindow(input);
    assert.deepEqual(statusOf(week, high), ['waiting', 'waiting', 'waiting', 'waiting', 'waiting']);
    assert.deepEqual(statusOf(week, [low]), ['allocated']);
    const line = allocateRequestWindow({ ...input, mode: 'line' });
    assert.deepEqual(statusOf(line, high), ['allocated', 'allocated', 'waiting', 'allocated', 'allocated']);
    assert.deepEqual(statusOf(line, [low]), ['waiting']);
  });

  test('weeks are independent: a full week does not cost the next one', () => {
    const w1 = [wish('h1', 'c1', '2026-07-06'), wish('h1', 'c1', '2026-07-07')];
    const w2 = [wish('h1', 'c1', '2026-07-13')];
    const r = allocateRequestWindow({
      seed: SEED,
      criteria: [],
      households: [hh('h1')],
      wishes: [...w1, ...w2],
      capacity: { [capacityKey('2026-07-06', J)]: 1, [capacityKey('2026-07-13', J)]: 1 },
    });
    assert.deepEqual(statusOf(r, [...w1, ...w2]), ['waiting', 'waiting', 'allocated']);
    assert.equal(r.remaining[capacityKey('2026-07-06', J)], 1);
  });

  test('siblings are served together in child id order; duplicates and unknown households are ignored', () => {
    const ws = [
      wish('h1', 'c-b', '2026-07-06'),
      wish('h1', 'c-a', '2026-07-06'),
      wish('h1', 'c-a', '2026-07-06'), // duplicate of the previous one
      wish('h-unknown', 'c-x', '2026-07-06'),
      wish('h2', 'c-z', '2026-07-06'),
    ];
    const r = allocateRequestWindow({
      seed: SEED,
      criteria: ['sibling-placed'],
      households: [hh('h1', { siblingPlaced: true }), hh('h2')],
      wishes: ws,
      capacity: { [capacityKey('2026-07-06', J)]: 1 },
    });
    assert.deepEqual(
      r.results.map((x) => [x.wishId, x.status, x.waitingSeq]),
      [
        [ws[0]!.id, 'waiting', 1],
        [ws[1]!.id, 'allocated', null],
        [ws[4]!.id, 'waiting', 2],
      ],
    );
  });

  test('capacity per group: each group has its own places', () => {
    const ws = [
      { ...wish('h1', 'c1', '2026-07-06'), group: 'maternelle' },
      { ...wish('h2', 'c2', '2026-07-06'), group: 'maternelle' },
      { ...wish('h3', 'c3', '2026-07-06'), group: 'elementaire' },
    ];
    const r = allocateRequestWindow({
      seed: SEED,
      criteria: ['resident'],
      households: [hh('h1', { resident: true }), hh('h2'), hh('h3')],
      wishes: ws,
      capacity: {
        [capacityKey('2026-07-06', J, 'maternelle')]: 1,
        [capacityKey('2026-07-06', J, 'elementaire')]: 1,
      },
    });
    assert.deepEqual(statusOf(r, ws), ['allocated', 'waiting', 'allocated']);
    assert.equal(capacityKey('2026-07-06', J), `2026-07-06|${J}`);
    assert.equal(capacityKey('2026-07-06', J, 'g'), `2026-07-06|${J}|g`);
  });

  test('no capacity known for a day × unit means no place; negative capacity is none', () => {
    const ws = [wish('h1', 'c1', '2026-07-06'), wish('h1', 'c1', '2026-07-15', 'u-x')];
    const r = allocateRequestWindow({
      seed: SEED,
      criteria: [],
      mode: 'line',
      households: [hh('h1')],
      wishes: ws,
      capacity: { [capacityKey('2026-07-06', J)]: -2 },
    });
    assert.deepEqual(statusOf(r, ws), ['waiting', 'waiting']);
    assert.equal(r.remaining[capacityKey('2026-07-06', J)], 0);
  });
});

describe('request window allocation: properties', () => {
  const days = ['2026-07-06', '2026-07-07', '2026-07-08', '2026-07-13', '2026-07-14'];
  const unitIds = [J, 'u-matin'];
  const arbInput = fc
    .record({
      seed: fc.stringMatching(/^[0-9a-f]{32}$/).filter((s) => !/^0+$/.test(s)),
      households: fc.array(
        fc.record({
          resident: fc.boolean(),
          workingParents: fc.boolean(),
          siblingPlaced: fc.boolean(),
          children: fc.integer({ min: 1, max: 3 }),
        }),
        { minLength: 1, maxLength: 12 },
      ),
      wishPicks: fc.array(
        fc.record({ h: fc.nat(), c: fc.nat(), d: fc.constantFrom(...days), u: fc.constantFrom(...unitIds) }),
        { maxLength: 60 },
      ),
      caps: fc.array(fc.integer({ min: -1, max: 4 }), {
        minLength: days.length * unitIds.length,
        maxLength: days.length * unitIds.length,
      }),
      criteria: fc.shuffledSubarray(['resident', 'working-parents', 'sibling-placed'] as const),
      mode: fc.constantFrom<'child-week' | 'line'>('child-week', 'line'),
    })
    .map((x): AllocationInput => {
      const households = x.households.map((h, i) => ({
        householdId: `h${String(i).padStart(2, '0')}`,
        resident: h.resident,
        workingParents: h.workingParents,
        siblingPlaced: h.siblingPlaced,
      }));
      const wishes = x.wishPicks.map((p, i) => {
        const h = p.h % households.length;
        const child = p.c % x.households[h]!.children;
        return {
          id: `w${String(i).padStart(3, '0')}`,
          householdId: households[h]!.householdId,
          childId: `c${h}-${child}`,
          day: p.d,
          unitId: p.u,
        };
      });
      const capacity: Record<string, number> = {};
      for (const [i, d] of days.entries())
        for (const [j, u] of unitIds.entries()) capacity[capacityKey(d, u)] = x.caps[i * unitIds.length + j]!;
      return { seed: x.seed, criteria: [...x.criteria], mode: x.mode, households, wishes, capacity };
    });

  test('never over capacity, one answer per distinct wish, deterministic, priority respected', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const r = allocateRequestWindow(input);
        // Deterministic, and independent of the order of the input arrays.
        assert.deepEqual(allocateRequestWindow(input), r);
        assert.deepEqual(
          allocateRequestWindow({
            ...input,
            households: [...input.households].reverse(),
            wishes: [...input.wishes].reverse(),
          }),
          r,
        );
        const wishById = new Map(input.wishes.map((w) => [w.id, w]));
        const rank = new Map(r.order.map((o) => [o.householdId, o.rank]));
        const allocatedIn = new Map<string, WindowWish[]>();
        for (const x of r.results) {
          const w = wishById.get(x.wishId)!;
          if (x.status === 'allocated') {
            const k = capacityKey(w.day, w.unitId);
            allocatedIn.set(k, [...(allocatedIn.get(k) ?? []), w]);
          }
        }
        // Capacity: never exceeded; remaining = capacity − allocated.
        for (const [k, cap] of Object.entries(input.capacity)) {
          const used = allocatedIn.get(k)?.length ?? 0;
          assert.ok(used <= Math.max(0, cap), `over capacity on ${k}`);
          assert.equal(r.remaining[k], Math.max(0, cap) - used);
        }
        // One answer per distinct child × day × unit.
        const distinct = new Set(input.wishes.map((w) => `${w.childId}|${w.day}|${w.unitId}`));
        assert.equal(r.results.length, distinct.size);
        // Households are ordered by their criteria, in the tenant's order.
        const keyOf = (h: WindowHousehold) =>
          input.criteria
            .map((c) =>
              (c === 'resident' ? h.resident : c === 'working-parents' ? h.workingParents : h.siblingPlaced)
                ? 0
                : 1,
            )
            .join('');
        const hs = new Map(input.households.map((h) => [h.householdId, h]));
        for (let i = 1; i < r.order.length; i++)
          assert.ok(keyOf(hs.get(r.order[i - 1]!.householdId)!) <= keyOf(hs.get(r.order[i]!.householdId)!));
        // Priority: a waiting wish lost its place only to households ranked at least as high.
        for (const x of r.results) {
          if (x.status !== 'waiting') continue;
          const w = wishById.get(x.wishId)!;
          const mine = rank.get(w.householdId)!;
          const cells =
            input.mode === 'line'
              ? [w]
              : r.results
                  .map((y) => wishById.get(y.wishId)!)
                  .filter((y) => y.childId === w.childId && mondayOf(y.day) === mondayOf(w.day));
          const blocked = cells.some((c) => {
            const k = capacityKey(c.day, c.unitId);
            const holders = allocatedIn.get(k) ?? [];
            return (
              holders.length === Math.max(0, input.capacity[k] ?? 0) &&
              holders.every((h) => rank.get(h.householdId)! <= mine)
            );
          });
          assert.ok(blocked, `wish ${w.id} waits although a lower-ranked household holds its place`);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
