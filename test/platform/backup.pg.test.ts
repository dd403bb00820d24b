// Backup → wipe → restore on PostgreSQL (pg_dump / psql), in a database created and dropped here.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { loadConfig } from '../../src/config';
import {
  BackupError,
  createBackup,
  restoreBackup,
  tableFingerprints,
} from '../../src/platform/backup/backup';
import { loadBundledSchoolHolidays } from '../../src/platform/calendar/school-holidays';
import { openDatabase } from '../../src/platform/db/client';
import { seedForBackup, storageOf } from '../helpers/backup-seed';

const url = process.env.TEST_DATABASE_URL;

describe('backup and restore on PostgreSQL', { skip: url ? false : 'TEST_DATABASE_URL is not set' }, () => {
  const name = `maisonnee_backup_${process.pid}`;
  let admin: pg.Client;
  let dbUrl: string;
  let root: string;
  const recreate = async () => {
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.query(`create database "${name}"`);
  };

  before(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await recreate();
    const u = new URL(url!);
    u.pathname = `/${name}`;
    dbUrl = u.toString();
    root = await mkdtemp(join(tmpdir(), 'maisonnee-backup-pg-'));
  });
  after(async () => {
    await admin?.query(`drop database if exists "${name}" with (force)`);
    await admin?.end();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('seed → backup → wipe → restore gives back every row and every file byte', async () => {
    const dataDir = join(root, 'data');
    const backupDir = join(root, 'sauvegarde');
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: dbUrl });
    const database = await openDatabase({ url: dbUrl, poolMax: 2 });
    await database.migrate();
    await loadBundledSchoolHolidays(database.db);
    const { files } = await seedForBackup(database.db, storageOf(dataDir));
    const fingerprints = await tableFingerprints(database);
    await database.close();

    const manifest = await createBackup(config, backupDir);
    assert.equal(manifest.database.kind, 'postgres');
    assert.deepEqual(manifest.tables, fingerprints);
    assert.ok(fingerprints['drizzle.__drizzle_migrations']!.rows > 0);
    await assert.rejects(
      restoreBackup(config, backupDir),
      (e) => e instanceof BackupError && /--force/.test(e.message),
    );

    // Wipe: an empty database and no data directory.
    await recreate();
    await rm(dataDir, { recursive: true, force: true });
    await restoreBackup(config, backupDir);
    const restored = await openDatabase({ url: dbUrl, poolMax: 2 });
    assert.deepEqual(await tableFingerprints(restored), fingerprints);
    // The restored database keeps working: its sequences continue after the restored rows.
    const next = await restored.db.execute(sql`select nextval('audit_log_id_seq')::int as n`);
    assert.ok(Number((next as unknown as { rows: { n: number }[] }).rows[0]!.n) > 6);
    await restored.close();
    const storage = storageOf(dataDir);
    for (const f of files) assert.deepEqual(await storage.get(f.key), f.bytes);

    await restoreBackup(config, backupDir, { force: true });
    const again = await openDatabase({ url: dbUrl, poolMax: 2 });
    assert.deepEqual(await tableFingerprints(again), fingerprints);
    await again.close();
  });
});
