import type { PageContext } from '../../../platform/views/context';
import { Layout } from '../../../platform/views/layout';

/** The tenant's public home: what the portal offers and how to sign in. */
export function TenantHomePage({ ctx }: { ctx: PageContext }): JSX.Element {
  const t = ctx.tenant!;
  return (
    <Layout ctx={ctx} title="Accueil">
      <section class="hero">
        <h1>
          Portail famille · <span safe>{t.name}</span>
        </h1>
        <p class="lead">
          Inscrivez vos enfants, réservez l’accueil du matin et du soir, la cantine, les mercredis et les
          vacances, signalez une absence, déposez vos justificatifs et payez vos factures, depuis votre
          téléphone ou votre ordinateur, à toute heure.
        </p>
        {ctx.user ? (
          <p>
            Bonjour <strong safe>{ctx.user.displayName}</strong>.
          </p>
        ) : (
          <p class="actions">
            <a class="button" href={`${ctx.base}/connexion`}>
              Se connecter
            </a>
          </p>
        )}
      </section>
      <div class="grid">
        <section class="card">
          <h2>Réservations</h2>
          <p>Cantine, accueil périscolaire, mercredis et vacances : réservez ou annulez dans les délais.</p>
        </section>
        <section class="card">
          <h2>Factures et paiements</h2>
          <p>Consultez vos factures mensuelles et payez en ligne par carte ou par prélèvement.</p>
        </section>
        <section class="card">
          <h2>Vos démarches</h2>
          <p>Mettez à jour votre dossier, déposez vos justificatifs et échangez avec le service.</p>
        </section>
        <section class="card">
          <h2>Nous contacter</h2>
          <p>
            <a href={`mailto:${t.contactEmail}`} safe>
              {t.contactEmail}
            </a>
          </p>
          {t.contactPhone ? <p safe>{t.contactPhone}</p> : ''}
        </section>
      </div>
    </Layout>
  );
}
