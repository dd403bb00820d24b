import { DataTable, Field } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { StaffLayout } from '../../../platform/views/nav';
import type { AuditRow } from '../audit-log.repository';
import type { AuditQuery } from '../audit-log.service';

export const fmtInstant = (d: Date, timeZone: string) =>
  new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'medium', timeZone }).format(d);

/** Details as short `key: value` text (field names of a settings change, ids…), never markup. */
export function detailsText(details: unknown): string {
  if (!details || typeof details !== 'object') return '';
  return Object.entries(details as Record<string, unknown>)
    .map(
      ([k, v]) =>
        `${k} : ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`,
    )
    .join(' ; ')
    .slice(0, 500);
}

const actorLabel = (r: AuditRow): string => (r.actorName ? `${r.actorName} (${r.actorEmail})` : '—');

export function AuditLogPage(p: {
  ctx: PageContext;
  query: AuditQuery;
  errors: Record<string, string>;
  rows: AuditRow[];
  next: string | null;
  /** The query string of the filters (for the next page and the export). */
  qs: string;
  first: boolean;
}): JSX.Element {
  const b = p.ctx.base;
  const tz = p.ctx.tenant!.timeZone;
  const q = p.query;
  return (
    <StaffLayout
      ctx={p.ctx}
      title="Journal des actions"
      section="/gestion/journal"
      crumbs={[{ label: 'Accueil gestion', href: `${b}/gestion` }, { label: 'Journal' }]}
    >
      <h1>Journal des actions</h1>
      <form method="get" action={`${b}/gestion/journal`} class="form audit-filters">
        <fieldset>
          <legend>Filtrer</legend>
          <div class="audit-filter-grid">
            <Field name="from" label="Du" type="date" value={q.from} error={p.errors.from} />
            <Field name="to" label="Au" type="date" value={q.to} error={p.errors.to} />
            <Field
              name="actor"
              label="Auteur (adresse e-mail)"
              type="email"
              maxlength={254}
              value={q.actor}
              error={p.errors.actor}
            />
            <Field
              name="action"
              label="Action (début)"
              hint="Exemple : tenant. ou auth.sign_in"
              maxlength={80}
              value={q.action}
              error={p.errors.action}
            />
            <Field
              name="subject"
              label="Objet (type ou identifiant)"
              hint="Exemple : household, ou l’identifiant d’un foyer"
              maxlength={80}
              value={q.subject}
              error={p.errors.subject}
            />
          </div>
          <p class="actions">
            <button type="submit" class="button">
              Filtrer
            </button>{' '}
            <a class="button button-secondary" href={`${b}/gestion/journal`}>
              Effacer les filtres
            </a>{' '}
            <a
              class="button button-secondary"
              href={`${b}/gestion/journal/export.csv${p.qs ? `?${p.qs}` : ''}`}
            >
              Exporter en CSV
            </a>
          </p>
        </fieldset>
      </form>
      <DataTable
        caption={p.first ? 'Actions les plus récentes' : 'Actions plus anciennes'}
        empty="Aucune action ne correspond à ces filtres."
        rows={p.rows}
        columns={[
          {
            header: 'Date',
            cell: (r) => <span safe>{fmtInstant(r.at, tz)}</span>,
          },
          {
            header: 'Auteur',
            cell: (r) => <span safe>{actorLabel(r)}</span>,
          },
          { header: 'Action', cell: (r) => <code safe>{r.action}</code> },
          {
            header: 'Objet',
            cell: (r) => (
              <span class="audit-subject" safe>
                {`${r.subjectType} ${r.subjectId}`.trim() || '—'}
              </span>
            ),
          },
          {
            header: 'Détails',
            cell: (r) => (
              <span class="audit-details" safe>
                {detailsText(r.details)}
              </span>
            ),
          },
        ]}
      />
      <nav class="pager" aria-label="Pages du journal">
        {p.first ? '' : <a href={`${b}/gestion/journal${p.qs ? `?${p.qs}` : ''}`}>Plus récentes</a>}
        {p.next ? (
          <a href={`${b}/gestion/journal?${p.qs ? `${p.qs}&` : ''}apres=${p.next}`} rel="next">
            Plus anciennes
          </a>
        ) : (
          ''
        )}
      </nav>
    </StaffLayout>
  );
}
