import type { Db } from '../../platform/db/client';
import type { StaffActor } from '../../platform/http/policies';
import { DataTable } from '../../platform/views/components';
import type { StaffRole } from '../accounts/accounts.schema';

/**
 * The household 360° view is a list of sections, each provided by the feature that owns the data
 * (enrollments, documents, messages, audit trail now; planning, invoices, payments when they exist).
 * A section returns plain data (a table); this module renders it. Registered from src/features/wiring.ts.
 */

export interface SectionCell {
  text: string;
  href?: string;
}
export interface SectionTable {
  columns: string[];
  rows: (string | SectionCell)[][];
  empty: string;
  /** A line under the title (what is shown, why something is hidden). */
  note?: string;
  /** Pagination through a query parameter of the household page (`?journal=2`). */
  pager?: { param: string; page: number; hasNext: boolean; total: number };
}

export interface HouseholdSectionContext {
  db: Db;
  tenantId: string;
  householdId: string;
  staff: StaffActor;
  /** Tenant link prefix. */
  base: string;
  /** The household page's query string (pagination of sections). */
  query: Record<string, string | undefined>;
  now: Date;
  timeZone: string;
}

export interface HouseholdSection {
  key: string;
  title: string;
  /** Sections are shown by increasing order. */
  order: number;
  /** Who sees the section (administrators always do). */
  roles: readonly StaffRole[];
  load: (c: HouseholdSectionContext) => Promise<SectionTable>;
}

const SECTIONS: HouseholdSection[] = [];

/** Adds a section (once per key), from src/features/wiring.ts. */
export function registerHouseholdSection(section: HouseholdSection): void {
  if (SECTIONS.some((s) => s.key === section.key)) return;
  SECTIONS.push(section);
  SECTIONS.sort((a, b) => a.order - b.order);
}

export function sectionsFor(roles: readonly StaffRole[]): HouseholdSection[] {
  return SECTIONS.filter((s) => roles.includes('admin') || s.roles.some((r) => roles.includes(r)));
}

/** Reads a page number from the query (1 when absent or nonsense). */
export function pageParam(v: string | undefined): number {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

function Cell({ cell }: { cell: string | SectionCell }): JSX.Element {
  if (typeof cell === 'string') return <span safe>{cell}</span>;
  return cell.href ? (
    <a class="cell-link" href={cell.href} safe>
      {cell.text}
    </a>
  ) : (
    <span safe>{cell.text}</span>
  );
}

function SectionView(p: {
  sectionKey: string;
  title: string;
  table: SectionTable;
  pageUrl: string;
}): JSX.Element {
  const t = p.table;
  const id = `section-${p.sectionKey}`;
  const pager = t.pager;
  const link = (page: number) => `${p.pageUrl}?${pager!.param}=${page}#${id}`;
  return (
    <section class="household-section" id={id} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} safe>
        {p.title}
      </h2>
      {t.note ? (
        <p class="hint" safe>
          {t.note}
        </p>
      ) : (
        ''
      )}
      <DataTable
        caption={p.title}
        rows={t.rows}
        empty={t.empty}
        columns={t.columns.map((header, i) => ({
          header,
          cell: (r: (string | SectionCell)[]) => <Cell cell={r[i] ?? ''} />,
        }))}
      />
      {pager && (pager.page > 1 || pager.hasNext) ? (
        <nav class="pager" aria-label={`Pages : ${p.title}`}>
          {pager.page > 1 ? <a href={link(pager.page - 1)}>Page précédente</a> : ''}
          <span safe>{`Page ${pager.page} (${pager.total} au total)`}</span>
          {pager.hasNext ? <a href={link(pager.page + 1)}>Page suivante</a> : ''}
        </nav>
      ) : (
        ''
      )}
    </section>
  );
}

/**
 * Renders every section this staff member may see. A failing provider shows a short notice in its own
 * slot and never breaks the page.
 */
export async function renderHouseholdSections(c: HouseholdSectionContext): Promise<JSX.Element> {
  const list = sectionsFor(c.staff.roles);
  const loaded = await Promise.all(
    list.map(async (s) => {
      try {
        return { s, table: await s.load(c) };
      } catch (err) {
        console.error(`household section ${s.key} failed`, err);
        return { s, table: null };
      }
    }),
  );
  const pageUrl = `${c.base}/gestion/familles/${c.householdId}`;
  return (
    <>
      {loaded.map(({ s, table }) =>
        table ? (
          <SectionView sectionKey={s.key} title={s.title} table={table} pageUrl={pageUrl} />
        ) : (
          <section class="household-section">
            <h2 safe>{s.title}</h2>
            <p>Cette partie du dossier est momentanément indisponible.</p>
          </section>
        ),
      )}
    </>
  );
}
