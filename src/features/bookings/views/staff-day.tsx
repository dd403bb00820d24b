import { Badge, Csrf, Flash, type Tone } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { StaffLayout } from '../../../platform/views/nav';
import { SelectField } from '../../catalogue/views/form-parts';
import { addDays, formatDayFr } from '../domain/days';
import type { DayView, DayViewChild, DayViewUnit } from '../staff.service';

export const STATUS_LABEL: Record<string, { text: string; tone: Tone }> = {
  confirmed: { text: 'Réservé', tone: 'success' },
  requested: { text: 'Demande à valider', tone: 'warning' },
  'cancel-requested': { text: 'Annulation demandée', tone: 'warning' },
  waiting: { text: 'Liste d’attente', tone: 'info' },
  refused: { text: 'Refusé', tone: 'danger' },
  cancelled: { text: 'Annulé', tone: 'neutral' },
};

export function StatusBadge({ c }: { c: Pick<DayViewChild, 'status' | 'kind' | 'waitingRank'> }) {
  const s = STATUS_LABEL[c.status] ?? { text: c.status, tone: 'neutral' as const };
  const text =
    c.status === 'waiting' && c.waitingRank
      ? `${s.text}, rang ${c.waitingRank}`
      : c.status === 'requested' && c.kind === 'wish'
        ? 'Vœu (attribution à venir)'
        : s.text;
  return (
    <Badge tone={s.tone}>
      <span safe>{text}</span>
    </Badge>
  );
}

function dayHref(ctx: PageContext, v: DayView, day: string, unitId: string | null) {
  const q = new URLSearchParams();
  if (v.facilityId) q.set('site', v.facilityId);
  q.set('jour', day);
  if (unitId) q.set('unite', unitId);
  return `${ctx.base}/gestion/reservations?${q.toString()}`;
}

function Occupancy({ u }: { u: DayViewUnit }) {
  return (
    <ul class="bk-occupancy">
      {u.cells.map((c) => (
        <li>
          {c.groupName ? <span safe>{`${c.groupName} : `}</span> : ''}
          <strong safe>
            {c.capacity === null
              ? `${u.cells.length > 1 ? '' : u.booked} réservé(s), sans limite`
              : `${c.capacity - (c.remaining ?? 0)} / ${c.capacity} places`}
          </strong>
          {c.capacity !== null && c.remaining !== null && c.remaining > 0 ? (
            <span safe>{` (${c.remaining} libre${c.remaining > 1 ? 's' : ''})`}</span>
          ) : c.capacity !== null ? (
            <span> (complet)</span>
          ) : (
            ''
          )}
        </li>
      ))}
    </ul>
  );
}

function WaitingActions(p: { ctx: PageContext; c: DayViewChild; first: boolean }) {
  const base = `${p.ctx.base}/gestion/reservations/attente/${p.c.bookingId}`;
  return (
    <div class="bk-actions">
      {p.first ? (
        <form method="post" action={`${base}/promouvoir`}>
          <Csrf token={p.ctx.csrfToken} />
          <button type="submit" class="button button-small button-secondary">
            Attribuer les places libres
            <span class="visually-hidden" safe>{` (liste d’attente, ${p.c.childName})`}</span>
          </button>
        </form>
      ) : (
        ''
      )}
      <form method="post" action={`${base}/retirer`} class="bk-inline-form">
        <Csrf token={p.ctx.csrfToken} />
        <label for={`w-${p.c.bookingId}`} safe>{`Motif du retrait de ${p.c.childName}`}</label>
        <input type="text" id={`w-${p.c.bookingId}`} name="reason" maxlength={300} required />
        <button type="submit" class="button button-small button-danger">
          Retirer de la liste
        </button>
      </form>
    </div>
  );
}

