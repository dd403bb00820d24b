import { Csrf, ErrorSummary } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { StaffLayout } from '../../../platform/views/nav';
import type { Household } from '../households.repository';

/**
 * Staff set a household's allocation criteria kept on the household itself: « famille résidente »
 * (a priority criterion of request-window allocations). Audited; radio buttons, so that "no" is an
 * explicit answer without JavaScript.
 */
export function StaffCriteriaPage(p: {
  ctx: PageContext;
  household: Household;
  value: string;
  errors: Record<string, string>;
}): JSX.Element {
  const { ctx, household: h } = p;
  const base = `${ctx.base}/gestion/familles/${h.id}`;
  const err = p.errors.resident;
  return (
    <StaffLayout
      ctx={ctx}
      title={`Critères du foyer ${h.name}`}
      section="/gestion/familles"
      crumbs={[
        { label: 'Accueil gestion', href: `${ctx.base}/gestion` },
        { label: 'Familles', href: `${ctx.base}/gestion/familles` },
        { label: h.name, href: base },
        { label: 'Critères' },
      ]}
    >
      <h1 safe>{`Critères d’attribution : foyer ${h.name}`}</h1>
      <form method="post" action={`${base}/criteres`} class="form" novalidate>
        <Csrf token={ctx.csrfToken} />
        <ErrorSummary errors={p.errors} />
        <fieldset
          id="f-resident"
          class={err ? 'field field-invalid' : 'field'}
          tabindex="-1"
          aria-describedby={err ? 'f-resident-hint f-resident-error' : 'f-resident-hint'}
        >
          <legend>Famille résidente</legend>
          <p class="hint" id="f-resident-hint">
            Le foyer habite la commune (ou le territoire de la structure). C’est un critère de priorité des
            attributions de places sur demande.
          </p>
          {err ? (
            <p class="field-error" id="f-resident-error">
              <span aria-hidden="true">⚠ </span>
              <span safe>{err}</span>
            </p>
          ) : (
            ''
          )}
          <div class="checkbox">
            <input type="radio" id="f-resident-oui" name="resident" value="oui" checked={p.value === 'oui'} />
            <label for="f-resident-oui">Oui, famille résidente</label>
          </div>
          <div class="checkbox">
            <input type="radio" id="f-resident-non" name="resident" value="non" checked={p.value === 'non'} />
            <label for="f-resident-non">Non</label>
          </div>
        </fieldset>
        <p class="hint">La modification s’applique immédiatement et est tracée.</p>
        <button type="submit" class="button">
          Enregistrer
        </button>
      </form>
    </StaffLayout>
  );
}
