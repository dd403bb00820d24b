import { Badge, DataTable } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { StaffLayout } from '../../../platform/views/nav';
import type { StoredAllocation, WindowPeriodRow } from '../allocation';
import { CRITERION_LABELS, type PriorityCriterion } from '../domain/allocate-request-window';
import { formatDayFr } from '../domain/days';

const crumbs = (ctx: PageContext, last?: string) => [
  { label: 'Gestion', href: `${ctx.base}/gestion` },
  { label: 'Réservations', href: `${ctx.base}/gestion/reservations` },
  ...(last
    ? [{ label: 'Attributions', href: `${ctx.base}/gestion/reservations/attributions` }, { label: last }]
    : [{ label: 'Attributions' }]),
];

const criteriaText = (c: string[]) =>
  c.map((x) => CRITERION_LABELS[x as PriorityCriterion] ?? x).join(' › ') || 'aucun (tirage au sort seul)';

export function AllocationListPage({ ctx, rows }: { ctx: PageContext; rows: WindowPeriodRow[] }) {
  return (
    <StaffLayout
      ctx={ctx}
      title="Attributions sur demandes"
      section="/gestion/reservations"
      crumbs={crumbs(ctx)}
    >
      <h1>Attributions sur demandes</h1>
      <p class="hint">
        Pour les périodes « sur demandes », les vœux des familles sont recueillis pendant la fenêtre, puis les
        places sont attribuées en une fois le lendemain de sa clôture : critères de priorité du service, puis
        tirage au sort dont la graine est conservée.
      </p>
      <DataTable
        caption="Périodes sur demandes"
        empty="Aucune période sur demandes."
        rows={rows}
        columns={[
          {
            header: 'Période',
            cell: (r) => (
              <a href={`${ctx.base}/gestion/reservations/attributions/${r.periodId}`} safe>
                {`${r.activityName} – ${r.periodName}`}
              </a>
            ),
          },
          {
            header: 'Fenêtre des demandes',
            cell: (r) => (
              <span>
                {r.windowFirstDay && r.windowLastDay
                  ? `du ${formatDayFr(r.windowFirstDay)} au ${formatDayFr(r.windowLastDay)}`
                  : ''}
              </span>
            ),
          },
          {
            header: 'Attribution',
            cell: (r) =>
              r.run ? (
                <Badge tone="success">
                  <span
                    safe
                  >{`Faite (${(r.run.result as StoredAllocation).counts?.confirmed ?? 0} places)`}</span>
                </Badge>
              ) : (
                <Badge tone="neutral">À venir</Badge>
              ),
          },
        ]}
      />
    </StaffLayout>
  );
}

export function AllocationRunPage(p: { ctx: PageContext; row: WindowPeriodRow; verified: boolean | null }) {
  const { ctx, row } = p;
  const title = `Attribution – ${row.activityName}, ${row.periodName}`;
  const run = row.run;
  const stored = run?.result as StoredAllocation | undefined;
  return (
    <StaffLayout ctx={ctx} title={title} section="/gestion/reservations" crumbs={crumbs(ctx, row.periodName)}>
      <h1 safe>{title}</h1>
      {!run ? (
        <p class="empty">
          L’attribution n’a pas encore eu lieu : elle se fait le lendemain de la clôture des demandes.
        </p>
      ) : (
        <>
          <dl class="facts">
            <dt>Date</dt>
            <dd safe>{run.ranAt.toISOString()}</dd>
            <dt>Graine du tirage</dt>
            <dd>
              <code safe>{run.seed}</code>
            </dd>
            <dt>Critères, dans l’ordre</dt>
            <dd safe>{criteriaText(run.criteria)}</dd>
            <dt>Mode</dt>
            <dd>{run.mode === 'line' ? 'Chaque jour séparément' : 'Semaine complète par enfant'}</dd>
            <dt>Foyers</dt>
            <dd safe>{String(stored?.counts?.households ?? 0)}</dd>
            <dt>Vœux</dt>
            <dd safe>{String(stored?.counts?.wishes ?? 0)}</dd>
            <dt>Places attribuées</dt>
            <dd safe>{String(stored?.counts?.confirmed ?? 0)}</dd>
            <dt>Liste d’attente</dt>
            <dd safe>{String(stored?.counts?.waiting ?? 0)}</dd>
            <dt>Refusés</dt>
            <dd safe>{String(stored?.counts?.refused ?? 0)}</dd>
          </dl>
          <form method="get" action={`${ctx.base}/gestion/reservations/attributions/${row.periodId}`}>
            <input type="hidden" name="verifier" value="1" />
            <button type="submit" class="button button-secondary">
              Vérifier en rejouant le tirage
            </button>
          </form>
          {p.verified === null ? (
            ''
          ) : p.verified ? (
            <p role="status">
              <Badge tone="success">Résultat identique</Badge> : le tirage rejoué depuis la graine et les vœux
              enregistrés donne exactement la même attribution.
            </p>
          ) : (
            <p role="alert">
              <Badge tone="danger">Résultat différent</Badge> : l’attribution enregistrée ne correspond pas au
              tirage rejoué.
            </p>
          )}
          <DataTable
            caption="Ordre de service des foyers (critères puis tirage)"
            empty="Aucun foyer."
            rows={stored?.order ?? []}
            columns={[
              { header: 'Rang', numeric: true, cell: (o) => <span safe>{String(o.rank)}</span> },
              { header: 'Tirage', numeric: true, cell: (o) => <span safe>{String(o.draw)}</span> },
              {
                header: 'Critères remplis',
                cell: (o) => (
                  <span safe>
                    {criteriaText(
                      Object.entries(o.criteria)
                        .filter(([, v]) => v)
                        .map(([k]) => k),
                    )}
                  </span>
                ),
              },
              { header: 'Foyer', cell: (o) => <code safe>{o.householdId.slice(0, 8)}</code> },
            ]}
          />
        </>
      )}
    </StaffLayout>
  );
}
