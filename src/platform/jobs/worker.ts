import type { Clock } from '../clock';
import type { Db } from '../db/client';
import type { Mailer } from '../mail/mailer';
import { sendDueEmails } from '../mail/outbox';
import { type JobHandler, runDueJobs } from './jobs';

/**
 * The in-process worker: polls the outbox and the jobs table. Every web process may run one; the
 * SKIP LOCKED claims keep them from doing the same work twice.
 */
export class Worker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      mailer: Mailer;
      mailFrom: string;
      handlers: Record<string, JobHandler>;
      onError: (err: unknown) => void;
    },
  ) {}

  /** One pass over the outbox and the jobs; tests call it directly. */
  async tick(): Promise<void> {
    const { db, clock, mailer, mailFrom, handlers } = this.deps;
    await sendDueEmails(db, mailer, mailFrom, clock.now());
    await runDueJobs(db, handlers, clock.now());
  }

  start(everyMs = 1000): void {
    const loop = () => {
      if (this.stopped) return;
      this.running = this.tick()
        .catch(this.deps.onError)
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.timer = setTimeout(loop, everyMs);
        });
    };
    this.timer = setTimeout(loop, everyMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
