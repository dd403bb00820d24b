import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mulRoundCents } from '../../../platform/money';
import { basePrice, priceDay, qfOn, rateText, type TariffRule, versionOn } from './pricing';
import { applyAdjustments, buildDraft, type OutcomeRow, siblingRanks } from './run';

const common = {
  sibling2Percent: 10,
  sibling3Percent: 20,
  withoutBooking: { kind: 'amount', value: 300 },
  lateCancellation: { kind: 'percent', value: 50 },
  unjustifiedPercent: 100,
} as const;

const brackets: TariffRule = {
  mode: 'brackets',
  brackets: [
    { qfMin: 0, qfMax: 700, residentCents: 300, nonResidentCents: 600 },
    { qfMin: 701, qfMax: 1000, residentCents: 500, nonResidentCents: 800 },
    { qfMin: 1001, qfMax: null, residentCents: 700, nonResidentCents: 1000 },
  ],
  ...common,
};
const effort: TariffRule = {
  mode: 'effort',
  rate: 8500,
  floorCents: 200,
  capCents: 1200,
  nonResidentCents: 1500,
  ...common,
};
const flat: TariffRule = { mode: 'flat', residentCents: 450, nonResidentCents: 600, ...common };

const price = (rule: TariffRule, qf: number | null, o: Partial<Parameters<typeof priceDay>[0]> = {}) =>
  priceDay({ rule, qf, resident: true, siblingRank: 1, outcome: 'present', ...o });

describe('rounding rule (half away from zero to the cent)', () => {
  it('rounds .5 up for positive and down for negative amounts, exact values untouched', () => {
    assert.equal(mulRoundCents(1, 1, 2), 1); // 0.5 → 1
    assert.equal(mulRoundCents(3, 1, 2), 2); // 1.5 → 2
    assert.equal(mulRoundCents(5, 1, 2), 3); // 2.5 → 3 (not banker's 2)
    assert.equal(mulRoundCents(-5, 1, 2), -3);
    assert.equal(mulRoundCents(1049, 1, 10), 105); // 104.9
    assert.equal(mulRoundCents(1044, 1, 10), 104); // 104.4
  });
  it('rate of effort at exactly half a cent rounds up: QF 850 × 0,85 % = 722,5 c → 7,23 €', () => {
    assert.equal(price(effort, 850)[0]!.unitPriceCents, 723);
  });
  it('sibling reduction at half a cent: 10 % off 3,35 € = 3,015 € → 3,02 €', () => {
    const r: TariffRule = { ...flat, residentCents: 335 };
    assert.equal(price(r, null, { siblingRank: 2 })[0]!.unitPriceCents, 302);
  });
});

describe('family-quotient brackets', () => {
  it('qfMin and qfMax are both inclusive', () => {
    assert.equal(price(brackets, 700)[0]!.unitPriceCents, 300);
    assert.equal(price(brackets, 701)[0]!.unitPriceCents, 500);
    assert.equal(price(brackets, 1000)[0]!.unitPriceCents, 500);
    assert.equal(price(brackets, 1001)[0]!.unitPriceCents, 700);
    assert.equal(price(brackets, 999_999)[0]!.unitPriceCents, 700);
  });
  it('QF 0 is the first bracket', () => {
    assert.equal(price(brackets, 0)[0]!.unitPriceCents, 300);
  });
  it('unknown QF pays the highest price, and says so', () => {
    const [it0] = price(brackets, null);
    assert.equal(it0!.unitPriceCents, 700);
    assert.match(it0!.note, /QF inconnu : tarif le plus élevé/);
  });
  it('a QF in no bracket (gap) pays the highest price', () => {
    const gap: TariffRule = {
      ...brackets,
      mode: 'brackets',
      brackets: [
        { qfMin: 0, qfMax: 500, residentCents: 100, nonResidentCents: 200 },
        { qfMin: 800, qfMax: null, residentCents: 400, nonResidentCents: 500 },
      ],
    };
    assert.equal(price(gap, 600)[0]!.unitPriceCents, 400);
  });
  it('the note names the bracket', () => {
    assert.equal(price(brackets, 820)[0]!.note, 'QF 820 : tranche 701–1\u00a0000');
  });
  it('non-residents pay the non-resident column (and the highest of it when QF is unknown)', () => {
    assert.equal(price(brackets, 820, { resident: false })[0]!.unitPriceCents, 800);
    assert.equal(price(brackets, null, { resident: false })[0]!.unitPriceCents, 1000);
  });
});

