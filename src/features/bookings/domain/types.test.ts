import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isOnTime, liveStatus } from './types';

describe('domain types', () => {
  test('isOnTime is exclusive of the deadline instant', () => {
    const d = new Date('2026-03-09T09:00:00Z');
    assert.equal(isOnTime(new Date(d.getTime() - 1), d), true);
    assert.equal(isOnTime(d, d), false);
  });

  test('liveStatus prefers confirmed over pending over waiting over refused', () => {
    assert.equal(liveStatus([]), null);
    assert.equal(liveStatus(['refused', 'confirmed']), 'confirmed');
    assert.equal(liveStatus(['waiting', 'requested']), 'requested');
    assert.equal(liveStatus(['requested', 'cancel-requested']), 'cancel-requested');
    assert.equal(liveStatus(['refused', 'waiting', 'refused']), 'waiting');
  });

  test('domain modules import nothing with I/O (only siblings and temporal-polyfill)', () => {
    const dir = dirname(fileURLToPath(import.meta.url));
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    assert.ok(files.length >= 10);
    for (const f of files) {
      const src = readFileSync(`${dir}/${f}`, 'utf8');
      for (const m of src.matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)) {
        const from = m[1]!;
        assert.ok(from.startsWith('./') || from === 'temporal-polyfill', `${f} imports ${from}`);
      }
      assert.ok(
        !/new Date\(\)|Date\.now\(\)|Math\.random\(\)|process\./.test(src),
        `${f} reads ambient state`,
      );
    }
  });
});
