import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidSiret, luhnValid, normalizeSiret } from './siret';
import { slugProblem } from './slug';

describe('SIRET', () => {
  it('accepts numbers whose Luhn key is right', () => {
    assert.equal(isValidSiret('21750001600019'), true); // Ville de Paris
    assert.equal(isValidSiret('73282932000074'), true);
    assert.equal(isValidSiret('20000000000014'), true);
  });
  it('refuses a wrong key, a wrong length and non-digits', () => {
    assert.equal(isValidSiret('73282932000075'), false);
    assert.equal(isValidSiret('7328293200007'), false);
    assert.equal(isValidSiret('732829320000744'), false);
    assert.equal(isValidSiret('7328293200007A'), false);
    assert.equal(isValidSiret(''), false);
  });
  it('ignores spaces, dots and non-breaking spaces people type', () => {
    assert.equal(normalizeSiret('217 500 016 00019'), '21750001600019');
    assert.equal(normalizeSiret('217.500.016.00019'), '21750001600019');
    assert.equal(isValidSiret('217\u00a0500\u00a0016\u00a000019'), true);
  });
  it('applies the La Poste rule (digit sum multiple of 5) to SIREN 356000000', () => {
    assert.equal(isValidSiret('35600000012346'), true);
    assert.equal(isValidSiret('35600000012345'), false);
    assert.equal(isValidSiret('35600000000048'), true); // head office, valid both ways
  });
  it('computes Luhn on any length', () => {
    assert.equal(luhnValid('0'), true);
    assert.equal(luhnValid('18'), true);
    assert.equal(luhnValid('19'), false);
    assert.equal(luhnValid('12a'), false);
  });
});

describe('tenant slug', () => {
  const reserved = new Set(['operateur', 'api']);
  it('accepts lowercase words with digits and dashes', () => {
    assert.equal(slugProblem('ville-de-brest', reserved), null);
    assert.equal(slugProblem('a1', reserved), null);
  });
  it('refuses reserved, uppercase, accents, leading dash, too short or too long', () => {
    assert.match(slugProblem('operateur', reserved)!, /réservé/);
    assert.ok(slugProblem('Ville', reserved));
    assert.ok(slugProblem('évry', reserved));
    assert.ok(slugProblem('-ville', reserved));
    assert.ok(slugProblem('a', reserved));
    assert.ok(slugProblem(`a${'b'.repeat(41)}`, reserved));
    assert.equal(slugProblem(`a${'b'.repeat(40)}`, reserved), null);
  });
});
