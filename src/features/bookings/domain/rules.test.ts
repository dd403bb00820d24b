import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { BasketLine } from './basket';
import { zonedInstant } from './days';
import {
  type ExistingRow,
  processingOrder,
  type RulesInput,
  requirementFailure,
  unitDepths,
  validateBasket,
} from './rules';
import type { BookingStatus, DayRule, UnitRef } from './types';

const TZ = 'Europe/Paris';
const D = '2026-03-11'; // a Wednesday
const J = 'u-journee';
const M = 'u-matin';
const A = 'u-aprem';
const R = 'u-repas';
// Journée declares the incompatibilities; Matin and Après-midi do not (the relation is symmetric).
const units: UnitRef[] = [
  { id: J, name: 'Journée', order: 1, incompatibleWith: [M, A], requires: [] },
  { id: M, name: 'Matin', order: 2, incompatibleWith: [], requires: [] },
  { id: A, name: 'Après-midi', order: 3, incompatibleWith: [], requires: [] },
  { id: R, name: 'Repas', order: 4, incompatibleWith: [], requires: [M] },
];
const rule: DayRule = {
  open: true,
  bookUntil: zonedInstant('2026-03-09', '10:00', TZ),
  cancelUntil: zonedInstant('2026-03-10', '10:00', TZ),
  startsAt: zonedInstant(D, '08:30', TZ),
};
const early = new Date('2026-03-02T09:00:00Z');

const add = (unitId: string, day = D, childId = 'lou'): BasketLine => ({ childId, day, unitId, op: 'add' });
const cancel = (unitId: string, day = D, childId = 'lou'): BasketLine => ({
  childId,
  day,
  unitId,
  op: 'cancel',
});
const has = (unitId: string, status: BookingStatus, day = D, childId = 'lou'): ExistingRow => ({
  childId,
  day,
  unitId,
  status,
});

function run(lines: BasketLine[], existing: ExistingRow[] = [], over: Partial<RulesInput> = {}) {
  const decisions = validateBasket({
    now: early,
    timeZone: TZ,
    policy: { lateBooking: 'refuse', lateCancellation: 'refuse' },
    units,
    lines,
    existing,
    ruleOf: () => rule,
    ...over,
  });
  const byUnit = (u: string, day = D, childId = 'lou') =>
    decisions.find((d) => d.line.unitId === u && d.line.day === day && d.line.childId === childId)!;
  return { decisions, byUnit, out: (u: string) => byUnit(u).outcome };
}