describe('rate of effort', () => {
  it('QF × rate between floor and cap', () => {
    const [p] = price(effort, 820);
    assert.equal(p!.unitPriceCents, 697);
    assert.equal(
      p!.note,
      'Taux d’effort 0,85\u00a0% × QF 820 = 6,97\u00a0€ (plancher 2,00\u00a0€, plafond 12,00\u00a0€)',
    );
  });
  it('clamped to the floor below it (QF 0 too)', () => {
    assert.equal(price(effort, 100)[0]!.unitPriceCents, 200);
    assert.match(price(effort, 100)[0]!.note, /→ plancher 2,00/);
    assert.equal(price(effort, 0)[0]!.unitPriceCents, 200);
  });
  it('clamped to the cap above it; unknown QF pays the cap', () => {
    assert.equal(price(effort, 2000)[0]!.unitPriceCents, 1200);
    assert.match(price(effort, 2000)[0]!.note, /→ plafond 12,00/);
    assert.equal(price(effort, null)[0]!.unitPriceCents, 1200);
  });
  it('exactly at floor and cap boundaries is not "clamped"', () => {
    const r: TariffRule = { ...effort, mode: 'effort', rate: 10000, floorCents: 200, capCents: 1200 };
    assert.equal(price(r, 200)[0]!.unitPriceCents, 200);
    assert.doesNotMatch(price(r, 200)[0]!.note, /→/);
    assert.equal(price(r, 1200)[0]!.unitPriceCents, 1200);
  });
  it('non-residents pay their fixed price', () => {
    assert.equal(price(effort, 820, { resident: false })[0]!.unitPriceCents, 1500);
  });
  it('prints rates', () => {
    assert.equal(rateText(8500), '0,85\u00a0%');
    assert.equal(rateText(10000), '1\u00a0%');
    assert.equal(rateText(12345), '1,2345\u00a0%');
  });
});

describe('sibling reduction by rank', () => {
  it('ranks 1, 2, 3 and 4', () => {
    assert.equal(price(flat, null, { siblingRank: 1 })[0]!.unitPriceCents, 450);
    assert.equal(price(flat, null, { siblingRank: 2 })[0]!.unitPriceCents, 405);
    assert.equal(price(flat, null, { siblingRank: 3 })[0]!.unitPriceCents, 360);
    assert.equal(price(flat, null, { siblingRank: 4 })[0]!.unitPriceCents, 360);
    assert.match(price(flat, null, { siblingRank: 2 })[0]!.note, /2e enfant −10\u00a0% = 4,05/);
  });
  it('ranks children billed in the month eldest first, per household, twins by id', () => {
    const o = (
      childId: string,
      householdId: string,
      outcome: OutcomeRow['outcome'] = 'present',
    ): OutcomeRow => ({
      childId,
      householdId,
      outcome,
      day: '2026-10-07',
      unitId: 'u',
      activityId: 'a',
    });
    const kids = new Map([
      ['a', { name: 'A', birthDate: '2018-01-01' }],
      ['b', { name: 'B', birthDate: '2016-05-01' }],
      ['c', { name: 'C', birthDate: '2016-05-01' }],
      ['d', { name: 'D', birthDate: '2010-01-01' }],
    ]);
    // d has only a justified absence: it is not billed, so it does not count.
    const r = siblingRanks(
      [o('a', 'h'), o('b', 'h'), o('c', 'h'), o('d', 'h', 'justified-absence'), o('a', 'h2')],
      kids,
    );
    assert.equal(r.get('h|b'), 1);
    assert.equal(r.get('h|c'), 2);
    assert.equal(r.get('h|a'), 3);
    assert.equal(r.get('h|d'), undefined);
    assert.equal(r.get('h2|a'), 1);
  });
});

