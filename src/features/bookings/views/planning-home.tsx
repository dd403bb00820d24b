import type { PageContext } from '../../../platform/views/context';
import { FamilyLayout } from '../../../platform/views/nav';
import type { PeriodPhase } from '../context';
import { formatDayFr } from '../domain/days';
import type { SummaryModel } from '../domain/summary';
import { SECTION } from './planning';
import { BasketCounter, PhaseBanner } from './planning-parts';

export interface HomeModel {
  children: {
    id: string;
    name: string;
    enrollments: {
      id: string;
      activity: string;
      period: string;
      firstDay: string;
      lastDay: string;
      phase: PeriodPhase;
    }[];
  }[];
  basketCount: number;
  requests: { requestNumber: string; day: string; result: SummaryModel | null }[];
}

function countsText(s: SummaryModel | null): string {
  if (!s) return '';
  const c = s.counts;
  const parts = [
    c.confirmed ? `${c.confirmed} confirmé${c.confirmed > 1 ? 's' : ''}` : '',
    c.cancelled ? `${c.cancelled} annulé${c.cancelled > 1 ? 's' : ''}` : '',
    c.withdrawn ? `${c.withdrawn} retiré${c.withdrawn > 1 ? 's' : ''}` : '',
    c.requested + c['cancel-requested']
      ? `${c.requested + c['cancel-requested']} en attente de validation`
      : '',
    c.waiting ? `${c.waiting} en liste d’attente` : '',
    c.refused ? `${c.refused} refusé${c.refused > 1 ? 's' : ''}` : '',
  ].filter(Boolean);
  return parts.join(', ') || 'Aucun changement';
}

export function ReservationsHomePage({ ctx, m }: { ctx: PageContext; m: HomeModel }) {
  const base = ctx.base;
  const any = m.children.some((c) => c.enrollments.length > 0);
  return (
    <FamilyLayout
      ctx={ctx}
      title="Réservations"
      section={SECTION}
      crumbs={[{ label: 'Espace famille', href: `${base}/espace` }, { label: 'Réservations' }]}
    >
      <h1>Réservations</h1>
      {m.basketCount > 0 ? (
        <div class="bk-banner bk-banner-basket" role="status">
          <strong>Panier non confirmé.</strong>{' '}
          <span
            safe
          >{`${m.basketCount} changement${m.basketCount > 1 ? 's' : ''} en attente de votre confirmation.`}</span>{' '}
          <a href={`${base}/reservations/panier`}>Vérifier et confirmer</a>
        </div>
      ) : (
        ''
      )}
      {!any ? (
        <div class="bk-empty">
          <p>Aucune inscription acceptée ne permet encore de réserver.</p>
          <p>
            Les réservations s’ouvrent une fois l’inscription de votre enfant acceptée par le service.{' '}
            <a href={`${base}/espace/inscriptions`}>Voir mes inscriptions</a>
          </p>
        </div>
      ) : (
        <>
          <div class="bk-toolbar">
            <BasketCounter base={base} count={m.basketCount} />
          </div>
          <ul class="bk-children">
            {m.children
              .filter((c) => c.enrollments.length > 0)
              .map((c) => (
                <li class="card bk-child">
                  <h2 safe>{c.name}</h2>
                  <ul class="bk-enrollments">
                    {c.enrollments.map((e) => (
                      <li>
                        <a class="bk-enrollment" href={`${base}/reservations/${e.id}`}>
                          <span class="bk-enrollment-name" safe>{`${e.activity} · ${e.period}`}</span>
                          <span class="bk-enrollment-dates" safe>
                            {`Du ${formatDayFr(e.firstDay)} au ${formatDayFr(e.lastDay)}`}
                          </span>
                          <span class="bk-enrollment-go">
                            Ouvrir le planning<span aria-hidden="true"> ›</span>
                          </span>
                        </a>
                        <PhaseBanner phase={e.phase} />
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
          </ul>
        </>
      )}
      <section aria-labelledby="bk-requests-h">
        <h2 id="bk-requests-h">Mes demandes récentes</h2>
        {m.requests.length === 0 ? (
          <p class="empty">Aucune demande confirmée pour le moment.</p>
        ) : (
          <ul class="bk-requests">
            {m.requests.map((r) => (
              <li>
                <a href={`${base}/reservations/demandes/${r.requestNumber}`}>
                  <strong safe>{`Demande ${r.requestNumber}`}</strong>
                  <span safe>{`du ${formatDayFr(r.day)}`}</span>
                  <span class="hint" safe>
                    {countsText(r.result)}
                  </span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
    </FamilyLayout>
  );
}
