import { Csrf, ErrorSummary } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { StaffLayout } from '../../../platform/views/nav';
import { fieldsOf } from '../../requests/domain/field-policy';
import type { Contact, Household } from '../households.repository';
import { PolicyField } from './parts';

/** Staff edit or remove a household's contact directly (audited). */
export function StaffContactPage(p: {
  ctx: PageContext;
  household: Household;
  contact: Contact;
  values: Record<string, string>;
  errors: Record<string, string>;
}): JSX.Element {
  const { ctx, household: h, contact: c } = p;
  const base = `${ctx.base}/gestion/familles/${h.id}`;
  return (
    <StaffLayout
      ctx={ctx}
      title={`Contact ${c.name}`}
      section="/gestion/familles"
      crumbs={[
        { label: 'Accueil gestion', href: `${ctx.base}/gestion` },
        { label: 'Familles', href: `${ctx.base}/gestion/familles` },
        { label: h.name, href: base },
        { label: c.name },
      ]}
    >
      <h1 safe>{`Contact : ${c.name} (foyer ${h.name})`}</h1>
      <form method="post" action={`${base}/contacts/${c.id}`} class="form" novalidate>
        <Csrf token={ctx.csrfToken} />
        <ErrorSummary errors={p.errors} />
        <fieldset>
          <legend>Nom, lien, téléphones, autorisations</legend>
          {fieldsOf('contact').map((d) => (
            <PolicyField def={d} mode="direct" value={p.values[d.key] ?? ''} error={p.errors[d.column]} />
          ))}
        </fieldset>
        <p class="hint">La modification s’applique immédiatement et est tracée.</p>
        <button type="submit" class="button">
          Enregistrer le contact
        </button>
      </form>
      <h2>Retirer ce contact</h2>
      <form method="post" action={`${base}/contacts/${c.id}/supprimer`} class="form">
        <Csrf token={ctx.csrfToken} />
        <button type="submit" class="button button-danger">
          Retirer ce contact du foyer
        </button>
      </form>
    </StaffLayout>
  );
}
