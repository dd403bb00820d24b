import { CELL_STATE_LABEL, Csrf } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { FamilyLayout } from '../../../platform/views/nav';
import { WEEKDAY_NAMES } from '../../catalogue/domain/deadlines';
import { CELL_LEGEND } from '../domain/cell-state';
import { formatDayFr } from '../domain/days';
import type { PlanningPageModel as PlanningModel } from '../family.service';
import { BasketCounter, dayLabel, PhaseBanner, PlanningCellView } from './planning-parts';

export const SECTION = '/reservations';

const VIEW_PARAM = { week: 'semaine', month: 'mois' } as const;

function Legend() {
  return (
    <details class="bk-legend">
      <summary>Légende des cases</summary>
      <ul>
        {CELL_LEGEND.map((l) => (
          <li>
            <span class={`pc-swatch pc-${l.state}`} aria-hidden="true" safe>
              {CELL_STATE_LABEL[l.state].icon}
            </span>
            <span>
              <strong safe>{l.label}</strong>
              <span safe>{` : ${l.description}`}</span>
            </span>
          </li>
        ))}
        <li>
          <span class="pc-swatch pc-pending-add" aria-hidden="true">
            +
          </span>
          <span>
            <strong>À ajouter / à annuler</strong> : changement dans votre panier, pas encore confirmé.
          </span>
        </li>
      </ul>
    </details>
  );
}

