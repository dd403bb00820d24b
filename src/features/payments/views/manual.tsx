import { formatDayShortFr, todayIn } from '../../../platform/calendar/days';
import { formatCents } from '../../../platform/money';
import { Badge, Csrf, DataTable, ErrorSummary, Field, type Tone } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { StaffLayout } from '../../../platform/views/nav';
import type { Invoice } from '../../billing/billing.schema';
import { amountDue } from '../../billing/invoices.repository';
import { Select, TextArea } from '../../messaging/views/fields';
import { RETURN_REASONS } from '../domain/sepa';
import { METHOD_LABEL, STATUS_LABEL } from '../manual.service';
import {
  MANUAL_METHODS,
  PAYMENT_METHODS,
  PAYMENT_STATUSES,
  type Payment,
  type PaymentMethod,
} from '../payments.schema';

const TONE: Record<string, Tone> = {
  paid: 'success',
  pending: 'info',
  cancelled: 'neutral',
  returned: 'danger',
  flagged: 'warning',
  refused: 'danger',
  error: 'danger',
};

export function PaymentStatus({ status }: { status: string }) {
  return (
    <Badge tone={TONE[status] ?? 'neutral'}>
      <span safe>{STATUS_LABEL[status] ?? status}</span>
    </Badge>
  );
}

const crumbs = (ctx: PageContext, last?: string) => [
  { label: 'Accueil gestion', href: `${ctx.base}/gestion` },
  ...(last
    ? [{ label: 'Paiements', href: `${ctx.base}/gestion/paiements` }, { label: last }]
    : [{ label: 'Paiements' }]),
];

export interface PaymentRow {
  payment: Payment;
  householdName: string;
}

export function PaymentsListPage(p: {
  ctx: PageContext;
  rows: PaymentRow[];
  total: number;
  page: number;
  pageSize: number;
  filter: Record<string, string>;
  canWrite: boolean;
}) {
  const { ctx, filter } = p;
  const tz = ctx.tenant!.timeZone;
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  const qs = (page: number) =>
    `?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v)), page: String(page) }).toString()}`;
  return (
    <StaffLayout ctx={ctx} title="Paiements" section="/gestion/paiements" crumbs={crumbs(ctx)}>
      <h1>Paiements</h1>
      {p.canWrite ? (
        <p class="actions">
          <a class="button" href={`${ctx.base}/gestion/paiements/nouveau`}>
            Enregistrer un paiement
          </a>
          <a class="button button-secondary" href={`${ctx.base}/gestion/paiements/relances`}>
            Relances
          </a>
        </p>
      ) : (
        ''
      )}
      <form method="get" action={`${ctx.base}/gestion/paiements`} class="form filter-form">
        <fieldset>
          <legend>Filtrer</legend>
          <Field name="q" label="Foyer" value={filter.q} maxlength={100} />
          <Select
            name="moyen"
            label="Moyen"
            value={filter.moyen}
            placeholder="Tous"
            options={PAYMENT_METHODS.map((m) => ({ value: m, label: METHOD_LABEL[m] }))}
          />
          <Select
            name="etat"
            label="État"
            value={filter.etat}
            placeholder="Tous"
            options={PAYMENT_STATUSES.map((s) => ({ value: s, label: STATUS_LABEL[s] ?? s }))}
          />
          <Field name="du" label="Du" type="date" value={filter.du} />
          <Field name="au" label="Au" type="date" value={filter.au} />
          <button type="submit" class="button button-secondary">
            Filtrer
          </button>
        </fieldset>
      </form>
      <DataTable
        caption={`Paiements (${p.total})`}
        rows={p.rows}
        empty="Aucun paiement."
        columns={[
          {
            header: 'Date',
            cell: (r) => <span safe>{formatDayShortFr(todayIn(tz, r.payment.createdAt))}</span>,
          },
          {
            header: 'Foyer',
            cell: (r) => (
              <a href={`${ctx.base}/gestion/paiements/${r.payment.id}`} safe>
                {r.householdName}
              </a>
            ),
          },
          {
            header: 'Moyen',
            cell: (r) => (
              <span safe>{METHOD_LABEL[r.payment.method as PaymentMethod] ?? r.payment.method}</span>
            ),
          },
          {
            header: 'Montant',
            numeric: true,
            cell: (r) => <span safe>{formatCents(r.payment.amountCents)}</span>,
          },
          { header: 'Reçu', cell: (r) => <span safe>{r.payment.receiptNumber ?? '—'}</span> },
          { header: 'État', cell: (r) => <PaymentStatus status={r.payment.status} /> },
        ]}
      />
      {pages > 1 ? (
        <nav class="pager" aria-label="Pages">
          {p.page > 1 ? <a href={qs(p.page - 1)}>Page précédente</a> : ''}
          <span safe>{` Page ${p.page} / ${pages} `}</span>
          {p.page < pages ? <a href={qs(p.page + 1)}>Page suivante</a> : ''}
        </nav>
      ) : (
        ''
      )}
    </StaffLayout>
  );
}

