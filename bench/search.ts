// Staff family search on 10,000 households (issue 11): seeds a throw-away PostgreSQL database (guardians,
// children, e-mails, phones, 10 invoices each), then runs searches by household name, child name,
// guardian name, e-mail, phone and invoice number through the same code as the page. Prints one JSON
// line: {"households":…,"invoices":…,"queries":…,"p50Ms":…,"p95Ms":…,"p99Ms":…,"invoiceP50Ms":…,…}
// Usage: BENCH_DATABASE_URL=postgres://… npm run bench:search   (or TEST_DATABASE_URL)
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { searchHouseholds } from '../src/features/backoffice/search.service';
// The search providers (invoice numbers) are registered where features meet, as buildApp does.
import '../src/features/wiring';
import { tenants } from '../src/features/tenants/tenants.schema';
import { openDatabase } from '../src/platform/db/client';

const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!base) {
  console.error('Set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server.');
  process.exit(1);
}
const HOUSEHOLDS = Number(process.env.BENCH_HOUSEHOLDS ?? 10_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 500);

const url = new URL(base);
const dbName = `${url.pathname.slice(1) || 'postgres'}_bench_search`;
const admin = new pg.Client({ connectionString: base });
await admin.connect();
await admin.query(`drop database if exists "${dbName}"`);
await admin.query(`create database "${dbName}"`);
url.pathname = `/${dbName}`;
const database = await openDatabase({ url: url.toString(), poolMax: 4 });
try {
  await database.migrate();
  const [t] = await database.db
    .insert(tenants)
    .values({
      slug: 'bench',
      name: 'Bench',
      legalName: 'Bench',
      siret: '21000000000018',
      address: '1 place',
      contactEmail: 'b@b.test',
    })
    .returning();
  const tenantId = t!.id;
  const c = new pg.Client({ connectionString: url.toString() });
  await c.connect();
  // Names drawn from fixed lists (accents included), so that some queries match many households.
  const last = `array['Martin','Bernard','Thomas','Petit','Robert','Richard','Durand','Dubois','Moreau','Laurent','Simon','Michel','Lefèvre','Leroy','Roux','David','Bertrand','Morel','Fournier','Girard','Bonnet','Dupont','Lambert','Fontaine','Rousseau','Vincent','Müller','Lefebvre','Faure','André','Mercier','Blanc','Guérin','Boyer','Garnier','Chevalier','François','Legrand','Gauthier','Garcia','Perrin','Robin','Clément','Morin','Nicolas','Henry','Roussel','Mathieu','Gautier','Masson']`;
  const first = `array['Léa','Hugo','Chloé','Louis','Emma','Gabriel','Inès','Jules','Zoé','Noël','Éloïse','Raphaël','Manon','Arthur','Camille','Lucas','Maëlle','Adam','Jade','Nathan','Anaïs','Timéo','Clémence','Théo','Agathe']`;
  await c.query(
    `insert into households (tenant_id, id, name, city, email, phone)
     select $1, md5('h' || i)::uuid, (${last})[1 + (i * 7) % 50] || ' ' || i, 'Ville',
            'foyer' || i || '@exemple.test', '04 ' || lpad((i % 100)::text, 2, '0') || ' ' || lpad((i % 97)::text, 2, '0') || ' ' || lpad(i::text, 4, '0')
     from generate_series(1, $2) i`,
    [tenantId, HOUSEHOLDS],
  );
  await c.query(
    `insert into guardians (tenant_id, household_id, first_name, last_name, email, mobile_phone)
     select $1, md5('h' || i)::uuid, (${first})[1 + (i * g) % 25], (${last})[1 + (i * 7) % 50],
            'parent' || g || '.' || i || '@exemple.test', '06 ' || lpad(g::text, 2, '0') || ' ' || lpad(i::text, 6, '0')
     from generate_series(1, $2) i, generate_series(1, 2) g`,
    [tenantId, HOUSEHOLDS],
  );
  await c.query(
    `with kids as (
       insert into children (tenant_id, id, first_name, last_name, birth_date, sex)
       select $1, md5('c' || i || '-' || k)::uuid, (${first})[1 + (i * 3 + k) % 25], (${last})[1 + (i * 7) % 50],
              date '2015-01-01' + ((i * 13 + k) % 3000), case when (i + k) % 2 = 0 then 'F' else 'M' end
       from generate_series(1, $2) i, generate_series(1, 1 + i % 3) k
       returning id)
     insert into household_children (tenant_id, household_id, child_id)
     select $1, md5('h' || i)::uuid, md5('c' || i || '-' || k)::uuid
     from generate_series(1, $2) i, generate_series(1, 1 + i % 3) k`,
    [tenantId, HOUSEHOLDS],
  );
  // Ten monthly invoices per household over two years, numbered with the tenant prefix as the billing
  // run does (ENF-<year>-<sequence>).
  await c.query(
    `insert into tenant_settings (tenant_id, invoice_prefix, updated_at) values ($1, 'ENF-', now())`,
    [tenantId],
  );
  await c.query(
    `insert into invoices (tenant_id, household_id, number, year, sequence, period_start, period_end,
        issued_on, due_on, total_cents, payer_name, issuer, paperless)
     select $1, md5('h' || i)::uuid, 'ENF-' || y || '-' || lpad(seq::text, 6, '0'), y, seq,
            make_date(y, 1 + m, 1), (make_date(y, 1 + m, 1) + interval '1 month - 1 day')::date,
            make_date(y, 1 + m, 5), make_date(y, 1 + m, 28), 1000 + i % 5000, 'Payeur ' || i, '{}'::jsonb, true
     from generate_series(1, $2) i, generate_series(0, 9) k,
          lateral (select 2025 + k / 5 as y, (k % 5) * 2 as m,
                   (k % 5) * $2 + i as seq) v`,
    [tenantId, HOUSEHOLDS],
  );
  await c.query('analyze');
  await c.end();

  const samples = [
    (i: number) => `Lefèvre ${1 + ((i * 37) % HOUSEHOLDS)}`,
    () => 'lefevre',
    () => 'CHLOE',
    () => 'maelle guerin',
    (i: number) => `foyer${1 + ((i * 53) % HOUSEHOLDS)}@exemple`,
    (i: number) =>
      `06 01 ${String(1 + ((i * 71) % HOUSEHOLDS))
        .padStart(6, '0')
        .slice(0, 4)}`,
    (i: number) => `parent2.${1 + ((i * 17) % HOUSEHOLDS)}`,
    () => 'xyzzy',
  ];
  // Invoice numbers: whole with the prefix, without it, lower case, and a prefix matching ten invoices.
  const invoiceSamples = [
    (i: number) => `ENF-2026-${String(1 + ((i * 97) % HOUSEHOLDS)).padStart(6, '0')}`,
    (i: number) => `2025-${String(1 + ((i * 89) % (5 * HOUSEHOLDS))).padStart(6, '0')}`,
    (i: number) => `enf-2026-${String(1 + ((i * 31) % HOUSEHOLDS)).padStart(6, '0')}`,
    (i: number) => `2026-${String(1 + ((i * 13) % 999)).padStart(5, '0')}`,
  ];
  for (let i = 0; i < 20; i++) await searchHouseholds(database.db, tenantId, samples[i % samples.length]!(i));
  if (process.env.BENCH_EXPLAIN) {
    // The plan of the invoice-number lookup (the provider's query, prefix left out by the person).
    const e = new pg.Client({ connectionString: url.toString() });
    await e.connect();
    for (const pattern of [['2026-000123%', 'ENF-2026-000123%'], ['ENF-2026-00012%']]) {
      const r = await e.query(
        `explain (analyze, buffers) select distinct household_id from invoices
         where tenant_id = $1 and (${pattern.map((_, k) => `number like $${k + 2}`).join(' or ')}) limit 50`,
        [tenantId, ...pattern],
      );
      console.error(r.rows.map((x) => x['QUERY PLAN']).join('\n'));
    }
    await e.end();
  }
  const times: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const q = samples[i % samples.length]!(i);
    const t0 = performance.now();
    await searchHouseholds(database.db, tenantId, q);
    times.push(performance.now() - t0);
  }
  const invoiceTimes: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const q = invoiceSamples[i % invoiceSamples.length]!(i);
    const t0 = performance.now();
    const hits = await searchHouseholds(database.db, tenantId, q);
    invoiceTimes.push(performance.now() - t0);
    if (hits.length === 0) throw new Error(`invoice search found nothing for ${q}`);
  }
  times.sort((a, b) => a - b);
  invoiceTimes.sort((a, b) => a - b);
  const at = (list: number[], p: number) =>
    Math.round(list[Math.min(list.length - 1, Math.floor((p / 100) * list.length))]! * 10) / 10;
  const pct = (p: number) => at(times, p);
  console.log(
    JSON.stringify({
      households: HOUSEHOLDS,
      queries: QUERIES,
      p50Ms: pct(50),
      p95Ms: pct(95),
      p99Ms: pct(99),
      invoices: HOUSEHOLDS * 10,
      invoiceP50Ms: at(invoiceTimes, 50),
      invoiceP95Ms: at(invoiceTimes, 95),
      invoiceP99Ms: at(invoiceTimes, 99),
      loadAverage: (await import('node:os')).loadavg().map((x) => Math.round(x * 10) / 10),
    }),
  );
} finally {
  await database.close();
  await admin.query(`drop database if exists "${dbName}"`);
  await admin.end();
}
