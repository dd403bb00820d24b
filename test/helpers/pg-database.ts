import { after, before } from 'node:test';
import { sql } from 'drizzle-orm';
import { type Database, openDatabase } from '../../src/platform/db/client';

/**
 * A PostgreSQL suite's own migrated database next to TEST_DATABASE_URL (`<name><suffix>`), created before
 * the suite and dropped after it, so other suites' truncations and outbox drains never interfere and CI
 * leaves nothing behind. Call inside a `describe` skipped when TEST_DATABASE_URL is unset.
 */
export function useOwnPgDatabase(suffix: string, poolMax = 12): { database: Database } {
  const holder = {} as { database: Database };
  const url = process.env.TEST_DATABASE_URL;
  let name = '';
  before(async () => {
    const admin = await openDatabase({ url, poolMax: 1 });
    name = `${new URL(url!).pathname.slice(1)}${suffix}`.replace(/"/g, '');
    const exists = await admin.db.execute(sql`select 1 from pg_database where datname = ${name}`);
    if ((exists as unknown as { rows: unknown[] }).rows.length === 0)
      await admin.db.execute(sql.raw(`create database "${name}"`));
    await admin.close();
    const own = new URL(url!);
    own.pathname = `/${name}`;
    holder.database = await openDatabase({ url: own.toString(), poolMax });
    await holder.database.migrate();
  });
  after(async () => {
    await holder.database?.close();
    const admin = await openDatabase({ url, poolMax: 1 });
    await admin.db.execute(sql.raw(`drop database if exists "${name}" with (force)`));
    await admin.close();
  });
  return holder;
}
