import { Badge, Csrf, ErrorSummary } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { StaffLayout } from '../../../platform/views/nav';
import { SelectField } from '../../catalogue/views/form-parts';
import type { SummaryModel } from '../domain/summary';
import type { StaffBookingChoice } from '../staff.service';

export interface StaffBookValues {
  childId: string;
  unitId: string;
  op: string;
  from: string;
  to: string;
}

const TONE: Record<string, 'success' | 'warning' | 'info' | 'danger' | 'neutral'> = {
  confirmed: 'success',
  cancelled: 'neutral',
  withdrawn: 'neutral',
  requested: 'warning',
  'cancel-requested': 'warning',
  waiting: 'info',
  refused: 'danger',
};

export function SummaryList({ s }: { s: SummaryModel }) {
  return (
    <section class="card bk-summary" aria-labelledby="bk-summary-title">
      <h2 id="bk-summary-title" safe>{`Résultat de la demande ${s.requestNumber}`}</h2>
      {s.children.map((c) => (
        <>
          <h3 safe>{c.name}</h3>
          <ul>
            {c.lines.map((l) => (
              <li>
                <span
                  safe
                >{`${l.dayLabel}, ${l.unitName} (${l.op === 'add' ? 'réservation' : 'annulation'}) : `}</span>
                <Badge tone={TONE[l.status] ?? 'neutral'}>
                  <span safe>{l.label}</span>
                </Badge>
              </li>
            ))}
          </ul>
        </>
      ))}
    </section>
  );
}

export function StaffBookPage(p: {
  ctx: PageContext;
  household: { id: string; name: string };
  choice: StaffBookingChoice;
  values: StaffBookValues;
  formKey: string;
  errors: Record<string, string>;
  summary?: SummaryModel;
}) {
  const { ctx, household: h } = p;
  const title = `Réserver pour le foyer ${h.name}`;
  return (
    <StaffLayout
      ctx={ctx}
      title={title}
      section="/gestion/reservations"
      crumbs={[
        { label: 'Gestion', href: `${ctx.base}/gestion` },
        { label: 'Réservations', href: `${ctx.base}/gestion/reservations` },
        { label: h.name },
      ]}
    >
      <h1 safe>{title}</h1>
      <p>
        <a href={`${ctx.base}/gestion/familles/${h.id}`}>Fiche du foyer</a>
      </p>
      {p.summary ? <SummaryList s={p.summary} /> : ''}
      <ErrorSummary errors={p.errors} />
      {p.choice.units.length === 0 ? (
        <p class="empty">Aucun enfant de ce foyer n’a d’inscription acceptée dans vos structures.</p>
      ) : (
        <form method="post" action={`${ctx.base}/gestion/reservations/familles/${h.id}`} class="card">
          <Csrf token={ctx.csrfToken} />
          <input type="hidden" name="key" value={p.formKey} />
          <p class="hint">
            Les délais de réservation et d’annulation ne s’appliquent pas au service, la capacité si : une
            journée complète place l’enfant en liste d’attente. L’opération est journalisée et la famille
            reçoit le récapitulatif par e-mail.
          </p>
          <SelectField
            name="childId"
            label="Enfant"
            value={p.values.childId}
            error={p.errors.childId}
            options={p.choice.children.map((c) => ({ value: c.id, label: c.name }))}
          />
          <SelectField
            name="unitId"
            label="Unité"
            value={p.values.unitId}
            error={p.errors.unitId}
            options={p.choice.units.map((u) => ({ value: u.id, label: u.label }))}
          />
          <fieldset class="field">
            <legend>Opération</legend>
            <label class="choice">
              <input type="radio" name="op" value="add" checked={p.values.op !== 'cancel'} /> Réserver
            </label>
            <label class="choice">
              <input type="radio" name="op" value="cancel" checked={p.values.op === 'cancel'} /> Annuler
            </label>
          </fieldset>
          <div class={p.errors.from ? 'field field-invalid' : 'field'}>
            <label for="f-from">Du</label>
            {p.errors.from ? (
              <p class="field-error" id="f-from-error">
                <span aria-hidden="true">⚠ </span>
                <span safe>{p.errors.from}</span>
              </p>
            ) : (
              ''
            )}
            <input
              type="date"
              id="f-from"
              name="from"
              value={p.values.from}
              required
              aria-describedby={p.errors.from ? 'f-from-error' : undefined}
            />
          </div>
          <div class={p.errors.to ? 'field field-invalid' : 'field'}>
            <label for="f-to">Au (inclus, facultatif)</label>
            <p class="hint" id="f-to-hint">
              Chaque jour d’ouverture de l’unité entre ces deux dates.
            </p>
            {p.errors.to ? (
              <p class="field-error" id="f-to-error">
                <span aria-hidden="true">⚠ </span>
                <span safe>{p.errors.to}</span>
              </p>
            ) : (
              ''
            )}
            <input type="date" id="f-to" name="to" value={p.values.to} aria-describedby="f-to-hint" />
          </div>
          <button type="submit" class="button">
            Valider
          </button>
        </form>
      )}
    </StaffLayout>
  );
}
