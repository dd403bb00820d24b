// Monthly invoice run (issue #8, QUALITY.md P4) on PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL):
// seeds 10,000 households, 15,000 children and 300,000 booked units of October 2026 (with register marks)
// with INSERT … SELECT generate_series, runs the month through the real run code (openRun → startIssue →
// issueRun), measures the SQL ceiling (one INSERT … SELECT aggregate over the same rows), PDFs per second
// with renderInvoicePdf, the time ratio with twice the data, and the peak RSS. Prints one JSON line.
// Env: BENCH_SCALE (1 = the sizes above), BENCH_PDFS (200). Creates and drops <db>_bench_billing_<pid>[_2x].
import { loadavg } from 'node:os';
import { asc, eq, sql } from 'drizzle-orm';
import { invoices } from '../src/features/billing/billing.schema';
import { renderInvoicePdf } from '../src/features/billing/invoice-pdf';
import { creditNotesOfInvoice, linesOfInvoice } from '../src/features/billing/invoices.repository';
import { issueRun, openRun, startIssue } from '../src/features/billing/run.service';
import { addTariff, BRACKETS_RULE } from '../src/features/billing/run.test-support';
import { units } from '../src/features/catalogue/catalogue.schema';
import { type Database, openDatabase } from '../src/platform/db/client';
import type { StaffActor } from '../src/platform/http/policies';
import { createCatalogue, createStaff, createTenant } from '../test/helpers/factories';

const log = (m: string) => process.stderr.write(`[bench:billing] ${m}\n`);
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const PDFS = Number(process.env.BENCH_PDFS ?? 200);
const baseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!baseUrl) {
  log('set BENCH_DATABASE_URL or TEST_DATABASE_URL (PostgreSQL)');
  process.exit(2);
}
const NOW = new Date('2026-11-05T09:00:00Z');
/** The 22 weekdays of October 2026; each child is booked on 10 of them × 2 units = 20 booked units. */
const WEEKDAYS = Array.from({ length: 31 }, (_, i) => `2026-10-${String(i + 1).padStart(2, '0')}`).filter(
  (d) => ![0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay()),
);

async function withDatabase<T>(suffix: string, fn: (d: Database) => Promise<T>): Promise<T> {
  const name = `${new URL(baseUrl!).pathname.slice(1)}_bench_billing_${process.pid}${suffix}`;
  const admin = await openDatabase({ url: baseUrl, poolMax: 1 });
  await admin.db.execute(sql.raw(`drop database if exists "${name}" with (force)`));
  await admin.db.execute(sql.raw(`create database "${name}"`));
  const own = new URL(baseUrl!);
  own.pathname = `/${name}`;
  const d = await openDatabase({ url: own.toString(), poolMax: 4 });
  try {
    await d.migrate();
    return await fn(d);
  } finally {
    await d.close();
    await admin.db.execute(sql.raw(`drop database if exists "${name}" with (force)`));
    await admin.close();
  }
}

async function seed(d: Database, households: number, children: number) {
  const db = d.db;
  const tenant = await createTenant(db, { slug: 'bench-billing' });
  const cat = await createCatalogue(db, tenant.id);
  const [journee, repas] = await db
    .insert(units)
    .values([
      {
        tenantId: tenant.id,
        activityId: cat.activity.id,
        name: 'Journée',
        kind: 'day',
        startTime: '08:30',
        endTime: '17:30',
        weekdays: [1, 2, 3, 4, 5],
      },
      {
        tenantId: tenant.id,
        activityId: cat.activity.id,
        name: 'Repas',
        kind: 'meal',
        startTime: '12:00',
        endTime: '13:30',
        weekdays: [1, 2, 3, 4, 5],
      },
    ])
    .returning();
  await addTariff(db, tenant.id, journee!, BRACKETS_RULE);
  await addTariff(
    db,
    tenant.id,
    repas!,
    { ...BRACKETS_RULE, mode: 'flat', residentCents: 380, nonResidentCents: 520 },
    '2026-09-01',
    false,
  );
  const t = tenant.id;
  const days = `array[${WEEKDAYS.map((d) => `'${d}'::date`).join(',')}]`;
  await db.execute(
    sql.raw(`
    create table bench_hh as select g as n, gen_random_uuid() as id from generate_series(1, ${households}) g;
    insert into households (tenant_id, id, name, address_line, postal_code, city, family_quotient, qf_valid_from, resident, paperless_invoices)
      select '${t}', id, 'Foyer ' || n, n || ' rue des Écoles', '75001', 'Paris', case when n % 10 = 0 then null else (n * 37) % 2000 end,
             '2026-01-01', n % 5 <> 0, n % 4 <> 0 from bench_hh;
    insert into guardians (tenant_id, household_id, first_name, last_name, email)
      select '${t}', id, 'Parent', 'Foyer ' || n, 'parent' || n || '@bench.test' from bench_hh;
    create table bench_ch as select g as n, gen_random_uuid() as id, (select id from bench_hh where bench_hh.n = ((g - 1) % ${households}) + 1) as hh
      from generate_series(1, ${children}) g;
    insert into children (tenant_id, id, first_name, last_name, birth_date, sex)
      select '${t}', id, 'Enfant' || n, 'Bench', date '2016-01-01' + (n % 2000), case when n % 2 = 0 then 'F' else 'M' end from bench_ch;
    insert into household_children (tenant_id, household_id, child_id) select '${t}', hh, id from bench_ch;
    create table bench_en as select gen_random_uuid() as id, c.id as child, c.hh, c.n from bench_ch c;
    insert into enrollments (tenant_id, id, household_id, child_id, activity_id, period_id, status, requested_at)
      select '${t}', id, hh, child, '${cat.activity.id}', '${cat.period.id}', 'accepted', now() from bench_en;
    insert into bookings (tenant_id, household_id, child_id, enrollment_id, activity_id, period_id, unit_id, day, status, requested_at, updated_at)
      select '${t}', e.hh, e.child, e.id, '${cat.activity.id}', '${cat.period.id}', u.unit, (${days})[((e.n + k) % ${WEEKDAYS.length}) + 1], 'confirmed', now(), now()
      from bench_en e cross join generate_series(0, 9) k cross join (values ('${journee!.id}'::uuid), ('${repas!.id}'::uuid)) u(unit);
    insert into attendance_marks (tenant_id, child_id, unit_id, day, activity_id, state, updated_at)
      select tenant_id, child_id, unit_id, day, activity_id, case when (hashtext(id::text) % 13) = 0 then 'absent' else 'present' end, now()
      from bookings where tenant_id = '${t}';
    analyze;
  `),
  );
  const accountant = await createStaff(db, t, ['accountant']);
  const staff = {
    actor: {
      userId: accountant.id,
      email: accountant.email,
      displayName: 'Régie',
      isOperator: false,
      membership: null,
    },
    tenant,
    roles: ['accountant'],
    facilityIds: [],
  } as unknown as StaffActor;
  return { tenant, staff };
}