describe('rules: one line against its day', () => {
  test('an on-time addition on an empty day is accepted', () => {
    const { byUnit } = run([add(J)]);
    assert.deepEqual(
      { ...byUnit(J), line: undefined },
      { line: undefined, key: `lou|${D}|${J}`, outcome: 'accept', code: null, reason: null, dependsOn: [] },
    );
  });

  test('unknown unit, no enrollment, closed day, started day are refused with French reasons', () => {
    assert.equal(run([add('u-x')]).byUnit('u-x').code, 'unknown-unit');
    const none = run([add(J)], [], { ruleOf: () => null }).byUnit(J);
    assert.deepEqual(
      [none.code, none.reason],
      ['not-enrolled', 'Pas d’inscription acceptée pour cette date'],
    );
    assert.equal(
      run([add(J)], [], { ruleOf: () => ({ ...rule, open: false }) }).byUnit(J).reason,
      'Pas d’accueil ce jour-là',
    );
    const started = run([add(J), cancel(M)], [has(M, 'waiting')], { now: rule.startsAt });
    assert.equal(started.byUnit(J).code, 'started');
    assert.equal(started.byUnit(M).reason, 'Cette date est passée');
  });

  test('adding what is already there is refused; a refused booking may be asked again', () => {
    assert.equal(run([add(J)], [has(J, 'confirmed')]).byUnit(J).reason, 'Déjà réservé');
    assert.equal(run([add(J)], [has(J, 'requested')]).byUnit(J).code, 'already-booked');
    assert.equal(run([add(J)], [has(J, 'waiting')]).byUnit(J).code, 'already-booked');
    assert.equal(run([add(J)], [has(J, 'cancel-requested')]).byUnit(J).code, 'cancel-pending');
    assert.equal(run([add(J)], [has(J, 'refused')]).out(J), 'accept');
    // An old refusal next to a live booking: the live one describes the cell.
    assert.equal(run([add(J)], [has(J, 'refused'), has(J, 'confirmed')]).byUnit(J).code, 'already-booked');
    assert.equal(run([add(J)], [has(J, 'confirmed'), has(J, 'refused')]).byUnit(J).code, 'already-booked');
    assert.equal(run([add(J)], [has(M, 'confirmed'), has(M, 'refused')]).byUnit(J).code, 'incompatible');
  });

  test('cancelling: nothing to cancel, cancellation already pending, withdrawing is always allowed', () => {
    assert.equal(run([cancel(J)]).byUnit(J).reason, 'Aucune réservation à annuler');
    assert.equal(run([cancel(J)], [has(J, 'refused')]).byUnit(J).code, 'nothing-to-cancel');
    assert.equal(run([cancel(J)], [has(J, 'cancel-requested')]).byUnit(J).reason, 'Annulation déjà demandée');
    const late = { now: rule.cancelUntil };
    assert.equal(run([cancel(J)], [has(J, 'requested')], late).out(J), 'accept');
    assert.equal(run([cancel(J)], [has(J, 'waiting')], late).out(J), 'accept');
    assert.equal(run([cancel(J)], [has(J, 'confirmed')]).out(J), 'accept');
  });

  test('booking deadline (exclusive): refused or request per tenant policy, with the deadline in French', () => {
    const justBefore = { now: new Date(rule.bookUntil.getTime() - 1) };
    assert.equal(run([add(J)], [], justBefore).out(J), 'accept');
    const refused = run([add(J)], [], { now: rule.bookUntil }).byUnit(J);
    assert.deepEqual(
      [refused.outcome, refused.code, refused.reason],
      ['refused', 'too-late', 'Délai de réservation dépassé (jusqu’au lundi 9 mars 2026 à 10:00)'],
    );
    const req = run([add(J)], [], {
      now: rule.bookUntil,
      policy: { lateBooking: 'request', lateCancellation: 'refuse' },
    }).byUnit(J);
    assert.deepEqual(
      [req.outcome, req.code, req.reason],
      ['request', null, 'Hors délai (jusqu’au lundi 9 mars 2026 à 10:00) : à valider par le service'],
    );
  });

  test('cancellation deadline (exclusive): refused or request per tenant policy', () => {
    const booked = [has(J, 'confirmed')];
    assert.equal(
      run([cancel(J)], booked, { now: new Date(rule.cancelUntil.getTime() - 1) }).out(J),
      'accept',
    );
    const refused = run([cancel(J)], booked, { now: rule.cancelUntil }).byUnit(J);
    assert.equal(refused.reason, 'Délai d’annulation dépassé (jusqu’au mardi 10 mars 2026 à 10:00)');
    assert.equal(
      run([cancel(J)], booked, {
        now: rule.cancelUntil,
        policy: { lateBooking: 'refuse', lateCancellation: 'request' },
      }).out(J),
      'request',
    );
  });
});

