import { Csrf, ErrorSummary, Field } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { StaffLayout } from '../../../platform/views/nav';
import { SelectField, TextAreaField } from '../../catalogue/views/form-parts';
import type { settingsFormValues } from '../settings.service';

export type SettingsForm = ReturnType<typeof settingsFormValues>;

const fmtDate = (d: Date, timeZone: string) =>
  new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone }).format(d);

/** The tenant settings page (administrators): identity, colours and logo, calendar, billing, payments. */
export function SettingsPage(p: {
  ctx: PageContext;
  form: SettingsForm;
  errors: Record<string, string>;
  logoErrors: Record<string, string>;
  systempayKeySetAt: Date | null;
}): JSX.Element {
  const b = p.ctx.base;
  const t = p.ctx.tenant!;
  const f = p.form;
  const e = p.errors;
  return (
    <StaffLayout
      ctx={p.ctx}
      title="Paramètres de la structure"
      section="/gestion/parametres"
      crumbs={[{ label: 'Accueil gestion', href: `${b}/gestion` }, { label: 'Paramètres' }]}
    >
      <h1>Paramètres de la structure</h1>
      <p class="lead">
        Ces réglages s’appliquent à tout le portail. Chaque modification est inscrite au{' '}
        <a href={`${b}/gestion/journal`}>journal</a>.
      </p>

      <section class="card settings-logo" aria-labelledby="logo-title">
        <h2 id="logo-title">Logo</h2>
        {t.logoFile ? (
          <p>
            <img
              class="settings-logo-preview"
              src={`${b}/logo?v=${t.logoFile.slice(0, 12)}`}
              alt={`Logo actuel de ${t.name}`}
              width="96"
              height="96"
            />
          </p>
        ) : (
          <p>Aucun logo pour le moment.</p>
        )}
        <form
          method="post"
          action={`${b}/gestion/parametres/logo`}
          enctype="multipart/form-data"
          class="form"
          novalidate
        >
          <ErrorSummary errors={p.logoErrors} />
          <Csrf token={p.ctx.csrfToken} />
          <div class={p.logoErrors.file ? 'field field-invalid' : 'field'}>
            <label for="f-file">Nouveau logo</label>
            <p class="hint" id="f-file-hint">
              Image PNG ou JPEG, 1 Mo au plus, idéalement carrée.
            </p>
            {p.logoErrors.file ? (
              <p class="field-error" id="f-file-error">
                <span aria-hidden="true">⚠ </span>
                <span safe>{p.logoErrors.file}</span>
              </p>
            ) : (
              ''
            )}
            <input
              id="f-file"
              name="file"
              type="file"
              accept="image/png,image/jpeg"
              aria-invalid={p.logoErrors.file ? 'true' : undefined}
              aria-describedby={p.logoErrors.file ? 'f-file-hint f-file-error' : 'f-file-hint'}
            />
          </div>
          <p class="actions">
            <button type="submit" class="button">
              Envoyer le logo
            </button>
          </p>
        </form>
        {t.logoFile ? (
          <form method="post" action={`${b}/gestion/parametres/logo/supprimer`} class="inline-form">
            <Csrf token={p.ctx.csrfToken} />
            <button type="submit" class="button button-secondary">
              Retirer le logo
            </button>
          </form>
        ) : (
          ''
        )}
      </section>

      <form method="post" action={`${b}/gestion/parametres`} class="form settings-form" novalidate>
        <ErrorSummary errors={e} />
        <Csrf token={p.ctx.csrfToken} />
        <fieldset>
          <legend>Identité</legend>
          <Field name="name" label="Nom affiché" required maxlength={120} value={f.name} error={e.name} />
          <Field
            name="legalName"
            label="Raison sociale"
            required
            maxlength={200}
            value={f.legalName}
            error={e.legalName}
          />
          <Field
            name="siret"
            label="SIRET"
            hint="14 chiffres"
            inputmode="numeric"
            required
            maxlength={20}
            value={f.siret}
            error={e.siret}
          />
          <Field
            name="address"
            label="Adresse postale"
            maxlength={300}
            value={f.address}
            error={e.address}
            autocomplete="street-address"
          />
        </fieldset>
        <fieldset>
          <legend>Contact</legend>
          <Field
            name="contactEmail"
            label="Adresse e-mail de contact"
            type="email"
            required
            maxlength={254}
            value={f.contactEmail}
            error={e.contactEmail}
          />
          <Field
            name="contactPhone"
            label="Téléphone"
            type="tel"
            maxlength={30}
            value={f.contactPhone}
            error={e.contactPhone}
          />
        </fieldset>
        <fieldset>
          <legend>Apparence</legend>
          <div class="settings-colour">
            <Field
              name="primaryColor"
              label="Couleur principale"
              hint="Format #rrvvbb ; le texte blanc posé dessus et les liens sur le fond de page doivent atteindre un contraste de 4,5:1."
              required
              maxlength={7}
              value={f.primaryColor}
              error={e.primaryColor}
            />
          </div>
        </fieldset>
        <fieldset>
          <legend>Calendrier</legend>
          <Field
            name="timeZone"
            label="Fuseau horaire"
            hint="Nom IANA, par exemple Europe/Paris, America/Cayenne, Indian/Reunion."
            required
            maxlength={64}
            value={f.timeZone}
            error={e.timeZone}
          />
          <SelectField
            name="schoolZone"
            label="Zone de vacances scolaires"
            options={[
              { value: 'A', label: 'Zone A' },
              { value: 'B', label: 'Zone B' },
              { value: 'C', label: 'Zone C' },
            ]}
            value={f.schoolZone}
            error={e.schoolZone}
          />
          <SelectField
            name="holidayRegion"
            label="Jours fériés"
            options={[
              { value: 'metropole', label: 'Métropole' },
              { value: 'alsace-moselle', label: 'Alsace-Moselle' },
              { value: 'monaco', label: 'Monaco' },
            ]}
            value={f.holidayRegion}
            error={e.holidayRegion}
          />
        </fieldset>
        <fieldset>
          <legend>Règlement</legend>
          <TextAreaField
            name="rulesText"
            label="Règlement intérieur"
            hint="Texte simple, publié sur la page « Règlement » du portail."
            maxlength={20000}
            value={f.rulesText}
            error={e.rulesText}
          />
        </fieldset>
        <fieldset>
          <legend>Facturation</legend>
          <Field
            name="sepaCreditorId"
            label="Identifiant créancier SEPA (ICS)"
            hint="13 caractères, par exemple FR72ZZZ123456."
            maxlength={20}
            value={f.sepaCreditorId}
            error={e.sepaCreditorId}
          />
          <Field
            name="invoicePrefix"
            label="Préfixe des numéros de facture"
            hint="12 caractères au plus : majuscules, chiffres et tirets (exemple : ENF-)."
            maxlength={12}
            value={f.invoicePrefix}
            error={e.invoicePrefix}
          />
        </fieldset>
        <fieldset>
          <legend>Paiement en ligne</legend>
          <SelectField
            name="paymentProvider"
            label="Prestataire"
            options={[
              { value: 'simulator', label: 'Simulateur (essais)' },
              { value: 'payfip', label: 'PayFiP (DGFiP)' },
              { value: 'systempay', label: 'Systempay' },
            ]}
            value={f.paymentProvider}
            error={e.paymentProvider}
          />
          <Field
            name="payfipNumcli"
            label="PayFiP : numéro client (numcli)"
            hint="6 chiffres, fournis par la DGFiP. Obligatoire pour PayFiP."
            inputmode="numeric"
            maxlength={6}
            value={f.payfipNumcli}
            error={e.payfipNumcli}
          />
          <SelectField
            name="payfipMode"
            label="PayFiP : mode"
            hint="Test pour les essais avec la DGFiP, activation pour la recette, production une fois validé."
            options={[
              { value: 'T', label: 'Test (T)' },
              { value: 'X', label: 'Activation (X)' },
              { value: 'W', label: 'Production (W)' },
            ]}
            value={f.payfipMode}
            error={e.payfipMode}
          />
          <Field
            name="systempaySiteId"
            label="Systempay : identifiant de la boutique"
            hint="8 chiffres. Obligatoire pour Systempay."
            inputmode="numeric"
            maxlength={8}
            value={f.systempaySiteId}
            error={e.systempaySiteId}
          />
          <Field
            name="systempayKey"
            label="Systempay : clé de production"
            type="password"
            autocomplete="off"
            hint={
              p.systempayKeySetAt
                ? `Clé définie le ${fmtDate(p.systempayKeySetAt, t.timeZone)}. Laissez vide pour la garder.`
                : 'Aucune clé enregistrée. Elle est chiffrée et ne sera jamais réaffichée.'
            }
            maxlength={200}
            error={e.systempayKey}
          />
        </fieldset>
        <fieldset>
          <legend>Accessibilité</legend>
          <SelectField
            name="a11yStatus"
            label="État de conformité au RGAA 4.1"
            options={[
              { value: 'total', label: 'Totalement conforme' },
              { value: 'partiel', label: 'Partiellement conforme' },
              { value: 'non', label: 'Non conforme' },
            ]}
            value={f.a11yStatus}
            error={e.a11yStatus}
          />
          <TextAreaField
            name="a11yStatement"
            label="Contenus non accessibles, dérogations, date de l’audit"
            hint="Texte simple, publié dans la déclaration d’accessibilité."
            maxlength={20000}
            value={f.a11yStatement}
            error={e.a11yStatement}
          />
          <p>
            <a href={`${b}/accessibilite`}>Voir la déclaration d’accessibilité publiée</a>
          </p>
        </fieldset>
        <p class="actions">
          <button type="submit" class="button">
            Enregistrer les paramètres
          </button>
        </p>
      </form>
    </StaffLayout>
  );
}
