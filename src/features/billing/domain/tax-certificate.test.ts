import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ageOn,
  isTaxEligibleChild,
  type TaxInvoice,
  type TaxLine,
  taxCertificateAmounts,
  taxCertificateNumber,
} from './tax-certificate';

const line = (o: Partial<TaxLine> = {}): TaxLine => ({
  childKey: 'lou',
  childName: 'Lou Martin',
  childBirthDate: '2022-03-10',
  amountCents: 10_000,
  taxEligible: true,
  ...o,
});
const inv = (o: Partial<TaxInvoice> = {}): TaxInvoice => ({
  id: 'i1',
  totalCents: 10_000,
  lines: [line()],
  payments: [{ amountCents: 10_000, paidOn: '2026-03-02' }],
  ...o,
});

describe('tax certificate: children under 6 on 1 January', () => {
  it('a child turning 6 on 1 January exactly is not eligible that year, one day later is', () => {
    assert.equal(isTaxEligibleChild('2020-01-01', 2026), false);
    assert.equal(isTaxEligibleChild('2020-01-02', 2026), true);
    assert.equal(isTaxEligibleChild('2019-12-31', 2026), false);
    assert.equal(ageOn('2020-01-01', '2026-01-01'), 6);
  });

  it('a child born on 29 February is 6 after 1 January of the year of their sixth birthday', () => {
    assert.equal(isTaxEligibleChild('2020-02-29', 2026), true);
    assert.equal(isTaxEligibleChild('2020-02-29', 2027), false);
    assert.equal(ageOn('2020-02-29', '2026-02-28'), 5);
    assert.equal(ageOn('2020-02-29', '2026-03-01'), 6);
  });

  it('a child born during the year counts, one born after it does not', () => {
    assert.equal(isTaxEligibleChild('2026-06-01', 2026), true);
    assert.equal(isTaxEligibleChild('2027-01-01', 2026), false);
  });
});

describe('tax certificate amounts', () => {
  it('counts payments by their paid day within the year, not the billed month', () => {
    const r = taxCertificateAmounts(2026, [
      inv({ payments: [{ amountCents: 10_000, paidOn: '2026-01-01' }] }),
      inv({ id: 'i2', payments: [{ amountCents: 10_000, paidOn: '2025-12-31' }] }),
      inv({ id: 'i3', payments: [{ amountCents: 10_000, paidOn: '2027-01-01' }] }),
    ]);
    assert.deepEqual(r, [
      { childKey: 'lou', childName: 'Lou Martin', childBirthDate: '2022-03-10', amountCents: 10_000 },
    ]);
  });

  it('prorates a payment to the eligible lines and excludes meals and surcharges', () => {
    const r = taxCertificateAmounts(2026, [
      inv({
        totalCents: 13_000,
        lines: [
          line({ amountCents: 10_000 }),
          line({ amountCents: 2_000, taxEligible: false }), // meals
          line({ amountCents: 1_000, taxEligible: false }), // surcharge
        ],
        // Half paid in the year: half of the eligible 100 € counts.
        payments: [{ amountCents: 6_500, paidOn: '2026-05-01' }],
      }),
    ]);
    assert.equal(r[0]!.amountCents, 5_000);
  });

  it('rounds each share down to the cent (never more than paid)', () => {
    const lines = [
      line({ amountCents: 1 }),
      line({ childKey: 'leo', childName: 'Léo', amountCents: 1 }),
      line({ amountCents: 1, taxEligible: false }),
    ];
    // 2 cents paid on 3 cents: each child's exact share is 0.67 cent → 0.
    assert.deepEqual(
      taxCertificateAmounts(2026, [
        inv({ totalCents: 3, lines, payments: [{ amountCents: 2, paidOn: '2026-05-01' }] }),
      ]),
      [],
    );
    // 200 € paid on 300 €: 66.666… € → 66.66 € each.
    const big = lines.map((l) => ({ ...l, amountCents: 10_000 }));
    const r = taxCertificateAmounts(2026, [
      inv({ totalCents: 30_000, lines: big, payments: [{ amountCents: 20_000, paidOn: '2026-05-01' }] }),
    ]);
    assert.deepEqual(
      r.map((c) => c.amountCents),
      [6_666, 6_666],
    );
  });

  it('gives no certificate for a zero amount, an unpaid invoice or a child 6 or older', () => {
    assert.deepEqual(taxCertificateAmounts(2026, [inv({ payments: [] })]), []);
    assert.deepEqual(
      taxCertificateAmounts(2026, [inv({ lines: [line({ childBirthDate: '2019-05-04' })] })]),
      [],
    );
    assert.deepEqual(taxCertificateAmounts(2026, [inv({ lines: [line({ childBirthDate: null })] })]), []);
    assert.deepEqual(
      taxCertificateAmounts(2026, [inv({ totalCents: 0, lines: [line({ amountCents: 0 })] })]),
      [],
    );
  });

  it('adds a child’s amounts over several invoices and keeps children apart', () => {
    const r = taxCertificateAmounts(2026, [
      inv({
        totalCents: 15_000,
        lines: [
          line(),
          line({
            childKey: 'leo',
            childName: 'Léo Martin',
            childBirthDate: '2024-01-01',
            amountCents: 5_000,
          }),
        ],
        payments: [{ amountCents: 15_000, paidOn: '2026-02-01' }],
      }),
      inv({
        id: 'i2',
        payments: [
          { amountCents: 4_000, paidOn: '2026-12-31' },
          { amountCents: 6_000, paidOn: '2026-11-30' },
        ],
      }),
    ]);
    assert.deepEqual(
      r.map((c) => [c.childName, c.amountCents]),
      [
        ['Léo Martin', 5_000],
        ['Lou Martin', 20_000],
      ],
    );
  });

  it('numbers one certificate per household and year, stable', () => {
    assert.equal(taxCertificateNumber(2026, 'abcdef12-3456-4789-8abc-def012345678'), 'AF-2026-ABCDEF1234');
  });
});
