import { formatCents } from '../../../platform/money';
import type { PageContext } from '../../../platform/views/context';
import { StaffLayout } from '../../../platform/views/nav';
import { formatDateTime } from '../../news/domain/time';
import type { Payment } from '../payments.schema';
import { METHOD_LABEL, PROVIDER_LABEL } from './labels';

/** Payments the provider confirmed but that could not settle invoices (amount mismatch, paid meanwhile…). */
export function FlaggedPaymentsPage(p: {
  ctx: PageContext;
  rows: { payment: Payment; householdName: string }[];
  allocations: { paymentId: string; number: string; amountCents: number }[];
}) {
  const { ctx } = p;
  const tz = ctx.tenant!.timeZone;
  return (
    <StaffLayout
      ctx={ctx}
      title="Paiements à vérifier"
      section="/gestion"
      crumbs={[{ label: 'Accueil gestion', href: `${ctx.base}/gestion` }, { label: 'Paiements à vérifier' }]}
    >
      <h1>Paiements à vérifier</h1>
      <p class="lead">
        Le service de paiement a confirmé ces paiements, mais ils ne correspondent pas aux factures : les
        factures n’ont pas été soldées. Vérifiez auprès du prestataire, puis remboursez ou affectez le
        paiement.
      </p>
      {p.rows.length === 0 ? (
        <p class="empty">Aucun paiement à vérifier.</p>
      ) : (
        <div class="table-wrap">
          <table class="table-reflow">
            <caption>Paiements signalés</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Foyer</th>
                <th scope="col">Moyen</th>
                <th scope="col" class="num">
                  Montant
                </th>
                <th scope="col">Factures</th>
                <th scope="col">Motif</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map(({ payment, householdName }) => (
                <tr>
                  <td data-label="Date" safe>
                    {formatDateTime(payment.createdAt, tz)}
                  </td>
                  <td data-label="Foyer" safe>
                    {householdName}
                  </td>
                  <td data-label="Moyen" safe>
                    {`${METHOD_LABEL[payment.method] ?? payment.method}${payment.provider ? ` (${PROVIDER_LABEL[payment.provider] ?? payment.provider}, réf. ${payment.providerRef ?? '—'})` : ''}`}
                  </td>
                  <td data-label="Montant" class="num" safe>
                    {formatCents(payment.amountCents)}
                  </td>
                  <td data-label="Factures" safe>
                    {p.allocations
                      .filter((a) => a.paymentId === payment.id)
                      .map((a) => `${a.number} (${formatCents(a.amountCents)})`)
                      .join(', ')}
                  </td>
                  <td data-label="Motif" safe>
                    {payment.statusReason ?? ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </StaffLayout>
  );
}
