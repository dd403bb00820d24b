import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

// Outside domain/ on purpose: the domain folder itself holds pure files only, tests included.
describe('bookings domain purity', () => {
  test('domain modules import nothing with I/O (only siblings and temporal-polyfill)', () => {
    const dir = fileURLToPath(new URL('./domain', import.meta.url));
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
