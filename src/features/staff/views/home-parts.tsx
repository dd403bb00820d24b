import { formatCents } from '../../../platform/money';
import { DataTable } from '../../../platform/views/components';
import { occupancyRate } from '../../attendance/domain/occupancy';
import type { FacilityToday, HomeAlerts } from '../home.service';

/** Today's occupancy on the back-office home: one table per facility, links to the register and chart. */
export function TodayOccupancy(p: {
  base: string;
  facilities: FacilityToday[];
  showRegister: boolean;
}): JSX.Element {
  return (
    <section aria-labelledby="occupancy-title">
      <h2 id="occupancy-title">Occupation du jour</h2>
      {p.facilities.length === 0 ? (
        <p class="empty">Aucune structure à afficher.</p>
      ) : (
        p.facilities.map((f) => (
          <div class="card home-facility">
            <h3 safe>{f.name}</h3>
            <DataTable
              caption={`Unités ouvertes aujourd’hui — ${f.name}`}
              empty="Aucune unité ouverte aujourd’hui."
              rows={f.units}
              columns={[
                { header: 'Unité', cell: (r) => <span safe>{r.unitName}</span> },
                { header: 'Réservés', numeric: true, cell: (r) => <span safe>{String(r.booked)}</span> },
                { header: 'Présents', numeric: true, cell: (r) => <span safe>{String(r.present)}</span> },
                {
                  header: 'Capacité',
                  numeric: true,
                  cell: (r) => {
                    const rate = occupancyRate(r.booked, r.capacity);
                    return (
                      <span safe>
                        {r.capacity === null
                          ? 'illimitée'
                          : `${r.capacity}${rate === null ? '' : ` (${rate} %)`}`}
                      </span>
                    );
                  },
                },
              ]}
            />
            <ul class="home-links">
              {p.showRegister ? (
                <li>
                  <a href={`${p.base}/gestion/appel`} safe>{`Faire l’appel — ${f.name}`}</a>
                </li>
              ) : (
                ''
              )}
              <li>
                <a
                  href={`${p.base}/gestion/occupation?site=${f.id}`}
                  safe
                >{`Occupation détaillée — ${f.name}`}</a>
              </li>
            </ul>
          </div>
        ))
      )}
    </section>
  );
}

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/** Alerts of the home: overdue invoices, documents to renew. Nothing is shown for roles without them. */
export function HomeAlertsView(p: { base: string; alerts: HomeAlerts }): JSX.Element {
  const { overdue, expiringDocuments } = p.alerts;
  if (overdue === null && expiringDocuments === null) return '';
  return (
    <section aria-labelledby="alerts-title">
      <h2 id="alerts-title">Alertes</h2>
      <ul class="grid queue-list">
        {overdue !== null ? (
          <li class={`card queue-card${overdue.count > 0 ? ' home-alert' : ''}`}>
            <a href={`${p.base}/gestion/factures?retard=1`} class="queue-link">
              <span class="queue-count" safe>
                {String(overdue.count)}
              </span>
              <span class="queue-label" safe>
                {overdue.count === 0
                  ? 'Aucune facture en retard de paiement'
                  : `${plural(overdue.count, 'facture en retard', 'factures en retard')} de paiement : ${formatCents(overdue.dueCents)} restant dus sur ${formatCents(overdue.totalCents)} facturés`}
              </span>
            </a>
          </li>
        ) : (
          ''
        )}
        {expiringDocuments !== null ? (
          <li class={`card queue-card${expiringDocuments > 0 ? ' home-alert' : ''}`}>
            <a href={`${p.base}/gestion/documents`} class="queue-link">
              <span class="queue-count" safe>
                {String(expiringDocuments)}
              </span>
              <span class="queue-label" safe>
                {expiringDocuments === 0
                  ? 'Aucun justificatif expiré ou expirant dans les 30 jours'
                  : `${plural(expiringDocuments, 'justificatif expiré ou expirant', 'justificatifs expirés ou expirant')} dans les 30 jours`}
              </span>
            </a>
          </li>
        ) : (
          ''
        )}
      </ul>
    </section>
  );
}
