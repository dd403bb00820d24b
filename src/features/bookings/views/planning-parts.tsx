import { CELL_STATE_LABEL } from '../../../platform/views/components';
import type { PeriodPhase } from '../context';
import type { PlanningCell } from '../domain/basket';
import type { BasketOp, CellView } from '../domain/cell-state';
import { formatDayNoYearFr, formatDeadlineFr } from '../domain/days';

/** "mercredi 2 décembre" (the year is in the window heading). */
export function dayLabel(day: string): string {
  return formatDayNoYearFr(day);
}

export const PENDING_LABEL: Record<BasketOp, string> = { add: 'à ajouter', cancel: 'à annuler' };

/** The sentence read after a cell's name: what the tap does and until when. */
export function cellDescription(view: CellView, timeZone: string): string {
  const until = view.deadline ? formatDeadlineFr(view.deadline, timeZone) : null;
  switch (view.tap.kind) {
    case 'book':
      return `Réservation possible jusqu’au ${until}.`;
    case 'unbook':
      return `Annulation possible jusqu’au ${until}.`;
    case 'join-waiting-list':
      return `Complet : inscription sur liste d’attente possible jusqu’au ${until}.`;
    case 'request':
      return `Délai dépassé : votre changement sera une demande soumise à validation du service (jusqu’au ${until}).`;
    case 'withdraw':
      return `Vous pouvez retirer cette demande jusqu’au ${until}.`;
    case 'none':
      return view.state === 'closed' ? 'Pas d’accueil.' : 'Aucun changement possible.';
  }
}

export interface CellProps {
  base: string;
  enrollmentId: string;
  cell: PlanningCell;
  unitName: string;
  pending: BasketOp | null;
  timeZone: string;
  error?: string | undefined;
}

/**
 * One cell of the planning. A cell whose tap does something is a checkbox (checked = the change is in
 * the basket): with JavaScript, htmx posts the tap and swaps the cell; without it, the whole planning
 * is a form submitted to the basket. The state reads as icon + text, never colour alone.
 */
export function PlanningCellView(p: CellProps): JSX.Element {
  const { cell, pending } = p;
  const v = cell.view;
  const id = `${cell.day}-${cell.unitId}`;
  const icon = CELL_STATE_LABEL[v.state].icon;
  const actionable = v.tap.op !== null || pending !== null;
  const cls = [
    'pc',
    `pc-${v.state}`,
    pending ? `pc-pending pc-pending-${pending}` : '',
    actionable ? 'pc-on' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const body = (
    <>
      <span class="pc-unit" safe>
        {p.unitName}
      </span>
      <span class="pc-state">
        <span class="pc-icon" aria-hidden="true" safe>
          {icon}
        </span>
        <span class="pc-text" safe>
          {v.label}
        </span>
      </span>
      {actionable ? (
        <>
          <span class="pc-tag" safe>
            {`${(pending ?? v.tap.op) === 'cancel' ? '−' : '+'} ${PENDING_LABEL[pending ?? v.tap.op ?? 'add']}`}
          </span>
          <span class="pc-hint" safe>
            {v.tap.label}
          </span>
        </>
      ) : (
        ''
      )}
    </>
  );
  return (
    <div class={cls} id={`c-${id}`}>
      {actionable ? (
        <>
          <input
            type="checkbox"
            class="pc-input"
            id={`cb-${id}`}
            name="c"
            value={`${cell.day}|${cell.unitId}`}
            checked={pending !== null}
            aria-describedby={`cd-${id}`}
            hx-post={`${p.base}/reservations/${p.enrollmentId}/case`}
            hx-vals={JSON.stringify({ jour: cell.day, unite: cell.unitId })}
            hx-params="jour,unite"
            hx-trigger="change"
            hx-target={`#c-${id}`}
            hx-swap="outerHTML"
          />
          <label class="pc-label" for={`cb-${id}`}>
            <span class="visually-hidden" safe>{`${dayLabel(cell.day)}, `}</span>
            {body}
          </label>
        </>
      ) : (
        <div class="pc-label">
          <span class="visually-hidden" safe>{`${dayLabel(cell.day)}, `}</span>
          {body}
        </div>
      )}
      <span class="visually-hidden" id={`cd-${id}`} safe>
        {cellDescription(v, p.timeZone)}
      </span>
      {p.error ? (
        <span class="pc-error" role="alert" safe>
          {p.error}
        </span>
      ) : (
        ''
      )}
    </div>
  );
}

/** The basket link with its count; swapped out of band after each tap. */
export function BasketCounter({ base, count, oob }: { base: string; count: number; oob?: boolean }) {
  return (
    <a
      id="basket-count"
      class={count > 0 ? 'bk-basket bk-basket-full' : 'bk-basket'}
      href={`${base}/reservations/panier`}
      hx-swap-oob={oob ? 'true' : undefined}
    >
      <span safe>{count === 0 ? 'Panier vide' : `Panier : ${count} changement${count > 1 ? 's' : ''}`}</span>
    </a>
  );
}

/** The period's phase when families cannot simply book (not yet open, wishes, allocating, closed). */
export function PhaseBanner({ phase }: { phase: PeriodPhase }) {
  if (phase.phase === 'open') return '';
  const title =
    phase.phase === 'wishes'
      ? 'Période sur demandes'
      : phase.phase === 'not-yet'
        ? 'Réservations pas encore ouvertes'
        : phase.phase === 'allocating'
          ? 'Attribution des places en cours'
          : 'Réservations closes';
  return (
    <div class={`bk-banner bk-banner-${phase.phase}`} role="status">
      <strong>{title}</strong>
      <span safe>{` ${phase.message}`}</span>
    </div>
  );
}
