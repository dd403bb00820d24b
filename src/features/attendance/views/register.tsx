import { randomUUID } from 'node:crypto';
import { formatDayLongFr, timeIn } from '../../../platform/calendar/days';
import { Badge, Csrf } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { StaffLayout } from '../../../platform/views/nav';
import { ageLabel } from '../../households/domain/age';
import type { RegisterLine, RegisterView } from '../attendance.service';

export interface RegisterQuery {
  q: string;
  results: { childId: string; firstName: string; lastName: string; birthDate: string }[] | null;
}

const registerUrl = (ctx: PageContext, v: { facilityId: string; unitId: string; day: string }) =>
  `${ctx.base}/gestion/appel?site=${v.facilityId}&jour=${v.day}&unite=${v.unitId}`;

/** The state a line shows: drives which buttons are visible (CSS on data-state) and its status text. */
export function lineState(l: Pick<RegisterLine, 'mark'>): 'none' | 'present' | 'left' | 'absent' {
  const m = l.mark;
  if (m?.state === 'absent') return 'absent';
  if (m?.state === 'present') return m.leftAt ? 'left' : 'present';
  return 'none';
}

function statusText(l: RegisterLine, tz: string): string {
  const m = l.mark;
  const time = (d: Date | null) => (d ? timeIn(tz, d).replace(':', ' h ') : null);
  switch (lineState(l)) {
    case 'absent':
      return 'Absent';
    case 'present': {
      const a = time(m!.arrivedAt);
      return a ? `Arrivé à ${a}` : 'Présent (heure non relevée)';
    }
    case 'left': {
      const a = time(m!.arrivedAt);
      const d = time(m!.leftAt);
      return a && d ? `Arrivé à ${a} · parti à ${d}` : 'Présent, parti';
    }
    default:
      return 'Pas encore pointé';
  }
}

