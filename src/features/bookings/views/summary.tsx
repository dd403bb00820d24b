import type { PageContext } from '../../../platform/views/context';
import { FamilyLayout } from '../../../platform/views/nav';
import type { SummaryModel } from '../domain/summary';
import type { FinalStatus } from '../domain/types';
import { SECTION } from './planning';

const TONE: Record<FinalStatus, { tone: string; icon: string }> = {
  confirmed: { tone: 'success', icon: '✓' },
  cancelled: { tone: 'success', icon: '✓' },
  withdrawn: { tone: 'success', icon: '✓' },
  requested: { tone: 'info', icon: '?' },
  'cancel-requested': { tone: 'info', icon: '↺' },
  waiting: { tone: 'warning', icon: '⧗' },
  refused: { tone: 'danger', icon: '✕' },
};

const COUNT_LABELS: [FinalStatus, string, string][] = [
  ['confirmed', 'réservation confirmée', 'réservations confirmées'],
  ['cancelled', 'annulation confirmée', 'annulations confirmées'],
  ['withdrawn', 'demande retirée', 'demandes retirées'],
  ['requested', 'demande en attente de validation', 'demandes en attente de validation'],
  ['cancel-requested', 'annulation en attente de validation', 'annulations en attente de validation'],
  ['waiting', 'inscription en liste d’attente', 'inscriptions en liste d’attente'],
  ['refused', 'changement refusé', 'changements refusés'],
];

export function SummaryPage({ ctx, s, createdAt }: { ctx: PageContext; s: SummaryModel; createdAt: string }) {
  const base = ctx.base;
  return (
    <FamilyLayout
      ctx={ctx}
      title={`Demande ${s.requestNumber}`}
      section={SECTION}
      crumbs={[
        { label: 'Espace famille', href: `${base}/espace` },
        { label: 'Réservations', href: `${base}/reservations` },
        { label: `Demande ${s.requestNumber}` },
      ]}
    >
      <h1 safe>{`Demande ${s.requestNumber}`}</h1>
      <p class="hint" safe>{`Enregistrée le ${createdAt}. Un e-mail récapitulatif vous a été envoyé.`}</p>
      <ul class="bk-counts">
        {COUNT_LABELS.filter(([k]) => s.counts[k] > 0).map(([k, one, many]) => (
          <li class={`bk-count bk-count-${TONE[k].tone}`}>
            <span aria-hidden="true" safe>{`${TONE[k].icon} `}</span>
            <span safe>{`${s.counts[k]} ${s.counts[k] > 1 ? many : one}`}</span>
          </li>
        ))}
      </ul>
      {s.children.map((c) => (
        <section class="card" aria-labelledby={`sm-${c.childId}`}>
          <h2 id={`sm-${c.childId}`} safe>
            {c.name}
          </h2>
          <ul class="bk-lines">
            {c.lines.map((l) => (
              <li class={`bk-line bk-line-${TONE[l.status].tone}`}>
                <div class="bk-line-main">
                  <span class="bk-line-what">
                    <strong safe>{`${l.dayLabel} · ${l.unitName}`}</strong>
                    <span class={`bk-op bk-op-${l.op}`}>{l.op === 'add' ? 'Réserver' : 'Annuler'}</span>
                  </span>
                  <span class={`bk-outcome bk-flag-${TONE[l.status].tone}`}>
                    <span aria-hidden="true" safe>{`${TONE[l.status].icon} `}</span>
                    <span safe>{l.label}</span>
                  </span>
                </div>
              </li>
            ))}
          </ul>
        </section>
      ))}
      <div class="actions">
        <a class="button" href={`${base}/reservations`}>
          Revenir aux réservations
        </a>
      </div>
    </FamilyLayout>
  );
}
