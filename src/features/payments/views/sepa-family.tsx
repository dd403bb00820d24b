import { formatDayShortFr, todayIn } from '../../../platform/calendar/days';
import { Badge, Csrf, ErrorSummary, Field, type Tone } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { FamilyLayout } from '../../../platform/views/nav';
import { FileField } from '../../messaging/views/fields';
import type { SepaMandate, SepaMandateRequest } from '../sepa.schema';

export const REQUEST_STATUS: Record<string, { text: string; tone: Tone }> = {
  pending: { text: 'En attente de validation', tone: 'info' },
  accepted: { text: 'Acceptée', tone: 'success' },
  refused: { text: 'Refusée', tone: 'danger' },
  withdrawn: { text: 'Retirée', tone: 'neutral' },
};

export function RequestStatus({ status }: { status: string }) {
  const s = REQUEST_STATUS[status] ?? { text: status, tone: 'neutral' as Tone };
  return (
    <Badge tone={s.tone}>
      <span safe>{s.text}</span>
    </Badge>
  );
}

const crumbs = (ctx: PageContext, last?: string) => [
  { label: 'Tableau de bord', href: `${ctx.base}/espace` },
  ...(last
    ? [{ label: 'Prélèvement', href: `${ctx.base}/prelevement` }, { label: last }]
    : [{ label: 'Prélèvement' }]),
];

export function FamilySepaPage(p: {
  ctx: PageContext;
  offered: boolean;
  mandate: SepaMandate | null;
  requests: SepaMandateRequest[];
}) {
  const { ctx, mandate } = p;
  const tz = ctx.tenant!.timeZone;
  const pending = p.requests.find((r) => r.status === 'pending');
  return (
    <FamilyLayout ctx={ctx} title="Prélèvement automatique" section="/prelevement" crumbs={crumbs(ctx)}>
      <h1>Prélèvement automatique</h1>
      {!p.offered ? (
        <p class="empty">Ce service ne propose pas le prélèvement automatique.</p>
      ) : mandate ? (
        <section aria-labelledby="mandate-title" class="card">
          <h2 id="mandate-title">Votre mandat de prélèvement</h2>
          <dl class="summary-list">
            <dt>État</dt>
            <dd>
              <Badge tone="success">Actif</Badge>
            </dd>
            <dt>Référence du mandat (RUM)</dt>
            <dd safe>{mandate.rum}</dd>
            <dt>Titulaire</dt>
            <dd safe>{mandate.accountHolder}</dd>
            <dt>Compte</dt>
            <dd safe>{`${mandate.ibanMasked} (${mandate.bankName})`}</dd>
            <dt>Signé le</dt>
            <dd safe>{formatDayShortFr(mandate.signedOn)}</dd>
          </dl>
          <p>Vos factures sont prélevées à la date indiquée sur chacune d’elles.</p>
          {pending ? (
            ''
          ) : (
            <p>
              <a class="button button-secondary" href={`${ctx.base}/prelevement/demande`}>
                Changer de coordonnées bancaires
              </a>
            </p>
          )}
          <form method="post" action={`${ctx.base}/prelevement/arreter`} class="form">
            <Csrf token={ctx.csrfToken} />
            <button type="submit" class="button button-danger">
              Arrêter le prélèvement
            </button>
            <p class="hint">
              Les prélèvements déjà annoncés restent dus ; vous réglerez ensuite vos factures autrement.
            </p>
          </form>
        </section>
      ) : pending ? (
        ''
      ) : (
        <p>
          <a class="button" href={`${ctx.base}/prelevement/demande`}>
            Demander le prélèvement automatique
          </a>
        </p>
      )}
      <h2>Vos demandes</h2>
      {p.requests.length === 0 ? (
        <p class="empty">Aucune demande.</p>
      ) : (
        <ul class="item-list">
          {p.requests.map((r) => (
            <li class="item">
              <div class="item-main">
                <span class="item-title" safe>
                  {`${r.kind === 'amendment' ? 'Changement de compte' : 'Demande de prélèvement'} du ${formatDayShortFr(todayIn(tz, r.submittedAt))} — ${r.ibanMasked}`}
                </span>
                <RequestStatus status={r.status} />
              </div>
              {r.status === 'refused' ? (
                <p class="refusal">
                  <strong>Motif du refus : </strong>
                  <span safe>{r.decisionComment ?? ''}</span>
                </p>
              ) : (
                ''
              )}
            </li>
          ))}
        </ul>
      )}
    </FamilyLayout>
  );
}

