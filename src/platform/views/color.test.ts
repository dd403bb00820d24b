import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { accessibleBrand, contrastRatio, luminance, parseHex } from './color';

describe('colour contrast (WCAG 2.1)', () => {
  it('parses #rrggbb only', () => {
    assert.deepEqual(parseHex('#1f4e8c'), [31, 78, 140]);
    assert.deepEqual(parseHex('#FFFFFF'), [255, 255, 255]);
    for (const bad of ['#fff', '1f4e8c', '#1f4e8g', '#1f4e8c00', 'red', ''])
      assert.equal(parseHex(bad), null, bad);
  });
  it('luminance of black and white', () => {
    assert.equal(luminance('#000000'), 0);
    assert.equal(luminance('#ffffff'), 1);
    assert.throws(() => luminance('blue'), RangeError);
  });
  it('known contrast ratios', () => {
    assert.equal(contrastRatio('#000000', '#ffffff'), 21);
    assert.equal(contrastRatio('#ffffff', '#000000'), 21, 'order does not matter');
    assert.equal(contrastRatio('#777777', '#777777'), 1);
    assert.equal(contrastRatio('#767676', '#ffffff').toFixed(2), '4.54', 'the classic lightest AA grey');
    assert.ok(contrastRatio('#777777', '#ffffff') < 4.5);
  });
  it('keeps a dark enough brand colour', () => {
    assert.deepEqual(accessibleBrand('#1f4e8c'), { brand: '#1f4e8c', contrast: '#ffffff' });
  });
  it('darkens a light colour until white text reaches 4.5:1', () => {
    const { brand, contrast } = accessibleBrand('#ffd700');
    assert.notEqual(brand, '#ffd700');
    assert.equal(contrast, '#ffffff');
    assert.ok(contrastRatio(brand, '#ffffff') >= 4.5);
  });
  it('falls back to the default blue for an invalid colour', () => {
    assert.equal(accessibleBrand('not-a-colour').brand, '#1f4e8c');
  });
  it('property: any colour gives a brand with ≥ 4.5:1 against white', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffff }), (n) => {
        const hex = `#${n.toString(16).padStart(6, '0')}`;
        const { brand } = accessibleBrand(hex);
        assert.ok(parseHex(brand));
        assert.ok(contrastRatio(brand, '#ffffff') >= 4.5, `${hex} → ${brand}`);
      }),
      { numRuns: 2000 },
    );
  });
});
