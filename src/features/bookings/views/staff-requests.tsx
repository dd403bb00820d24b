import { Csrf, Flash } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { StaffLayout } from '../../../platform/views/nav';
import { formatDayFr } from '../domain/days';
import type { PendingRequest } from '../staff.service';

function Decide(p: { ctx: PageContext; r: PendingRequest }) {
  const base = `${p.ctx.base}/gestion/reservations/demandes/${p.r.id}`;
  const what = p.r.status === 'requested' ? 'la réservation' : 'l’annulation';
  return (
    <div class="bk-actions">
      <form method="post" action={`${base}/accepter`}>
        <Csrf token={p.ctx.csrfToken} />
        <button type="submit" class="button button-small">
          {what === 'la réservation' ? 'Accepter la réservation' : 'Accepter l’annulation'}
          <span class="visually-hidden" safe>{` de ${p.r.childName} le ${formatDayFr(p.r.day)}`}</span>
        </button>
      </form>
      <form method="post" action={`${base}/refuser`} class="bk-inline-form">
        <Csrf token={p.ctx.csrfToken} />
        <label for={`r-${p.r.id}`} safe>{`Motif du refus pour ${p.r.childName}`}</label>
        <input type="text" id={`r-${p.r.id}`} name="reason" maxlength={300} required />
        <button type="submit" class="button button-small button-danger">
          Refuser<span class="visually-hidden" safe>{` ${what} de ${p.r.childName}`}</span>
        </button>
      </form>
    </div>
  );
}

export function StaffRequestsPage(p: {
  ctx: PageContext;
  rows: PendingRequest[];
  canEdit: boolean;
  error?: { id: string; message: string };
}) {
  const { ctx } = p;
  return (
    <StaffLayout
      ctx={ctx}
      title="Réservations à valider"
      section="/gestion/reservations"
      crumbs={[
        { label: 'Gestion', href: `${ctx.base}/gestion` },
        { label: 'Réservations', href: `${ctx.base}/gestion/reservations` },
        { label: 'À valider' },
      ]}
    >
      <h1 safe>{`Réservations à valider (${p.rows.length})`}</h1>
      <p class="hint">
        Demandes tardives, activités soumises à validation et demandes d’annulation. Accepter une réservation
        prend une place (si la journée est complète, l’enfant passe en liste d’attente ou la demande est
        refusée selon les paramètres) ; la famille est prévenue par e-mail.
      </p>
      {p.rows.length === 0 ? <p class="empty">Aucune demande en attente.</p> : ''}
      <ul class="bk-requests">
        {p.rows.map((r) => (
          <li class="card" id={`b-${r.id}`}>
            <p>
              <strong safe>{r.childName}</strong>
              <span safe>{` · foyer ${r.householdName}`}</span>
            </p>
            <p
              safe
            >{`${r.status === 'requested' ? 'Réservation' : 'Annulation'} · ${formatDayFr(r.day)} · ${r.activityName} · ${r.unitName} · ${r.facilityName}`}</p>
            {r.reason ? (
              <p class="hint" safe>
                {r.reason}
              </p>
            ) : (
              ''
            )}
            {p.error?.id === r.id ? <Flash kind="error" text={p.error.message} /> : ''}
            {p.canEdit ? <Decide ctx={ctx} r={r} /> : ''}
          </li>
        ))}
      </ul>
    </StaffLayout>
  );
}
