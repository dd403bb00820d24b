import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BasketLine } from './basket';
import type { LineDecision } from './rules';
import { finalLabel, settleLine, summarize } from './summary';
import type { UnitRef } from './types';

const line = (childId: string, day: string, unitId: string, op: 'add' | 'cancel' = 'add'): BasketLine => ({
  childId,
  day,
  unitId,
  op,
});
const decided = (
  l: BasketLine,
  outcome: LineDecision['outcome'],
  reason: string | null = null,
): LineDecision => ({
  line: l,
  key: `${l.childId}|${l.day}|${l.unitId}`,
  outcome,
  code: outcome === 'refused' ? 'too-late' : null,
  reason,
  dependsOn: [],
});
const units: UnitRef[] = [
  { id: 'j', name: 'Journée', order: 1, incompatibleWith: [], requires: [] },
  { id: 'r', name: 'Repas', order: 2, incompatibleWith: [], requires: [] },
];

describe('settling lines', () => {
  const add = line('lou', '2026-03-11', 'j');
  const cancel = line('lou', '2026-03-11', 'j', 'cancel');
  const ctx = { placeTaken: true, waitingList: true, existing: null };

  test('additions: confirmed with a place, waiting list (rank) without, refused when no list', () => {
    assert.equal(settleLine(decided(add, 'accept'), ctx).status, 'confirmed');
    const w = settleLine(decided(add, 'accept'), { ...ctx, placeTaken: false, waitingRank: 4 });
    assert.deepEqual([w.status, w.waitingRank, finalLabel(w)], ['waiting', 4, "Liste d'attente, rang 4"]);
    const full = settleLine(decided(add, 'accept'), { ...ctx, placeTaken: false, waitingList: false });
    assert.deepEqual(
      [full.status, finalLabel(full)],
      ['refused', 'Refusé : Complet : plus de place ce jour-là'],
    );
    assert.equal(settleLine(decided(add, 'request', 'Hors délai'), ctx).status, 'requested');
  });

  test('cancellations: cancelled, withdrawn (request or waiting entry), or a cancellation request', () => {
    assert.equal(
      settleLine(decided(cancel, 'accept'), { ...ctx, existing: 'confirmed' }).status,
      'cancelled',
    );
    assert.equal(settleLine(decided(cancel, 'accept'), { ...ctx, existing: 'waiting' }).status, 'withdrawn');
    assert.equal(
      settleLine(decided(cancel, 'accept'), { ...ctx, existing: 'requested' }).status,
      'withdrawn',
    );
    assert.equal(
      settleLine(decided(cancel, 'request'), { ...ctx, existing: 'confirmed' }).status,
      'cancel-requested',
    );
  });

  test('refusals keep their reason, whatever the capacity', () => {
    const r = settleLine(decided(add, 'refused', 'Délai de réservation dépassé'), ctx);
    assert.deepEqual([r.status, finalLabel(r)], ['refused', 'Refusé : Délai de réservation dépassé']);
  });

  test('every status has a French label', () => {
    for (const status of [
      'confirmed',
      'cancelled',
      'withdrawn',
      'requested',
      'cancel-requested',
      'waiting',
      'refused',
    ] as const)
      assert.ok(finalLabel({ status, waitingRank: null, reason: null }).length > 3);
  });
});

describe('summary model', () => {
  test('per child in French order, lines by day then unit order, with counts', () => {
    const s = summarize({
      requestNumber: 'R2026-000123',
      children: [
        { id: 'lou', name: 'Lou' },
        { id: 'eli', name: 'Élie' },
      ],
      units,
      lines: [
        { line: line('lou', '2026-03-18', 'j'), status: 'waiting', waitingRank: 2, reason: null },
        { line: line('lou', '2026-03-11', 'r'), status: 'confirmed', waitingRank: null, reason: null },
        { line: line('lou', '2026-03-11', 'j'), status: 'confirmed', waitingRank: null, reason: null },
        {
          line: line('eli', '2026-03-11', 'j', 'cancel'),
          status: 'cancelled',
          waitingRank: null,
          reason: null,
        },
      ],
    });
    assert.equal(s.requestNumber, 'R2026-000123');
    assert.deepEqual(
      s.children.map((c) => [c.name, c.lines.map((l) => `${l.day} ${l.unitName} ${l.label}`)]),
      [
        ['Élie', ['2026-03-11 Journée Annulation confirmée']],
        [
          'Lou',
          [
            '2026-03-11 Journée Réservation confirmée',
            '2026-03-11 Repas Réservation confirmée',
            "2026-03-18 Journée Liste d'attente, rang 2",
          ],
        ],
      ],
    );
    assert.deepEqual(s.counts, {
      confirmed: 2,
      cancelled: 1,
      withdrawn: 0,
      requested: 0,
      'cancel-requested': 0,
      waiting: 1,
      refused: 0,
    });
    assert.equal(s.children[1]!.lines[0]!.dayLabel, 'mercredi 11 mars 2026');
  });
});
