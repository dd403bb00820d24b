import { formatDayShortFr, todayIn } from '../../../platform/calendar/days';
import { Badge, Csrf, DataTable, ErrorSummary } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { StaffLayout } from '../../../platform/views/nav';
import type { FileKind } from '../../documents/documents.schema';
import { KIND_LABEL } from '../../documents/uploads';
import { formatSize } from '../../documents/views/family-documents';
import { TextArea } from '../../messaging/views/fields';
import type { SepaMandate, SepaMandateRequest } from '../sepa.schema';
import { RequestStatus } from './sepa-family';

export const sepaCrumbs = (ctx: PageContext, last?: string) => [
  { label: 'Accueil gestion', href: `${ctx.base}/gestion` },
  ...(last
    ? [{ label: 'Prélèvements', href: `${ctx.base}/gestion/prelevements` }, { label: last }]
    : [{ label: 'Prélèvements' }]),
];

export function SepaSubnav({ ctx }: { ctx: PageContext }) {
  return (
    <nav aria-label="Prélèvements" class="sepa-subnav">
      <ul class="inline-list">
        <li>
          <a href={`${ctx.base}/gestion/prelevements`}>Prélèvements</a>
        </li>
        <li>
          <a href={`${ctx.base}/gestion/prelevements/demandes`}>Demandes de prélèvement</a>
        </li>
        <li>
          <a href={`${ctx.base}/gestion/prelevements/mandats`}>Mandats</a>
        </li>
        <li>
          <a href={`${ctx.base}/gestion/prelevements/reglages`}>Réglages</a>
        </li>
      </ul>
    </nav>
  );
}

interface RequestRow {
  request: SepaMandateRequest;
  householdName: string;
}

export function RequestQueuePage(p: { ctx: PageContext; rows: RequestRow[] }) {
  const { ctx } = p;
  const tz = ctx.tenant!.timeZone;
  const title = 'Demandes de prélèvement';
  return (
    <StaffLayout ctx={ctx} title={title} section="/gestion/prelevements" crumbs={sepaCrumbs(ctx, title)}>
      <h1>{title}</h1>
      <SepaSubnav ctx={ctx} />
      <DataTable
        caption="Demandes à traiter"
        rows={p.rows}
        empty="Aucune demande à traiter."
        columns={[
          {
            header: 'Foyer',
            cell: (r) => (
              <a href={`${ctx.base}/gestion/prelevements/demandes/${r.request.id}`} safe>
                {r.householdName}
              </a>
            ),
          },
          {
            header: 'Nature',
            cell: (r) => (
              <span>{r.request.kind === 'amendment' ? 'Changement de compte' : 'Nouveau mandat'}</span>
            ),
          },
          { header: 'Compte', cell: (r) => <span safe>{r.request.ibanMasked}</span> },
          {
            header: 'Reçue le',
            cell: (r) => <span safe>{formatDayShortFr(todayIn(tz, r.request.submittedAt))}</span>,
          },
        ]}
      />
    </StaffLayout>
  );
}

export function RequestDetailPage(p: {
  ctx: PageContext;
  row: RequestRow;
  canWrite: boolean;
  errors: Record<string, string>;
  values: Record<string, string>;
}) {
  const { ctx, errors } = p;
  const r = p.row.request;
  const tz = ctx.tenant!.timeZone;
  const title = `Demande de prélèvement · ${p.row.householdName}`;
  return (
    <StaffLayout ctx={ctx} title={title} section="/gestion/prelevements" crumbs={sepaCrumbs(ctx, 'Demande')}>
      <h1 safe>{title}</h1>
      <ErrorSummary errors={errors} />
      <dl class="summary-list">
        <dt>État</dt>
        <dd>
          <RequestStatus status={r.status} />
        </dd>
        <dt>Nature</dt>
        <dd>
          {r.kind === 'amendment'
            ? 'Changement de coordonnées bancaires (le RUM est conservé)'
            : 'Nouveau mandat'}
        </dd>
        <dt>Titulaire</dt>
        <dd safe>{r.accountHolder}</dd>
        <dt>Banque</dt>
        <dd safe>{r.bankName}</dd>
        <dt>IBAN</dt>
        <dd safe>{r.ibanMasked}</dd>
        <dt>BIC</dt>
        <dd safe>{r.bic ?? '—'}</dd>
        <dt>Reçue le</dt>
        <dd safe>{formatDayShortFr(todayIn(tz, r.submittedAt))}</dd>
        <dt>RIB</dt>
        <dd>
          <a class="sepa-file-link" href={`${ctx.base}/gestion/prelevements/demandes/${r.id}/rib`}>
            <span
              safe
            >{`${r.documentName} (${KIND_LABEL[r.documentKind as FileKind] ?? ''}, ${formatSize(r.documentSize)})`}</span>
          </a>
        </dd>
      </dl>
      {r.status === 'refused' ? (
        <p class="refusal">
          <strong>Motif du refus : </strong>
          <span safe>{r.decisionComment ?? ''}</span>
        </p>
      ) : (
        ''
      )}
      {p.canWrite && r.status === 'pending' ? (
        <>
          <form
            method="post"
            action={`${ctx.base}/gestion/prelevements/demandes/${r.id}/accepter`}
            class="form"
          >
            <Csrf token={ctx.csrfToken} />
            <button type="submit" class="button">
              Accepter et créer le mandat
            </button>
          </form>
          <form
            method="post"
            action={`${ctx.base}/gestion/prelevements/demandes/${r.id}/refuser`}
            class="form"
            novalidate
          >
            <h2>Refuser la demande</h2>
            <Csrf token={ctx.csrfToken} />
            <TextArea
              name="comment"
              label="Motif du refus"
              required
              hint="La famille le verra."
              value={p.values.comment}
              error={errors.comment}
              maxlength={500}
              rows={3}
            />
            <button type="submit" class="button button-danger">
              Refuser
            </button>
          </form>
        </>
      ) : (
        ''
      )}
    </StaffLayout>
  );
}

export function MandatesPage(p: {
  ctx: PageContext;
  rows: { mandate: SepaMandate; householdName: string }[];
}) {
  const { ctx } = p;
  const title = 'Mandats de prélèvement';
  return (
    <StaffLayout ctx={ctx} title={title} section="/gestion/prelevements" crumbs={sepaCrumbs(ctx, title)}>
      <h1>{title}</h1>
      <SepaSubnav ctx={ctx} />
      <DataTable
        caption="Mandats"
        rows={p.rows}
        empty="Aucun mandat."
        columns={[
          { header: 'Foyer', cell: (r) => <span safe>{r.householdName}</span> },
          { header: 'RUM', cell: (r) => <span safe>{r.mandate.rum}</span> },
          { header: 'Compte', cell: (r) => <span safe>{r.mandate.ibanMasked}</span> },
          { header: 'Signé le', cell: (r) => <span safe>{formatDayShortFr(r.mandate.signedOn)}</span> },
          {
            header: 'Prochaine séquence',
            cell: (r) => (
              <span>{r.mandate.status === 'active' ? (r.mandate.needsFirst ? 'FRST' : 'RCUR') : '—'}</span>
            ),
          },
          {
            header: 'État',
            cell: (r) =>
              r.mandate.status === 'active' ? (
                <Badge tone="success">Actif</Badge>
              ) : (
                <Badge tone="neutral">Révoqué</Badge>
              ),
          },
        ]}
      />
    </StaffLayout>
  );
}