describe('rules: incompatible units', () => {
  test('Journée with Matin already booked is refused, and the relation is symmetric', () => {
    const j = run([add(J)], [has(M, 'confirmed')]).byUnit(J);
    assert.deepEqual(
      [j.outcome, j.code, j.reason],
      ['refused', 'incompatible', 'Incompatible avec Matin le même jour'],
    );
    assert.equal(
      run([add(M)], [has(J, 'confirmed')]).byUnit(M).reason,
      'Incompatible avec Journée le même jour',
    );
    assert.equal(run([add(A)], [has(J, 'requested')]).out(A), 'refused');
  });

  test('two incompatible additions in the same basket are both refused (the family chooses)', () => {
    const r = run([add(J), add(M)]);
    assert.deepEqual([r.out(J), r.out(M)], ['refused', 'refused']);
  });

  test('swapping Matin for Journée in one basket is accepted; a waiting Matin counts until withdrawn', () => {
    const swap = run([add(J), cancel(M)], [has(M, 'confirmed')]);
    assert.deepEqual([swap.out(J), swap.out(M)], ['accept', 'accept']);
    assert.equal(run([add(J)], [has(M, 'waiting')]).out(J), 'refused');
    assert.equal(run([add(J), cancel(M)], [has(M, 'waiting')]).out(J), 'accept');
  });

  test('a late cancellation that is only a request keeps Matin, so Journée is refused', () => {
    const r = run([add(J), cancel(M)], [has(M, 'confirmed')], {
      now: rule.cancelUntil,
      ruleOf: (_c, _d, u) => (u === J ? { ...rule, bookUntil: rule.startsAt } : rule),
      policy: { lateBooking: 'refuse', lateCancellation: 'request' },
    });
    assert.deepEqual([r.out(M), r.out(J)], ['request', 'refused']);
  });

  test('Matin and Après-midi together are fine; other days and children are independent', () => {
    const r = run([add(M), add(A), add(J, '2026-03-18'), add(J, D, 'tom')], [has(M, 'confirmed', D, 'eve')]);
    assert.ok(r.decisions.every((d) => d.outcome === 'accept'));
  });
});

describe('rules: required units', () => {
  test('Repas alone is refused; with Matin booked or in the basket it is accepted', () => {
    const alone = run([add(R)]).byUnit(R);
    assert.deepEqual(
      [alone.code, alone.reason],
      ['requirement-missing', 'Repas nécessite Matin le même jour'],
    );
    assert.equal(run([add(R)], [has(M, 'confirmed')]).out(R), 'accept');
    assert.deepEqual(run([add(R)], [has(M, 'confirmed')]).byUnit(R).dependsOn, []);
    const both = run([add(R), add(M)]);
    assert.deepEqual([both.out(M), both.out(R)], ['accept', 'accept']);
    assert.deepEqual(both.byUnit(R).dependsOn, [`lou|${D}|${M}`]);
  });

  test('a Matin that is only requested, waiting or being cancelled does not satisfy Repas', () => {
    assert.equal(run([add(R)], [has(M, 'requested')]).out(R), 'refused');
    assert.equal(run([add(R)], [has(M, 'waiting')]).out(R), 'refused');
    assert.equal(run([add(R)], [has(M, 'cancel-requested')]).out(R), 'refused');
    const r = run([add(R), cancel(M)], [has(M, 'confirmed')]);
    assert.equal(r.out(R), 'refused');
    assert.equal(r.out(M), 'accept');
  });

  test('cancelling Matin while Repas stays is refused; cancelling both is accepted', () => {
    const m = run([cancel(M)], [has(M, 'confirmed'), has(R, 'confirmed')]).byUnit(M);
    assert.deepEqual(
      [m.outcome, m.code, m.reason],
      ['refused', 'required-by', 'Impossible d’annuler Matin : Repas le nécessite (annulez aussi Repas)'],
    );
    const both = run([cancel(M), cancel(R)], [has(M, 'confirmed'), has(R, 'confirmed')]);
    assert.deepEqual([both.out(M), both.out(R)], ['accept', 'accept']);
    // A waiting or requested Repas also keeps Matin.
    assert.equal(run([cancel(M)], [has(M, 'confirmed'), has(R, 'waiting')]).out(M), 'refused');
  });

  test('a refused cancellation of Repas cascades: Matin stays, and so Journée is refused', () => {
    const r = run([cancel(R), cancel(M), add(J)], [has(M, 'confirmed'), has(R, 'confirmed')], {
      ruleOf: (_c, _d, u) => (u === R ? { ...rule, cancelUntil: early } : rule),
    });
    assert.equal(r.byUnit(R).code, 'too-late');
    assert.equal(r.byUnit(M).code, 'required-by');
    assert.equal(r.byUnit(J).code, 'incompatible');
  });

  test('an on-time Repas depending on a late Matin request becomes a request too', () => {
    const r = run([add(M), add(R)], [], {
      now: new Date('2026-03-09T12:00:00Z'),
      policy: { lateBooking: 'request', lateCancellation: 'refuse' },
      ruleOf: (_c, _d, u) => (u === R ? { ...rule, bookUntil: rule.startsAt } : rule),
    });
    assert.deepEqual([r.out(M), r.out(R)], ['request', 'request']);
    assert.deepEqual(r.byUnit(R).dependsOn, [`lou|${D}|${M}`]);
  });

  test('an accepted Matin cancellation tied to a late Repas cancellation request becomes a request', () => {
    const r = run([cancel(M), cancel(R)], [has(M, 'confirmed'), has(R, 'confirmed')], {
      policy: { lateBooking: 'refuse', lateCancellation: 'request' },
      ruleOf: (_c, _d, u) => (u === R ? { ...rule, cancelUntil: early } : rule),
    });
    assert.deepEqual([r.out(R), r.out(M)], ['request', 'request']);
  });

  test('a refused Matin addition refuses the Repas that needed it', () => {
    const r = run([add(M), add(R)], [has(M, 'waiting')]);
    assert.equal(r.byUnit(M).code, 'already-booked');
    assert.equal(r.byUnit(R).code, 'requirement-missing');
  });
});

