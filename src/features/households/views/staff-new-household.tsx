import { Csrf, ErrorSummary, Field } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { StaffLayout } from '../../../platform/views/nav';
import { MAX_CHILDREN, MAX_GUARDIANS } from '../staff-forms';

function SexSelect(p: { name: string; value: string | undefined; error: string | undefined }): JSX.Element {
  const id = `f-${p.name}`;
  return (
    <div class={p.error ? 'field field-invalid' : 'field'}>
      <label for={id}>Sexe</label>
      {p.error ? (
        <p class="field-error" id={`${id}-error`}>
          <span aria-hidden="true">⚠ </span>
          <span safe>{p.error}</span>
        </p>
      ) : (
        ''
      )}
      <select
        id={id}
        name={p.name}
        aria-describedby={p.error ? `${id}-error` : undefined}
        aria-invalid={p.error ? 'true' : undefined}
      >
        <option value="" selected={!p.value}>
          Choisir
        </option>
        <option value="F" selected={p.value === 'F'}>
          Fille
        </option>
        <option value="M" selected={p.value === 'M'}>
          Garçon
        </option>
      </select>
    </div>
  );
}

/** Staff form: a household from a paper file (1–2 guardians, 1–6 children; empty blocks ignored). */
export function NewHouseholdPage(p: {
  ctx: PageContext;
  values: Record<string, string>;
  errors: Record<string, string>;
}): JSX.Element {
  const { ctx, values: v, errors: e } = p;
  const guardianNums = Array.from({ length: MAX_GUARDIANS }, (_, i) => i + 1);
  const childNums = Array.from({ length: MAX_CHILDREN }, (_, i) => i + 1);
  return (
    <StaffLayout
      ctx={ctx}
      title="Nouveau foyer"
      section="/gestion/familles"
      crumbs={[
        { label: 'Accueil gestion', href: `${ctx.base}/gestion` },
        { label: 'Familles', href: `${ctx.base}/gestion/familles` },
        { label: 'Nouveau foyer' },
      ]}
    >
      <h1>Nouveau foyer (dossier papier)</h1>
      <p>
        Chaque responsable qui a une adresse e-mail reçoit un lien d’activation valable 48 heures pour choisir
        son mot de passe. Les blocs laissés vides sont ignorés.
      </p>
      <form method="post" action={`${ctx.base}/gestion/familles/nouvelle`} class="form" novalidate>
        <Csrf token={ctx.csrfToken} />
        <ErrorSummary errors={e} />
        <fieldset>
          <legend>Foyer</legend>
          <Field
            name="h_name"
            label="Nom du foyer"
            value={v.h_name}
            error={e.h_name}
            required
            maxlength={200}
          />
          <Field name="h_addressLine" label="Adresse" value={v.h_addressLine} error={e.h_addressLine} />
          <Field
            name="h_postalCode"
            label="Code postal"
            value={v.h_postalCode}
            error={e.h_postalCode}
            inputmode="numeric"
            maxlength={5}
          />
          <Field name="h_city" label="Commune" value={v.h_city} error={e.h_city} />
          <Field name="h_phone" label="Téléphone du foyer" type="tel" value={v.h_phone} error={e.h_phone} />
          <Field name="h_phone2" label="Second téléphone" type="tel" value={v.h_phone2} error={e.h_phone2} />
        </fieldset>
        {guardianNums.map((i) => (
          <fieldset>
            <legend safe>{`Responsable légal ${i}${i === 1 ? '' : ' (facultatif)'}`}</legend>
            <Field
              name={`g${i}_firstName`}
              label={`Prénom du responsable ${i}`}
              value={v[`g${i}_firstName`]}
              error={e[`g${i}_firstName`]}
              required={i === 1}
            />
            <Field
              name={`g${i}_lastName`}
              label={`Nom du responsable ${i}`}
              value={v[`g${i}_lastName`]}
              error={e[`g${i}_lastName`]}
              required={i === 1}
            />
            <Field
              name={`g${i}_email`}
              label={`E-mail du responsable ${i}`}
              type="email"
              value={v[`g${i}_email`]}
              error={e[`g${i}_email`]}
              hint="Laissez vide si le responsable n’a pas d’adresse : pas de compte en ligne."
            />
            <Field
              name={`g${i}_mobilePhone`}
              label={`Mobile du responsable ${i}`}
              type="tel"
              value={v[`g${i}_mobilePhone`]}
              error={e[`g${i}_mobilePhone`]}
            />
          </fieldset>
        ))}
        {childNums.map((i) => (
          <fieldset>
            <legend safe>{`Enfant ${i}${i === 1 ? '' : ' (facultatif)'}`}</legend>
            <Field
              name={`c${i}_firstName`}
              label={`Prénom de l’enfant ${i}`}
              value={v[`c${i}_firstName`]}
              error={e[`c${i}_firstName`]}
              required={i === 1}
            />
            <Field
              name={`c${i}_lastName`}
              label={`Nom de l’enfant ${i}`}
              value={v[`c${i}_lastName`]}
              error={e[`c${i}_lastName`]}
              required={i === 1}
            />
            <Field
              name={`c${i}_birthDate`}
              label={`Date de naissance de l’enfant ${i}`}
              type="date"
              value={v[`c${i}_birthDate`]}
              error={e[`c${i}_birthDate`]}
            />
            <SexSelect name={`c${i}_sex`} value={v[`c${i}_sex`]} error={e[`c${i}_sex`]} />
            <Field
              name={`c${i}_school`}
              label={`École de l’enfant ${i}`}
              value={v[`c${i}_school`]}
              error={e[`c${i}_school`]}
            />
            <Field
              name={`c${i}_schoolClass`}
              label={`Classe de l’enfant ${i}`}
              value={v[`c${i}_schoolClass`]}
              error={e[`c${i}_schoolClass`]}
              maxlength={20}
            />
          </fieldset>
        ))}
        <button type="submit" class="button">
          Créer le foyer
        </button>
      </form>
    </StaffLayout>
  );
}
