import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatCents, mulRoundCents, parseEurosToCents } from './money';

const NNBSP = '\u202f'; // narrow no-break space: thousands separator
const NBSP = '\u00a0'; // no-break space: before the euro sign

/** Exact reference: c × n / d rounded half away from zero, in BigInt arithmetic. */
function exactRound(c: number, n: number, d: number): number {
  const num = BigInt(c) * BigInt(n);
  const den = BigInt(d);
  const negative = num < 0n !== den < 0n && num !== 0n;
  const a = num < 0n ? -num : num;
  const b = den < 0n ? -den : den;
  const q = (2n * a + b) / (2n * b);
  return Number(negative ? -q : q);
}

describe('formatCents', () => {
  it('uses French separators with no-break spaces', () => {
    assert.equal(formatCents(1250), `12,50${NBSP}€`);
    assert.equal(formatCents(123456), `1${NNBSP}234,56${NBSP}€`);
    assert.equal(formatCents(100000000), `1${NNBSP}000${NNBSP}000,00${NBSP}€`);
  });
  it('zero, small and negative amounts', () => {
    assert.equal(formatCents(0), `0,00${NBSP}€`);
    assert.equal(formatCents(-0), `0,00${NBSP}€`, 'no "-0,00 €"');
    assert.equal(formatCents(1), `0,01${NBSP}€`);
    assert.equal(formatCents(50), `0,50${NBSP}€`);
    assert.equal(formatCents(-300), `-3,00${NBSP}€`);
    assert.equal(formatCents(-1), `-0,01${NBSP}€`);
    assert.equal(formatCents(-123456), `-1${NNBSP}234,56${NBSP}€`);
  });
  it('keeps every cent of the biggest safe amounts', () => {
    assert.equal(
      formatCents(Number.MAX_SAFE_INTEGER),
      `90${NNBSP}071${NNBSP}992${NNBSP}547${NNBSP}409,91${NBSP}€`,
    );
    assert.equal(
      formatCents(-Number.MAX_SAFE_INTEGER),
      `-90${NNBSP}071${NNBSP}992${NNBSP}547${NNBSP}409,91${NBSP}€`,
    );
  });
  it('rejects non-integers', () => {
    assert.throws(() => formatCents(12.5), RangeError);
    assert.throws(() => formatCents(Number.NaN), RangeError);
    assert.throws(() => formatCents(Number.MAX_SAFE_INTEGER + 1), RangeError);
  });
  it('property: formatting then parsing gives the amount back', () => {
    fc.assert(
      fc.property(fc.integer({ min: -99_999_999_999, max: 99_999_999_999 }), (c) => {
        assert.equal(parseEurosToCents(formatCents(c)), c);
      }),
    );
  });
});

describe('parseEurosToCents', () => {
  it('reads what people type', () => {
    assert.equal(parseEurosToCents('12,50'), 1250);
    assert.equal(parseEurosToCents('12.5'), 1250);
    assert.equal(parseEurosToCents('12,5 €'), 1250);
    assert.equal(parseEurosToCents('12'), 1200);
    assert.equal(parseEurosToCents('0'), 0);
    assert.equal(parseEurosToCents('0,01'), 1);
    assert.equal(parseEurosToCents(' 1 234,56 € '), 123456);
    assert.equal(parseEurosToCents(`1${NNBSP}234,56${NBSP}€`), 123456);
    assert.equal(parseEurosToCents('€3'), 300);
    assert.equal(parseEurosToCents('007,00'), 700);
  });
  it('negative amounts, and no negative zero', () => {
    assert.equal(parseEurosToCents('-3'), -300);
    assert.equal(parseEurosToCents('- 3,10'), -310);
    assert.equal(parseEurosToCents('\u22123,10'), -310, 'typographic minus');
    assert.ok(Object.is(parseEurosToCents('-0'), 0));
    assert.ok(Object.is(parseEurosToCents('-0,00'), 0));
  });
  it('refuses what is not an amount with at most two decimals', () => {
    for (const bad of [
      '',
      ' ',
      '€',
      'abc',
      '12,345',
      '1,2,3',
      '1.234,56',
      '12,',
      ',5',
      '+3',
      '--3',
      '3-',
      '1e3',
      'Infinity',
      'NaN',
      '0x10',
      '١٢',
      '1234567890',
    ])
      assert.equal(parseEurosToCents(bad), null, JSON.stringify(bad));
  });
  it('accepts up to 999 999 999,99 €', () => {
    assert.equal(parseEurosToCents('999999999,99'), 99_999_999_999);
  });
});

describe('mulRoundCents: half away from zero', () => {
  it('rounds .5 away from zero, both signs', () => {
    assert.equal(mulRoundCents(1, 1, 2), 1);
    assert.equal(mulRoundCents(-1, 1, 2), -1);
    assert.equal(mulRoundCents(5, 1, 2), 3);
    assert.equal(mulRoundCents(-5, 1, 2), -3);
    assert.equal(mulRoundCents(3, 1, 2), 2);
    assert.equal(mulRoundCents(-3, 1, 2), -2);
    assert.equal(mulRoundCents(1, -1, 2), -1);
  });
  it('rounds other fractions to the nearest', () => {
    assert.equal(mulRoundCents(1000, 1, 3), 333);
    assert.equal(mulRoundCents(2000, 1, 3), 667);
    assert.equal(mulRoundCents(-2000, 1, 3), -667);
    assert.equal(mulRoundCents(1249, 1, 10), 125);
    assert.equal(mulRoundCents(1244, 1, 10), 124);
  });
  it('percentages and rates of effort', () => {
    assert.equal(mulRoundCents(1050, 15, 100), 158, '157.5 → 158');
    assert.equal(mulRoundCents(-1050, 15, 100), -158);
    assert.equal(mulRoundCents(1050, 0.15), 158, 'a decimal factor 0.15 is not exact in binary: still 158');
    assert.equal(mulRoundCents(2345, 0.1), 235, '234.5 → 235');
    assert.equal(mulRoundCents(100050, 1, 1000), 100);
  });
  it('zero and no negative zero', () => {
    assert.equal(mulRoundCents(0, 5, 7), 0);
    assert.ok(Object.is(mulRoundCents(-1, 1, 3), 0));
    assert.ok(Object.is(mulRoundCents(0, -1), 0));
    assert.throws(() => mulRoundCents(100, 1, 0), RangeError);
  });
  it('big values', () => {
    assert.equal(mulRoundCents(99_999_999_999, 1, 1), 99_999_999_999);
    assert.equal(mulRoundCents(99_999_999_999, 1, 2), 50_000_000_000);
    assert.equal(mulRoundCents(-99_999_999_999, 1, 2), -50_000_000_000);
  });
  it('property: equals the exact rational rounding for integer factors', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
        fc.integer({ min: -10_000, max: 10_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        (c, n, d) => {
          assert.equal(mulRoundCents(c, n, d), exactRound(c, n, d));
        },
      ),
      { numRuns: 2000 },
    );
  });
  it('property: symmetric in sign', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 1000 }),
        (c, n, d) => {
          assert.equal(mulRoundCents(-c, n, d), -mulRoundCents(c, n, d) || 0);
        },
      ),
    );
  });
});