describe('rules: processing order and settling', () => {
  test('one global order: day, unit depth, unit, cancellation first, child; refused lines left out', () => {
    const { decisions } = run(
      [
        add(R),
        add(M),
        cancel(J, '2026-03-18'),
        add(A, '2026-03-04'),
        add(J, D, 'tom'),
        cancel(J, D, 'eve'),
        add(R, '2026-03-18'),
      ],
      [has(J, 'confirmed', '2026-03-18'), has(J, 'confirmed', D, 'eve')],
    );
    assert.deepEqual(
      processingOrder(decisions, units).map(
        (d) => `${d.line.day} ${d.line.unitId} ${d.line.op} ${d.line.childId}`,
      ),
      [
        `2026-03-04 ${A} add lou`,
        `${D} ${J} cancel eve`,
        `${D} ${J} add tom`,
        `${D} ${M} add lou`,
        `${D} ${R} add lou`,
        `2026-03-18 ${J} cancel lou`,
      ],
    );
  });

  test('unit depths follow the requires graph, cycles do not loop', () => {
    assert.deepEqual([...unitDepths(units)].sort(), [
      [A, 0],
      [J, 0],
      [M, 0],
      [R, 1],
    ]);
    const chain: UnitRef[] = [
      { id: 'c', name: 'C', incompatibleWith: [], requires: ['b'] },
      { id: 'b', name: 'B', incompatibleWith: [], requires: ['a'] },
      { id: 'a', name: 'A', incompatibleWith: [], requires: [] },
      { id: 'x', name: 'X', incompatibleWith: [], requires: ['y'] },
      { id: 'y', name: 'Y', incompatibleWith: [], requires: ['x'] },
    ];
    const d = unitDepths(chain);
    assert.deepEqual([d.get('a'), d.get('b'), d.get('c')], [0, 1, 2]);
    assert.ok(d.has('x') && d.has('y'));
  });

  test('property: the order is the same whatever the basket, so capacity rows are locked consistently', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({
            childId: fc.constantFrom('a', 'b', 'c'),
            day: fc.constantFrom('2026-03-11', '2026-03-18'),
            unitId: fc.constantFrom(J, M, A, R),
            op: fc.constant<'add'>('add'),
          }),
          { selector: (l) => `${l.childId}|${l.day}|${l.unitId}`, maxLength: 12 },
        ),
        (lines) => {
          const cells = (ls: BasketLine[]) =>
            processingOrder(
              ls.map((line) => ({
                line,
                key: `${line.childId}|${line.day}|${line.unitId}`,
                outcome: 'accept' as const,
                code: null,
                reason: null,
                dependsOn: [],
              })),
              units,
            ).map((d) => `${d.line.day}|${d.line.unitId}`);
          // Cells (capacity rows) appear in a non-decreasing global order in every basket.
          const order = cells(lines);
          const rank = (cell: string) => {
            const [day, unit] = cell.split('|');
            return `${day}|${unitDepths(units).get(unit!)}|${unit}`;
          };
          for (let i = 1; i < order.length; i++) assert.ok(rank(order[i - 1]!) <= rank(order[i]!));
        },
      ),
      { numRuns: 300 },
    );
  });

  test('a Repas whose Matin ended on the waiting list is not booked alone', () => {
    const { byUnit } = run([add(R), add(M)]);
    const key = `lou|${D}|${M}`;
    assert.equal(
      requirementFailure(byUnit(R), () => 'confirmed', units),
      null,
    );
    assert.deepEqual(
      requirementFailure(byUnit(R), (k) => (k === key ? 'waiting' : undefined), units),
      {
        code: 'requirement-missing',
        reason: 'Matin est sur liste d’attente ce jour-là',
      },
    );
    assert.equal(
      requirementFailure(byUnit(R), () => 'refused', units)?.reason,
      'Matin n’a pas pu être réservé ce jour-là',
    );
  });
});

