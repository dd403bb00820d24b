import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSafeLocation, safeRedirectPath } from './redirect';

describe('safeRedirectPath', () => {
  it('keeps same-site paths', () => {
    for (const p of ['/', '/demo/', '/demo/reservations?mois=2026-11#j25', '/%2F%2Fevil.test'])
      assert.equal(safeRedirectPath(p), p);
  });
  it('refuses everything that could leave the site', () => {
    for (const p of [
      '//evil.test',
      '///evil.test',
      'https://evil.test',
      'http:evil.test',
      'javascript:alert(1)',
      '/\\evil.test',
      '\\\\evil.test',
      '/\t/evil.test',
      '/\n/evil.test',
      '/\r\n/evil.test',
      ' //evil.test',
      '/ /evil.test',
      'evil.test',
      '',
      `/${'a'.repeat(2001)}`,
      undefined,
      null,
      42,
      ['/'],
    ])
      assert.equal(safeRedirectPath(p), '/', JSON.stringify(p));
    assert.equal(safeRedirectPath('//evil.test', '/demo/'), '/demo/');
  });
});

describe('isSafeLocation', () => {
  it('accepts paths, relative references and absolute http(s) URLs', () => {
    for (const l of [
      '/',
      '/demo/connexion?retour=%2Fdemo%2F',
      'connexion',
      '?page=2',
      'https://www.payfip.gouv.fr/tpa/paiement.web',
    ])
      assert.equal(isSafeLocation(l), true, l);
  });
  it('refuses what a browser reads as another host or a script', () => {
    for (const l of [
      '//evil.test',
      '/\t/evil.test',
      '/\\evil.test',
      '\\\\evil.test',
      '\t//evil.test',
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,x',
      'java\tscript:alert(1)',
    ])
      assert.equal(isSafeLocation(l), false, JSON.stringify(l));
  });
});
