import { formatDayLongFr, formatDayShortFr } from '../../../platform/calendar/days';
import { formatCents } from '../../../platform/money';
import { Badge, Csrf, DataTable, ErrorSummary, Field } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { StaffLayout } from '../../../platform/views/nav';
import { Select } from '../../messaging/views/fields';
import { PRENOTIFICATION_DAYS, RETURN_REASONS, SEPA_FORMATS } from '../domain/sepa';
import type { Payment } from '../payments.schema';
import type { SepaCollection } from '../sepa.schema';
import type { CollectionPreviewRow } from '../sepa.service';
import { SepaSubnav, sepaCrumbs } from './mandate-staff';
import { PaymentStatus } from './manual';

export function CollectionsPage(p: {
  ctx: PageContext;
  ready: boolean;
  canWrite: boolean;
  collections: SepaCollection[];
  date: string;
  earliest: string;
  preview: CollectionPreviewRow[] | null;
  formToken: string;
  errors: Record<string, string>;
}) {
  const { ctx, errors } = p;
  const title = 'Prélèvements';
  const total = (p.preview ?? []).reduce((s, r) => s + r.amountCents, 0);
  const short = (p.preview ?? []).filter((r) => r.shortNotice).length;
  return (
    <StaffLayout ctx={ctx} title={title} section="/gestion/prelevements" crumbs={sepaCrumbs(ctx)}>
      <h1>{title}</h1>
      <SepaSubnav ctx={ctx} />
      {!p.ready ? (
        <p class="notice">
          Renseignez le compte créancier (Réglages) et l’identifiant créancier SEPA (réglages du service) pour
          prélever.
        </p>
      ) : p.canWrite ? (
        <section aria-labelledby="new-title">
          <h2 id="new-title">Nouveau prélèvement</h2>
          <ErrorSummary errors={errors} />
          <form method="get" action={`${ctx.base}/gestion/prelevements`} class="form" novalidate>
            <Field
              name="date"
              label="Date de prélèvement"
              type="date"
              required
              value={p.date || p.earliest}
              error={errors.date}
              hint={`Un jour ouvré à partir du ${formatDayLongFr(p.earliest)}. Elle est imprimée sur les factures (pré-notification).`}
            />
            <button type="submit" class="button button-secondary">
              Voir les factures à prélever
            </button>
          </form>
          {p.preview === null ? (
            ''
          ) : (
            <>
              {short > 0 ? (
                <p class="notice" role="status" safe>
                  {`Attention : ${short} facture(s) émise(s) moins de ${PRENOTIFICATION_DAYS} jours avant cette date ; la famille doit être prévenue au moins ${PRENOTIFICATION_DAYS} jours avant, sauf accord contraire.`}
                </p>
              ) : (
                ''
              )}
              <DataTable
                caption={`Factures à prélever le ${formatDayShortFr(p.date)} : ${p.preview.length}, ${formatCents(total)}`}
                rows={p.preview}
                empty="Aucune facture à prélever (foyers avec un mandat actif, factures non réglées)."
                columns={[
                  { header: 'Facture', cell: (r) => <span safe>{r.number}</span> },
                  { header: 'Foyer', cell: (r) => <span safe>{r.householdName}</span> },
                  { header: 'RUM', cell: (r) => <span safe>{r.rum}</span> },
                  { header: 'Séquence', cell: (r) => <span>{r.sequenceType}</span> },
                  {
                    header: 'Émise le',
                    cell: (r) => (
                      <span
                        safe
                      >{`${formatDayShortFr(r.issuedOn)}${r.shortNotice ? ' (moins de 14 jours)' : ''}`}</span>
                    ),
                  },
                  {
                    header: 'Montant',
                    numeric: true,
                    cell: (r) => <span safe>{formatCents(r.amountCents)}</span>,
                  },
                ]}
              />
              {p.preview.length > 0 ? (
                <form method="post" action={`${ctx.base}/gestion/prelevements`} class="form">
                  <Csrf token={ctx.csrfToken} />
                  <input type="hidden" name="formToken" value={p.formToken} />
                  <input type="hidden" name="date" value={p.date} />
                  <button type="submit" class="button">
                    Créer le prélèvement
                  </button>
                </form>
              ) : (
                ''
              )}
            </>
          )}
        </section>
      ) : (
        ''
      )}
      <h2>Prélèvements créés</h2>
      <DataTable
        caption="Prélèvements"
        rows={p.collections}
        empty="Aucun prélèvement."
        columns={[
          {
            header: 'Date',
            cell: (c) => (
              <a href={`${ctx.base}/gestion/prelevements/${c.id}`} safe>
                {formatDayShortFr(c.collectionDate)}
              </a>
            ),
          },
          { header: 'Référence', cell: (c) => <span safe>{c.messageId}</span> },
          { header: 'Factures', numeric: true, cell: (c) => <span safe>{String(c.count)}</span> },
          { header: 'Montant', numeric: true, cell: (c) => <span safe>{formatCents(c.totalCents)}</span> },
          {
            header: 'État',
            cell: (c) =>
              c.status === 'settled' ? (
                <Badge tone="success">Réglé</Badge>
              ) : (
                <Badge tone="info">Envoyé à la banque</Badge>
              ),
          },
        ]}
      />
    </StaffLayout>
  );
}

