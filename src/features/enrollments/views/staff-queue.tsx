import { Csrf, DataTable, Flash } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { StaffLayout } from '../../../platform/views/nav';
import type { ActivityGroup } from '../../catalogue/catalogue.schema';
import { WEEKDAY_NAMES } from '../../catalogue/domain/deadlines';
import { SelectField } from '../../catalogue/views/form-parts';
import type { EnrollmentListRow, groupOccupancy } from '../enrollments.repository';
import { frDay } from '../enrollments.service';
import { StatusDetails } from './family-pages';

export interface QueueModel {
  pending: EnrollmentListRow[];
  waiting: EnrollmentListRow[];
  occupancy: Awaited<ReturnType<typeof groupOccupancy>>;
  groupsByActivity: Map<string, ActivityGroup[]>;
  /** An error about one enrollment's decision, shown next to it. */
  error?: { enrollmentId: string; message: string };
}

function DecisionForms({ ctx, row, m }: { ctx: PageContext; row: EnrollmentListRow; m: QueueModel }) {
  const id = row.enrollment.id;
  const groups = m.groupsByActivity.get(row.enrollment.activityId) ?? [];
  const base = `${ctx.base}/gestion/inscriptions/${id}`;
  const who = `${row.childFirstName} ${row.childLastName}`;
  return (
    <div class="enr-decide">
      {m.error?.enrollmentId === id ? <Flash kind="error" text={m.error.message} /> : ''}
      <form method="post" action={`${base}/accepter`} class="enr-form">
        <Csrf token={ctx.csrfToken} />
        <SelectField
          id={`g-${id}`}
          name="groupId"
          label={`Groupe pour ${who}`}
          value={row.enrollment.groupId ?? ''}
          options={groups.map((g) => ({ value: g.id, label: `${g.name} (${g.capacity} places)` }))}
        />
        <button type="submit" class="button button-small" safe>
          {`Accepter ${row.childFirstName}`}
        </button>
      </form>
      {row.enrollment.status !== 'waiting' ? (
        <form method="post" action={`${base}/attente`} class="enr-form">
          <Csrf token={ctx.csrfToken} />
          <button type="submit" class="button button-small button-secondary" safe>
            {`Mettre ${row.childFirstName} en liste d'attente`}
          </button>
        </form>
      ) : (
        ''
      )}
      <form method="post" action={`${base}/refuser`} class="enr-form">
        <Csrf token={ctx.csrfToken} />
        <div class="field">
          <label for={`r-${id}`} safe>{`Motif du refus pour ${who}`}</label>
          <input type="text" id={`r-${id}`} name="reason" maxlength={500} />
        </div>
        <button type="submit" class="button button-small button-danger" safe>
          {`Refuser ${row.childFirstName}`}
        </button>
      </form>
    </div>
  );
}

function Summary({ row }: { row: EnrollmentListRow }) {
  const week = Object.entries(row.enrollment.typicalWeek)
    .map(([d, ids]) => `${WEEKDAY_NAMES[Number(d) - 1]} (${ids.length})`)
    .join(', ');
  return (
    <>
      <p>
        <strong safe>{`${row.childFirstName} ${row.childLastName}`}</strong>
        <span safe>{` · né(e) le ${frDay(row.childBirthDate)}`}</span>
      </p>
      <p safe>{`${row.activityName} · ${row.facilityName} · ${row.periodName}`}</p>
      <p>
        <StatusDetails row={row} />
        <span safe>{` Groupe demandé : ${row.groupName ?? 'aucun'}`}</span>
      </p>
      {week ? <p safe>{`Semaine type : ${week}`}</p> : ''}
      {row.enrollment.memo ? <p class="enr-memo" safe>{`Message : ${row.enrollment.memo}`}</p> : ''}
    </>
  );
}

