import type { Children } from '@kitajs/html';
import { Csrf, DataTable, ErrorSummary, Field } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { FamilyLayout, StaffLayout } from '../../../platform/views/nav';

type Errors = Record<string, string>;

export interface SessionRow {
  id: string;
  device: string;
  ip: string;
  lastSeenAt: Date;
  current: boolean;
}

export interface HistoryRow {
  at: Date;
  kind: string;
  success: boolean;
  ip: string;
  userAgent: string;
}

const KIND_LABEL: Record<string, string> = {
  sign_in: 'Connexion',
  sign_in_failed: 'Échec de connexion',
  sign_out: 'Déconnexion',
  password_change: 'Changement de mot de passe',
  password_reset: 'Réinitialisation du mot de passe',
  activation: 'Activation du compte',
  email_change: 'Changement d’adresse',
  totp_enabled: 'Double authentification activée',
  totp_disabled: 'Double authentification désactivée',
  session_revoked: 'Session fermée',
};

export interface AccountView {
  email: string;
  displayName: string;
  isStaff: boolean;
  isFamily: boolean;
  totpEnabled: boolean;
  sessions: SessionRow[];
  history: HistoryRow[];
  period: 'semaine' | 'mois';
  timeZone: string;
}

export function AreaLayout(p: { ctx: PageContext; staff: boolean; title: string; children?: Children }) {
  const crumbs = [{ label: 'Accueil', href: `${p.ctx.base}/` }, { label: p.title }];
  return p.staff ? (
    <StaffLayout ctx={p.ctx} title={p.title} section="/mon-compte" crumbs={crumbs}>
      {p.children}
    </StaffLayout>
  ) : (
    <FamilyLayout ctx={p.ctx} title={p.title} section="/mon-compte" crumbs={crumbs}>
      {p.children}
    </FamilyLayout>
  );
}

export function formatDateTime(d: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone }).format(d);
}

