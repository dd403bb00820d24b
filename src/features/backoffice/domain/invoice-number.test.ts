import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invoiceNumberPatterns, invoiceNumberQuery } from './invoice-number';

describe('invoice-number query', () => {
  it('puts the query in capitals and removes spaces', () => {
    assert.equal(invoiceNumberQuery(' enf-2026 - 000123 '), 'ENF-2026-000123');
    assert.equal(invoiceNumberQuery('2026-0001'), '2026-0001');
  });
  it('ignores what cannot be an invoice number: names, too short, no digit, wildcards, too long', () => {
    assert.equal(invoiceNumberQuery('martin'), null);
    assert.equal(invoiceNumberQuery('202'), null);
    assert.equal(invoiceNumberQuery('ENF-'), null);
    assert.equal(invoiceNumberQuery('2026%'), null);
    assert.equal(invoiceNumberQuery('2026_0'), null);
    assert.equal(invoiceNumberQuery('léa 2026'), null);
    assert.equal(invoiceNumberQuery('1'.repeat(41)), null);
    assert.equal(invoiceNumberQuery('1'.repeat(40)), '1'.repeat(40));
  });
  it('tries the number as typed and with the tenant prefix in front when it was left out', () => {
    assert.deepEqual(invoiceNumberPatterns('2026-0001', 'ENF-'), ['2026-0001%', 'ENF-2026-0001%']);
    assert.deepEqual(invoiceNumberPatterns('ENF-2026-0001', 'ENF-'), ['ENF-2026-0001%']);
    assert.deepEqual(invoiceNumberPatterns('2026-0001', ''), ['2026-0001%']);
    assert.deepEqual(invoiceNumberPatterns('2026-0001', 'enf-'), ['2026-0001%', 'ENF-2026-0001%']);
  });
});
