import type { PageContext } from '../../../platform/views/context';

interface P {
  ctx: PageContext;
}

export function AccessibilityPage({ ctx }: P): JSX.Element {
  const t = ctx.tenant!;
  return (
    <div class="prose">
      <p>
        <span safe>{t.legalName}</span> s’engage à rendre son portail famille accessible conformément à
        l’article 47 de la loi n° 2005-102 du 11 février 2005.
      </p>
      <h2>État de conformité</h2>
      <p>
        Le portail famille est <strong>partiellement conforme</strong> avec le référentiel général
        d’amélioration de l’accessibilité (RGAA), version 4.1. Les pages sont vérifiées automatiquement
        (axe-core, règles RGAA) et le parcours au clavier est testé ; un audit complet reste à réaliser.
      </p>
      <h2>Retour d’information et contact</h2>
      <p>
        Si vous n’arrivez pas à accéder à un contenu ou à un service, contactez-nous pour être orienté vers
        une alternative accessible ou obtenir le contenu sous une autre forme :{' '}
        <a href={`mailto:${t.contactEmail}`} safe>
          {t.contactEmail}
        </a>
        .
      </p>
      <h2>Voies de recours</h2>
      <p>
        Si vous constatez un défaut d’accessibilité qui vous empêche d’accéder à un contenu ou à une
        fonctionnalité, que vous nous l’avez signalé et que vous n’avez pas obtenu de réponse satisfaisante,
        vous pouvez écrire au Défenseur des droits ou contacter son délégué dans votre région.
      </p>
    </div>
  );
}

export function LegalNoticePage({ ctx }: P): JSX.Element {
  const t = ctx.tenant!;
  return (
    <div class="prose">
      <h2>Éditeur</h2>
      <p safe>{t.legalName}</p>
      <p safe>{t.address}</p>
      <p>
        SIRET : <span safe>{t.siret}</span>
      </p>
      <h2>Logiciel</h2>
      <p>Ce portail utilise Maisonnée, logiciel libre pour les services publics de l’enfance.</p>
    </div>
  );
}

export function PrivacyPage({ ctx }: P): JSX.Element {
  const t = ctx.tenant!;
  return (
    <div class="prose">
      <p>
        Le responsable du traitement est <span safe>{t.legalName}</span>. Les données collectées servent à
        l’inscription des enfants, à la réservation, à l’accueil, à la facturation et au paiement des
        services.
      </p>
      <p>
        Les données de santé (allergies, PAI, régime, certificats médicaux) sont séparées et consultées
        uniquement par les personnes qui en ont besoin pour accueillir l’enfant ; chaque consultation par un
        agent est tracée.
      </p>
      <p>
        Vous pouvez télécharger toutes les données de votre foyer depuis votre espace, et exercer vos droits
        d’accès, de rectification et d’effacement en écrivant à{' '}
        <a href={`mailto:${t.contactEmail}`} safe>
          {t.contactEmail}
        </a>
        .
      </p>
    </div>
  );
}

export function ContactPage({ ctx }: P): JSX.Element {
  const t = ctx.tenant!;
  return (
    <div class="prose">
      <p safe>{t.name}</p>
      <p safe>{t.address}</p>
      <p>
        Courriel :{' '}
        <a href={`mailto:${t.contactEmail}`} safe>
          {t.contactEmail}
        </a>
      </p>
      {t.contactPhone ? (
        <p>
          Téléphone :{' '}
          <a href={`tel:${t.contactPhone.replace(/\s/g, '')}`} safe>
            {t.contactPhone}
          </a>
        </p>
      ) : (
        ''
      )}
    </div>
  );
}
