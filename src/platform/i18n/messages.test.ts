import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOCALES, MESSAGES, pickLocale, translate } from './messages';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n', () => {
  it('French and English have exactly the same keys', () => {
    assert.deepEqual(Object.keys(MESSAGES.en).sort(), Object.keys(MESSAGES.fr).sort());
    assert.deepEqual([...LOCALES].sort(), Object.keys(MESSAGES).sort());
  });
  it('no message is empty, and placeholders match', () => {
    for (const key of Object.keys(MESSAGES.fr) as (keyof typeof MESSAGES.fr)[]) {
      assert.ok(MESSAGES.fr[key].trim(), `fr ${key}`);
      assert.ok(MESSAGES.en[key].trim(), `en ${key}`);
      assert.deepEqual(placeholders(MESSAGES.en[key]), placeholders(MESSAGES.fr[key]), key);
    }
  });
  it('every error page status has a title and a text in both languages', () => {
    for (const status of [400, 401, 403, 404, 409, 413, 429, 500, 503])
      for (const part of ['title', 'text'])
        assert.ok(`error.${status}.${part}` in MESSAGES.fr, `error.${status}.${part}`);
  });
  it('French is the default language', () => {
    assert.equal(pickLocale(undefined), 'fr');
    assert.equal(pickLocale('de'), 'fr');
    assert.equal(pickLocale('en'), 'en');
    assert.equal(translate('fr', 'error.404.title'), 'Page introuvable');
    assert.equal(translate('en', 'error.404.title'), 'Page not found');
  });
});
