// npm run restore -- <dir> [--force]: restores a backup made by `npm run backup`. Refuses a database
// or files directory that already holds data unless --force. With PGlite, stop the server first.
import { ConfigError, loadConfig } from '../src/config';
import { BackupError, restoreBackup } from '../src/platform/backup/backup';

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--'));
if (!dir) {
  process.stderr.write('Usage : npm run restore -- <dossier> [--force]\n');
  process.exit(2);
}
try {
  const m = await restoreBackup(loadConfig(), dir, { force: args.includes('--force') });
  process.stdout.write(
    `Sauvegarde du ${m.createdAt} restaurée : ${Object.keys(m.tables).length} tables vérifiées, ${m.files.length} fichier(s).\n`,
  );
} catch (err) {
  if (err instanceof BackupError || err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
