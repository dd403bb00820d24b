import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACCESS_ROWS } from './access/index';
import { ACTORS, buildWorld } from './access/world';
import { useTestApp } from './helpers/app';

const t = useTestApp();

describe('access matrix', () => {
  it('has a row for every route of the application', () => {
    const known = new Set(ACCESS_ROWS.map((r) => `${r.method} ${r.route}`));
    const missing = t.app.routeList
      .map((r) => `${r.method} ${r.url}`)
      .filter((key, i, all) => all.indexOf(key) === i)
      .filter((key) => !known.has(key.replace(/\/$/, '')) && !known.has(key));
    assert.deepEqual(missing, [], `routes without an access-matrix row: ${missing.join(', ')}`);
  });

  it('answers each actor as the table says', async () => {
    const w = await buildWorld(t);
    const failures: string[] = [];
    for (const row of ACCESS_ROWS) {
      for (const actor of ACTORS) {
        const expected = row.expect[actor] ?? row.expect.others;
        const client = w.clients[actor];
        const url = row.path(w);
        const res =
          row.method === 'GET'
            ? await client.get(url)
            : row.method === 'DELETE'
              ? await client.api('DELETE', url)
              : await client.post(url, row.form?.(w) ?? {});
        if (res.statusCode !== expected)
          failures.push(`${row.method} ${url} as ${actor}: expected ${expected}, got ${res.statusCode}`);
      }
    }
    assert.deepEqual(failures, []);
  });
});
