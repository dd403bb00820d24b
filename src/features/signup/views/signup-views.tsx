import type { Children } from '@kitajs/html';
import { Csrf, ErrorSummary, Field } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { Layout } from '../../../platform/views/layout';
import { StaffLayout } from '../../../platform/views/nav';
import { SelectField, TextAreaField } from '../../staff/views/form-parts';
import { type DraftData, SCHOOL_CLASSES, STEP_TITLES, STEPS, type Step } from '../domain/wizard';
import type { PendingHousehold } from '../signup.service';

type Values = Record<string, string>;

function Progress({ current }: { current: Step }): JSX.Element {
  const index = STEPS.indexOf(current);
  return (
    <ol class="wizard-steps" aria-label="Étapes de l'inscription">
      {STEPS.map((s, i) => (
        <li
          class={i === index ? 'current' : i < index ? 'done' : undefined}
          aria-current={i === index ? 'step' : undefined}
        >
          <span safe>{`${i + 1}. ${STEP_TITLES[s]}`}</span>
        </li>
      ))}
    </ol>
  );
}

function WizardFrame(p: {
  ctx: PageContext;
  step: Step;
  errors: Record<string, string>;
  children?: Children;
  back?: Step;
  submitLabel?: string;
  /** Secondary submit buttons, after the main one (Enter submits the first button of a form). */
  extraActions?: JSX.Element;
}): JSX.Element {
  const b = p.ctx.base;
  const index = STEPS.indexOf(p.step);
  return (
    <Layout
      ctx={p.ctx}
      title={`Inscription : ${STEP_TITLES[p.step]}`}
      crumbs={[
        { label: 'Accueil', href: `${b}/` },
        { label: 'Inscription', href: `${b}/inscription` },
        { label: STEP_TITLES[p.step] },
      ]}
    >
      <h1>
        Inscription en ligne <span class="hint" safe>{`(étape ${index + 1} sur ${STEPS.length})`}</span>
      </h1>
      <Progress current={p.step} />
      <h2 safe>{STEP_TITLES[p.step]}</h2>
      <form method="post" action={`${b}/inscription/${p.step}`} class="form" novalidate>
        <ErrorSummary errors={p.errors} />
        <Csrf token={p.ctx.csrfToken} />
        {p.children as 'safe'}
        <p class="actions">
          <button type="submit" name="action" value="next" class="button" safe>
            {p.submitLabel ?? 'Continuer'}
          </button>
          {(p.extraActions ?? '') as 'safe'}
          {p.back ? (
            <a class="button button-secondary" href={`${b}/inscription/${p.back}`}>
              Étape précédente
            </a>
          ) : (
            ''
          )}
        </p>
      </form>
    </Layout>
  );
}

export function SignupIntroPage(p: { ctx: PageContext; resumeStep: Step | null }): JSX.Element {
  const b = p.ctx.base;
  return (
    <Layout
      ctx={p.ctx}
      title="Inscription"
      crumbs={[{ label: 'Accueil', href: `${b}/` }, { label: 'Inscription' }]}
    >
      <h1>Inscrire votre foyer</h1>
      <p class="lead">
        Créez votre espace famille en quatre étapes : votre foyer, les responsables légaux, les enfants, puis
        un mot de passe. Le service vérifie votre demande avant de l'activer.
      </p>
      <p>
        Prévoyez environ 5 minutes. Vos réponses sont gardées pendant 7 jours si vous interrompez la saisie.
      </p>
      {p.resumeStep ? (
        <p class="actions">
          <a class="button" href={`${b}/inscription/${p.resumeStep}`}>
            Reprendre mon inscription
          </a>
        </p>
      ) : (
        <form method="post" action={`${b}/inscription`}>
          <Csrf token={p.ctx.csrfToken} />
          <p class="actions">
            <button type="submit" class="button">
              Commencer l'inscription
            </button>
          </p>
        </form>
      )}
    </Layout>
  );
}

