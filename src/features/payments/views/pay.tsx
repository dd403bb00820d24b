import { formatDayLongFr, formatDayShortFr, monthNameFr } from '../../../platform/calendar/days';
import { formatCents } from '../../../platform/money';
import { Csrf, ErrorSummary } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { FamilyLayout } from '../../../platform/views/nav';
import type { PayableInvoice } from '../online.service';

const crumbs = (ctx: PageContext, last: string) => [
  { label: 'Tableau de bord', href: `${ctx.base}/espace` },
  { label: 'Paiements', href: `${ctx.base}/paiements` },
  { label: last },
];

const monthOf = (day: string) => `${monthNameFr(Number(day.slice(5, 7)))} ${day.slice(0, 4)}`;

/** Choose unpaid invoices and pay them online (each invoice's whole amount due). */
export function PayPage(p: {
  ctx: PageContext;
  /** False when the tenant has no usable payment provider yet. */
  available: boolean;
  invoices: PayableInvoice[];
  selected: Set<string>;
  formToken: string;
  errors: Record<string, string>;
}) {
  const { ctx } = p;
  const payable = p.invoices.filter((i) => !i.blocked);
  const total = payable.reduce((s, i) => s + i.dueCents, 0);
  const error = p.errors.factures;
  return (
    <FamilyLayout
      ctx={ctx}
      title="Payer en ligne"
      section="/paiements"
      crumbs={crumbs(ctx, 'Payer en ligne')}
    >
      <h1>Payer en ligne</h1>
      <p class="lead">
        Cochez les factures à régler : chacune est payée en entier, par carte bancaire, sur le site sécurisé
        du service de paiement.
      </p>
      <ErrorSummary errors={p.errors} />
      {!p.available ? (
        <p class="empty">
          Le paiement en ligne n’est pas encore ouvert : payez vos factures par les autres moyens indiqués sur
          la facture.
        </p>
      ) : p.invoices.length === 0 ? (
        <p class="empty">Aucune facture à payer en ligne.</p>
      ) : (
        <form method="post" action={`${ctx.base}/paiements/nouveau`} class="form pay-form">
          <Csrf token={ctx.csrfToken} />
          <input type="hidden" name="formToken" value={p.formToken} />
          <fieldset
            class={error ? 'field field-invalid' : 'field'}
            id="f-factures"
            tabindex="-1"
            aria-describedby={error ? 'f-factures-error' : undefined}
          >
            <legend>Factures à payer</legend>
            {error ? (
              <p class="field-error" id="f-factures-error">
                <span aria-hidden="true">⚠ </span>
                <span safe>{error}</span>
              </p>
            ) : (
              ''
            )}
            <ul class="item-list pay-invoices">
              {p.invoices.map((i) => (
                <li class="item">
                  <div class="checkbox">
                    <input
                      type="checkbox"
                      name="factures"
                      value={i.id}
                      id={`facture-${i.id}`}
                      checked={p.selected.has(i.id)}
                      disabled={i.blocked !== null}
                      aria-describedby={`facture-${i.id}-info`}
                    />
                    <label for={`facture-${i.id}`} safe>
                      {`Facture ${i.number} — ${formatCents(i.dueCents)}`}
                    </label>
                  </div>
                  <p class="meta" id={`facture-${i.id}-info`} safe>
                    {i.blocked ??
                      `${monthOf(i.periodStart)} · émise le ${formatDayShortFr(i.issuedOn)} · à payer avant le ${formatDayLongFr(i.dueOn)}`}
                  </p>
                </li>
              ))}
            </ul>
          </fieldset>
          <p class="pay-total">
            <span>Total de toutes les factures à payer : </span>
            <strong safe>{formatCents(total)}</strong>
          </p>
          <p class="meta">
            Le montant exact de votre sélection est affiché sur la page du service de paiement avant toute
            validation.
          </p>
          <div class="actions">
            <button type="submit" class="button">
              Payer
            </button>
            <a class="button button-secondary" href={`${ctx.base}/paiements`}>
              Annuler
            </a>
          </div>
        </form>
      )}
    </FamilyLayout>
  );
}

/**
 * Systempay: the payer's browser posts the signed form to the gateway. No script (CSP): one button.
 */
export function ProviderFormPage(p: { ctx: PageContext; action: string; fields: Record<string, string> }) {
  const { ctx } = p;
  return (
    <FamilyLayout
      ctx={ctx}
      title="Paiement sécurisé"
      section="/paiements"
      crumbs={crumbs(ctx, 'Paiement sécurisé')}
    >
      <h1>Paiement sécurisé</h1>
      <p class="lead">Vous allez être dirigé vers la page de paiement sécurisée de notre banque.</p>
      <form method="post" action={p.action}>
        {Object.entries(p.fields).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <button type="submit" class="button">
          Continuer vers le paiement sécurisé
        </button>
      </form>
    </FamilyLayout>
  );
}
