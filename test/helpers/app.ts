import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { FixedClock } from '../../src/platform/clock';
import type { Database, Db } from '../../src/platform/db/client';
import { encryptedStorage, type FileStorage, localFileStorage } from '../../src/platform/files/storage';
import { jobHandlers } from '../../src/platform/jobs/handlers';
import { Worker } from '../../src/platform/jobs/worker';
import type { Mailer, OutgoingMail } from '../../src/platform/mail/mailer';
import { openMigratedTestDatabase } from './template-db';

/** A mailer that keeps messages in memory; `failNext` simulates an SMTP outage. */
export class MemoryMailer implements Mailer {
  readonly kind = 'files' as const;
  sent: OutgoingMail[] = [];
  failing = false;
  async send(mail: OutgoingMail) {
    if (this.failing) throw new Error('SMTP indisponible (simulé)');
    this.sent.push(mail);
  }
  close() {}
}

export interface TestContext {
  app: FastifyInstance;
  db: Db;
  database: Database;
  clock: FixedClock;
  mailer: MemoryMailer;
  /** Encrypted storage in a temporary directory, removed after the file's tests. */
  storage: FileStorage;
  filesDir: string;
  /**
   * The background worker on the test clock (not started): `await t.worker.tick()` sends due e-mails
   * to t.mailer and runs due jobs, as the server would after commit.
   */
  worker: Worker;
}

/** Tables kept between tests (reference data loaded at start). */
const KEPT_TABLES = new Set(['platform_school_holidays', '__drizzle_migrations']);

async function truncateAll(db: Db): Promise<void> {
  const res = await db.execute<{ tablename: string }>(
    sql`select tablename from pg_tables where schemaname = 'public'`,
  );
  const rows = (res as unknown as { rows: { tablename: string }[] }).rows;
  const names = rows.map((r) => r.tablename).filter((n) => !KEPT_TABLES.has(n));
  if (names.length > 0)
    await db.execute(sql.raw(`truncate ${names.map((n) => `"${n}"`).join(', ')} cascade`));
}

/**
 * Builds the app on a fresh in-memory PGlite database, migrated once for the test file; every table is
 * emptied before each test. The clock is fixed (default 2026-11-25 10:00 Paris) and settable.
 */
export function useTestApp(options: { now?: string; env?: Record<string, string> } = {}): TestContext {
  const ctx = {} as TestContext;
  before(async () => {
    ctx.database = await openMigratedTestDatabase();
    ctx.db = ctx.database.db;
    ctx.clock = new FixedClock(options.now ?? '2026-11-25T09:00:00Z');
    ctx.mailer = new MemoryMailer();
    ctx.filesDir = await mkdtemp(join(tmpdir(), 'maisonnee-files-'));
    ctx.storage = encryptedStorage(localFileStorage(ctx.filesDir), randomBytes(32));
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: './data/test', ...options.env });
    ctx.worker = new Worker({
      db: ctx.database.db,
      clock: ctx.clock,
      mailer: ctx.mailer,
      mailFrom: config.MAIL_FROM,
      handlers: jobHandlers(config),
      onError: (err) => {
        throw err;
      },
    });
    ctx.app = await buildApp({
      config,
      database: ctx.database,
      clock: ctx.clock,
      mailer: ctx.mailer,
      storage: ctx.storage,
      cookieSecret: 'test-cookie-secret-that-is-long-enough-000',
    });
    await ctx.app.ready();
  });
  beforeEach(async () => {
    await truncateAll(ctx.db);
    await ctx.app.tenants.refresh();
    ctx.mailer.sent = [];
    ctx.clock.set(options.now ?? '2026-11-25T09:00:00Z');
  });
  after(async () => {
    await ctx.app?.close();
    await ctx.database?.close();
    if (ctx.filesDir) await rm(ctx.filesDir, { recursive: true, force: true });
  });
  return ctx;
}
