import { Csrf, ErrorSummary } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { StaffLayout } from '../../../platform/views/nav';
import { type Entity, FIELD_MODES, FIELDS, type FieldMode } from '../domain/field-policy';

const MODE_LABEL: Record<FieldMode, string> = {
  direct: 'Appliqué immédiatement',
  validated: 'Soumis à validation',
  staff_only: 'Réservé au service',
};
const ENTITY_LABEL: Record<Entity, string> = {
  household: 'Foyer',
  guardian: 'Responsables légaux',
  child: 'Enfants',
  childHealth: 'Santé des enfants',
  contact: 'Contacts',
};

export function FieldPolicyPage(p: {
  ctx: PageContext;
  modes: Map<string, FieldMode>;
  errors: Record<string, string>;
}): JSX.Element {
  const { ctx } = p;
  const entities = [...new Set(FIELDS.map((f) => f.entity))];
  return (
    <StaffLayout
      ctx={ctx}
      title="Règles de modification des dossiers"
      section="/gestion/familles"
      crumbs={[
        { label: 'Accueil gestion', href: `${ctx.base}/gestion` },
        { label: 'Familles', href: `${ctx.base}/gestion/familles` },
        { label: 'Règles de modification' },
      ]}
    >
      <h1>Règles de modification des dossiers</h1>
      <p>
        Pour chaque champ, choisissez si la modification faite par une famille s’applique immédiatement,
        devient une demande à valider, ou n’est possible que par le service.
      </p>
      <form method="post" action={`${ctx.base}/gestion/regles-dossiers`} class="form" novalidate>
        <Csrf token={ctx.csrfToken} />
        <ErrorSummary errors={p.errors} />
        {entities.map((e) => (
          <fieldset>
            <legend safe>{ENTITY_LABEL[e]}</legend>
            {FIELDS.filter((f) => f.entity === e).map((f) => {
              const id = `f-${f.key.replace('.', '-')}`;
              return (
                <div class="field">
                  <label for={id} safe>
                    {f.label}
                  </label>
                  <select id={id} name={f.key}>
                    {FIELD_MODES.map((m) => (
                      <option value={m} selected={p.modes.get(f.key) === m} safe>
                        {`${MODE_LABEL[m]}${m === f.defaultMode ? ' (par défaut)' : ''}`}
                      </option>
                    ))}
                  </select>
                </div>
              );
            })}
          </fieldset>
        ))}
        <button type="submit" class="button">
          Enregistrer les règles
        </button>
      </form>
    </StaffLayout>
  );
}
