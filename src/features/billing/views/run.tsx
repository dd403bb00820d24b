import { formatDayShortFr } from '../../../platform/calendar/days';
import { formatCents } from '../../../platform/money';
import { Badge, Csrf, ErrorSummary, Field } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { StaffLayout } from '../../../platform/views/nav';
import { Select, TextArea } from '../../messaging/views/fields';
import type { Invoice } from '../billing.schema';
import type { BillingRun, BillingRunAdjustment, BillingRunLine } from '../run.schema';

const STATUS: Record<string, { text: string; tone: 'info' | 'warning' | 'success' }> = {
  draft: { text: 'Brouillon', tone: 'info' },
  issuing: { text: 'Émission en cours', tone: 'warning' },
  issued: { text: 'Émise', tone: 'success' },
};

export function RunStatus({ status }: { status: string }) {
  const s = STATUS[status] ?? STATUS.draft!;
  return (
    <Badge tone={s.tone}>
      <span safe>{s.text}</span>
    </Badge>
  );
}

const crumbs = (ctx: PageContext, last?: { label: string; href?: string }, more?: string) => [
  { label: 'Gestion', href: `${ctx.base}/gestion` },
  ...(last
    ? [{ label: 'Facturation', href: `${ctx.base}/gestion/facturation` }, last]
    : [{ label: 'Facturation' }]),
  ...(more ? [{ label: more }] : []),
];

