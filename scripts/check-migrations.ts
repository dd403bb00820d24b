// Checks that the committed migrations are consistent (npm run db:check, part of npm test):
// 1. drizzle/meta/_journal.json: idx sequential, `when` timestamps strictly increasing, every entry has
//    its SQL file and snapshot, and every SQL file is in the journal;
// 2. drizzle-kit check passes (no snapshot collisions);
// 3. the schema (src/**/*.schema.ts) and the migrations agree: `drizzle-kit generate` into a temporary
//    copy of drizzle/ must find nothing to generate. Nothing is left behind in the working tree.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const MIGRATIONS = 'drizzle';
const SCHEMA = './src/**/*.schema.ts';
const problems: string[] = [];

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

function checkJournal(dir: string): void {
  const journal = JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8')) as {
    entries: JournalEntry[];
  };
  const entries = journal.entries;
  entries.forEach((e, i) => {
    if (e.idx !== i) problems.push(`journal entry ${e.tag}: idx ${e.idx}, expected ${i}`);
    const prev = entries[i - 1];
    if (prev && !(e.when > prev.when)) {
      problems.push(
        `journal: "when" of ${e.tag} (${e.when}) is not after ${prev.tag} (${prev.when}); ` +
          'migrations would apply out of order: renumber and re-time the later one',
      );
    }
    if (!existsSync(join(dir, `${e.tag}.sql`)))
      problems.push(`journal entry ${e.tag}: ${e.tag}.sql is missing`);
    const prefix = e.tag.split('_')[0];
    if (!existsSync(join(dir, 'meta', `${prefix}_snapshot.json`))) {
      problems.push(`journal entry ${e.tag}: meta/${prefix}_snapshot.json is missing`);
    }
  });
  const tags = new Set(entries.map((e) => e.tag));
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.sql'))) {
    if (!tags.has(f.replace(/\.sql$/, ''))) problems.push(`${dir}/${f} is not in meta/_journal.json`);
  }
  const prefixes = entries.map((e) => e.tag.split('_')[0]);
  const dup = prefixes.filter((p, i) => prefixes.indexOf(p) !== i);
  if (dup.length > 0) problems.push(`journal: duplicate migration numbers ${[...new Set(dup)].join(', ')}`);
}

function drizzleKit(args: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, ['node_modules/drizzle-kit/bin.cjs', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

checkJournal(MIGRATIONS);

const tmp = mkdtempSync(join(tmpdir(), 'maisonnee-migrations-'));
try {
  // drizzle-kit prefixes "./" to --out: give it a path relative to the working directory.
  const copy = relative(process.cwd(), join(tmp, 'drizzle'));
  cpSync(MIGRATIONS, copy, { recursive: true });

  const check = drizzleKit(['check', '--dialect', 'postgresql', '--out', copy]);
  if (check.status !== 0) problems.push(`drizzle-kit check failed:\n${check.out}`);

  const before = new Set(readdirSync(copy));
  const gen = drizzleKit([
    'generate',
    '--dialect',
    'postgresql',
    '--schema',
    SCHEMA,
    '--out',
    copy,
    '--name',
    'pending',
  ]);
  const created = readdirSync(copy).filter((f) => !before.has(f));
  if (gen.status !== 0) {
    problems.push(
      `drizzle-kit generate failed or waited for an answer (a rename?): run "npx drizzle-kit generate" yourself:\n${gen.out}`,
    );
  } else if (created.length > 0) {
    const sql = created
      .filter((f) => f.endsWith('.sql'))
      .map((f) => readFileSync(join(copy, f), 'utf8'))
      .join('\n');
    problems.push(
      `the schema and the migrations disagree: "npx drizzle-kit generate --name <short_name>" would create:\n${sql}`,
    );
  } else if (!/No schema changes/i.test(gen.out)) {
    problems.push(`unexpected output of drizzle-kit generate:\n${gen.out}`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

if (problems.length > 0) {
  process.stderr.write(`Migrations check FAILED:\n- ${problems.join('\n- ')}\n`);
  process.exit(1);
}
process.stdout.write('Migrations check passed: journal in order, schema and migrations agree.\n');
