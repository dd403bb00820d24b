import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDocumentNumber } from './numbering';

describe('formatDocumentNumber', () => {
  it('pads the sequence to six digits after the year', () => {
    assert.equal(formatDocumentNumber('invoice', '', 2026, 123), '2026-000123');
    assert.equal(formatDocumentNumber('invoice', 'ENF-', 2027, 1), 'ENF-2027-000001');
  });
  it('marks credit notes with AV- so both series never share a number', () => {
    assert.equal(formatDocumentNumber('credit_note', '', 2026, 1), 'AV-2026-000001');
    assert.equal(formatDocumentNumber('credit_note', 'ENF-', 2026, 7), 'ENF-AV-2026-000007');
  });
  it('grows past six digits rather than wrapping', () => {
    assert.equal(formatDocumentNumber('invoice', '', 2026, 1_000_000), '2026-1000000');
  });
  it('refuses a zero, negative or fractional sequence and an absurd year', () => {
    assert.throws(() => formatDocumentNumber('invoice', '', 2026, 0), RangeError);
    assert.throws(() => formatDocumentNumber('invoice', '', 2026, -1), RangeError);
    assert.throws(() => formatDocumentNumber('invoice', '', 2026, 1.5), RangeError);
    assert.throws(() => formatDocumentNumber('invoice', '', 26, 1), RangeError);
  });
});