export function StaffDayPage(p: {
  ctx: PageContext;
  v: DayView;
  unitId: string | null;
  canEdit: boolean;
  isAdmin: boolean;
  pendingCount: number;
  error?: string;
}) {
  const { ctx, v } = p;
  const title = `Réservations du ${formatDayFr(v.day)}`;
  return (
    <StaffLayout
      ctx={ctx}
      title={title}
      section="/gestion/reservations"
      crumbs={[{ label: 'Gestion', href: `${ctx.base}/gestion` }, { label: 'Réservations' }]}
    >
      <h1 safe>{title}</h1>
      {p.error ? <Flash kind="error" text={p.error} /> : ''}
      <p class="bk-links">
        <a href={`${ctx.base}/gestion/reservations/a-valider`} safe>
          {`Réservations à valider (${p.pendingCount})`}
        </a>
        {' · '}
        <a href={`${ctx.base}/gestion/reservations/attributions`}>Attributions sur demandes</a>
        {p.isAdmin ? (
          <>
            {' · '}
            <a href={`${ctx.base}/gestion/reservations/parametres`}>Paramètres</a>
          </>
        ) : (
          ''
        )}
      </p>
      <form method="get" action={`${ctx.base}/gestion/reservations`} class="bk-filter">
        <SelectField
          name="site"
          label="Structure"
          value={v.facilityId ?? ''}
          options={v.facilities.map((f) => ({ value: f.id, label: f.name }))}
        />
        <div class="field">
          <label for="f-jour">Jour</label>
          <input type="date" id="f-jour" name="jour" value={v.day} required />
        </div>
        <SelectField
          name="unite"
          label="Unité"
          value={p.unitId ?? ''}
          placeholder="Toutes les unités du jour"
          options={v.allUnits.map((u) => ({ value: u.id, label: u.name }))}
        />
        <button type="submit" class="button">
          Afficher
        </button>
      </form>
      <nav class="bk-daynav" aria-label="Changer de jour">
        <a href={dayHref(ctx, v, addDays(v.day, -7), p.unitId)}>« Semaine précédente</a>
        <a href={dayHref(ctx, v, addDays(v.day, -1), p.unitId)}>‹ Veille</a>
        <a href={dayHref(ctx, v, addDays(v.day, 1), p.unitId)}>Lendemain ›</a>
        <a href={dayHref(ctx, v, addDays(v.day, 7), p.unitId)}>Semaine suivante »</a>
      </nav>
      {v.facilities.length === 0 ? <p class="empty">Aucune structure à afficher.</p> : ''}
      {v.facilityId && v.units.length === 0 ? <p class="empty">Aucune unité ouverte ce jour-là.</p> : ''}
      {v.units.map((u) => {
        const waiting = u.children.filter((c) => c.status === 'waiting');
        return (
          <section class="card bk-unit" aria-labelledby={`u-${u.unitId}`}>
            <h2
              id={`u-${u.unitId}`}
              safe
            >{`${u.activityName} · ${u.unitName} (${u.startTime}–${u.endTime})`}</h2>
            {u.closed ? (
              <p class="bk-closed">
                <Badge tone="danger">Fermé</Badge>
                <span safe>{` ${u.exceptionLabel || 'Fermeture exceptionnelle.'}`}</span>
              </p>
            ) : (
              ''
            )}
            {u.exceptionalOpening ? (
              <p class="hint" safe>
                {`Ouverture exceptionnelle${u.exceptionLabel ? ` : ${u.exceptionLabel}` : '.'}`}
              </p>
            ) : (
              ''
            )}
            <Occupancy u={u} />
            <p class="bk-counts" safe>
              {`${u.booked} réservé(s) · ${u.waiting} en liste d’attente · ${u.requested} demande(s) à valider`}
            </p>
            {u.children.length === 0 ? (
              <p class="empty">Aucun enfant.</p>
            ) : (
              <ul class="bk-children">
                {u.children.map((c) => (
                  <li>
                    <span class="bk-child" safe>
                      {c.childName}
                    </span>
                    {c.groupName ? (
                      <span class="bk-group" safe>
                        {c.groupName}
                      </span>
                    ) : (
                      ''
                    )}
                    <StatusBadge c={c} />
                    {c.reason && c.status !== 'confirmed' ? (
                      <span class="hint" safe>
                        {c.reason}
                      </span>
                    ) : (
                      ''
                    )}
                    {p.canEdit && !u.closed ? (
                      <a
                        class="bk-family-link"
                        href={`${ctx.base}/gestion/reservations/familles/${c.householdId}?jour=${v.day}&unite=${u.unitId}`}
                      >
                        Réserver ou annuler
                        <span class="visually-hidden" safe>{` pour le foyer de ${c.childName}`}</span>
                      </a>
                    ) : (
                      ''
                    )}
                    {p.canEdit && !u.closed && c.status === 'waiting' ? (
                      <WaitingActions ctx={ctx} c={c} first={c === waiting[0]} />
                    ) : (
                      ''
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </StaffLayout>
  );
}