describe('rules: properties', () => {
  const unitIds = [J, M, A, R];
  const statuses: (BookingStatus | null)[] = [
    null,
    'confirmed',
    'requested',
    'cancel-requested',
    'refused',
    'waiting',
  ];
  const arb = fc.record({
    existing: fc.tuple(...unitIds.map(() => fc.constantFrom(...statuses))),
    ops: fc.tuple(...unitIds.map(() => fc.constantFrom<'add' | 'cancel' | null>('add', 'cancel', null))),
    late: fc.tuple(...unitIds.map(() => fc.boolean())),
    lateBooking: fc.constantFrom<'refuse' | 'request'>('refuse', 'request'),
    lateCancellation: fc.constantFrom<'refuse' | 'request'>('refuse', 'request'),
    seed: fc.integer(),
  });

  test('whatever the day, the outcome never breaks a unit rule and does not depend on line order', () => {
    fc.assert(
      fc.property(arb, (c) => {
        const existing: ExistingRow[] = [];
        const lines: BasketLine[] = [];
        unitIds.forEach((u, i) => {
          const s = c.existing[i];
          if (s) existing.push(has(u, s));
          const op = c.ops[i];
          if (op) lines.push({ childId: 'lou', day: D, unitId: u, op });
        });
        const over: Partial<RulesInput> = {
          now: new Date('2026-03-09T12:00:00Z'),
          policy: { lateBooking: c.lateBooking, lateCancellation: c.lateCancellation },
          ruleOf: (_c, _d, u) => {
            const late = c.late[unitIds.indexOf(u)];
            return late ? rule : { ...rule, bookUntil: rule.startsAt, cancelUntil: rule.startsAt };
          },
        };
        const { decisions } = run(lines, existing, over);
        const shuffled = [...lines].sort(() => (c.seed % 2 === 0 ? 1 : -1));
        assert.deepEqual(run(shuffled, existing, over).decisions, decisions);

        const dec = (u: string) => decisions.find((d) => d.line.unitId === u && d.outcome !== 'refused');
        const st = (u: string) => c.existing[unitIds.indexOf(u)];
        // Units possibly held afterwards (conservative), and units surely held.
        const present = (u: string) =>
          dec(u)?.line.op === 'add' ||
          (['confirmed', 'requested', 'cancel-requested', 'waiting'].includes(st(u) ?? '') &&
            !(dec(u)?.line.op === 'cancel' && dec(u)?.outcome === 'accept'));
        for (const d of decisions) {
          if (d.outcome === 'refused') {
            assert.ok(d.code && d.reason);
            continue;
          }
          const u = d.line.unitId;
          const unit = units.find((x) => x.id === u)!;
          if (d.line.op === 'add') {
            for (const v of unitIds) {
              const inc =
                unit.incompatibleWith.includes(v) ||
                units.find((x) => x.id === v)!.incompatibleWith.includes(u);
              if (inc) assert.ok(!present(v), `${u} added next to ${v}`);
            }
            for (const r of unit.requires) {
              const sure = st(r) === 'confirmed' && !dec(r);
              assert.ok(sure || dec(r)?.line.op === 'add', `${u} without ${r}`);
            }
          } else {
            for (const x of units.filter((x) => x.requires.includes(u))) {
              assert.ok(
                !present(x.id) || dec(x.id)?.line.op === 'cancel',
                `${u} cancelled while ${x.id} stays`,
              );
            }
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});
