import type { PageContext } from '../../../platform/views/context';

interface P {
  ctx: PageContext;
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
