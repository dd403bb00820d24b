import { formatDayShortFr } from '../../../platform/calendar/days';
import { formatCents } from '../../../platform/money';
import { Badge, Csrf, ErrorSummary } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { FamilyLayout } from '../../../platform/views/nav';
import { formatDateTime } from '../../news/domain/time';
import type { Invoice } from '../billing.schema';
import type { FamilyTab, PayAction } from '../family.service';
import { amountDue } from '../invoices.repository';
import { type InvoiceView, invoiceStatus, monthLabel, PAYMENT_METHOD_LABEL } from '../invoices.service';

const crumbs = (ctx: PageContext, last?: string) => [
  { label: 'Tableau de bord', href: `${ctx.base}/espace` },
  ...(last
    ? [{ label: 'Factures', href: `${ctx.base}/factures` }, { label: last }]
    : [{ label: 'Factures' }]),
];

export function StatusBadge({ invoice, today }: { invoice: Invoice; today: string }) {
  const s = invoiceStatus(invoice, today);
  return (
    <Badge tone={s.tone}>
      <span safe>{s.text}</span>
    </Badge>
  );
}

/** An invoice can be paid online when something is due and it is not already being collected by SEPA. */
export const isPayable = (i: Invoice) => amountDue(i) > 0 && i.status === 'unpaid';

