// The rush benchmark's own logic on 20 families and PGlite: it runs end to end (real server spawned, seed,
// API calls with retries, checks read from the database) and finds nothing wrong. No timing is asserted.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runRush } from '../../bench/rush';

describe('bench:rush smoke run', () => {
  it('20 families on PGlite: no overbooking, every family answered, nothing written twice', async () => {
    const r = await runRush({
      pglite: true,
      families: 20,
      arrivalSeconds: 1,
      capacity: 5,
      sockets: 20,
      timeoutMs: 30_000,
      pgbenchSeconds: 1,
    });
    assert.equal(r.engine, 'pglite');
    assert.equal(r.overbooked, 0);
    assert.equal(r.unanswered, 0);
    assert.equal(r.duplicates, 0);
    assert.equal(r.invariantBroken, 0);
    assert.equal(r.answerMismatches, 0);
    assert.ok(r.attempts >= 100, 'each family asks for 5–10 days');
    assert.ok(r.booked > 0 && r.booked <= r.capacity);
    assert.equal(r.pgbenchSameSqlTps, null, 'no pgbench on PGlite');
  });
});
