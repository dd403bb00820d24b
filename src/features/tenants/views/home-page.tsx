import type { PageContext } from '../../../platform/views/context';
import { Layout } from '../../../platform/views/layout';

/** Decorative pictograms (aria-hidden): the text beside each one carries the meaning. */
function Pictogram({ name }: { name: 'calendar' | 'invoice' | 'folder' | 'chat' }): JSX.Element {
  const paths = {
    calendar:
      '<rect x="4" y="6" width="24" height="22" rx="3"/><path d="M4 12h24M10 3v6M22 3v6"/><path d="M10 18l3 3 6-6"/>',
    invoice: '<path d="M8 3h12l6 6v20H8z"/><path d="M20 3v6h6M12 15h10M12 20h10M12 25h6"/>',
    folder:
      '<path d="M3 8a2 2 0 0 1 2-2h7l3 3h12a2 2 0 0 1 2 2v15a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z"/><path d="M11 18h10"/>',
    chat: '<path d="M4 6h24v15H13l-6 5v-5H4z"/><path d="M10 12h12M10 16h8"/>',
  } as const;
  return (
    <svg
      class="pictogram"
      viewBox="0 0 32 32"
      width="40"
      height="40"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
    >
      {paths[name]}
    </svg>
  );
}

/** A welcoming illustration: a house sheltering a family, drawn with the tenant's colour. */
function HeroIllustration(): JSX.Element {
  return (
    <svg class="hero-art" viewBox="0 0 240 200" width="240" height="200" aria-hidden="true" focusable="false">
      <circle cx="184" cy="44" r="22" class="art-sun" />
      <path d="M28 100 L120 28 L212 100" class="art-roof" />
      <rect x="48" y="96" width="144" height="92" rx="6" class="art-wall" />
      <rect x="104" y="132" width="32" height="56" rx="4" class="art-door" />
      <rect x="64" y="112" width="28" height="24" rx="3" class="art-window" />
      <rect x="148" y="112" width="28" height="24" rx="3" class="art-window" />
      <circle cx="72" cy="160" r="7" class="art-person" />
      <path d="M62 188 q10 -22 20 0" class="art-person" />
      <circle cx="88" cy="166" r="5" class="art-person" />
      <path d="M81 188 q7 -15 14 0" class="art-person" />
      <circle cx="166" cy="160" r="7" class="art-person" />
      <path d="M156 188 q10 -22 20 0" class="art-person" />
    </svg>
  );
}

/** The tenant's public home: what the portal offers and how to sign in. */
export function TenantHomePage({ ctx }: { ctx: PageContext }): JSX.Element {
  const t = ctx.tenant!;
  return (
    <Layout ctx={ctx} title="Accueil">
      <section class="hero" aria-labelledby="hero-title">
        <div class="hero-text">
          <p class="hero-kicker">Portail famille</p>
          <h1 id="hero-title" safe>
            {t.name}
          </h1>
          <p class="lead">
            Inscrivez vos enfants, réservez l’accueil du matin et du soir, la cantine, les mercredis et les
            vacances, signalez une absence, déposez vos justificatifs et payez vos factures, depuis votre
            téléphone ou votre ordinateur, à toute heure.
          </p>
          {ctx.user ? (
            <p class="hero-welcome">
              Bonjour <strong safe>{ctx.user.displayName}</strong>, vous êtes connecté.
            </p>
          ) : (
            <p class="actions">
              <a class="button button-large" href={`${ctx.base}/connexion`}>
                Se connecter
              </a>
              <a class="button button-large button-secondary" href={`${ctx.base}/contact`}>
                Contacter le service
              </a>
            </p>
          )}
        </div>
        <HeroIllustration />
      </section>

      <h2 class="section-title">Ce que vous pouvez faire en ligne</h2>
      <ul class="feature-grid">
        <li class="feature-card">
          <Pictogram name="calendar" />
          <h3>Réservations</h3>
          <p>Cantine, accueil périscolaire, mercredis et vacances : réservez ou annulez dans les délais.</p>
        </li>
        <li class="feature-card">
          <Pictogram name="invoice" />
          <h3>Factures et paiements</h3>
          <p>Consultez vos factures mensuelles et payez en ligne par carte ou par prélèvement.</p>
        </li>
        <li class="feature-card">
          <Pictogram name="folder" />
          <h3>Vos démarches</h3>
          <p>Mettez à jour votre dossier, déposez vos justificatifs et échangez avec le service.</p>
        </li>
        <li class="feature-card">
          <Pictogram name="chat" />
          <h3>Nous contacter</h3>
          <p>
            <a href={`mailto:${t.contactEmail}`} safe>
              {t.contactEmail}
            </a>
          </p>
          {t.contactPhone ? (
            <p>
              <a href={`tel:${t.contactPhone.replace(/\s/g, '')}`} safe>
                {t.contactPhone}
              </a>
            </p>
          ) : (
            ''
          )}
        </li>
      </ul>

      <section class="help-band" aria-labelledby="help-title">
        <h2 id="help-title">Première connexion ?</h2>
        <p>
          Vous n’avez pas encore de compte ou vous n’avez pas reçu vos identifiants ? Le service enfance vous
          aide : écrivez-nous à{' '}
          <a href={`mailto:${t.contactEmail}`} safe>
            {t.contactEmail}
          </a>
          .
        </p>
      </section>
    </Layout>
  );
}