export function RunIndexPage(p: {
  ctx: PageContext;
  runs: (BillingRun & { label: string })[];
  canWrite: boolean;
  defaultMonth: string;
  values: Record<string, string>;
  errors: Record<string, string>;
}) {
  const { ctx } = p;
  return (
    <StaffLayout ctx={ctx} title="Facturation" section="/gestion/facturation" crumbs={crumbs(ctx)}>
      <h1>Facturation mensuelle</h1>
      <p class="lead">
        À terme échu : choisissez un mois terminé pour préparer ses factures (aperçu, ajustements), puis
        émettez-les.
      </p>
      {p.canWrite ? (
        <section class="card" aria-labelledby="open-title">
          <h2 id="open-title">Préparer un mois</h2>
          <ErrorSummary errors={p.errors} />
          <form method="post" action={`${ctx.base}/gestion/facturation`} class="form" novalidate>
            <Csrf token={ctx.csrfToken} />
            <Field
              name="month"
              label="Mois (AAAA-MM)"
              required
              value={p.values.month ?? p.defaultMonth}
              error={p.errors.month}
              hint="Par exemple 2026-10."
              maxlength={7}
            />
            <p class="actions">
              <button type="submit" class="button">
                Ouvrir l’aperçu
              </button>
            </p>
          </form>
        </section>
      ) : (
        ''
      )}
      {p.runs.length === 0 ? (
        <p class="empty">Aucune facturation préparée.</p>
      ) : (
        <div class="table-wrap">
          <table class="table-reflow">
            <caption>Facturations</caption>
            <thead>
              <tr>
                <th scope="col">Mois</th>
                <th scope="col">État</th>
                <th scope="col" class="num">
                  Foyers facturés
                </th>
              </tr>
            </thead>
            <tbody>
              {p.runs.map((r) => (
                <tr>
                  <td data-label="Mois">
                    <a href={`${ctx.base}/gestion/facturation/${r.id}`} safe>
                      {r.label}
                    </a>
                  </td>
                  <td data-label="État">
                    <RunStatus status={r.status} />
                  </td>
                  <td data-label="Foyers facturés" class="num" safe>
                    {r.status === 'draft' ? '—' : `${r.householdsDone} / ${r.householdsTotal}`}
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

/** The progress of an issuing run; polls itself every 2 s with htmx while it runs. */
export function RunProgress(p: { ctx: PageContext; run: BillingRun }) {
  const { run, ctx } = p;
  const url = `${ctx.base}/gestion/facturation/${run.id}/progression`;
  const running = run.status === 'issuing';
  const total = Math.max(run.householdsTotal, 0);
  return (
    <div
      id="run-progress"
      class="run-progress"
      hx-get={running ? url : undefined}
      hx-trigger={running ? 'every 2s' : undefined}
      hx-swap={running ? 'outerHTML' : undefined}
    >
      <p id="progress-label" aria-live="polite" safe>
        {running
          ? `Émission en cours : ${run.householdsDone} facture(s) sur ${total}.`
          : `Émission terminée : ${run.householdsDone} facture(s) émise(s).`}
      </p>
      <progress
        max={String(Math.max(total, 1))}
        value={String(total === 0 ? 1 : run.householdsDone)}
        aria-labelledby="progress-label"
        safe
      >
        {`${run.householdsDone} / ${total}`}
      </progress>
      {running ? (
        <p>
          <a href={`${ctx.base}/gestion/facturation/${run.id}`}>Actualiser</a>
          {' (la page se met à jour toute seule toutes les 2 secondes)'}
        </p>
      ) : (
        <p>
          <a href={`${ctx.base}/gestion/facturation/${run.id}/impression`}>
            Factures à imprimer (familles sans e-mail)
          </a>
        </p>
      )}
    </div>
  );
}

export interface RunSummary {
  rows: {
    householdId: string;
    householdName: string;
    computedCents: number;
    totalCents: number;
    lineCount: number;
    invoiceId: string | null;
  }[];
  households: number;
  billable: number;
  computedCents: number;
  totalCents: number;
  lines: number;
}

export function RunPage(p: {
  ctx: PageContext;
  run: BillingRun;
  label: string;
  summary: RunSummary;
  page: number;
  pageSize: number;
  canWrite: boolean;
}) {
  const { ctx, run, summary: s } = p;
  const base = `${ctx.base}/gestion/facturation/${run.id}`;
  const pages = Math.max(1, Math.ceil(s.households / p.pageSize));
  const title = `Facturation de ${p.label}`;
  return (
    <StaffLayout
      ctx={ctx}
      title={title}
      section="/gestion/facturation"
      crumbs={crumbs(ctx, { label: p.label })}
    >
      <h1 safe>{title}</h1>
      <p>
        <RunStatus status={run.status} />
        {run.issuedOn ? (
          <span
            safe
          >{` · émise le ${formatDayShortFr(run.issuedOn)}, échéance le ${formatDayShortFr(run.dueOn!)}`}</span>
        ) : (
          ''
        )}
      </p>
      <dl class="run-totals">
        <dt>Foyers concernés</dt>
        <dd safe>{String(s.households)}</dd>
        <dt>Foyers à facturer (total non nul)</dt>
        <dd safe>{String(s.billable)}</dd>
        <dt>Lignes</dt>
        <dd safe>{String(s.lines)}</dd>
        <dt>Montant calculé</dt>
        <dd safe>{formatCents(s.computedCents)}</dd>
        <dt>Montant à facturer (après ajustements)</dt>
        <dd safe>{formatCents(s.totalCents)}</dd>
      </dl>
      {run.status !== 'draft' ? <RunProgress ctx={ctx} run={run} /> : ''}
      {run.status === 'draft' && p.canWrite ? (
        <div class="actions-row">
          <form method="post" action={`${base}/recalculer`} class="inline-form">
            <Csrf token={ctx.csrfToken} />
            <button type="submit" class="button button-secondary">
              Recalculer l’aperçu
            </button>
          </form>
          <form method="post" action={`${base}/emettre`} class="inline-form">
            <Csrf token={ctx.csrfToken} />
            <button type="submit" class="button" safe>
              {`Émettre les ${s.billable} factures`}
            </button>
          </form>
        </div>
      ) : (
        ''
      )}
      {s.rows.length === 0 ? (
        <p class="empty">Rien à facturer ce mois-ci (aucune présence ni réservation tarifée).</p>
      ) : (
        <div class="table-wrap">
          <table class="table-reflow">
            <caption safe>{`Foyers (page ${p.page} sur ${pages})`}</caption>
            <thead>
              <tr>
                <th scope="col">Foyer</th>
                <th scope="col" class="num">
                  Lignes
                </th>
                <th scope="col" class="num">
                  Calculé
                </th>
                <th scope="col" class="num">
                  À facturer
                </th>
              </tr>
            </thead>
            <tbody>
              {s.rows.map((r) => (
                <tr>
                  <td data-label="Foyer">
                    <a href={`${base}/foyers/${r.householdId}`} safe>
                      {`Foyer ${r.householdName}`}
                    </a>
                    {r.invoiceId ? ' (facturé)' : ''}
                  </td>
                  <td data-label="Lignes" class="num" safe>
                    {String(r.lineCount)}
                  </td>
                  <td data-label="Calculé" class="num" safe>
                    {formatCents(r.computedCents)}
                  </td>
                  <td data-label="À facturer" class="num" safe>
                    {formatCents(r.totalCents)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 ? (
        <nav class="pager" aria-label="Pages des foyers">
          {p.page > 1 ? <a href={`${base}?page=${p.page - 1}`}>Page précédente</a> : ''}
          {p.page < pages ? <a href={`${base}?page=${p.page + 1}`}>Page suivante</a> : ''}
        </nav>
      ) : (
        ''
      )}
    </StaffLayout>
  );
}

export function RunHouseholdPage(p: {
  ctx: PageContext;
  run: BillingRun;
  label: string;
  householdName: string;
  householdId: string;
  lines: BillingRunLine[];
  adjustments: BillingRunAdjustment[];
  totalCents: number;
  canWrite: boolean;
  errors: Record<string, string>;
  values: Record<string, string>;
}) {
  const { ctx, run } = p;
  const runBase = `${ctx.base}/gestion/facturation/${run.id}`;
  const title = `${p.householdName} — ${p.label}`;
  // One group per child × unit × kind (what an adjustment applies to).
  const groups = new Map<string, BillingRunLine[]>();
  for (const l of p.lines) {
    const k = `${l.childId}|${l.unitId}|${l.kind}`;
    groups.set(k, [...(groups.get(k) ?? []), l]);
  }
  let n = 0;
  return (
    <StaffLayout
      ctx={ctx}
      title={title}
      section="/gestion/facturation"
      crumbs={crumbs(ctx, { label: p.label, href: runBase }, p.householdName)}
    >
      <h1 safe>{title}</h1>
      <p>
        <strong safe>{`Total à facturer : ${formatCents(p.totalCents)}`}</strong>
      </p>
      <ErrorSummary errors={p.errors} />
      {[...groups].map(([key, lines]) => {
        n += 1;
        const first = lines[0]!;
        const adj = p.adjustments.find((a) => `${a.childId}|${a.unitId}|${a.kind}` === key);
        const computed = lines.reduce((s, l) => s + l.amountCents, 0);
        const id = `g${n}`;
        return (
          <section class="card" aria-labelledby={`${id}-title`}>
            <h2 id={`${id}-title`} safe>
              {`${first.childName} · ${first.kind === 'surcharge' ? 'Majorations' : 'Prestations'}`}
            </h2>
            <div class="table-wrap">
              <table class="table-reflow">
                <caption safe>{`Lignes de ${first.childName}`}</caption>
                <thead>
                  <tr>
                    <th scope="col">Prestation</th>
                    <th scope="col">Jours</th>
                    <th scope="col" class="num">
                      Qté
                    </th>
                    <th scope="col" class="num">
                      Prix unitaire
                    </th>
                    <th scope="col" class="num">
                      Montant
                    </th>
                    <th scope="col">Tarif appliqué</th>
                  </tr>
                </thead>
                <tbody>
                  {lines.map((l) => (
                    <tr>
                      <td data-label="Prestation" safe>
                        {l.label}
                      </td>
                      <td data-label="Jours" safe>
                        {l.days.map((d) => d.slice(8, 10)).join(', ')}
                      </td>
                      <td data-label="Qté" class="num" safe>
                        {String(l.quantity)}
                      </td>
                      <td data-label="Prix unitaire" class="num" safe>
                        {formatCents(l.unitPriceCents)}
                      </td>
                      <td data-label="Montant" class="num" safe>
                        {formatCents(l.amountCents)}
                      </td>
                      <td data-label="Tarif appliqué" safe>
                        {l.pricingNote}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {adj ? (
              <p class="flash flash-info" safe>
                {adj.action === 'exclude'
                  ? `Exclu de la facture (${adj.reason})`
                  : `Facturé ${formatCents(adj.amountCents ?? 0)} au lieu de ${formatCents(computed)} (${adj.reason})`}
              </p>
            ) : (
              ''
            )}
          </section>
        );
      })}
      {p.canWrite && run.status === 'draft' && groups.size > 0 ? (
        <section class="card" aria-labelledby="adjust-title">
          <h2 id="adjust-title">Ajuster une ligne</h2>
          <form method="post" action={`${runBase}/foyers/${p.householdId}/ajuster`} class="form" novalidate>
            <Csrf token={ctx.csrfToken} />
            <Select
              name="line"
              label="Ligne"
              required
              value={p.values.line}
              error={p.errors.line}
              options={[...groups].map(([key, lines]) => ({
                value: key,
                label: `${lines[0]!.childName} · ${lines[0]!.kind === 'surcharge' ? 'majorations' : 'prestations'} · ${lines.map((l) => l.label).join(', ')} (${formatCents(lines.reduce((s, l) => s + l.amountCents, 0))})`,
              }))}
            />
            <Select
              name="action"
              label="Décision"
              required
              value={p.values.action ?? 'amount'}
              error={p.errors.action}
              options={[
                { value: 'amount', label: 'Facturer un autre montant' },
                { value: 'exclude', label: 'Exclure de la facture' },
                { value: 'reset', label: 'Annuler l’ajustement de cette ligne' },
              ]}
            />
            <Field
              name="amount"
              label="Montant retenu (euros)"
              inputmode="decimal"
              value={p.values.amount ?? ''}
              error={p.errors.amount}
              hint="Pour « Facturer un autre montant » : le total de la ligne, par exemple 12,50."
              maxlength={12}
            />
            <TextArea
              name="reason"
              label="Motif (obligatoire)"
              required
              rows={2}
              maxlength={500}
              value={p.values.reason ?? ''}
              error={p.errors.reason}
            />
            <p class="actions">
              <button type="submit" class="button">
                Enregistrer l’ajustement
              </button>
            </p>
          </form>
        </section>
      ) : (
        ''
      )}
      <p>
        <a href={runBase}>Retour à la facturation du mois</a>
      </p>
    </StaffLayout>
  );
}

export function PrintPage(p: { ctx: PageContext; run: BillingRun; label: string; invoices: Invoice[] }) {
  const { ctx, run } = p;
  const runBase = `${ctx.base}/gestion/facturation/${run.id}`;
  const title = `Factures à imprimer — ${p.label}`;
  return (
    <StaffLayout
      ctx={ctx}
      title={title}
      section="/gestion/facturation"
      crumbs={crumbs(ctx, { label: p.label, href: runBase }, 'Impression')}
    >
      <h1 safe>{title}</h1>
      <p>Foyers sans facture dématérialisée : imprimez et envoyez leurs factures par courrier.</p>
      {p.invoices.length > 0 ? (
        <p>
          <a class="button" href={`${runBase}/impression.pdf`} safe>
            {`Télécharger les ${p.invoices.length} factures (un seul PDF)`}
          </a>
        </p>
      ) : (
        ''
      )}
      {p.invoices.length === 0 ? (
        <p class="empty">Aucune facture à imprimer : tous les foyers reçoivent leur facture par e-mail.</p>
      ) : (
        <div class="table-wrap">
          <table class="table-reflow">
            <caption>Factures à imprimer</caption>
            <thead>
              <tr>
                <th scope="col">Numéro</th>
                <th scope="col">Payeur</th>
                <th scope="col" class="num">
                  Montant
                </th>
              </tr>
            </thead>
            <tbody>
              {p.invoices.map((i) => (
                <tr>
                  <td data-label="Numéro" safe>
                    {i.number}
                  </td>
                  <td data-label="Payeur" safe>
                    {i.payerName}
                  </td>
                  <td data-label="Montant" class="num" safe>
                    {formatCents(i.totalCents)}
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