function Line(p: { ctx: PageContext; v: RegisterView; l: RegisterLine }) {
  const { ctx, v, l } = p;
  const tz = ctx.tenant?.timeZone ?? 'Europe/Paris';
  const name = `${l.firstName} ${l.lastName}`;
  const id = `c-${l.childId}`;
  return (
    <li class="reg-line" id={id} data-child={l.childId} data-state={lineState(l)}>
      <div class="reg-who">
        <h3 class="reg-name" id={`${id}-name`}>
          <span safe>{l.firstName}</span>{' '}
          <span class="reg-last" safe>
            {l.lastName.toUpperCase()}
          </span>
        </h3>
        <span class="reg-age" safe>
          {ageLabel(l.birthDate, v.day)}
        </span>
        {l.booked ? '' : <Badge tone="warning">Sans réservation</Badge>}
        {l.justifiedAbsence ? <Badge tone="info">Absence justifiée</Badge> : ''}
      </div>
      {l.health ? (
        <ul class="reg-flags" aria-label={`Santé de ${name}`}>
          {l.health.allergies ? (
            <li class="reg-flag reg-flag-danger">
              <span aria-hidden="true">⚠ </span>
              <span safe>{`Allergies : ${l.health.allergies}`}</span>
            </li>
          ) : (
            ''
          )}
          {l.health.pai ? (
            <li class="reg-flag reg-flag-danger">
              <span aria-hidden="true">✚ </span>
              <span safe>{`PAI${l.health.paiNotes ? ` : ${l.health.paiNotes}` : ''}`}</span>
            </li>
          ) : (
            ''
          )}
          {l.health.diet ? (
            <li class="reg-flag">
              <span aria-hidden="true">🍽 </span>
              <span safe>{`Régime : ${l.health.diet}`}</span>
            </li>
          ) : (
            ''
          )}
        </ul>
      ) : (
        ''
      )}
      <p class="reg-status" data-status safe>
        {statusText(l, tz)}
      </p>
      {l.mark?.note ? (
        <p class="reg-note" data-note safe>
          {`Note : ${l.mark.note}`}
        </p>
      ) : (
        <p class="reg-note" data-note hidden></p>
      )}
      {v.writable ? (
        <form method="post" action={`${ctx.base}/gestion/appel/actions`} class="reg-form" data-register-form>
          <Csrf token={ctx.csrfToken} />
          <input type="hidden" name="action_id" value={randomUUID()} />
          <input type="hidden" name="child" value={l.childId} />
          <input type="hidden" name="site" value={v.scope.facility.id} />
          <input type="hidden" name="unite" value={v.scope.unit.id} />
          <input type="hidden" name="jour" value={v.day} />
          <div class="reg-buttons">
            <button
              type="submit"
              name="kind"
              value="check-in"
              class="button reg-in"
              aria-describedby={`${id}-name`}
            >
              Arrivée
            </button>
            <button
              type="submit"
              name="kind"
              value="check-out"
              class="button reg-out"
              aria-describedby={`${id}-name`}
            >
              Départ
            </button>
            <button
              type="submit"
              name="kind"
              value="absent"
              class="button button-secondary reg-absent"
              aria-describedby={`${id}-name`}
            >
              Absent
            </button>
            <button
              type="submit"
              name="kind"
              value="clear"
              class="button button-secondary reg-clear"
              aria-describedby={`${id}-name`}
            >
              Annuler le pointage
            </button>
          </div>
          <details class="reg-more">
            <summary>Note</summary>
            <label for={`${id}-note`} class="visually-hidden" safe>
              {`Note pour ${name}`}
            </label>
            <input id={`${id}-note`} name="note" type="text" maxlength={500} value={l.mark?.note ?? ''} />
            <button type="submit" name="kind" value="note" class="button button-small button-secondary">
              Enregistrer la note
            </button>
          </details>
        </form>
      ) : (
        ''
      )}
      <details class="reg-more">
        <summary safe>{`Peuvent venir chercher ${l.firstName} (${l.pickUp.length})`}</summary>
        {l.pickUp.length === 0 ? (
          <p>Personne d’autre n’est indiqué.</p>
        ) : (
          <ul class="reg-pickup">
            {l.pickUp.map((person) => (
              <li>
                <span safe>{person.name}</span>
                {person.relation ? <span class="reg-rel" safe>{` (${person.relation})`}</span> : ''}
                {person.phone ? (
                  <>
                    {' : '}
                    <a href={`tel:${person.phone.replace(/[^+\d]/g, '')}`} safe>
                      {person.phone}
                    </a>
                  </>
                ) : (
                  ''
                )}
              </li>
            ))}
          </ul>
        )}
      </details>
    </li>
  );
}

