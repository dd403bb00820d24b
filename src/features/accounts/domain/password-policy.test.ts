import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMMON_PASSWORDS } from '../common-passwords';
import { PASSWORD_MAX, parseCommonPasswords, passwordProblem } from './password-policy';

const common = parseCommonPasswords('# comment\npassword\nazerty\nMotDePasse\n\n  soleil  \n');
const check = (p: string, email?: string) => passwordProblem(p, { common, email });

describe('password policy', () => {
  it('accepts 8 to 128 characters without composition rules', () => {
    assert.equal(check('abcdefgh'), null);
    assert.equal(check('une phrase toute simple'), null);
    assert.equal(check(`${'x'.repeat(127)}y`), null);
  });

  it('refuses fewer than 8 characters, counting code points', () => {
    assert.match(check('abcdefg')!, /au moins 8/);
    assert.match(check('')!, /au moins 8/);
    // 7 emoji are 14 UTF-16 units but 7 characters.
    assert.match(check('😀😀😀😀😀😀😁')!, /au moins 8/);
    assert.equal(check('éèàùçôîë'), null);
  });

  it('refuses more than 128 characters', () => {
    assert.match(check(`${'a'.repeat(PASSWORD_MAX)}b`)!, /dépasser 128/);
    assert.match(check('ab'.repeat(65))!, /dépasser 128/);
  });

  it('refuses common passwords whatever their case', () => {
    assert.match(check('PASSWORD')!, /plus courants/);
    assert.match(check('motdepasse')!, /plus courants/);
  });

  it('refuses a single repeated character', () => {
    assert.match(check('aaaaaaaaaa')!, /répète/);
  });

  it('refuses the e-mail address or its local part', () => {
    assert.match(check('Camille.Martin@exemple.fr', 'camille.martin@exemple.fr')!, /adresse e-mail/);
    assert.match(check('camille.martin', 'camille.martin@exemple.fr')!, /adresse e-mail/);
    assert.equal(check('camille.martin!2026', 'camille.martin@exemple.fr'), null);
  });

  it('ships at least 10,000 common passwords, French ones included', () => {
    assert.ok(COMMON_PASSWORDS.size >= 10_000, `only ${COMMON_PASSWORDS.size}`);
    for (const p of ['azerty', 'motdepasse', 'soleil', 'password', '123456789', 'azertyuiop', 'iloveyou'])
      assert.ok(COMMON_PASSWORDS.has(p), p);
    assert.match(passwordProblem('Azertyuiop', { common: COMMON_PASSWORDS })!, /plus courants/);
    assert.match(passwordProblem('12345678', { common: COMMON_PASSWORDS })!, /plus courants/);
  });
});