export function FamilyInvoicesPage(p: {
  ctx: PageContext;
  tab: FamilyTab;
  rows: Invoice[];
  balance: number;
  today: string;
  detail: { childName: string; activity: string; quantity: number; amountCents: number }[];
  schoolYear: string;
  paperless: boolean;
  taxYears: { year: number; current: boolean }[];
  payAction: PayAction | null;
  errors?: Record<string, string>;
}) {
  const { ctx } = p;
  const tabs: { key: FamilyTab; label: string }[] = [
    { key: 'a-payer', label: 'À payer' },
    { key: 'payees', label: 'Payées' },
  ];
  const payable = p.tab === 'a-payer' && p.payAction ? p.rows.filter(isPayable) : [];
  const table = (
    <div class="table-wrap">
      <table class="table-reflow invoice-table">
        <caption>{p.tab === 'a-payer' ? 'Factures à payer' : 'Factures payées'}</caption>
        <thead>
          <tr>
            {payable.length > 0 ? (
              <th scope="col">
                <span class="visually-hidden">Sélection</span>
              </th>
            ) : (
              ''
            )}
            <th scope="col">Facture</th>
            <th scope="col">Mois</th>
            <th scope="col">Émise le</th>
            <th scope="col">À payer avant le</th>
            <th scope="col" class="num">
              Montant
            </th>
            <th scope="col" class="num">
              Reste à payer
            </th>
            <th scope="col">État</th>
          </tr>
        </thead>
        <tbody>
          {p.rows.map((i) => (
            <tr>
              {payable.length > 0 ? (
                <td data-label="Sélection">
                  {isPayable(i) ? (
                    <span class="checkbox">
                      <input
                        type="checkbox"
                        id={`pay-${i.id}`}
                        name="factures"
                        value={i.id}
                        class="pay-select"
                      />
                      <label for={`pay-${i.id}`} safe>
                        {`Sélectionner la facture ${i.number}`}
                      </label>
                    </span>
                  ) : (
                    ''
                  )}
                </td>
              ) : (
                ''
              )}
              <td data-label="Facture">
                <a class="cell-link" href={`${ctx.base}/factures/${i.id}`} safe>
                  {`N° ${i.number}`}
                </a>
              </td>
              <td data-label="Mois" safe>
                {monthLabel(i.periodStart)}
              </td>
              <td data-label="Émise le" safe>
                {formatDayShortFr(i.issuedOn)}
              </td>
              <td data-label="À payer avant le" safe>
                {formatDayShortFr(i.dueOn)}
              </td>
              <td data-label="Montant" class="num" safe>
                {formatCents(i.totalCents)}
              </td>
              <td data-label="Reste à payer" class="num" safe>
                {formatCents(amountDue(i))}
              </td>
              <td data-label="État">
                <StatusBadge invoice={i} today={p.today} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <FamilyLayout ctx={ctx} title="Factures" section="/factures" crumbs={crumbs(ctx)}>
      <h1>Factures</h1>
      <p class="balance-box" id="household-balance">
        <span>Solde de votre foyer : </span>
        <strong>{p.balance > 0 ? `${formatCents(p.balance)} à payer` : 'Rien à payer'}</strong>
      </p>
      <nav class="sub-nav" aria-label="Factures">
        <ul>
          {tabs.map((t) => (
            <li>
              <a
                href={`${ctx.base}/factures${t.key === 'a-payer' ? '' : '?onglet=payees'}`}
                aria-current={t.key === p.tab ? 'page' : undefined}
                safe
              >
                {t.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {p.rows.length === 0 ? (
        <p class="empty">{p.tab === 'a-payer' ? 'Aucune facture à payer.' : 'Aucune facture payée.'}</p>
      ) : payable.length > 0 && p.payAction ? (
        // Slot of the payments feature: this list posts the chosen invoices to its page (see
        // family.service.ts setFamilyPayAction).
        <form method="get" action={`${ctx.base}${p.payAction.path}`} class="pay-form" id="pay-form">
          {table}
          <p>
            <button type="submit" class="button" safe>
              {p.payAction.label}
            </button>
          </p>
        </form>
      ) : (
        table
      )}
      {p.taxYears.length > 0 ? (
        <section aria-labelledby="tax-title">
          <h2 id="tax-title">Attestations fiscales</h2>
          <ul>
            {p.taxYears.map((y) => (
              <li>
                <a class="cell-link" href={`${ctx.base}/factures/attestation-fiscale/${y.year}`} safe>
                  {`Attestation fiscale ${y.year}${y.current ? ' (année en cours : sommes payées à ce jour)' : ''} (PDF)`}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      <section aria-labelledby="detail-title">
        <h2 id="detail-title" safe>{`Détail par inscription, année scolaire ${p.schoolYear}`}</h2>
        {p.detail.length === 0 ? (
          <p class="empty">Rien n’a encore été facturé cette année scolaire.</p>
        ) : (
          <div class="table-wrap">
            <table class="table-reflow">
              <caption class="visually-hidden">Montants facturés par enfant et activité</caption>
              <thead>
                <tr>
                  <th scope="col">Enfant</th>
                  <th scope="col">Activité</th>
                  <th scope="col" class="num">
                    Quantité
                  </th>
                  <th scope="col" class="num">
                    Montant facturé
                  </th>
                </tr>
              </thead>
              <tbody>
                {p.detail.map((d) => (
                  <tr>
                    <td data-label="Enfant" safe>
                      {d.childName || '—'}
                    </td>
                    <td data-label="Activité" safe>
                      {d.activity}
                    </td>
                    <td data-label="Quantité" class="num" safe>
                      {String(d.quantity)}
                    </td>
                    <td data-label="Montant facturé" class="num" safe>
                      {formatCents(d.amountCents)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="paperless-title">
        <h2 id="paperless-title">Facture dématérialisée</h2>
        <ErrorSummary errors={p.errors ?? {}} />
        <form method="post" action={`${ctx.base}/factures/dematerialisation`} class="form" novalidate>
          <Csrf token={ctx.csrfToken} />
          <fieldset class="field" id="f-paperless">
            <legend>Comment recevoir vos prochaines factures ?</legend>
            <div class="checkbox">
              <input type="radio" id="f-paperless-oui" name="paperless" value="oui" checked={p.paperless} />
              <label for="f-paperless-oui">Par e-mail uniquement (sans papier)</label>
            </div>
            <div class="checkbox">
              <input type="radio" id="f-paperless-non" name="paperless" value="non" checked={!p.paperless} />
              <label for="f-paperless-non">Par courrier papier</label>
            </div>
          </fieldset>
          <button type="submit" class="button button-secondary">
            Enregistrer mon choix
          </button>
        </form>
      </section>
    </FamilyLayout>
  );
}

export function InvoiceLinesTable({ v }: { v: InvoiceView }) {
  return (
    <div class="table-wrap">
      <table class="table-reflow">
        <caption>Lignes de la facture</caption>
        <thead>
          <tr>
            <th scope="col">Enfant</th>
            <th scope="col">Prestation</th>
            <th scope="col">Jours</th>
            <th scope="col" class="num">
              Quantité
            </th>
            <th scope="col" class="num">
              Prix unitaire
            </th>
            <th scope="col" class="num">
              Montant
            </th>
          </tr>
        </thead>
        <tbody>
          {v.lines.map((l) => (
            <tr>
              <td data-label="Enfant" safe>
                {l.childName || '—'}
              </td>
              <td data-label="Prestation">
                <span safe>{l.label}</span>
                {l.pricingNote ? (
                  <span class="meta line-note" safe>
                    {l.pricingNote}
                  </span>
                ) : (
                  ''
                )}
              </td>
              <td data-label="Jours" safe>
                {l.days.length === 0
                  ? '—'
                  : l.days.map((d) => `${d.slice(8, 10)}/${d.slice(5, 7)}`).join(', ')}
              </td>
              <td data-label="Quantité" class="num" safe>
                {String(l.quantity)}
              </td>
              <td data-label="Prix unitaire" class="num" safe>
                {formatCents(l.unitPriceCents)}
              </td>
              <td data-label="Montant" class="num" safe>
                {formatCents(l.amountCents)}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colspan="5">
              Total
            </th>
            <td class="num" data-label="Total" safe>
              {formatCents(v.invoice.totalCents)}
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** Credit notes and payments so far, and what is left. */
export function SettlementSection({
  v,
  ctx,
  creditNoteHref,
}: {
  v: InvoiceView;
  ctx: PageContext;
  creditNoteHref: (id: string) => string;
}) {
  const tz = ctx.tenant!.timeZone;
  return (
    <section aria-labelledby="settlement-title">
      <h2 id="settlement-title">Avoirs et paiements</h2>
      {v.creditNotes.length === 0 && v.payments.length === 0 ? (
        <p class="empty">Aucun avoir ni paiement pour l’instant.</p>
      ) : (
        <ul class="item-list">
          {v.creditNotes.map((c) => (
            <li class="item">
              <div class="item-main">
                <span class="item-title" safe>
                  {`Avoir n° ${c.number} du ${formatDayShortFr(c.issuedOn)} : ${formatCents(c.amountCents)}`}
                </span>
              </div>
              <p class="meta" safe>{`Motif : ${c.reason}`}</p>
              <p>
                <a class="cell-link" href={creditNoteHref(c.id)} safe>
                  {`Télécharger l’avoir ${c.number} (PDF)`}
                </a>
              </p>
            </li>
          ))}
          {v.payments.map((pay) => (
            <li class="item">
              <span class="item-title" safe>
                {`Paiement de ${formatCents(pay.amountCents)} · ${PAYMENT_METHOD_LABEL[pay.method] ?? pay.method}${pay.paidAt ? ` · le ${formatDateTime(pay.paidAt, tz)}` : ''}`}
              </span>
              {pay.receiptNumber ? <p class="meta" safe>{`Reçu n° ${pay.receiptNumber}`}</p> : ''}
            </li>
          ))}
        </ul>
      )}
      <p class="balance-box">
        <span>Reste à payer sur cette facture : </span>
        <strong safe>{formatCents(v.dueCents)}</strong>
      </p>
    </section>
  );
}

export function InvoiceFacts({ v, today }: { v: InvoiceView; today: string }) {
  const i = v.invoice;
  return (
    <dl class="facts">
      <dt>Mois facturé</dt>
      <dd safe>{monthLabel(i.periodStart)}</dd>
      <dt>Émise le</dt>
      <dd safe>{formatDayShortFr(i.issuedOn)}</dd>
      <dt>À payer avant le</dt>
      <dd safe>{formatDayShortFr(i.dueOn)}</dd>
      <dt>Payeur</dt>
      <dd safe>{i.payerName}</dd>
      <dt>Montant</dt>
      <dd safe>{formatCents(i.totalCents)}</dd>
      <dt>État</dt>
      <dd>
        <StatusBadge invoice={i} today={today} />
      </dd>
    </dl>
  );
}

export function FamilyInvoicePage(p: {
  ctx: PageContext;
  v: InvoiceView;
  today: string;
  payAction: PayAction | null;
}) {
  const { ctx, v } = p;
  const i = v.invoice;
  const title = `Facture n° ${i.number}`;
  const base = `${ctx.base}/factures/${i.id}`;
  return (
    <FamilyLayout ctx={ctx} title={title} section="/factures" crumbs={crumbs(ctx, title)}>
      <h1 safe>{title}</h1>
      <InvoiceFacts v={v} today={p.today} />
      {v.directDebitNotice ? (
        <p class="notice" safe>
          {v.directDebitNotice}
        </p>
      ) : (
        ''
      )}
      <p class="actions-row">
        <a class="button button-secondary" href={`${base}/pdf`}>
          Télécharger la facture (PDF)
        </a>
      </p>
      {p.payAction && isPayable(i) ? (
        // Slot of the payments feature: pays this invoice alone.
        <form method="get" action={`${ctx.base}${p.payAction.path}`} class="pay-form">
          <input type="hidden" name="factures" value={i.id} />
          <button type="submit" class="button" safe>
            {`${p.payAction.label} (${formatCents(v.dueCents)})`}
          </button>
        </form>
      ) : (
        ''
      )}
      <InvoiceLinesTable v={v} />
      <SettlementSection v={v} ctx={ctx} creditNoteHref={(id) => `${base}/avoirs/${id}/pdf`} />
    </FamilyLayout>
  );
}
