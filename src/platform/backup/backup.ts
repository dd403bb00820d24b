/**
 * Backup and restore of a whole installation: the database (pg_dump / psql for PostgreSQL, PGlite's
 * data directory dump otherwise), the stored files (copied as they are: encrypted at rest), and a
 * manifest with a SHA-256 of every file and a fingerprint (row count + checksum) of every table, which
 * the restore checks before it reports success.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { sql } from 'drizzle-orm';
import type { AppConfig } from '../../config';
import { type Database, openDatabase } from '../db/client';

export const BACKUP_FORMAT = 'maisonnee-backup/1';
/** Secrets generated into DATA_DIR when not given by the environment (see src/platform/secrets.ts). */
const SECRET_FILES = ['files.secret', 'cookie.secret'];

export interface TableFingerprint {
  rows: number;
  /** md5 over the md5 of every row's text, in sorted order: independent of the physical order. */
  checksum: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  database: { kind: 'pglite' | 'postgres'; file: string; sha256: string; bytes: number };
  tables: Record<string, TableFingerprint>;
  files: { path: string; sha256: string; bytes: number }[];
  /** Secret files copied from DATA_DIR (only those generated there, never environment values). */
  secrets: string[];
}

export class BackupError extends Error {}

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

async function walkFiles(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        // Temp files of unfinished uploads are not data.
        if (relative(root, p) !== 'tmp') await walk(p);
      } else if (e.isFile()) out.push(p);
    }
  };
  await walk(root);
  return out.sort();
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((ok, ko) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
    let err = '';
    child.stderr.on('data', (d) => {
      err += String(d);
    });
    child.on('error', ko);
    child.on('close', (code) =>
      code === 0
        ? ok()
        : ko(new BackupError(`${cmd} a échoué (code ${code}) : ${err.trim().slice(0, 2000)}`)),
    );
  });
}

/** Row count and checksum of every table of the application's schemas (same answer on both drivers). */
export async function tableFingerprints(database: Database): Promise<Record<string, TableFingerprint>> {
  return database.db.transaction(async (tx) => {
    // Row texts of timestamptz depend on the session time zone: fix it for this transaction.
    await tx.execute(sql`set local timezone = 'UTC'`);
    const res = await tx.execute<{ schemaname: string; tablename: string }>(
      sql`select schemaname, tablename from pg_tables where schemaname in ('public', 'drizzle') order by 1, 2`,
    );
    const out: Record<string, TableFingerprint> = {};
    for (const t of (res as unknown as { rows: { schemaname: string; tablename: string }[] }).rows) {
      const name = `${t.schemaname}.${t.tablename}`;
      const q = sql.raw(
        `select count(*)::text as n, coalesce(md5(string_agg(h, '' order by h)), '') as c
         from (select md5(x::text) as h from "${t.schemaname}"."${t.tablename}" x) s`,
      );
      const r = (await tx.execute<{ n: string; c: string }>(q)) as unknown as {
        rows: { n: string; c: string }[];
      };
      out[name] = { rows: Number(r.rows[0]!.n), checksum: r.rows[0]!.c };
    }
    return out;
  });
}

function openFromConfig(config: AppConfig): Promise<Database> {
  return openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.dataDir,
    poolMax: 2,
    statementTimeoutMs: 600_000,
    connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
  });
}

/**
 * Writes a backup into `dir` (created; it must be empty). PGlite: the server must be stopped (one
 * process per data directory). PostgreSQL: pg_dump takes a consistent snapshot while the site runs.
 */
export async function createBackup(
  config: AppConfig,
  dir: string,
  now = new Date(),
): Promise<BackupManifest> {
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).length > 0) throw new BackupError(`Le dossier ${dir} n'est pas vide.`);
  let dbFile: string;
  let kind: 'pglite' | 'postgres';
  let tables: Record<string, TableFingerprint>;
  const database = await openFromConfig(config);
  try {
    tables = await tableFingerprints(database);
    if (database.kind === 'postgres') {
      kind = 'postgres';
      dbFile = 'database.sql';
      await run('pg_dump', [
        '--format=plain',
        '--no-owner',
        '--no-privileges',
        '--quote-all-identifiers',
        `--file=${join(dir, dbFile)}`,
        `--dbname=${config.DATABASE_URL}`,
      ]);
    } else {
      kind = 'pglite';
      dbFile = 'database.pglite.tar';
      const dump = await database.dump!();
      await writeFile(join(dir, dbFile), Buffer.from(await dump.arrayBuffer()), { mode: 0o600 });
    }
  } finally {
    await database.close();
  }
  // Files: copied as stored (encrypted with FILES_KEY), under the same relative paths.
  const filesRoot = join(config.dataDir, 'files');
  const files: BackupManifest['files'] = [];
  for (const p of await walkFiles(filesRoot)) {
    const rel = relative(filesRoot, p);
    const target = join(dir, 'files', rel);
    await mkdir(dirname(target), { recursive: true });
    await copyFile(p, target);
    files.push({ path: rel, sha256: await sha256File(target), bytes: (await stat(target)).size });
  }
  const secrets: string[] = [];
  for (const name of SECRET_FILES) {
    const fromEnv = name === 'files.secret' ? config.FILES_KEY : config.COOKIE_SECRET;
    const p = join(config.dataDir, name);
    if (!fromEnv && existsSync(p)) {
      await mkdir(join(dir, 'secrets'), { recursive: true, mode: 0o700 });
      await copyFile(p, join(dir, 'secrets', name));
      await chmod(join(dir, 'secrets', name), 0o600);
      secrets.push(name);
    }
  }
  const dbPath = join(dir, dbFile);
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    createdAt: now.toISOString(),
    database: { kind, file: dbFile, sha256: await sha256File(dbPath), bytes: (await stat(dbPath)).size },
    tables,
    files,
    secrets,
  };
  await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return manifest;
}

