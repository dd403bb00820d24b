import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Limiter, QueueFullError } from './limiter';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

describe('Limiter', () => {
  it('runs at most `concurrency` tasks at once and queues the rest in order', async () => {
    const limiter = new Limiter(2, 10);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const gates = Array.from({ length: 5 }, deferred);
    const all = gates.map((g, i) =>
      limiter.run(async () => {
        running++;
        peak = Math.max(peak, running);
        order.push(i);
        await g.promise;
        running--;
        return i;
      }),
    );
    await new Promise((r) => setImmediate(r));
    assert.equal(limiter.active, 2);
    assert.equal(limiter.queued, 3);
    for (const g of gates) {
      g.resolve();
      await new Promise((r) => setImmediate(r));
    }
    assert.deepEqual(await Promise.all(all), [0, 1, 2, 3, 4]);
    assert.equal(peak, 2);
    assert.deepEqual(order, [0, 1, 2, 3, 4]);
    assert.equal(limiter.active, 0);
  });

  it('rejects at once when the queue is full', async () => {
    const limiter = new Limiter(1, 1);
    const gate = deferred();
    const first = limiter.run(() => gate.promise);
    const second = limiter.run(async () => 'queued');
    assert.equal(limiter.full, true);
    await assert.rejects(
      limiter.run(async () => 'third'),
      QueueFullError,
    );
    gate.resolve();
    await first;
    assert.equal(await second, 'queued');
  });

  it('frees its slot when a task throws', async () => {
    const limiter = new Limiter(1, 0);
    await assert.rejects(
      limiter.run(async () => Promise.reject(new Error('boom'))),
      /boom/,
    );
    assert.equal(await limiter.run(async () => 42), 42);
  });
});