export interface CollectionItemRow {
  item: {
    invoiceId: string;
    sequenceType: string;
    amountCents: number;
    returned: boolean;
    returnCode: string | null;
  };
  invoice: { number: string };
  mandate: { rum: string };
  payment: Payment;
  householdName: string;
}

export function CollectionDetailPage(p: {
  ctx: PageContext;
  collection: SepaCollection;
  items: CollectionItemRow[];
  canWrite: boolean;
}) {
  const { ctx, collection: c } = p;
  const title = `Prélèvement du ${formatDayShortFr(c.collectionDate)}`;
  return (
    <StaffLayout ctx={ctx} title={title} section="/gestion/prelevements" crumbs={sepaCrumbs(ctx, title)}>
      <h1 safe>{title}</h1>
      <dl class="summary-list">
        <dt>Référence du fichier</dt>
        <dd safe>{c.messageId}</dd>
        <dt>Format</dt>
        <dd safe>{c.format}</dd>
        <dt>Montant</dt>
        <dd safe>{`${formatCents(c.totalCents)} (${c.count} facture(s))`}</dd>
        <dt>État</dt>
        <dd>
          {c.status === 'settled' ? (
            <Badge tone="success">Réglé</Badge>
          ) : (
            <Badge tone="info">Envoyé à la banque</Badge>
          )}
        </dd>
      </dl>
      <p>
        <a class="button" href={`${ctx.base}/gestion/prelevements/${c.id}/fichier`}>
          Télécharger le fichier SEPA (XML)
        </a>
      </p>
      {p.canWrite && c.status === 'created' ? (
        <form method="post" action={`${ctx.base}/gestion/prelevements/${c.id}/regler`} class="form">
          <Csrf token={ctx.csrfToken} />
          <button type="submit" class="button button-secondary">
            Marquer comme réglé (après la date de prélèvement)
          </button>
        </form>
      ) : (
        ''
      )}
      <DataTable
        caption="Débits"
        rows={p.items}
        empty="Aucun débit."
        columns={[
          { header: 'Facture', cell: (r) => <span safe>{r.invoice.number}</span> },
          { header: 'Foyer', cell: (r) => <span safe>{r.householdName}</span> },
          { header: 'RUM', cell: (r) => <span safe>{r.mandate.rum}</span> },
          { header: 'Séquence', cell: (r) => <span safe>{r.item.sequenceType}</span> },
          {
            header: 'Montant',
            numeric: true,
            cell: (r) => <span safe>{formatCents(r.item.amountCents)}</span>,
          },
          {
            header: 'État',
            cell: (r) => (
              <>
                <PaymentStatus status={r.payment.status} />
                {r.item.returnCode ? (
                  <span
                    safe
                  >{` ${r.item.returnCode} — ${RETURN_REASONS[r.item.returnCode as keyof typeof RETURN_REASONS] ?? ''}`}</span>
                ) : (
                  ''
                )}
              </>
            ),
          },
          {
            header: 'Paiement',
            cell: (r) => (
              <a href={`${ctx.base}/gestion/paiements/${r.payment.id}`}>Voir / enregistrer un rejet</a>
            ),
          },
        ]}
      />
    </StaffLayout>
  );
}

export function SepaSettingsPage(p: {
  ctx: PageContext;
  ics: string | null;
  values: Record<string, string>;
  errors: Record<string, string>;
}) {
  const { ctx, values, errors } = p;
  const title = 'Réglages du prélèvement';
  return (
    <StaffLayout ctx={ctx} title={title} section="/gestion/prelevements" crumbs={sepaCrumbs(ctx, title)}>
      <h1>{title}</h1>
      <SepaSubnav ctx={ctx} />
      <p>
        {p.ics
          ? `Identifiant créancier SEPA (ICS) : ${p.ics} (modifiable dans les réglages du service).`
          : 'Aucun identifiant créancier SEPA (ICS) : un administrateur doit le saisir dans les réglages du service.'}
      </p>
      <ErrorSummary errors={errors} />
      <form method="post" action={`${ctx.base}/gestion/prelevements/reglages`} class="form" novalidate>
        <Csrf token={ctx.csrfToken} />
        <Field
          name="creditorName"
          label="Nom du créancier"
          required
          value={values.creditorName}
          error={errors.creditorName}
          maxlength={70}
        />
        <Field
          name="creditorIban"
          label="IBAN du compte créancier"
          required
          value={values.creditorIban}
          error={errors.creditorIban}
          maxlength={50}
        />
        <Field
          name="creditorBic"
          label="BIC du compte créancier"
          value={values.creditorBic}
          error={errors.creditorBic}
          maxlength={20}
          hint="Facultatif."
        />
        <Select
          name="format"
          label="Format du fichier"
          required
          value={values.format ?? 'pain.008.001.02'}
          error={errors.format}
          options={SEPA_FORMATS.map((f) => ({
            value: f,
            label: f === 'pain.008.001.02' ? `${f} (le plus courant)` : f,
          }))}
        />
        <button type="submit" class="button">
          Enregistrer
        </button>
      </form>
    </StaffLayout>
  );
}