async function readManifest(dir: string): Promise<BackupManifest> {
  let m: BackupManifest;
  try {
    m = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as BackupManifest;
  } catch {
    throw new BackupError(`Pas de manifest.json lisible dans ${dir}.`);
  }
  if (m.format !== BACKUP_FORMAT)
    throw new BackupError(`Format de sauvegarde inconnu : ${String(m.format)}.`);
  return m;
}

/** Checks every checksum of a backup directory; throws on the first difference. */
export async function verifyBackup(dir: string): Promise<BackupManifest> {
  const m = await readManifest(dir);
  if ((await sha256File(join(dir, m.database.file))) !== m.database.sha256)
    throw new BackupError(`${m.database.file} ne correspond pas au manifeste (fichier altéré).`);
  for (const f of m.files)
    if ((await sha256File(join(dir, 'files', f.path))) !== f.sha256)
      throw new BackupError(`files/${f.path} ne correspond pas au manifeste (fichier altéré).`);
  return m;
}

async function postgresHasTables(database: Database): Promise<boolean> {
  const r = (await database.db.execute(
    sql`select count(*)::int as n from pg_tables where schemaname in ('public', 'drizzle')`,
  )) as unknown as { rows: { n: number | string }[] };
  return Number(r.rows[0]!.n) > 0;
}

/**
 * Restores a backup into the configured database and DATA_DIR. Refuses a database or files directory
 * that already holds data unless `force` (then PostgreSQL's schemas are dropped; PGlite's data
 * directory and the files directory are moved aside, not deleted). Checks the table fingerprints after
 * loading: a restore that does not give back the same rows fails loudly.
 */
export async function restoreBackup(
  config: AppConfig,
  dir: string,
  options: { force?: boolean; now?: Date } = {},
): Promise<BackupManifest> {
  const m = await verifyBackup(dir);
  const kind = config.DATABASE_URL ? 'postgres' : 'pglite';
  if (m.database.kind !== kind)
    throw new BackupError(
      `Cette sauvegarde vient de ${m.database.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'} : restaurez-la sur le même type de base.`,
    );
  const stamp = (options.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
  const filesRoot = join(config.dataDir, 'files');
  const filesPresent = (await walkFiles(filesRoot)).length > 0;

  if (kind === 'postgres') {
    const database = await openFromConfig(config);
    try {
      if (await postgresHasTables(database)) {
        if (!options.force)
          throw new BackupError(
            'La base de données contient déjà des tables : ajoutez --force pour la remplacer.',
          );
        await database.db.execute(sql.raw('drop schema if exists "drizzle" cascade'));
        await database.db.execute(sql.raw('drop schema if exists "public" cascade'));
        await database.db.execute(sql.raw('create schema "public"'));
      }
      if (filesPresent && !options.force)
        throw new BackupError(
          `Le dossier ${filesRoot} contient des fichiers : ajoutez --force pour le remplacer.`,
        );
    } finally {
      await database.close();
    }
    await run('psql', [
      '--quiet',
      '--no-psqlrc',
      '-v',
      'ON_ERROR_STOP=1',
      `--dbname=${config.DATABASE_URL}`,
      '-f',
      join(dir, m.database.file),
    ]);
  } else {
    const pgliteDir = join(config.dataDir, 'pglite');
    const present = existsSync(pgliteDir) && (await readdir(pgliteDir)).length > 0;
    if ((present || filesPresent) && !options.force)
      throw new BackupError(
        `${present ? pgliteDir : filesRoot} contient déjà des données : ajoutez --force pour les remplacer.`,
      );
    if (present) await rename(pgliteDir, `${pgliteDir}.avant-restauration-${stamp}`);
    const blob = new Blob([await readFile(join(dir, m.database.file))]);
    const loaded = await openDatabase({ dataDir: config.dataDir, loadDataDir: blob });
    await loaded.close();
  }

  if (filesPresent) await rename(filesRoot, `${filesRoot}.avant-restauration-${stamp}`);
  for (const f of m.files) {
    const target = join(filesRoot, f.path);
    await mkdir(dirname(target), { recursive: true });
    await copyFile(join(dir, 'files', f.path), target);
    await chmod(target, 0o600);
  }
  for (const name of m.secrets) {
    const target = join(config.dataDir, name);
    // A key already in place (or given by the environment) wins: it is the one the site runs with.
    if (!existsSync(target)) {
      await mkdir(config.dataDir, { recursive: true });
      await copyFile(join(dir, 'secrets', name), target);
      await chmod(target, 0o600);
    }
  }

  const database = await openFromConfig(config);
  try {
    const now = await tableFingerprints(database);
    const diff = Object.keys({ ...m.tables, ...now }).filter(
      (k) => m.tables[k]?.rows !== now[k]?.rows || m.tables[k]?.checksum !== now[k]?.checksum,
    );
    if (diff.length > 0)
      throw new BackupError(`Restauration incomplète, tables différentes : ${diff.join(', ')}.`);
  } finally {
    await database.close();
  }
  return m;
}

export async function removeDir(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
}
