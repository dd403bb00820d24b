import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBundledSchoolHolidays } from '../../src/platform/calendar/school-holidays';
import { type Database, MIGRATIONS_FOLDER, openDatabase } from '../../src/platform/db/client';

const CACHE_DIR = join(process.cwd(), 'node_modules', '.cache', 'maisonnee');

/** A hash of every migration file: the template is rebuilt whenever a migration changes. */
function migrationsHash(): string {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const p = join(dir, name.name);
      if (name.isDirectory()) walk(p);
      else h.update(name.name).update(readFileSync(p));
    }
  };
  walk(MIGRATIONS_FOLDER);
  return h.digest('hex').slice(0, 16);
}

/**
 * An in-memory PGlite database, migrated and holding the reference data. Creating a PGlite cluster
 * (initdb) costs seconds; a migrated template is dumped once into node_modules/.cache and each test file
 * starts from a copy of it.
 */
export async function openMigratedTestDatabase(): Promise<Database> {
  const file = join(CACHE_DIR, `pglite-template-${migrationsHash()}.tar`);
  if (existsSync(file)) {
    const database = await openDatabase({ dataDir: null, loadDataDir: new Blob([readFileSync(file)]) });
    return database;
  }
  const database = await openDatabase({ dataDir: null });
  await database.migrate();
  await loadBundledSchoolHolidays(database.db);
  const dump = await database.dump!();
  mkdirSync(CACHE_DIR, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
  renameSync(tmp, file); // atomic: concurrent test files never read a half-written template
  return database;
}