export function HouseholdStepPage(p: { ctx: PageContext; values: Values; errors: Record<string, string> }) {
  const v = p.values;
  const e = p.errors;
  return (
    <WizardFrame ctx={p.ctx} step="foyer" errors={e}>
      <Field
        name="addressLine"
        label="Adresse"
        autocomplete="street-address"
        required
        maxlength={200}
        value={v.addressLine}
        error={e.addressLine}
      />
      <Field
        name="postalCode"
        label="Code postal"
        autocomplete="postal-code"
        inputmode="numeric"
        required
        maxlength={5}
        value={v.postalCode}
        error={e.postalCode}
      />
      <Field
        name="city"
        label="Commune"
        autocomplete="address-level2"
        required
        maxlength={100}
        value={v.city}
        error={e.city}
      />
      <Field
        name="phone"
        label="Téléphone du foyer"
        type="tel"
        autocomplete="tel"
        required
        maxlength={20}
        value={v.phone}
        error={e.phone}
      />
    </WizardFrame>
  );
}

export function GuardiansStepPage(p: { ctx: PageContext; values: Values; errors: Record<string, string> }) {
  const v = p.values;
  const e = p.errors;
  const block = (i: 0 | 1) => (
    <fieldset class="card">
      <legend>{i === 0 ? 'Premier responsable (vous)' : 'Second responsable (facultatif)'}</legend>
      {i === 0 ? <p class="hint">Son adresse e-mail servira à vous connecter.</p> : ''}
      <Field
        name={`g${i}_firstName`}
        label="Prénom"
        autocomplete={i === 0 ? 'given-name' : 'off'}
        required={i === 0}
        maxlength={80}
        value={v[`g${i}_firstName`]}
        error={e[`g${i}_firstName`]}
      />
      <Field
        name={`g${i}_lastName`}
        label="Nom"
        autocomplete={i === 0 ? 'family-name' : 'off'}
        required={i === 0}
        maxlength={80}
        value={v[`g${i}_lastName`]}
        error={e[`g${i}_lastName`]}
      />
      <Field
        name={`g${i}_email`}
        label="Adresse e-mail"
        type="email"
        autocomplete={i === 0 ? 'email' : 'off'}
        required={i === 0}
        maxlength={254}
        value={v[`g${i}_email`]}
        error={e[`g${i}_email`]}
      />
      <Field
        name={`g${i}_mobile`}
        label="Téléphone portable"
        type="tel"
        autocomplete={i === 0 ? 'tel' : 'off'}
        required={i === 0}
        maxlength={20}
        value={v[`g${i}_mobile`]}
        error={e[`g${i}_mobile`]}
      />
    </fieldset>
  );
  return (
    <WizardFrame ctx={p.ctx} step="responsables" errors={e} back="foyer">
      {block(0)}
      {block(1)}
    </WizardFrame>
  );
}