describe('outcomes', () => {
  it('present bills the price, justified absence never', () => {
    assert.deepEqual(
      price(flat, null).map((i) => [i.kind, i.reason, i.unitPriceCents]),
      [['service', 'present', 450]],
    );
    assert.deepEqual(price(flat, null, { outcome: 'justified-absence' }), []);
  });
  it('unjustified absence bills the price × its percentage (100 % by default)', () => {
    assert.equal(price(flat, null, { outcome: 'unjustified-absence' })[0]!.unitPriceCents, 450);
    const half: TariffRule = { ...flat, unjustifiedPercent: 50 };
    assert.equal(price(half, null, { outcome: 'unjustified-absence' })[0]!.unitPriceCents, 225);
    const none: TariffRule = { ...flat, unjustifiedPercent: 0 };
    assert.deepEqual(price(none, null, { outcome: 'unjustified-absence' }), []);
  });
  it('late cancellation bills only its surcharge (percent of the price, or an amount)', () => {
    const items = price(flat, null, { outcome: 'late-cancellation' });
    assert.deepEqual(
      items.map((i) => [i.kind, i.unitPriceCents]),
      [['surcharge', 225]],
    );
    const amount: TariffRule = { ...flat, lateCancellation: { kind: 'amount', value: 150 } };
    assert.equal(price(amount, null, { outcome: 'late-cancellation' })[0]!.unitPriceCents, 150);
  });
  it('present without booking bills the price plus its surcharge', () => {
    const items = price(flat, null, { outcome: 'present-without-booking' });
    assert.deepEqual(
      items.map((i) => [i.kind, i.reason, i.unitPriceCents]),
      [
        ['service', 'unbooked', 450],
        ['surcharge', 'unbooked-surcharge', 300],
      ],
    );
    const pct: TariffRule = { ...flat, withoutBooking: { kind: 'percent', value: 25 } };
    assert.equal(price(pct, null, { outcome: 'present-without-booking' })[1]!.unitPriceCents, 113); // 112.5
  });
  it('a zero-price unit bills nothing', () => {
    const free: TariffRule = {
      ...flat,
      residentCents: 0,
      nonResidentCents: 0,
      lateCancellation: { kind: 'percent', value: 50 },
    };
    assert.deepEqual(price(free, null), []);
    assert.deepEqual(price(free, null, { outcome: 'late-cancellation' }), []);
    // …but a fixed surcharge still applies to a present-without-booking child.
    assert.deepEqual(
      price(free, null, { outcome: 'present-without-booking' }).map((i) => i.unitPriceCents),
      [300],
    );
  });
});

describe('versions and QF over time', () => {
  const versions = [
    { validFrom: '2026-09-01', id: 'v1' },
    { validFrom: '2026-10-15', id: 'v2' },
  ];
  it('the version valid on each day', () => {
    assert.equal(versionOn(versions, '2026-08-31'), null);
    assert.equal(versionOn(versions, '2026-10-14')?.id, 'v1');
    assert.equal(versionOn(versions, '2026-10-15')?.id, 'v2');
    assert.equal(versionOn([...versions].reverse(), '2026-12-01')?.id, 'v2');
  });
  it('the QF valid on the day (leap day 29 Feb 2028)', () => {
    const h = [
      { value: 500, validFrom: '2028-01-01' },
      { value: 900, validFrom: '2028-02-29' },
    ];
    assert.equal(qfOn(h, '2028-02-28'), 500);
    assert.equal(qfOn(h, '2028-02-29'), 900);
    assert.equal(qfOn(h, '2027-12-31'), null);
  });
  it('a mid-month price change prices each day by its version (two lines)', () => {
    const rule2: TariffRule = { ...flat, residentCents: 500 };
    const draft = buildDraft({
      outcomes: ['2026-10-07', '2026-10-14', '2026-10-21', '2026-10-28'].map((day) => ({
        childId: 'c',
        householdId: 'h',
        day,
        unitId: 'u',
        activityId: 'a',
        outcome: 'present' as const,
      })),
      versions: new Map([
        [
          'u',
          [
            { id: 'v1', unitId: 'u', validFrom: '2026-09-01', rule: flat, taxEligible: true },
            { id: 'v2', unitId: 'u', validFrom: '2026-10-15', rule: rule2, taxEligible: true },
          ],
        ],
      ]),
      households: new Map([['h', { resident: true, qfHistory: [] }]]),
      children: new Map([['c', { name: 'Léa', birthDate: '2019-03-02' }]]),
      units: new Map([['u', { activityName: 'Mercredi', unitName: 'Journée' }]]),
    });
    assert.deepEqual(
      draft.lines.map((l) => [l.days, l.quantity, l.unitPriceCents, l.amountCents]),
      [
        [['2026-10-07', '2026-10-14'], 2, 450, 900],
        [['2026-10-21', '2026-10-28'], 2, 500, 1000],
      ],
    );
  });
  it('a leap day is billed by the version and QF valid that day', () => {
    const draft = buildDraft({
      outcomes: [
        {
          childId: 'c',
          householdId: 'h',
          day: '2028-02-29',
          unitId: 'u',
          activityId: 'a',
          outcome: 'present',
        },
      ],
      versions: new Map([
        ['u', [{ id: 'v', unitId: 'u', validFrom: '2028-02-29', rule: brackets, taxEligible: true }]],
      ]),
      households: new Map([['h', { resident: true, qfHistory: [{ value: 820, validFrom: '2028-02-29' }] }]]),
      children: new Map([['c', { name: 'Léa', birthDate: '2020-02-29' }]]),
      units: new Map([['u', { activityName: 'Mercredi', unitName: 'Journée' }]]),
    });
    assert.equal(draft.lines[0]!.amountCents, 500);
    assert.deepEqual(draft.unpriced, []);
  });
});