/** Move up / down buttons of a waiting-list entry (plain forms: works without JavaScript). */
function MoveForms(p: { ctx: PageContext; row: EnrollmentListRow; first: boolean; last: boolean }) {
  const base = `${p.ctx.base}/gestion/inscriptions/${p.row.enrollment.id}`;
  const who = `${p.row.childFirstName} ${p.row.childLastName}`;
  return (
    <div class="enr-move">
      {p.first ? (
        ''
      ) : (
        <form method="post" action={`${base}/monter`}>
          <Csrf token={p.ctx.csrfToken} />
          <button type="submit" class="button button-small button-secondary">
            ↑ Monter<span class="visually-hidden" safe>{` ${who} d'un rang`}</span>
          </button>
        </form>
      )}
      {p.last ? (
        ''
      ) : (
        <form method="post" action={`${base}/descendre`}>
          <Csrf token={p.ctx.csrfToken} />
          <button type="submit" class="button button-small button-secondary">
            ↓ Descendre<span class="visually-hidden" safe>{` ${who} d'un rang`}</span>
          </button>
        </form>
      )}
    </div>
  );
}

export function StaffQueuePage({ ctx, m }: { ctx: PageContext; m: QueueModel }) {
  const waitingByPeriod = new Map<string, EnrollmentListRow[]>();
  for (const r of m.waiting) {
    const k = `${r.activityName} · ${r.periodName}`;
    waitingByPeriod.set(k, [...(waitingByPeriod.get(k) ?? []), r]);
  }
  return (
    <StaffLayout
      ctx={ctx}
      title="Inscriptions"
      section="/gestion/inscriptions"
      crumbs={[{ label: 'Gestion', href: `${ctx.base}/gestion` }, { label: 'Inscriptions' }]}
    >
      <h1>Inscriptions</h1>
      <section aria-labelledby="pending-title">
        <h2 id="pending-title" safe>{`Demandes à traiter (${m.pending.length})`}</h2>
        {m.pending.length === 0 ? <p class="empty">Aucune demande en attente.</p> : ''}
        <ul class="enr-list">
          {m.pending.map((r) => (
            <li class="card" id={`e-${r.enrollment.id}`}>
              <Summary row={r} />
              <DecisionForms ctx={ctx} row={r} m={m} />
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="waiting-title">
        <h2 id="waiting-title">Listes d'attente</h2>
        {waitingByPeriod.size === 0 ? <p class="empty">Aucune liste d'attente.</p> : ''}
        {[...waitingByPeriod].map(([label, rows]) => (
          <section class="card">
            <h3 safe>{label}</h3>
            <ol class="enr-list">
              {rows.map((r, i) => (
                <li id={`e-${r.enrollment.id}`}>
                  <Summary row={r} />
                  <MoveForms ctx={ctx} row={r} first={i === 0} last={i === rows.length - 1} />
                  <DecisionForms ctx={ctx} row={r} m={m} />
                </li>
              ))}
            </ol>
          </section>
        ))}
      </section>
      <section aria-labelledby="occupancy-title">
        <h2 id="occupancy-title">Effectifs par groupe</h2>
        <DataTable
          caption="Enfants inscrits et capacité de chaque groupe, par période"
          empty="Aucun groupe configuré."
          rows={m.occupancy}
          columns={[
            { header: 'Activité', cell: (o) => <span safe>{o.activityName}</span> },
            { header: 'Période', cell: (o) => <span safe>{o.periodName}</span> },
            { header: 'Groupe', cell: (o) => <span safe>{o.groupName}</span> },
            { header: 'Inscrits', numeric: true, cell: (o) => <span safe>{String(o.accepted)}</span> },
            { header: 'Capacité', numeric: true, cell: (o) => <span safe>{String(o.capacity)}</span> },
            {
              header: 'Places libres',
              numeric: true,
              cell: (o) => <span safe>{String(Math.max(0, o.capacity - o.accepted))}</span>,
            },
          ]}
        />
      </section>
    </StaffLayout>
  );
}