export function ChildrenStepPage(p: {
  ctx: PageContext;
  values: Values;
  errors: Record<string, string>;
  blocks: number;
  canAdd: boolean;
}) {
  const v = p.values;
  const e = p.errors;
  const items: JSX.Element[] = [];
  for (let i = 0; i < p.blocks; i++) {
    const sexName = `c${i}_sex`;
    items.push(
      <fieldset class="card">
        <legend safe>{`Enfant ${i + 1}${i > 0 ? ' (laisser vide si inutile)' : ''}`}</legend>
        <Field
          name={`c${i}_firstName`}
          label="Prénom"
          required={i === 0}
          maxlength={80}
          value={v[`c${i}_firstName`]}
          error={e[`c${i}_firstName`]}
        />
        <Field
          name={`c${i}_lastName`}
          label="Nom"
          required={i === 0}
          maxlength={80}
          value={v[`c${i}_lastName`]}
          error={e[`c${i}_lastName`]}
        />
        <Field
          name={`c${i}_birthDate`}
          label="Date de naissance"
          type="date"
          required={i === 0}
          maxlength={10}
          value={v[`c${i}_birthDate`]}
          error={e[`c${i}_birthDate`]}
        />
        <fieldset id={`f-${sexName}`} class={e[sexName] ? 'field field-invalid' : 'field'} tabindex="-1">
          <legend>Sexe</legend>
          {e[sexName] ? (
            <p class="field-error">
              <span aria-hidden="true">⚠ </span>
              <span safe>{e[sexName]}</span>
            </p>
          ) : (
            ''
          )}
          <div class="checkbox">
            <input type="radio" id={`${sexName}-f`} name={sexName} value="F" checked={v[sexName] === 'F'} />
            <label for={`${sexName}-f`}>Fille</label>
          </div>
          <div class="checkbox">
            <input type="radio" id={`${sexName}-m`} name={sexName} value="M" checked={v[sexName] === 'M'} />
            <label for={`${sexName}-m`}>Garçon</label>
          </div>
        </fieldset>
        <Field
          name={`c${i}_school`}
          label="École"
          maxlength={120}
          value={v[`c${i}_school`]}
          error={e[`c${i}_school`]}
        />
        <SelectField
          name={`c${i}_schoolClass`}
          label="Classe"
          options={[
            { value: '', label: 'Non scolarisé / je ne sais pas' },
            ...SCHOOL_CLASSES.map((c) => ({ value: c, label: c })),
          ]}
          value={v[`c${i}_schoolClass`]}
          error={e[`c${i}_schoolClass`]}
        />
      </fieldset>,
    );
  }
  return (
    <WizardFrame
      ctx={p.ctx}
      step="enfants"
      errors={e}
      back="responsables"
      extraActions={
        p.canAdd ? (
          <button type="submit" name="action" value="add" class="button button-secondary">
            Ajouter un autre enfant
          </button>
        ) : undefined
      }
    >
      <input type="hidden" name="blocks" value={String(p.blocks)} />
      {items.join('') as 'safe'}
      {p.canAdd ? '' : <p class="hint">Six enfants au plus en ligne ; au-delà, contactez le service.</p>}
    </WizardFrame>
  );
}

export function ReviewStepPage(p: { ctx: PageContext; data: DraftData; errors: Record<string, string> }) {
  const d = p.data;
  const b = p.ctx.base;
  return (
    <WizardFrame
      ctx={p.ctx}
      step="recapitulatif"
      errors={p.errors}
      back="enfants"
      submitLabel="Envoyer ma demande"
    >
      <section class="card">
        <h3>Foyer</h3>
        <p
          safe
        >{`${d.household?.addressLine ?? ''}, ${d.household?.postalCode ?? ''} ${d.household?.city ?? ''}`}</p>
        <p safe>{`Téléphone : ${d.household?.phone ?? ''}`}</p>
        <p>
          <a href={`${b}/inscription/foyer`}>Modifier le foyer</a>
        </p>
      </section>
      <section class="card">
        <h3>Responsables légaux</h3>
        <ul>
          {(d.guardians ?? []).map((g) => (
            <li safe>{`${g.firstName} ${g.lastName} · ${g.email} · ${g.mobile}`}</li>
          ))}
        </ul>
        <p>
          <a href={`${b}/inscription/responsables`}>Modifier les responsables</a>
        </p>
      </section>
      <section class="card">
        <h3>Enfants</h3>
        <ul>
          {(d.children ?? []).map((c) => (
            <li
              safe
            >{`${c.firstName} ${c.lastName} · né(e) le ${c.birthDate.split('-').reverse().join('/')}${c.schoolClass ? ` · ${c.schoolClass}` : ''}${c.school ? ` · ${c.school}` : ''}`}</li>
          ))}
        </ul>
        <p>
          <a href={`${b}/inscription/enfants`}>Modifier les enfants</a>
        </p>
      </section>
      <p>
        Votre identifiant sera l'adresse <strong safe>{d.guardians?.[0]?.email ?? ''}</strong>. Choisissez
        votre mot de passe :
      </p>
      <Field
        name="password"
        label="Mot de passe"
        type="password"
        autocomplete="new-password"
        hint="8 caractères au moins (12 conseillés), 128 au plus."
        required
        maxlength={1000}
        error={p.errors.password}
      />
      <Field
        name="passwordConfirm"
        label="Confirmation du mot de passe"
        type="password"
        autocomplete="new-password"
        required
        maxlength={1000}
        error={p.errors.passwordConfirm}
      />
    </WizardFrame>
  );
}