describe('draft lines and adjustments', () => {
  const mk = (outcome: OutcomeRow['outcome'], day: string, childId = 'c'): OutcomeRow => ({
    childId,
    householdId: 'h',
    day,
    unitId: 'u',
    activityId: 'a',
    outcome,
  });
  const build = (
    outcomes: OutcomeRow[],
    versions = [{ id: 'v', unitId: 'u', validFrom: '2026-01-01', rule: flat, taxEligible: true }],
  ) =>
    buildDraft({
      outcomes,
      versions: new Map([['u', versions]]),
      households: new Map([['h', { resident: true, qfHistory: [] }]]),
      children: new Map([
        ['c', { name: 'Léa', birthDate: '2019-03-02' }],
        ['d', { name: 'Noé', birthDate: '2021-03-02' }],
      ]),
      units: new Map([['u', { activityName: 'Mercredi', unitName: 'Journée' }]]),
    });

  it('groups days per child × unit × kind × price; surcharges are not tax-eligible', () => {
    const d = build([
      mk('present', '2026-10-07'),
      mk('unjustified-absence', '2026-10-14'),
      mk('present-without-booking', '2026-10-21'),
      mk('late-cancellation', '2026-10-28'),
      mk('justified-absence', '2026-10-30'),
    ]);
    assert.deepEqual(
      d.lines.map((l) => [l.kind, l.label, l.days.join(','), l.amountCents, l.taxEligible]),
      [
        ['surcharge', 'Annulation tardive — Mercredi — Journée', '2026-10-28', 225, false],
        ['surcharge', 'Majoration présent sans réservation — Mercredi — Journée', '2026-10-21', 300, false],
        ['service', 'Mercredi — Journée', '2026-10-07', 450, true],
        ['service', 'Mercredi — Journée (absences non justifiées)', '2026-10-14', 450, true],
        ['service', 'Mercredi — Journée (présent sans réservation)', '2026-10-21', 450, true],
      ],
    );
  });
  it('days without a tariff are reported, not billed', () => {
    const d = build([mk('present', '2025-12-31'), mk('present', '2026-01-07')]);
    assert.equal(d.lines.length, 1);
    assert.deepEqual(
      d.unpriced.map((u) => u.day),
      ['2025-12-31'],
    );
  });
  it('exclude drops a group; a new amount adds one adjustment line of the difference', () => {
    const d = build([
      mk('present', '2026-10-07'),
      mk('present', '2026-10-14'),
      mk('present', '2026-10-07', 'd'),
    ]);
    const lines = applyAdjustments(d.lines, [
      {
        childId: 'c',
        unitId: 'u',
        kind: 'service',
        action: 'amount',
        amountCents: 500,
        reason: 'Geste commercial',
      },
      { childId: 'd', unitId: 'u', kind: 'service', action: 'exclude', amountCents: null, reason: 'Erreur' },
    ]);
    assert.deepEqual(
      lines.map((l) => [l.kind, l.childId, l.amountCents, l.label]),
      [
        ['service', 'c', 900, 'Mercredi — Journée'],
        ['adjustment', 'c', -400, 'Ajustement : Geste commercial'],
      ],
    );
  });
  it('an adjustment whose group disappeared is ignored; an amount equal to the computed one adds nothing', () => {
    const d = build([mk('present', '2026-10-07')]);
    const lines = applyAdjustments(d.lines, [
      { childId: 'x', unitId: 'u', kind: 'service', action: 'exclude', amountCents: null, reason: 'Ancien' },
      { childId: 'c', unitId: 'u', kind: 'service', action: 'amount', amountCents: 450, reason: 'Vérifié' },
    ]);
    assert.equal(lines.length, 1);
  });
});

describe('base price', () => {
  it('flat resident / non-resident', () => {
    assert.equal(basePrice(flat, 300, true).cents, 450);
    assert.equal(basePrice(flat, 300, false).cents, 600);
  });
});