export function RegisterPage(p: { ctx: PageContext; v: RegisterView; query: RegisterQuery }) {
  const { ctx, v, query } = p;
  const s = v.scope;
  const title = `Appel : ${s.activity.name} · ${s.unit.name}`;
  const groups = [...new Set(v.lines.map((l) => l.groupName))];
  const here = { facilityId: s.facility.id, unitId: s.unit.id, day: v.day };
  const c = v.counts;
  return (
    <StaffLayout
      ctx={ctx}
      title={title}
      section="/gestion/appel"
      crumbs={[
        { label: 'Gestion', href: `${ctx.base}/gestion` },
        { label: 'Appel du jour', href: `${ctx.base}/gestion/appel?jour=${v.day}` },
        { label: `${s.unit.name}` },
      ]}
    >
      <div
        class="register"
        data-register
        data-day={v.day}
        data-unit={s.unit.id}
        data-today={v.today}
        data-tz={ctx.tenant?.timeZone ?? 'Europe/Paris'}
      >
        <h1 safe>{title}</h1>
        <p class="lead" safe>
          {`${s.facility.name} — ${formatDayLongFr(v.day)} (${s.unit.startTime}–${s.unit.endTime})`}
        </p>
        <dl class="reg-counts" data-counts>
          <div>
            <dt>Attendus</dt>
            <dd data-count="expected" safe>
              {String(c.expected)}
            </dd>
          </div>
          <div>
            <dt>Présents</dt>
            <dd data-count="present" safe>
              {String(c.present)}
            </dd>
          </div>
          <div>
            <dt>Absents</dt>
            <dd data-count="absent" safe>
              {String(c.absent)}
            </dd>
          </div>
          <div>
            <dt>Non pointés</dt>
            <dd data-count="unmarked" safe>
              {String(c.unmarked)}
            </dd>
          </div>
        </dl>
        <p class="reg-sync" role="status" data-sync hidden></p>
        {v.day > v.today ? (
          <p class="flash flash-info">
            Ce registre pourra être rempli le jour même. Vous pouvez déjà l’imprimer.
          </p>
        ) : (
          ''
        )}
        <p class="actions">
          <a
            class="button button-secondary"
            href={`${ctx.base}/gestion/appel/pdf?site=${s.facility.id}&jour=${v.day}&unite=${s.unit.id}`}
          >
            Imprimer le registre (PDF)
          </a>
        </p>
        {v.lines.length === 0 ? <p class="empty">Aucun enfant réservé pour ce jour.</p> : ''}
        {groups.map((g) => {
          const lines = v.lines.filter((l) => l.groupName === g);
          const heading = g || 'Sans groupe';
          return (
            <section class="reg-group" aria-label={heading}>
              <h2 safe>{`${heading} (${lines.length})`}</h2>
              <ul class="reg-list">
                {lines.map((l) => (
                  <Line ctx={ctx} v={v} l={l} />
                ))}
              </ul>
            </section>
          );
        })}
        {v.writable ? (
          <section class="card reg-walkin" aria-labelledby="walkin-title">
            <h2 id="walkin-title">Ajouter un enfant présent sans réservation</h2>
            <p>
              L’enfant doit être inscrit à l’activité. Sa présence sera facturée avec le supplément prévu.
            </p>
            <form method="get" action={`${ctx.base}/gestion/appel`} class="reg-search">
              <input type="hidden" name="site" value={s.facility.id} />
              <input type="hidden" name="jour" value={v.day} />
              <input type="hidden" name="unite" value={s.unit.id} />
              <div class="field">
                <label for="f-q">Nom ou prénom</label>
                <input id="f-q" name="q" type="search" value={query.q} maxlength={80} />
              </div>
              <button type="submit" class="button button-secondary">
                Rechercher
              </button>
            </form>
            {query.results === null ? (
              ''
            ) : query.results.length === 0 ? (
              <p class="empty">Aucun enfant inscrit ne correspond.</p>
            ) : (
              <ul class="reg-results">
                {query.results.map((r) => (
                  <li>
                    <form
                      method="post"
                      action={`${ctx.base}/gestion/appel/actions`}
                      class="reg-form"
                      data-register-form
                      data-walkin
                    >
                      <Csrf token={ctx.csrfToken} />
                      <input type="hidden" name="action_id" value={randomUUID()} />
                      <input type="hidden" name="child" value={r.childId} />
                      <input type="hidden" name="site" value={s.facility.id} />
                      <input type="hidden" name="unite" value={s.unit.id} />
                      <input type="hidden" name="jour" value={v.day} />
                      <span safe>{`${r.firstName} ${r.lastName} (${ageLabel(r.birthDate, v.day)})`}</span>{' '}
                      <button type="submit" name="kind" value="walk-in" class="button button-small">
                        Ajouter présent
                      </button>
                    </form>
                  </li>
                ))}
              </ul>
            )}
          </section>
        ) : (
          ''
        )}
        <p>
          <a href={registerUrl(ctx, here)}>Actualiser le registre</a>
        </p>
      </div>
    </StaffLayout>
  );
}