async function measure(d: Database, households: number, children: number) {
  log(`seeding ${households} households, ${children} children, ${children * 20} booked units`);
  const s0 = performance.now();
  const { tenant, staff } = await seed(d, households, children);
  log(`seeded in ${((performance.now() - s0) / 1000).toFixed(1)} s`);
  const db = d.db;
  // The ceiling: one INSERT … SELECT aggregate of the same rows (bookings × marks per child × unit).
  const c0 = performance.now();
  await db.execute(
    sql.raw(`
    create temp table bench_ceiling as
      select b.household_id, b.child_id, b.unit_id, count(*) as days, array_agg(b.day order by b.day) as list,
             sum(case when m.state = 'present' then 1200 else 1200 end) as amount
      from bookings b left join attendance_marks m
        on m.tenant_id = b.tenant_id and m.child_id = b.child_id and m.unit_id = b.unit_id and m.day = b.day
      where b.tenant_id = '${tenant.id}' and b.day between '2026-10-01' and '2026-10-31' and b.status = 'confirmed'
      group by b.household_id, b.child_id, b.unit_id;
    drop table bench_ceiling;
  `),
  );
  const ceiling = (performance.now() - c0) / 1000;
  const r0 = performance.now();
  const run = await openRun(db, { staff, now: NOW, input: { month: '2026-10' } });
  const tPreview = (performance.now() - r0) / 1000;
  await startIssue(db, { staff, now: NOW, runId: run.id });
  const tStart = (performance.now() - r0) / 1000 - tPreview;
  await issueRun(db, { tenantId: tenant.id, runId: run.id, now: NOW });
  const seconds = (performance.now() - r0) / 1000;
  log(
    `run: preview ${tPreview.toFixed(1)} s, freeze ${tStart.toFixed(1)} s, issue ${(seconds - tPreview - tStart).toFixed(1)} s; ceiling ${ceiling.toFixed(2)} s`,
  );
  const countOf = async (table: string) =>
    Number(
      (
        (await db.execute(sql.raw(`select count(*) as n from ${table}`))) as unknown as {
          rows: { n: string }[];
        }
      ).rows[0]!.n,
    );
  return {
    tenant,
    seconds,
    ceiling,
    lines: await countOf('invoice_lines'),
    invoices: await countOf('invoices'),
  };
}

const H = Math.round(10_000 * SCALE);
const C = Math.round(15_000 * SCALE);
const first = await withDatabase('', async (d) => {
  const m = await measure(d, H, C);
  // PDFs: render invoices of the run one after the other.
  const list = await d.db
    .select()
    .from(invoices)
    .where(eq(invoices.tenantId, m.tenant.id))
    .orderBy(asc(invoices.sequence))
    .limit(PDFS);
  const docs = await Promise.all(
    list.map(async (invoice) => ({
      invoice,
      lines: await linesOfInvoice(d.db, m.tenant.id, invoice.id),
      creditNotes: await creditNotesOfInvoice(d.db, m.tenant.id, invoice.id),
    })),
  );
  const p0 = performance.now();
  for (const doc of docs) await renderInvoicePdf(doc, NOW);
  const pdfPerSec = docs.length / ((performance.now() - p0) / 1000);
  return { ...m, pdfPerSec };
});
const second = await withDatabase('_2x', (d) => measure(d, 2 * H, 2 * C));
const out = {
  households: H,
  children: C,
  lines: first.lines,
  invoices: first.invoices,
  seconds: Number(first.seconds.toFixed(2)),
  sqlCeilingSeconds: Number(first.ceiling.toFixed(3)),
  ratio: Number((first.seconds / first.ceiling).toFixed(1)),
  pdfPerSec: Number(first.pdfPerSec.toFixed(1)),
  scaling2x: Number((second.seconds / first.seconds).toFixed(2)),
  peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
};
log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(JSON.stringify(out));
process.exit(0);