export function PlanningPage({ ctx, m }: { ctx: PageContext; m: PlanningModel }) {
  const { scope, window: w } = m;
  const base = ctx.base;
  const here = `${base}/reservations/${scope.enrollmentId}`;
  const viewParam = VIEW_PARAM[w.view];
  const link = (view: 'week' | 'month', day: string) => `${here}?vue=${VIEW_PARAM[view]}&jour=${day}`;
  const tz = m.ctx.tenant.timeZone;
  const byKey = new Map(m.cells.map((c) => [`${c.day}|${c.unitId}`, c]));
  const days = w.days
    .filter((d) => d.inPeriod)
    .map((d) => {
      const cells = m.units.map((u) => byKey.get(`${d.day}|${u.id}`)!).filter(Boolean);
      return { day: d.day, cells, closed: cells.every((c) => c.view.state === 'closed') };
    });
  const shown = w.view === 'month' ? days.filter((d) => !d.closed) : days;
  const hiddenClosed = days.length - shown.length;
  const title = `Planning de ${m.childName}`;
  const openWeekdays = [1, 2, 3, 4, 5, 6, 7].filter((wd) => m.units.some((u) => u.weekdays.includes(wd)));
  return (
    <FamilyLayout
      ctx={ctx}
      title={`${title} – ${w.label}`}
      section={SECTION}
      crumbs={[
        { label: 'Espace famille', href: `${base}/espace` },
        { label: 'Réservations', href: `${base}/reservations` },
        { label: m.childName },
      ]}
    >
      <h1 safe>{title}</h1>
      <p class="bk-sub" safe>
        {`${scope.activity.name} · ${scope.period.name} (du ${formatDayFr(scope.period.firstDay)} au ${formatDayFr(scope.period.lastDay)})`}
      </p>
      <PhaseBanner phase={m.phase} />
      <div class="bk-toolbar">
        <nav class="bk-views" aria-label="Affichage">
          <a href={link('week', w.from)} aria-current={w.view === 'week' ? 'page' : undefined}>
            Semaine
          </a>
          <a
            href={link(
              'month',
              w.view === 'week' && w.from < scope.period.firstDay ? scope.period.firstDay : w.from,
            )}
            aria-current={w.view === 'month' ? 'page' : undefined}
          >
            Mois
          </a>
        </nav>
        <BasketCounter base={base} count={m.basketCount} />
      </div>
      <nav class="bk-pager" aria-label="Période affichée">
        {w.prev ? (
          <a class="bk-prev" href={link(w.view, w.prev)} rel="prev">
            <span aria-hidden="true">‹ </span>
            {w.view === 'week' ? 'Semaine précédente' : 'Mois précédent'}
          </a>
        ) : (
          <span class="bk-prev bk-edge">Début de la période</span>
        )}
        <h2 class="bk-window" safe>
          {w.label}
        </h2>
        {w.next ? (
          <a class="bk-next" href={link(w.view, w.next)} rel="next">
            {w.view === 'week' ? 'Semaine suivante' : 'Mois suivant'}
            <span aria-hidden="true"> ›</span>
          </a>
        ) : (
          <span class="bk-next bk-edge">Fin de la période</span>
        )}
      </nav>
      <Legend />
      <form method="post" action={`${here}/panier`} class="bk-plan-form">
        <Csrf token={ctx.csrfToken} />
        <input type="hidden" name="debut" value={w.from} />
        <input type="hidden" name="fin" value={w.to} />
        <input type="hidden" name="vue" value={viewParam} />
        <p class="hint bk-howto">
          Touchez une case pour l’ajouter à votre panier (ou la retirer), puis vérifiez et confirmez votre
          panier.
        </p>
        <div class="plan">
          <div class="plan-head" aria-hidden="true">
            <span class="plan-date">Jour</span>
            <span class="plan-cells">
              {m.units.map((u) => (
                <span safe>{u.name}</span>
              ))}
            </span>
          </div>
          {shown.length === 0 ? <p class="empty">Aucun jour d’accueil sur cette période affichée.</p> : ''}
          {shown.map((d) => (
            <section
              class={d.closed ? 'plan-day plan-day-closed' : 'plan-day'}
              aria-labelledby={`d-${d.day}`}
            >
              <h3 class="plan-date" id={`d-${d.day}`} safe>
                {dayLabel(d.day)}
              </h3>
              {d.closed ? (
                <p class="plan-closed">Pas d’accueil</p>
              ) : (
                <div class="plan-cells">
                  {d.cells.map((cell) => (
                    <PlanningCellView
                      base={base}
                      enrollmentId={scope.enrollmentId}
                      cell={cell}
                      unitName={m.units.find((u) => u.id === cell.unitId)?.name ?? ''}
                      pending={m.pending.get(`${cell.childId}|${cell.day}|${cell.unitId}`) ?? null}
                      timeZone={tz}
                    />
                  ))}
                </div>
              )}
            </section>
          ))}
          {hiddenClosed > 0 ? (
            <p
              class="hint"
              safe
            >{`${hiddenClosed} jour${hiddenClosed > 1 ? 's' : ''} sans accueil non affiché${hiddenClosed > 1 ? 's' : ''}.`}</p>
          ) : (
            ''
          )}
        </div>
        <div class="actions bk-plan-actions">
          <button type="submit" class="button">
            Vérifier mon panier
          </button>
        </div>
      </form>

      <section class="bk-tools" aria-labelledby="bk-tools-h">
        <h2 id="bk-tools-h">Plusieurs jours à la fois</h2>
        <details class="bk-tool">
          <summary>Réserver ou annuler tous les jours</summary>
          <form method="post" action={`${here}/lot`} class="form">
            <Csrf token={ctx.csrfToken} />
            <input type="hidden" name="debut" value={w.from} />
            <input type="hidden" name="fin" value={w.to} />
            <input type="hidden" name="vue" value={viewParam} />
            <OpAndScope
              prefix="all"
              weekLabel={w.view === 'week' ? 'La semaine affichée' : 'Le mois affiché'}
            />
            <fieldset class="field">
              <legend>Unités (toutes si aucune n’est cochée)</legend>
              {m.units.map((u) => (
                <label class="bk-check">
                  <input type="checkbox" name="unites" value={u.id} />
                  <span safe>{u.name}</span>
                </label>
              ))}
            </fieldset>
            <SkipFull />
            <button type="submit" class="button">
              Ajouter au panier
            </button>
          </form>
        </details>
        <details class="bk-tool">
          <summary>Semaine type</summary>
          <form method="post" action={`${here}/lot`} class="form">
            <Csrf token={ctx.csrfToken} />
            <input type="hidden" name="debut" value={w.from} />
            <input type="hidden" name="fin" value={w.to} />
            <input type="hidden" name="vue" value={viewParam} />
            <input type="hidden" name="type" value="semaine-type" />
            {openWeekdays.map((wd) => (
              <fieldset class="field bk-typical">
                <legend>{WEEKDAY_NAMES[wd - 1] ?? ''}</legend>
                {m.units
                  .filter((u) => u.weekdays.includes(wd))
                  .map((u) => (
                    <label class="bk-check">
                      <input type="checkbox" name="modele" value={`${wd}:${u.id}`} />
                      <span safe>{u.name}</span>
                    </label>
                  ))}
              </fieldset>
            ))}
            <OpAndScope
              prefix="tw"
              weekLabel={w.view === 'week' ? 'La semaine affichée' : 'Le mois affiché'}
            />
            <SkipFull />
            <button type="submit" class="button">
              Ajouter au panier
            </button>
          </form>
        </details>
        {m.siblings.length > 0 ? (
          <form method="post" action={`${here}/fratrie`} class="bk-siblings">
            <Csrf token={ctx.csrfToken} />
            <p class="hint">Copie les changements du panier de cet enfant, quand c’est possible.</p>
            <button type="submit" class="button button-secondary" safe>
              {`La même chose pour ${m.siblings.map((s) => s.firstName).join(' et ')}`}
            </button>
          </form>
        ) : (
          ''
        )}
      </section>
    </FamilyLayout>
  );
}

function OpAndScope({ prefix, weekLabel }: { prefix: string; weekLabel: string }) {
  return (
    <>
      <fieldset class="field">
        <legend>Action</legend>
        <label class="bk-check">
          <input type="radio" name="op" value="add" checked id={`${prefix}-op-add`} />
          <span>Réserver</span>
        </label>
        <label class="bk-check">
          <input type="radio" name="op" value="cancel" />
          <span>Annuler les réservations</span>
        </label>
      </fieldset>
      <fieldset class="field">
        <legend>Sur</legend>
        <label class="bk-check">
          <input type="radio" name="portee" value="affichage" checked />
          <span safe>{weekLabel}</span>
        </label>
        <label class="bk-check">
          <input type="radio" name="portee" value="periode" />
          <span>Toute la période</span>
        </label>
      </fieldset>
    </>
  );
}

function SkipFull() {
  return (
    <label class="bk-check">
      <input type="checkbox" name="sauter_complets" value="1" />
      <span>Ignorer les jours complets (sinon : liste d’attente)</span>
    </label>
  );
}
