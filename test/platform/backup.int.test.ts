// Backup → wipe → restore on PGlite (a data directory on disk, as the server uses it).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config';
import {
  BackupError,
  createBackup,
  restoreBackup,
  tableFingerprints,
  verifyBackup,
} from '../../src/platform/backup/backup';
import { openDatabase } from '../../src/platform/db/client';
import { seedForBackup, storageOf } from '../helpers/backup-seed';
import { openMigratedTestDatabase } from '../helpers/template-db';

describe('backup and restore on PGlite', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'maisonnee-backup-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('seed → backup → wipe → restore gives back every row and every file byte', async () => {
    const dataDir = join(root, 'data');
    const backupDir = join(root, 'sauvegarde');
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir });
    // A migrated database on disk, from the test template.
    const template = await openMigratedTestDatabase();
    const blob = await template.dump!();
    await template.close();
    const seeded = await openDatabase({ dataDir, loadDataDir: blob });
    const { files } = await seedForBackup(seeded.db, storageOf(dataDir));
    const before = await tableFingerprints(seeded);
    await seeded.close();
    assert.ok(before['public.audit_log']!.rows === 6 && before['public.uploaded_files']!.rows === 6);

    const manifest = await createBackup(config, backupDir);
    assert.equal(manifest.database.kind, 'pglite');
    assert.equal(manifest.files.length, 6);
    assert.deepEqual(manifest.secrets, ['files.secret']);
    assert.deepEqual(manifest.tables, before);
    await assert.rejects(createBackup(config, backupDir), /n'est pas vide/);

    // Restoring over live data needs --force.
    await assert.rejects(
      restoreBackup(config, backupDir),
      (e) => e instanceof BackupError && /--force/.test(e.message),
    );

    // Wipe everything, the files key included: the backup brings it back.
    await rm(dataDir, { recursive: true, force: true });
    await restoreBackup(config, backupDir);
    const restored = await openDatabase({ dataDir });
    assert.deepEqual(await tableFingerprints(restored), before);
    await restored.close();
    const storage = storageOf(dataDir);
    for (const f of files) assert.deepEqual(await storage.get(f.key), f.bytes);

    // --force replaces what is there (moved aside, not deleted) and still checks every table.
    await restoreBackup(config, backupDir, { force: true });
    const again = await openDatabase({ dataDir });
    assert.deepEqual(await tableFingerprints(again), before);
    await again.close();

    // A backup altered after the fact is refused before anything is touched.
    const victim = join(backupDir, 'files', manifest.files[0]!.path);
    const bytes = await readFile(victim);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    await writeFile(victim, bytes);
    await assert.rejects(verifyBackup(backupDir), /altéré/);
  });
});
