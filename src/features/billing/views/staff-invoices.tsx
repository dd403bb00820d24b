import { formatDayShortFr } from '../../../platform/calendar/days';
import { formatCents } from '../../../platform/money';
import { Badge } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { StaffLayout } from '../../../platform/views/nav';
import type { Invoice } from '../billing.schema';
import { amountDue } from '../invoices.repository';
import { type InvoiceView, invoiceStatus, monthLabel } from '../invoices.service';
import { CreditNoteForm } from './credit-notes';
import { InvoiceFacts, InvoiceLinesTable, SettlementSection } from './family-invoices';

export const staffCrumbs = (ctx: PageContext, last?: string) => [
  { label: 'Accueil gestion', href: `${ctx.base}/gestion` },
  ...(last
    ? [{ label: 'Factures', href: `${ctx.base}/gestion/factures` }, { label: last }]
    : [{ label: 'Factures' }]),
];

export interface StaffFilters {
  statut: string;
  mois: string;
  q: string;
  retard: boolean;
}

function StaffInvoiceLinks({ ctx, canWrite }: { ctx: PageContext; canWrite: boolean }) {
  return canWrite ? (
    <p class="actions-row">
      <a class="cell-link" href={`${ctx.base}/gestion/factures/exports`}>
        Exports CSV (comptabilité, CAF)
      </a>
      <a class="cell-link" href={`${ctx.base}/gestion/attestations-fiscales`}>
        Attestations fiscales
      </a>
    </p>
  ) : (
    ''
  );
}

export function StaffInvoiceListPage(p: {
  ctx: PageContext;
  rows: { invoice: Invoice; householdName: string }[];
  filters: StaffFilters;
  page: number;
  hasNext: boolean;
  today: string;
  canWrite: boolean;
}) {
  const { ctx, filters: f } = p;
  const qs = (page: number) => {
    const u = new URLSearchParams();
    if (f.statut) u.set('statut', f.statut);
    if (f.mois) u.set('mois', f.mois);
    if (f.q) u.set('q', f.q);
    if (f.retard) u.set('retard', '1');
    if (page > 1) u.set('page', String(page));
    const s = u.toString();
    return `${ctx.base}/gestion/factures${s ? `?${s}` : ''}`;
  };
  return (
    <StaffLayout ctx={ctx} title="Factures" section="/gestion/factures" crumbs={staffCrumbs(ctx)}>
      <h1>Factures</h1>
      <StaffInvoiceLinks ctx={ctx} canWrite={p.canWrite} />
      <form method="get" action={`${ctx.base}/gestion/factures`} class="filters">
        <div class="field">
          <label for="f-q">Foyer ou numéro</label>
          <input id="f-q" name="q" type="search" value={f.q} maxlength={100} />
        </div>
        <div class="field">
          <label for="f-statut">État</label>
          <select id="f-statut" name="statut">
            <option value="">Tous</option>
            <option value="unpaid" selected={f.statut === 'unpaid'}>
              À payer
            </option>
            <option value="in_collection" selected={f.statut === 'in_collection'}>
              En cours de prélèvement
            </option>
            <option value="paid" selected={f.statut === 'paid'}>
              Payée
            </option>
          </select>
        </div>
        <div class="field">
          <label for="f-mois">Mois facturé</label>
          <input id="f-mois" name="mois" type="month" value={f.mois} placeholder="2026-10" />
        </div>
        <div class="checkbox">
          <input id="f-retard" name="retard" type="checkbox" value="1" checked={f.retard} />
          <label for="f-retard">En retard seulement</label>
        </div>
        <button type="submit" class="button button-secondary">
          Filtrer
        </button>
      </form>
      {p.rows.length === 0 ? (
        <p class="empty">Aucune facture ne correspond.</p>
      ) : (
        <div class="table-wrap">
          <table class="table-reflow">
            <caption safe>{`Factures, page ${p.page}`}</caption>
            <thead>
              <tr>
                <th scope="col">Numéro</th>
                <th scope="col">Foyer</th>
                <th scope="col">Mois</th>
                <th scope="col">Échéance</th>
                <th scope="col" class="num">
                  Montant
                </th>
                <th scope="col" class="num">
                  Reste dû
                </th>
                <th scope="col">État</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map(({ invoice: i, householdName }) => {
                const s = invoiceStatus(i, p.today);
                return (
                  <tr>
                    <td data-label="Numéro">
                      <a class="cell-link" href={`${ctx.base}/gestion/factures/${i.id}`} safe>
                        {i.number}
                      </a>
                    </td>
                    <td data-label="Foyer" safe>
                      {householdName}
                    </td>
                    <td data-label="Mois" safe>
                      {monthLabel(i.periodStart)}
                    </td>
                    <td data-label="Échéance" safe>
                      {formatDayShortFr(i.dueOn)}
                    </td>
                    <td data-label="Montant" class="num" safe>
                      {formatCents(i.totalCents)}
                    </td>
                    <td data-label="Reste dû" class="num" safe>
                      {formatCents(amountDue(i))}
                    </td>
                    <td data-label="État">
                      <Badge tone={s.tone}>
                        <span safe>{s.text}</span>
                      </Badge>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <nav class="pager" aria-label="Pages">
        {p.page > 1 ? <a href={qs(p.page - 1)}>Page précédente</a> : ''}
        <span safe>{`Page ${p.page}`}</span>
        {p.hasNext ? <a href={qs(p.page + 1)}>Page suivante</a> : ''}
      </nav>
    </StaffLayout>
  );
}

export function StaffInvoicePage(p: {
  ctx: PageContext;
  v: InvoiceView;
  householdName: string;
  balance: number;
  today: string;
  canWrite: boolean;
  formToken: string;
  values: Record<string, string>;
  errors: Record<string, string>;
}) {
  const { ctx, v } = p;
  const i = v.invoice;
  const title = `Facture n° ${i.number}`;
  const base = `${ctx.base}/gestion/factures/${i.id}`;
  return (
    <StaffLayout ctx={ctx} title={title} section="/gestion/factures" crumbs={staffCrumbs(ctx, title)}>
      <h1 safe>{title}</h1>
      <p>
        <span>Foyer : </span>
        <a href={`${ctx.base}/gestion/familles/${i.householdId}`} safe>
          {p.householdName}
        </a>
        <span safe>{` · solde du foyer : ${formatCents(p.balance)}`}</span>
      </p>
      <InvoiceFacts v={v} today={p.today} />
      <p class="actions-row">
        <a class="button button-secondary" href={`${base}/pdf`}>
          Télécharger la facture (PDF)
        </a>
      </p>
      <InvoiceLinesTable v={v} />
      <SettlementSection v={v} ctx={ctx} creditNoteHref={(id) => `${base}/avoirs/${id}/pdf`} />
      {p.canWrite && (v.dueCents > 0 || Object.keys(p.errors).length > 0) ? (
        <CreditNoteForm
          ctx={ctx}
          invoiceId={i.id}
          dueCents={v.dueCents}
          formToken={p.formToken}
          values={p.values}
          errors={p.errors}
        />
      ) : (
        ''
      )}
    </StaffLayout>
  );
}
