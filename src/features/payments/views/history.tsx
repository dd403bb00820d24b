import { formatDayShortFr } from '../../../platform/calendar/days';
import { formatCents } from '../../../platform/money';
import type { PageContext } from '../../../platform/views/context';
import { FamilyLayout } from '../../../platform/views/nav';
import { formatDateTime } from '../../news/domain/time';
import type { HistoryPeriod } from '../domain/online';
import type { HistoryRow } from '../history.service';
import { PaymentStatusBadge } from './history-badge';
import { METHOD_LABEL } from './labels';

const PERIODS: { value: HistoryPeriod; label: string }[] = [
  { value: 'semaine', label: 'Cette semaine' },
  { value: 'mois', label: 'Ce mois-ci' },
  { value: 'annee', label: 'Cette année' },
  { value: 'tout', label: 'Tout' },
];

export function HistoryPage(p: {
  ctx: PageContext;
  rows: HistoryRow[];
  period: HistoryPeriod;
  range: { firstDay: string; lastDay: string } | null;
}) {
  const { ctx } = p;
  const tz = ctx.tenant!.timeZone;
  const caption = p.range
    ? `Paiements du ${formatDayShortFr(p.range.firstDay)} au ${formatDayShortFr(p.range.lastDay)}`
    : 'Tous les paiements';
  return (
    <FamilyLayout
      ctx={ctx}
      title="Paiements"
      section="/paiements"
      crumbs={[{ label: 'Tableau de bord', href: `${ctx.base}/espace` }, { label: 'Paiements' }]}
    >
      <h1>Paiements</h1>
      <p>
        <a class="button" href={`${ctx.base}/paiements/nouveau`}>
          Payer des factures en ligne
        </a>
      </p>
      <nav aria-label="Période" class="period-links">
        <ul>
          {PERIODS.map((x) => (
            <li>
              <a
                class="tap"
                href={`${ctx.base}/paiements?periode=${x.value}`}
                aria-current={x.value === p.period ? 'page' : undefined}
                safe
              >
                {x.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {p.rows.length === 0 ? (
        <p class="empty">Aucun paiement sur cette période.</p>
      ) : (
        <div class="table-wrap">
          <table class="table-reflow">
            <caption safe>{caption}</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col" class="num">
                  Montant
                </th>
                <th scope="col">Moyen</th>
                <th scope="col">État</th>
                <th scope="col">Factures</th>
                <th scope="col">Reçu</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map(({ payment, invoices }) => (
                <tr>
                  <td data-label="Date" safe>
                    {formatDateTime(payment.paidAt ?? payment.createdAt, tz)}
                  </td>
                  <td data-label="Montant" class="num" safe>
                    {formatCents(payment.amountCents)}
                  </td>
                  <td data-label="Moyen" safe>
                    {METHOD_LABEL[payment.method] ?? payment.method}
                  </td>
                  <td data-label="État">
                    <PaymentStatusBadge status={payment.status} />
                  </td>
                  <td data-label="Factures" safe>
                    {invoices.map((i) => i.number).join(', ') || '—'}
                  </td>
                  <td data-label="Reçu">
                    {payment.status === 'paid' && payment.receiptNumber ? (
                      <a href={`${ctx.base}/paiements/${payment.id}/recu`} class="tap" safe>
                        {`Reçu ${payment.receiptNumber} (PDF)`}
                      </a>
                    ) : payment.status === 'pending' ? (
                      <a href={`${ctx.base}/paiements/${payment.id}/retour`} class="tap">
                        Suivre
                      </a>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </FamilyLayout>
  );
}