/** Step 1: find the household (by name). */
export function FindHouseholdPage(p: {
  ctx: PageContext;
  q: string;
  results: { id: string; name: string; city: string }[] | null;
}) {
  const { ctx } = p;
  const title = 'Enregistrer un paiement';
  return (
    <StaffLayout ctx={ctx} title={title} section="/gestion/paiements" crumbs={crumbs(ctx, title)}>
      <h1>{title}</h1>
      <form method="get" action={`${ctx.base}/gestion/paiements/nouveau`} class="form">
        <Field
          name="q"
          label="Nom du foyer"
          value={p.q}
          required
          maxlength={100}
          hint="Au moins 2 lettres."
        />
        <button type="submit" class="button">
          Rechercher
        </button>
      </form>
      {p.results === null ? (
        ''
      ) : p.results.length === 0 ? (
        <p class="empty">Aucun foyer trouvé.</p>
      ) : (
        <section aria-labelledby="results-title">
          <h2 id="results-title">Foyers trouvés</h2>
          <ul class="item-list">
            {p.results.map((h) => (
              <li class="item">
                <a href={`${ctx.base}/gestion/paiements/nouveau?foyer=${h.id}`} safe>
                  {`${h.name}${h.city ? ` (${h.city})` : ''}`}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </StaffLayout>
  );
}

/** Step 2: the payment form for one household, with its open invoices to allocate. */
export function NewPaymentPage(p: {
  ctx: PageContext;
  household: { id: string; name: string };
  invoices: Invoice[];
  formToken: string;
  values: Record<string, string>;
  errors: Record<string, string>;
}) {
  const { ctx, values, errors } = p;
  const title = 'Enregistrer un paiement';
  const totalDue = p.invoices.reduce((s, i) => s + amountDue(i), 0);
  return (
    <StaffLayout ctx={ctx} title={title} section="/gestion/paiements" crumbs={crumbs(ctx, title)}>
      <h1>
        <span>{title} · foyer </span>
        <span safe>{p.household.name}</span>
      </h1>
      <ErrorSummary errors={errors} />
      {p.invoices.length === 0 ? (
        <p class="empty">
          Ce foyer n’a aucune facture à régler (les factures en cours de prélèvement n’apparaissent pas).
        </p>
      ) : (
        <form
          method="post"
          action={`${ctx.base}/gestion/paiements/nouveau?foyer=${p.household.id}`}
          class="form"
          novalidate
        >
          <Csrf token={ctx.csrfToken} />
          <input type="hidden" name="formToken" value={p.formToken} />
          <Select
            name="method"
            label="Moyen de paiement"
            required
            value={values.method}
            error={errors.method}
            placeholder="Choisissez"
            options={MANUAL_METHODS.map((m) => ({ value: m, label: METHOD_LABEL[m] }))}
          />
          <Field
            name="amount"
            label="Montant (€)"
            required
            inputmode="decimal"
            value={values.amount}
            error={errors.amount}
            maxlength={20}
            hint={`Total dû par le foyer : ${formatCents(totalDue)}.`}
          />
          <Field
            name="reference"
            label="Référence"
            value={values.reference}
            error={errors.reference}
            maxlength={100}
            hint="Numéro et banque du chèque, numéro CESU ou ANCV, libellé du virement."
          />
          {errors.formToken ? (
            <p class="field-error" id="f-formToken">
              <span safe>{errors.formToken}</span>
            </p>
          ) : (
            ''
          )}
          <fieldset>
            <legend>Répartition sur les factures</legend>
            <p class="hint">Laissez vide pour régler les plus anciennes d’abord.</p>
            {p.invoices.map((i) => (
              <Field
                name={`alloc_${i.id}`}
                label={`Facture ${i.number} (échéance ${formatDayShortFr(i.dueOn)}), reste dû ${formatCents(amountDue(i))}`}
                inputmode="decimal"
                value={values[`alloc_${i.id}`]}
                error={errors[`alloc_${i.id}`]}
                maxlength={20}
              />
            ))}
          </fieldset>
          <p class="actions">
            <button type="submit" class="button">
              Enregistrer le paiement
            </button>
            <a class="button button-secondary" href={`${ctx.base}/gestion/paiements`}>
              Annuler
            </a>
          </p>
        </form>
      )}
    </StaffLayout>
  );
}

export function PaymentDetailPage(p: {
  ctx: PageContext;
  row: PaymentRow;
  allocations: { invoiceId: string; number: string; amountCents: number }[];
  canWrite: boolean;
  errors: Record<string, string>;
  values: Record<string, string>;
}) {
  const { ctx, errors, values } = p;
  const pay = p.row.payment;
  const tz = ctx.tenant!.timeZone;
  const isManual = (MANUAL_METHODS as readonly string[]).includes(pay.method);
  const title = `Paiement ${pay.receiptNumber ?? ''}`.trim();
  return (
    <StaffLayout ctx={ctx} title={title} section="/gestion/paiements" crumbs={crumbs(ctx, title)}>
      <h1 safe>{title}</h1>
      <ErrorSummary errors={errors} />
      <dl class="summary-list">
        <dt>Foyer</dt>
        <dd safe>{p.row.householdName}</dd>
        <dt>Moyen</dt>
        <dd safe>{METHOD_LABEL[pay.method as PaymentMethod] ?? pay.method}</dd>
        <dt>Montant</dt>
        <dd safe>{formatCents(pay.amountCents)}</dd>
        <dt>Référence</dt>
        <dd safe>{pay.reference || '—'}</dd>
        <dt>Enregistré le</dt>
        <dd safe>{formatDayShortFr(todayIn(tz, pay.createdAt))}</dd>
        <dt>État</dt>
        <dd>
          <PaymentStatus status={pay.status} />
        </dd>
        {pay.statusReason ? (
          <>
            <dt>Motif</dt>
            <dd safe>{pay.statusReason}</dd>
          </>
        ) : (
          ''
        )}
      </dl>
      <h2>Factures réglées</h2>
      <ul>
        {p.allocations.map((a) => (
          <li safe>{`Facture ${a.number} : ${formatCents(a.amountCents)}`}</li>
        ))}
      </ul>
      {pay.receiptNumber && isManual ? (
        <p>
          <a href={`${ctx.base}/gestion/paiements/${pay.id}/recu`}>Télécharger le reçu (PDF)</a>
        </p>
      ) : (
        ''
      )}
      {p.canWrite && isManual && pay.status === 'paid' ? (
        <form
          method="post"
          action={`${ctx.base}/gestion/paiements/${pay.id}/annuler`}
          class="form"
          novalidate
        >
          <h2>Annuler ce paiement</h2>
          <Csrf token={ctx.csrfToken} />
          <TextArea
            name="reason"
            label="Motif de l’annulation"
            required
            hint="Obligatoire ; la famille le recevra par e-mail."
            value={values.reason}
            error={errors.reason}
            maxlength={500}
            rows={3}
          />
          <button type="submit" class="button button-danger">
            Annuler le paiement
          </button>
        </form>
      ) : (
        ''
      )}
      {p.canWrite && pay.method === 'direct_debit' && (pay.status === 'paid' || pay.status === 'pending') ? (
        <form method="post" action={`${ctx.base}/gestion/paiements/${pay.id}/rejet`} class="form" novalidate>
          <h2>Enregistrer un rejet de prélèvement</h2>
          <Csrf token={ctx.csrfToken} />
          <Select
            name="code"
            label="Motif donné par la banque"
            required
            value={values.code}
            error={errors.code}
            placeholder="Choisissez le motif"
            options={Object.entries(RETURN_REASONS).map(([c, l]) => ({ value: c, label: `${c} — ${l}` }))}
          />
          <button type="submit" class="button button-danger">
            Enregistrer le rejet
          </button>
        </form>
      ) : (
        ''
      )}
    </StaffLayout>
  );
}

export function DunningSettingsPage(p: {
  ctx: PageContext;
  current: number[];
  values: Record<string, string>;
  errors: Record<string, string>;
}) {
  const { ctx, errors } = p;
  const title = 'Relances des factures impayées';
  return (
    <StaffLayout ctx={ctx} title={title} section="/gestion/paiements" crumbs={crumbs(ctx, title)}>
      <h1>{title}</h1>
      <p>
        {p.current.length > 0
          ? `Actuellement : relance ${p.current.map((d) => `${d} jours`).join(', puis ')} après l’échéance.`
          : 'Aucune relance n’est envoyée actuellement.'}
      </p>
      <ErrorSummary errors={errors} />
      <form method="post" action={`${ctx.base}/gestion/paiements/relances`} class="form" novalidate>
        <Csrf token={ctx.csrfToken} />
        <Field
          name="delays"
          label="Délais de relance (jours après l’échéance)"
          value={p.values.delays ?? p.current.join(', ')}
          error={errors.delays}
          maxlength={40}
          hint="Jusqu’à 3 délais séparés par des virgules, par exemple « 7, 21 ». Laissez vide pour ne pas relancer."
        />
        <button type="submit" class="button">
          Enregistrer
        </button>
      </form>
    </StaffLayout>
  );
}
