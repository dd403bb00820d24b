import { Csrf, ErrorSummary, Field } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { StaffLayout } from '../../../platform/views/nav';
import { SelectField } from '../../catalogue/views/form-parts';
import { CRITERION_LABELS, PRIORITY_CRITERIA } from '../domain/allocate-request-window';

export interface SettingsValues {
  waitingList: boolean;
  reminderDays: string;
  criteria: string[];
  allocationMode: string;
}

export function StaffSettingsPage(p: {
  ctx: PageContext;
  v: SettingsValues;
  errors: Record<string, string>;
}) {
  const { ctx, v } = p;
  const options = PRIORITY_CRITERIA.map((c) => ({ value: c, label: CRITERION_LABELS[c] }));
  return (
    <StaffLayout
      ctx={ctx}
      title="Paramètres des réservations"
      section="/gestion/reservations"
      crumbs={[
        { label: 'Gestion', href: `${ctx.base}/gestion` },
        { label: 'Réservations', href: `${ctx.base}/gestion/reservations` },
        { label: 'Paramètres' },
      ]}
    >
      <h1>Paramètres des réservations</h1>
      <ErrorSummary errors={p.errors} />
      <form method="post" action={`${ctx.base}/gestion/reservations/parametres`} class="card">
        <Csrf token={ctx.csrfToken} />
        <div class="field">
          <label class="choice">
            <input type="checkbox" name="waitingList" value="1" checked={v.waitingList} /> Liste d’attente
            quand une journée est complète (sinon la demande est refusée)
          </label>
        </div>
        <Field
          name="reminderDays"
          label="Rappel avant la date limite des vacances (jours)"
          hint="Les familles inscrites sans aucune réservation reçoivent un e-mail ce nombre de jours avant la date limite. 0 : le jour même."
          type="number"
          inputmode="numeric"
          value={v.reminderDays}
          error={p.errors.reminderDays}
          required
          maxlength={2}
        />
        <fieldset class="field">
          <legend>Critères de priorité des périodes sur demandes, dans l’ordre</legend>
          <p class="hint">Puis tirage au sort entre les familles à égalité.</p>
          {[0, 1, 2].map((i) => (
            <SelectField
              name={`criterion${i + 1}`}
              label={`${i + 1}${i === 0 ? 'er' : 'e'} critère`}
              value={v.criteria[i] ?? ''}
              placeholder="Aucun"
              options={options}
              error={i === 0 ? p.errors.criteria : undefined}
            />
          ))}
        </fieldset>
        <fieldset class="field">
          <legend>Attribution des places demandées</legend>
          <label class="choice">
            <input type="radio" name="allocationMode" value="week" checked={v.allocationMode !== 'line'} />{' '}
            Semaine complète par enfant (tout ou rien)
          </label>
          <label class="choice">
            <input type="radio" name="allocationMode" value="line" checked={v.allocationMode === 'line'} />{' '}
            Chaque jour séparément
          </label>
        </fieldset>
        <button type="submit" class="button">
          Enregistrer
        </button>
      </form>
    </StaffLayout>
  );
}
