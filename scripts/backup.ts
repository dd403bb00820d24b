// npm run backup -- <dir>: the database, the stored files and a manifest with checksums (see
// src/platform/backup/backup.ts and docs/OPERATIONS.md). With PGlite, stop the server first.
import { ConfigError, loadConfig } from '../src/config';
import { BackupError, createBackup } from '../src/platform/backup/backup';

const dir = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (!dir) {
  process.stderr.write('Usage : npm run backup -- <dossier>\n');
  process.exit(2);
}
try {
  const m = await createBackup(loadConfig(), dir);
  const rows = Object.values(m.tables).reduce((s, t) => s + t.rows, 0);
  process.stdout.write(
    `Sauvegarde écrite dans ${dir} : base ${m.database.kind} (${Object.keys(m.tables).length} tables, ${rows} lignes), ${m.files.length} fichier(s).\n`,
  );
} catch (err) {
  if (err instanceof BackupError || err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