export function MessagePage(p: {
  ctx: PageContext;
  title: string;
  lead: string;
  text?: string;
  link?: { href: string; label: string };
}) {
  return (
    <Layout ctx={p.ctx} title={p.title}>
      <h1 safe>{p.title}</h1>
      <p class="lead" safe>
        {p.lead}
      </p>
      {p.text ? <p safe>{p.text}</p> : ''}
      {p.link ? (
        <p class="actions">
          <a class="button" href={p.link.href} safe>
            {p.link.label}
          </a>
        </p>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function VerifyPage(p: { ctx: PageContext; action: string; email: string }) {
  return (
    <Layout ctx={p.ctx} title="Confirmer votre adresse e-mail">
      <h1>Confirmer votre adresse e-mail</h1>
      <p>
        Confirmez l'adresse <strong safe>{p.email}</strong> pour envoyer votre demande d'inscription au
        service.
      </p>
      <form method="post" action={p.action}>
        <Csrf token={p.ctx.csrfToken} />
        <p class="actions">
          <button type="submit" class="button">
            Confirmer mon adresse
          </button>
        </p>
      </form>
    </Layout>
  );
}

export function PendingQueuePage(p: {
  ctx: PageContext;
  items: PendingHousehold[];
  errors?: { householdId: string; comment: string; message: string };
}) {
  const b = p.ctx.base;
  return (
    <StaffLayout
      ctx={p.ctx}
      title="Comptes famille en attente"
      section="/gestion/comptes-en-attente"
      crumbs={[{ label: 'Accueil gestion', href: `${b}/gestion` }, { label: 'Comptes famille en attente' }]}
    >
      <h1>Comptes famille en attente de validation</h1>
      {p.items.length === 0 ? <p class="empty">Aucune inscription en attente.</p> : ''}
      {p.items.map((h) => {
        const err = p.errors?.householdId === h.id ? p.errors : undefined;
        return (
          <section class="card pending-household" aria-labelledby={`h-${h.id}`}>
            <h2 id={`h-${h.id}`} safe>{`Foyer ${h.name}`}</h2>
            <p safe>{`${h.address} · ${h.phone}`}</p>
            <h3>Responsables</h3>
            <ul>
              {h.guardians.map((g) => (
                <li safe>{`${g.firstName} ${g.lastName} · ${g.email} · ${g.mobilePhone}`}</li>
              ))}
            </ul>
            <h3>Enfants</h3>
            <ul>
              {h.children.map((c) => (
                <li
                  safe
                >{`${c.firstName} ${c.lastName} · ${c.birthDate.split('-').reverse().join('/')}${c.schoolClass ? ` · ${c.schoolClass}` : ''}${c.school ? ` · ${c.school}` : ''}`}</li>
              ))}
            </ul>
            <div class="decision-forms">
              <form method="post" action={`${b}/gestion/comptes-en-attente/${h.id}/accepter`}>
                <Csrf token={p.ctx.csrfToken} />
                <button type="submit" class="button">
                  Accepter<span class="visually-hidden" safe>{` le foyer ${h.name}`}</span>
                </button>
              </form>
              <form
                method="post"
                action={`${b}/gestion/comptes-en-attente/${h.id}/refuser`}
                class="form"
                novalidate
              >
                {err ? <ErrorSummary errors={{ [`comment-${h.id}`]: err.message }} /> : ''}
                <Csrf token={p.ctx.csrfToken} />
                <TextAreaField
                  name="comment"
                  idSuffix={`-${h.id}`}
                  label="Motif du refus (envoyé à la famille)"
                  maxlength={1000}
                  value={err?.comment}
                  error={err?.message}
                />
                <button type="submit" class="button button-danger">
                  Refuser<span class="visually-hidden" safe>{` le foyer ${h.name}`}</span>
                </button>
              </form>
            </div>
          </section>
        );
      })}
    </StaffLayout>
  );
}
