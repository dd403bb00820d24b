import type { PageContext } from '../../../platform/views/context';
import type { A11yStatus } from '../settings.schema';

export const A11Y_STATUS_TEXT: Record<A11yStatus, string> = {
  total: 'totalement conforme',
  partiel: 'partiellement conforme',
  non: 'non conforme',
};

/** Plain text as paragraphs (blank lines separate them); every paragraph is escaped. */
export function Paragraphs({ text }: { text: string }): JSX.Element {
  const parts = text
    .split(/\r?\n\s*\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
  return (
    <>
      {parts.map((para) => (
        <p class="pre-line" safe>
          {para}
        </p>
      ))}
    </>
  );
}

/**
 * The accessibility statement (RGAA 4.1, the model of the DINUM): commitment, compliance status,
 * the tenant's own text (non-accessible content, derogations, audit), feedback contact, remedies.
 */
export function AccessibilityStatement(p: { ctx: PageContext; status: string; text: string }): JSX.Element {
  const t = p.ctx.tenant!;
  return (
    <div class="prose">
      <p>
        <span safe>{t.legalName}</span> s’engage à rendre son portail famille accessible conformément à
        l’article 47 de la loi n° 2005-102 du 11 février 2005.
      </p>
      <p>
        Cette déclaration d’accessibilité s’applique au portail famille <span safe>{t.name}</span>.
      </p>
      <h2>État de conformité</h2>
      <p>
        Le portail famille est{' '}
        <strong safe>{A11Y_STATUS_TEXT[p.status as A11yStatus] ?? A11Y_STATUS_TEXT.partiel}</strong> avec le
        référentiel général d’amélioration de l’accessibilité (RGAA), version 4.1. Les pages sont vérifiées
        automatiquement (axe-core, règles RGAA) et le parcours au clavier est testé.
      </p>
      {p.text.trim() ? (
        <>
          <h2>Contenus non accessibles et précisions</h2>
          <Paragraphs text={p.text} />
        </>
      ) : (
        ''
      )}
      <h2>Retour d’information et contact</h2>
      <p>
        Si vous n’arrivez pas à accéder à un contenu ou à un service, contactez-nous pour être orienté vers
        une alternative accessible ou obtenir le contenu sous une autre forme :{' '}
        <a href={`mailto:${t.contactEmail}`} safe>
          {t.contactEmail}
        </a>
        {t.contactPhone ? (
          <>
            {' ou '}
            <a href={`tel:${t.contactPhone.replace(/\s/g, '')}`} safe>
              {t.contactPhone}
            </a>
          </>
        ) : (
          ''
        )}
        .
      </p>
      <h2>Voies de recours</h2>
      <p>
        Si vous constatez un défaut d’accessibilité qui vous empêche d’accéder à un contenu ou à une
        fonctionnalité, que vous nous l’avez signalé et que vous n’avez pas obtenu de réponse satisfaisante,
        vous pouvez :
      </p>
      <ul>
        <li>écrire un message au Défenseur des droits (formulaire en ligne sur defenseurdesdroits.fr) ;</li>
        <li>contacter le délégué du Défenseur des droits dans votre région ;</li>
        <li>
          envoyer un courrier (gratuit, sans affranchissement) : Défenseur des droits, Libre réponse 71120,
          75342 Paris CEDEX 07.
        </li>
      </ul>
    </div>
  );
}
