import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asFormValue, diffFields, normalizeText, overlaps, remainingAfterReplacement } from './diff';

describe('diff', () => {
  it('lists changed fields only, in key order', () => {
    const d = diffFields(
      ['a', 'b', 'c'],
      { a: '1 rue A', b: '75001', c: 'Paris' },
      { c: 'Lyon', a: '1 rue A', b: '69001' },
    );
    assert.deepEqual(d, [
      { field: 'b', before: '75001', after: '69001' },
      { field: 'c', before: 'Paris', after: 'Lyon' },
    ]);
  });
  it('ignores whitespace-only changes', () => {
    assert.deepEqual(diffFields(['a'], { a: '1 rue  A' }, { a: '  1 rue A ' }), []);
    assert.deepEqual(diffFields(['a'], { a: '' }, { a: '   ' }), []);
    assert.deepEqual(diffFields(['a'], { a: null }, { a: '' }), []);
  });
  it('ignores keys the form did not send', () => {
    assert.deepEqual(diffFields(['a', 'b'], { a: 'x', b: 'y' }, { a: 'x' }), []);
  });
  it('represents emptied and filled fields with null', () => {
    assert.deepEqual(diffFields(['a'], { a: 'x' }, { a: '' }), [{ field: 'a', before: 'x', after: null }]);
    assert.deepEqual(diffFields(['a'], { a: null }, { a: 'y' }), [{ field: 'a', before: null, after: 'y' }]);
  });
  it('compares numbers and booleans as form strings', () => {
    assert.deepEqual(diffFields(['q', 'p'], { q: 850, p: true }, { q: '850', p: 'true' }), []);
    assert.deepEqual(diffFields(['q'], { q: 850 }, { q: '0' }), [{ field: 'q', before: '850', after: '0' }]);
    assert.equal(asFormValue(false), 'false');
    assert.equal(normalizeText(undefined), '');
  });
  it('a later request replaces the overlapping fields of an earlier one', () => {
    const earlier = [
      { field: 'city', before: 'A', after: 'B' },
      { field: 'postalCode', before: '1', after: '2' },
    ];
    const later = [{ field: 'city', before: 'A', after: 'C' }];
    assert.ok(overlaps(earlier, later));
    assert.deepEqual(remainingAfterReplacement(earlier, later), [earlier[1]]);
    assert.deepEqual(remainingAfterReplacement(later, earlier), []);
    assert.ok(!overlaps([{ field: 'x', before: null, after: '1' }], later));
  });
});
