import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { colourProblem, isIanaTimeZone, isPhone } from './settings-rules';

describe('tenant settings rules', () => {
  it('accepts dark brand colours and refuses light ones with the measured ratio', () => {
    assert.equal(colourProblem('#1f4e8c'), null);
    assert.equal(colourProblem('#000000'), null);
    const light = colourProblem('#ffd700');
    assert.match(light ?? '', /trop claire/);
    assert.match(light ?? '', /4,5:1/);
    // #767676 reaches 4.54:1 on white but not on the light grey page background.
    assert.match(colourProblem('#767676') ?? '', /trop claire/);
    assert.match(colourProblem('red') ?? '', /format/);
  });
  it('knows the IANA time zones', () => {
    assert.equal(isIanaTimeZone('Europe/Paris'), true);
    assert.equal(isIanaTimeZone('America/Cayenne'), true);
    assert.equal(isIanaTimeZone('UTC'), true);
    assert.equal(isIanaTimeZone('Europe/Atlantis'), false);
    assert.equal(isIanaTimeZone('../../etc/passwd'), false);
  });
  it('checks phone numbers loosely', () => {
    assert.equal(isPhone('01 23 45 67 89'), true);
    assert.equal(isPhone('+33 1 23 45 67 89'), true);
    assert.equal(isPhone('appelez-nous'), false);
  });
});