export function AccountPage(p: {
  ctx: PageContext;
  view: AccountView;
  errors?: Errors;
  values?: Record<string, string>;
}) {
  const { ctx, view } = p;
  const errors = p.errors ?? {};
  const values = p.values ?? {};
  const b = ctx.base;
  return (
    <AreaLayout ctx={ctx} staff={view.isStaff} title="Mon compte">
      <h1>Mon compte</h1>
      <ErrorSummary errors={errors} />
      <p>
        Connecté(e) en tant que <strong safe>{view.displayName}</strong> (<span safe>{view.email}</span>).
      </p>

      <section class="card" aria-labelledby="h-password">
        <h2 id="h-password">Changer de mot de passe</h2>
        <p class="hint">Vos autres sessions seront fermées.</p>
        <form method="post" action={`${b}/mon-compte/mot-de-passe`} class="form" novalidate>
          <Csrf token={ctx.csrfToken} />
          <input type="hidden" name="username" value={view.email} autocomplete="username" />
          <Field
            name="current"
            label="Mot de passe actuel"
            type="password"
            autocomplete="current-password"
            required
            error={errors.current}
            maxlength={128}
          />
          <Field
            name="password"
            label="Nouveau mot de passe"
            type="password"
            autocomplete="new-password"
            hint="De 8 à 128 caractères ; 12 ou plus conseillés."
            required
            error={errors.password}
            maxlength={128}
          />
          <Field
            name="confirmation"
            label="Confirmez le nouveau mot de passe"
            type="password"
            autocomplete="new-password"
            required
            error={errors.confirmation}
            maxlength={128}
          />
          <p class="actions">
            <button type="submit" class="button">
              Changer le mot de passe
            </button>
          </p>
        </form>
      </section>

      <section class="card" aria-labelledby="h-email">
        <h2 id="h-email">Changer d’adresse de connexion</h2>
        <p class="hint">
          Un lien sera envoyé à la nouvelle adresse ; votre adresse actuelle reste valable tant qu’il n’a pas
          été ouvert.
        </p>
        <form method="post" action={`${b}/mon-compte/email`} class="form" novalidate>
          <Csrf token={ctx.csrfToken} />
          <Field
            name="newEmail"
            label="Nouvelle adresse e-mail"
            type="email"
            autocomplete="email"
            required
            value={values.newEmail}
            error={errors.newEmail}
            maxlength={254}
          />
          <Field
            name="emailPassword"
            label="Mot de passe actuel"
            type="password"
            autocomplete="current-password"
            required
            error={errors.emailPassword}
            maxlength={128}
          />
          <p class="actions">
            <button type="submit" class="button">
              Envoyer le lien de confirmation
            </button>
          </p>
        </form>
      </section>

      {view.isFamily ? (
        <section class="card" aria-labelledby="h-guardian">
          <h2 id="h-guardian">Inviter le second responsable</h2>
          <p class="hint">
            Il ou elle recevra un lien pour choisir son propre mot de passe et accéder au même foyer.
          </p>
          <form method="post" action={`${b}/mon-compte/second-responsable`} class="form" novalidate>
            <Csrf token={ctx.csrfToken} />
            <Field
              name="firstName"
              label="Prénom"
              autocomplete="off"
              required
              value={values.firstName}
              error={errors.firstName}
              maxlength={100}
            />
            <Field
              name="lastName"
              label="Nom"
              autocomplete="off"
              required
              value={values.lastName}
              error={errors.lastName}
              maxlength={100}
            />
            <Field
              name="guardianEmail"
              label="Adresse e-mail"
              type="email"
              autocomplete="off"
              required
              value={values.guardianEmail}
              error={errors.guardianEmail}
              maxlength={254}
            />
            <p class="actions">
              <button type="submit" class="button">
                Envoyer l’invitation
              </button>
            </p>
          </form>
        </section>
      ) : (
        ''
      )}

      {view.isStaff ? (
        <section class="card" aria-labelledby="h-totp">
          <h2 id="h-totp">Double authentification</h2>
          {view.totpEnabled ? (
            <>
              <p>La connexion demande un code à 6 chiffres de votre application d’authentification.</p>
              <form
                method="post"
                action={`${b}/mon-compte/double-authentification/desactiver`}
                class="form"
                novalidate
              >
                <Csrf token={ctx.csrfToken} />
                <Field
                  name="totpPassword"
                  label="Mot de passe actuel"
                  type="password"
                  autocomplete="current-password"
                  required
                  error={errors.totpPassword}
                  maxlength={128}
                />
                <p class="actions">
                  <button type="submit" class="button button-danger">
                    Désactiver la double authentification
                  </button>
                </p>
              </form>
            </>
          ) : (
            <>
              <p>Non activée. Protégez votre compte avec un code à usage unique (application TOTP).</p>
              <p>
                <a class="button" href={`${b}/mon-compte/double-authentification`}>
                  Activer la double authentification
                </a>
              </p>
            </>
          )}
        </section>
      ) : (
        ''
      )}

      <section class="card" aria-labelledby="h-sessions">
        <h2 id="h-sessions">Sessions actives</h2>
        <DataTable
          caption="Appareils connectés à votre compte"
          rows={view.sessions}
          empty="Aucune session active."
          columns={[
            {
              header: 'Appareil',
              cell: (s) => (
                <>
                  <span safe>{s.device}</span>
                  {s.current ? <strong> (cette session)</strong> : ''}
                </>
              ),
            },
            {
              header: 'Dernière activité',
              cell: (s) => <span safe>{formatDateTime(s.lastSeenAt, view.timeZone)}</span>,
            },
            { header: 'Adresse IP', cell: (s) => <span safe>{s.ip || '—'}</span> },
            {
              header: 'Action',
              cell: (s) =>
                s.current ? (
                  <span>—</span>
                ) : (
                  <form method="post" action={`${b}/mon-compte/sessions`} class="inline-form">
                    <Csrf token={ctx.csrfToken} />
                    <input type="hidden" name="session" value={s.id} />
                    <button type="submit" class="button button-small button-secondary">
                      Fermer<span class="visually-hidden" safe>{` la session ${s.device}`}</span>
                    </button>
                  </form>
                ),
            },
          ]}
        />
        {view.sessions.some((s) => !s.current) ? (
          <form method="post" action={`${b}/mon-compte/sessions`} class="form">
            <Csrf token={ctx.csrfToken} />
            <input type="hidden" name="session" value="autres" />
            <p class="actions">
              <button type="submit" class="button button-secondary">
                Fermer toutes les autres sessions
              </button>
            </p>
          </form>
        ) : (
          ''
        )}
      </section>

      <section class="card" aria-labelledby="h-history">
        <h2 id="h-history">Historique des connexions</h2>
        <form method="get" action={`${b}/mon-compte`} class="form inline-filter">
          <label for="f-periode">Période</label>
          <select id="f-periode" name="periode">
            <option value="semaine" selected={view.period === 'semaine'}>
              7 derniers jours
            </option>
            <option value="mois" selected={view.period === 'mois'}>
              30 derniers jours
            </option>
          </select>
          <button type="submit" class="button button-small">
            Afficher
          </button>
        </form>
        <DataTable
          caption={
            view.period === 'mois' ? 'Connexions des 30 derniers jours' : 'Connexions des 7 derniers jours'
          }
          rows={view.history}
          empty="Aucun événement sur cette période."
          columns={[
            { header: 'Date et heure', cell: (h) => <span safe>{formatDateTime(h.at, view.timeZone)}</span> },
            {
              header: 'Événement',
              cell: (h) => (
                <span safe>{`${KIND_LABEL[h.kind] ?? h.kind}${h.success ? '' : ' (échec)'}`}</span>
              ),
            },
            { header: 'Adresse IP', cell: (h) => <span safe>{h.ip || '—'}</span> },
            { header: 'Navigateur', cell: (h) => <span safe>{h.userAgent}</span> },
          ]}
        />
      </section>
    </AreaLayout>
  );
}