export function MandateRequestPage(p: {
  ctx: PageContext;
  creditorName: string;
  ics: string;
  mandateText: string;
  amendment: boolean;
  formToken: string;
  values: Record<string, string>;
  errors: Record<string, string>;
}) {
  const { ctx, values, errors } = p;
  const title = p.amendment ? 'Changer de coordonnées bancaires' : 'Demander le prélèvement';
  return (
    <FamilyLayout ctx={ctx} title={title} section="/prelevement" crumbs={crumbs(ctx, title)}>
      <h1>{title}</h1>
      <ErrorSummary errors={errors} />
      <form
        method="post"
        action={`${ctx.base}/prelevement/demande`}
        enctype="multipart/form-data"
        class="form"
        novalidate
      >
        <Csrf token={ctx.csrfToken} />
        <input type="hidden" name="formToken" value={p.formToken} />
        {errors.formToken ? (
          <p class="field-error" id="f-formToken">
            <span safe>{errors.formToken}</span>
          </p>
        ) : (
          ''
        )}
        <Field
          name="accountHolder"
          label="Titulaire du compte"
          required
          value={values.accountHolder}
          error={errors.accountHolder}
          maxlength={70}
          autocomplete="name"
        />
        <Field
          name="bankName"
          label="Banque"
          required
          value={values.bankName}
          error={errors.bankName}
          maxlength={70}
        />
        <Field
          name="iban"
          label="IBAN"
          required
          value={values.iban}
          error={errors.iban}
          maxlength={50}
          hint="Tel qu’il figure sur votre RIB, par exemple FR76 3000 6000 0112 3456 7890 189."
        />
        <Field
          name="bic"
          label="BIC"
          value={values.bic}
          error={errors.bic}
          maxlength={20}
          hint="Facultatif : 8 ou 11 caractères."
        />
        <FileField
          name="file"
          label="RIB"
          required
          hint="Votre relevé d’identité bancaire : PDF ou photo (JPEG, PNG, HEIC), 10 Mo au plus. Conservé chiffré."
          error={errors.file}
          accept=".pdf,application/pdf,.jpg,.jpeg,image/jpeg,.png,image/png,.heic,image/heic"
        />
        <fieldset>
          <legend>Mandat de prélèvement SEPA</legend>
          <p safe>{`Créancier : ${p.creditorName} — identifiant créancier SEPA (ICS) : ${p.ics}`}</p>
          <div class="mandate-text">
            {p.mandateText.split('\n\n').map((para) => (
              <p safe>{para}</p>
            ))}
          </div>
          <div class={errors.accept ? 'field field-invalid' : 'field'}>
            {errors.accept ? (
              <p class="field-error" id="f-accept-error">
                <span aria-hidden="true">⚠ </span>
                <span safe>{errors.accept}</span>
              </p>
            ) : (
              ''
            )}
            <input
              type="checkbox"
              id="f-accept"
              name="accept"
              value="yes"
              checked={values.accept === 'yes'}
              aria-describedby={errors.accept ? 'f-accept-error' : undefined}
            />
            <label for="f-accept">J’ai lu et j’accepte ce mandat de prélèvement SEPA.</label>
          </div>
        </fieldset>
        <p class="actions">
          <button type="submit" class="button">
            Envoyer la demande
          </button>
          <a class="button button-secondary" href={`${ctx.base}/prelevement`}>
            Annuler
          </a>
        </p>
      </form>
    </FamilyLayout>
  );
}
