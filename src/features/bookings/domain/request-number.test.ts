import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { formatRequestNumber, parseRequestNumber, requestYear } from './request-number';

describe('request numbers', () => {
  test('format: prefix, year, at least six digits', () => {
    assert.equal(formatRequestNumber({ year: 2026, seq: 123 }), 'R2026-000123');
    assert.equal(formatRequestNumber({ prefix: 'DEM', year: 2027, seq: 1 }), 'DEM2027-000001');
    assert.equal(formatRequestNumber({ year: 2026, seq: 1_234_567 }), 'R2026-1234567');
    for (const bad of [
      { year: 2026, seq: 0 },
      { year: 2026, seq: -1 },
      { year: 2026, seq: 1.5 },
      { year: 2026, seq: 1e9 },
      { year: 1999, seq: 1 },
      { prefix: 'r', year: 2026, seq: 1 },
      { prefix: 'ABCDE', year: 2026, seq: 1 },
      { prefix: '', year: 2026, seq: 1 },
    ])
      assert.throws(() => formatRequestNumber(bad), RangeError, JSON.stringify(bad));
  });

  test('parse: canonical and typed forms, rejects the rest', () => {
    assert.deepEqual(parseRequestNumber('R2026-000123'), { prefix: 'R', year: 2026, seq: 123 });
    assert.deepEqual(parseRequestNumber(' r2026 – 123 '), { prefix: 'R', year: 2026, seq: 123 });
    assert.deepEqual(parseRequestNumber('R2026\u2011000123'), { prefix: 'R', year: 2026, seq: 123 });
    assert.equal(parseRequestNumber('R2026-000123', 'DEM'), null);
    for (const bad of [
      '',
      'R2026',
      'R2026-',
      '2026-000123',
      'R26-000123',
      'R2026-000000',
      'R2026-0001234567',
      'R1999-000001',
      'R2026_000123',
      'R2026-12a',
      'ÉR2026-000001',
      `R2026-${'1'.repeat(50)}`,
    ])
      assert.equal(parseRequestNumber(bad), null, bad);
  });

  test('property: parse(format(x)) = x, and format(parse(s)) is canonical', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Z]{1,4}$/),
        fc.integer({ min: 2000, max: 2999 }),
        fc.integer({ min: 1, max: 999_999_999 }),
        (prefix, year, seq) => {
          const s = formatRequestNumber({ prefix, year, seq });
          assert.deepEqual(parseRequestNumber(s), { prefix, year, seq });
          assert.deepEqual(parseRequestNumber(s.toLowerCase()), { prefix, year, seq });
        },
      ),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        const p = parseRequestNumber(s);
        if (p) assert.deepEqual(parseRequestNumber(formatRequestNumber(p)), p);
      }),
      { numRuns: 1000 },
    );
  });

  test('the year is the tenant time zone year: New Year’s Eve 23:30 UTC is already next year in Paris', () => {
    const t = new Date('2026-12-31T23:30:00Z');
    assert.equal(requestYear(t, 'Europe/Paris'), 2027);
    assert.equal(requestYear(t, 'UTC'), 2026);
    assert.equal(requestYear(new Date('2026-12-31T22:59:59.999Z'), 'Europe/Paris'), 2026);
  });
});
