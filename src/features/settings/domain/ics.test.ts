import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { icsCheckDigits, isValidIcs, normalizeIcs } from './ics';

describe('ICS (SEPA creditor identifier)', () => {
  it('accepts well-formed identifiers whose mod-97 key is right', () => {
    // FR72ZZZ123456 is the example of the French banking federation's documentation.
    assert.equal(isValidIcs('FR72ZZZ123456'), true);
    assert.equal(isValidIcs('fr72 zzz 123456'), true);
    assert.equal(isValidIcs(`FR${icsCheckDigits('654321')}ABC654321`), true);
  });
  it('ignores the business code in the check', () => {
    assert.equal(isValidIcs('FR72AB1123456'), true);
  });
  it('refuses a wrong key, a wrong length or another country', () => {
    assert.equal(isValidIcs('FR73ZZZ123456'), false);
    assert.equal(isValidIcs('FR72ZZZ12345'), false);
    assert.equal(isValidIcs('DE72ZZZ123456'), false);
    assert.equal(isValidIcs(''), false);
  });
  it('normalises spaces, dashes and case', () => {
    assert.equal(normalizeIcs(' fr72-zzz 123456 '), 'FR72ZZZ123456');
  });
});