/** Groups a base32 secret by four for manual entry. */
export const groupSecret = (s: string) => s.match(/.{1,4}/g)?.join(' ') ?? s;

export function TotpSetupPage(p: {
  ctx: PageContext;
  staff: boolean;
  secret: string;
  uri: string;
  required: boolean;
  errors?: Errors;
}) {
  const { ctx } = p;
  const errors = p.errors ?? {};
  return (
    <AreaLayout ctx={ctx} staff={p.staff} title="Double authentification">
      <h1>Activer la double authentification</h1>
      {p.required ? (
        <div class="flash flash-info" role="status">
          <p>
            Votre structure exige la double authentification pour les administrateurs : activez-la pour
            continuer.
          </p>
        </div>
      ) : (
        ''
      )}
      <ErrorSummary errors={errors} />
      <ol class="steps">
        <li>Ouvrez votre application d’authentification (FreeOTP, Aegis, Google Authenticator…).</li>
        <li>
          Ajoutez un compte en saisissant cette clé :{' '}
          <code class="secret" safe>
            {groupSecret(p.secret)}
          </code>{' '}
          (type « basé sur le temps », 6 chiffres, 30 secondes).
        </li>
        <li>Saisissez ci-dessous le code affiché pour confirmer.</li>
      </ol>
      <details>
        <summary>Lien de configuration (otpauth)</summary>
        <p class="break" safe>
          {p.uri}
        </p>
      </details>
      <form method="post" action={`${ctx.base}/mon-compte/double-authentification`} class="form" novalidate>
        <Csrf token={ctx.csrfToken} />
        <Field
          name="code"
          label="Code à 6 chiffres"
          inputmode="numeric"
          autocomplete="one-time-code"
          required
          error={errors.code}
          maxlength={6}
        />
        <p class="actions">
          <button type="submit" class="button">
            Confirmer et activer
          </button>
        </p>
      </form>
    </AreaLayout>
  );
}
