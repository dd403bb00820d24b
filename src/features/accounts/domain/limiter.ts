/**
 * A concurrency limiter with a bounded queue. Argon2 verifies run on libuv's thread pool: without a limit a
 * login storm fills the pool and every other page waits. When the queue is full, `run` rejects at once
 * (the caller answers 503 with Retry-After) instead of making people wait without bound.
 */
export class QueueFullError extends Error {
  constructor() {
    super('queue full');
  }
}

export class Limiter {
  private running = 0;
  /** Tasks started since creation (a metric, and what tests use to see that work was done). */
  started = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly concurrency: number,
    readonly queueMax: number,
  ) {
    if (concurrency < 1) throw new RangeError('concurrency must be at least 1');
  }

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** True when a new task would be refused: callers can answer 503 before doing any other work. */
  get full(): boolean {
    return this.running >= this.concurrency && this.waiting.length >= this.queueMax;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.queueMax) throw new QueueFullError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    this.started++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `running` stays at the limit.
      if (next) next();
      else this.running--;
    }
  }
}
