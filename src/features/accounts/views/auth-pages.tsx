import { Csrf, ErrorSummary, Field } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { Layout } from '../../../platform/views/layout';

type Errors = Record<string, string>;

const crumbs = (ctx: PageContext, label: string) => [{ label: 'Accueil', href: `${ctx.base}/` }, { label }];

export function SignInPage(p: { ctx: PageContext; email?: string; retour?: string | null; errors?: Errors }) {
  const { ctx } = p;
  const errors = p.errors ?? {};
  return (
    <Layout ctx={ctx} title="Connexion" crumbs={crumbs(ctx, 'Connexion')}>
      <div class="narrow">
        <h1>Connexion</h1>
        <ErrorSummary errors={errors} />
        <form method="post" action={`${ctx.base}/connexion`} class="form" novalidate>
          <Csrf token={ctx.csrfToken} />
          {p.retour ? <input type="hidden" name="retour" value={p.retour} /> : ''}
          <Field
            name="email"
            label="Adresse e-mail"
            type="email"
            autocomplete="username"
            required
            value={p.email}
            error={errors.email}
            maxlength={254}
          />
          <Field
            name="password"
            label="Mot de passe"
            type="password"
            autocomplete="current-password"
            required
            error={errors.password}
            maxlength={128}
          />
          <p class="actions">
            <button type="submit" class="button">
              Se connecter
            </button>
          </p>
        </form>
        <p>
          <a href={`${ctx.base}/mot-de-passe-oublie`}>Mot de passe oublié ?</a>
        </p>
        <p class="hint">
          Après plusieurs échecs, la connexion au compte est suspendue 15 minutes ; une réinitialisation du
          mot de passe la rétablit aussitôt.
        </p>
      </div>
    </Layout>
  );
}

export function TotpCodePage(p: { ctx: PageContext; errors?: Errors }) {
  const { ctx } = p;
  const errors = p.errors ?? {};
  return (
    <Layout ctx={ctx} title="Code de vérification" crumbs={crumbs(ctx, 'Code de vérification')}>
      <div class="narrow">
        <h1>Code de vérification</h1>
        <ErrorSummary errors={errors} />
        <p>Saisissez le code à 6 chiffres affiché par votre application d’authentification.</p>
        <form method="post" action={`${ctx.base}/connexion/code`} class="form" novalidate>
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
              Valider
            </button>
          </p>
        </form>
        <p>
          <a href={`${ctx.base}/connexion`}>Recommencer la connexion</a>
        </p>
      </div>
    </Layout>
  );
}

/** The "choose a password" form behind an activation or reset link. */
export function NewPasswordPage(p: {
  ctx: PageContext;
  title: string;
  action: string;
  email: string;
  intro: string;
  errors?: Errors;
}) {
  const { ctx } = p;
  const errors = p.errors ?? {};
  return (
    <Layout ctx={ctx} title={p.title} crumbs={crumbs(ctx, p.title)}>
      <div class="narrow">
        <h1 safe>{p.title}</h1>
        <ErrorSummary errors={errors} />
        <p safe>{p.intro}</p>
        <form method="post" action={p.action} class="form" novalidate>
          <Csrf token={ctx.csrfToken} />
          <input type="hidden" name="username" value={p.email} autocomplete="username" />
          <Field
            name="password"
            label="Nouveau mot de passe"
            type="password"
            autocomplete="new-password"
            hint="De 8 à 128 caractères ; 12 ou plus conseillés. Une phrase de quelques mots est facile à retenir."
            required
            error={errors.password}
            maxlength={128}
          />
          <Field
            name="confirmation"
            label="Confirmez le mot de passe"
            type="password"
            autocomplete="new-password"
            required
            error={errors.confirmation}
            maxlength={128}
          />
          <p class="actions">
            <button type="submit" class="button">
              Enregistrer le mot de passe
            </button>
          </p>
        </form>
      </div>
    </Layout>
  );
}

/** A link that can no longer be used: expired (with an optional form to get a new one) or already used. */
export function LinkStatePage(p: {
  ctx: PageContext;
  title: string;
  text: string;
  resendAction?: string;
  signInLink?: boolean;
  forgotLink?: boolean;
}) {
  const { ctx } = p;
  return (
    <Layout ctx={ctx} title={p.title} crumbs={crumbs(ctx, p.title)}>
      <div class="narrow">
        <h1 safe>{p.title}</h1>
        <p class="lead" safe>
          {p.text}
        </p>
        {p.resendAction ? (
          <form method="post" action={p.resendAction} class="form">
            <Csrf token={ctx.csrfToken} />
            <input type="hidden" name="intent" value="renvoyer" />
            <p class="actions">
              <button type="submit" class="button">
                Recevoir un nouveau lien
              </button>
            </p>
          </form>
        ) : (
          ''
        )}
        {p.signInLink ? (
          <p>
            <a class="button" href={`${ctx.base}/connexion`}>
              Se connecter
            </a>
          </p>
        ) : (
          ''
        )}
        {p.forgotLink ? (
          <p>
            <a href={`${ctx.base}/mot-de-passe-oublie`}>Demander un nouveau lien de réinitialisation</a>
          </p>
        ) : (
          ''
        )}
      </div>
    </Layout>
  );
}

export function ForgotPasswordPage(p: { ctx: PageContext; sent?: boolean; email?: string; errors?: Errors }) {
  const { ctx } = p;
  const errors = p.errors ?? {};
  return (
    <Layout ctx={ctx} title="Mot de passe oublié" crumbs={crumbs(ctx, 'Mot de passe oublié')}>
      <div class="narrow">
        <h1>Mot de passe oublié</h1>
        {p.sent ? (
          <div class="flash flash-info" role="status">
            <p>
              Si un compte existe pour cette adresse, un courriel vient de lui être envoyé avec un lien
              valable une heure. Pensez à regarder dans les courriers indésirables.
            </p>
          </div>
        ) : (
          ''
        )}
        <ErrorSummary errors={errors} />
        <p>
          Indiquez l’adresse e-mail de votre compte : nous vous enverrons un lien pour choisir un nouveau mot
          de passe.
        </p>
        <form method="post" action={`${ctx.base}/mot-de-passe-oublie`} class="form" novalidate>
          <Csrf token={ctx.csrfToken} />
          <Field
            name="email"
            label="Adresse e-mail"
            type="email"
            autocomplete="username"
            required
            value={p.email}
            error={errors.email}
            maxlength={254}
          />
          <p class="actions">
            <button type="submit" class="button">
              Envoyer le lien
            </button>
          </p>
        </form>
        <p>
          <a href={`${ctx.base}/connexion`}>Retour à la connexion</a>
        </p>
      </div>
    </Layout>
  );
}

export function EmailChangeConfirmPage(p: { ctx: PageContext; action: string; newEmail: string }) {
  const { ctx } = p;
  return (
    <Layout ctx={ctx} title="Nouvelle adresse de connexion" crumbs={crumbs(ctx, 'Nouvelle adresse')}>
      <div class="narrow">
        <h1>Nouvelle adresse de connexion</h1>
        <p>
          Confirmez pour vous connecter désormais avec l’adresse <strong safe>{p.newEmail}</strong>.
        </p>
        <form method="post" action={p.action} class="form">
          <Csrf token={ctx.csrfToken} />
          <p class="actions">
            <button type="submit" class="button">
              Confirmer la nouvelle adresse
            </button>
          </p>
        </form>
      </div>
    </Layout>
  );
}
