import { formatCents } from '../../../platform/money';
import type { PageContext } from '../../../platform/views/context';
import { FamilyLayout } from '../../../platform/views/nav';
import type { Payment } from '../payments.schema';
import { PaymentStatusBadge } from './history-badge';

const MESSAGES: Record<string, { title: string; text: string }> = {
  pending: {
    title: 'Paiement en cours de confirmation',
    text: 'Nous attendons la confirmation du service de paiement. Cette page se met à jour toute seule ; vous pouvez aussi la quitter : vous recevrez un reçu par e-mail dès la confirmation.',
  },
  paid: {
    title: 'Paiement confirmé',
    text: 'Merci : vos factures sont réglées. Un reçu vous est envoyé par e-mail.',
  },
  refused: {
    title: 'Paiement refusé',
    text: 'Le paiement a été refusé : rien n’a été débité, vos factures restent à payer.',
  },
  abandoned: {
    title: 'Paiement abandonné',
    text: 'Le paiement n’a pas été fait : vos factures restent à payer.',
  },
  expired: {
    title: 'Paiement expiré',
    text: 'Le paiement n’a pas abouti à temps : vos factures restent à payer.',
  },
  error: {
    title: 'Paiement impossible',
    text: 'Le service de paiement n’a pas répondu : rien n’a été débité, vos factures restent à payer.',
  },
  flagged: {
    title: 'Paiement à vérifier',
    text: 'Le service de paiement a signalé un paiement qui ne correspond pas à vos factures : le service vérifie et vous contactera. Vos factures restent à payer en attendant.',
  },
};

/** The true state of a payment, from the database (never from the provider's return parameters). */
export function ReturnPage(p: {
  ctx: PageContext;
  payment: Payment;
  allocations: { invoiceId: string; number: string; amountCents: number }[];
}) {
  const { ctx, payment } = p;
  const m = MESSAGES[payment.status] ?? { title: 'Paiement', text: '' };
  const pending = payment.status === 'pending';
  return (
    <FamilyLayout
      ctx={ctx}
      title={m.title}
      section="/paiements"
      crumbs={[
        { label: 'Tableau de bord', href: `${ctx.base}/espace` },
        { label: 'Paiements', href: `${ctx.base}/paiements` },
        { label: m.title },
      ]}
    >
      <h1 safe>{m.title}</h1>
      <div class="card pay-result" role="status">
        <p>
          <PaymentStatusBadge status={payment.status} />
        </p>
        <p safe>{m.text}</p>
        <p>
          <span>Montant : </span>
          <strong safe>{formatCents(payment.amountCents)}</strong>
        </p>
        <ul>
          {p.allocations.map((a) => (
            <li safe>{`Facture ${a.number} : ${formatCents(a.amountCents)}`}</li>
          ))}
        </ul>
        {payment.receiptNumber ? <p safe>{`Reçu n° ${payment.receiptNumber}`}</p> : ''}
      </div>
      <div class="actions">
        {pending ? (
          <a class="button" href={`${ctx.base}/paiements/${payment.id}/retour`}>
            Actualiser
          </a>
        ) : (
          ''
        )}
        {payment.status === 'paid' ? (
          <a class="button" href={`${ctx.base}/paiements/${payment.id}/recu`}>
            Télécharger le reçu (PDF)
          </a>
        ) : (
          ''
        )}
        {['refused', 'abandoned', 'expired', 'error'].includes(payment.status) ? (
          <a class="button" href={`${ctx.base}/paiements/nouveau`}>
            Payer à nouveau
          </a>
        ) : (
          ''
        )}
        <a class="button button-secondary" href={`${ctx.base}/paiements`}>
          Mes paiements
        </a>
      </div>
    </FamilyLayout>
  );
}
