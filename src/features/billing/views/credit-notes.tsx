import { formatCents } from '../../../platform/money';
import { Csrf, ErrorSummary, Field } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { TextArea } from '../../messaging/views/fields';
import { MAX_REASON } from '../credit-notes.service';

/** The credit note form on the staff invoice page (accountants and administrators). */
export function CreditNoteForm(p: {
  ctx: PageContext;
  invoiceId: string;
  dueCents: number;
  formToken: string;
  values: Record<string, string>;
  errors: Record<string, string>;
}) {
  const { ctx, values, errors } = p;
  const mode = values.mode ?? 'partiel';
  return (
    <section aria-labelledby="credit-title" id="avoir">
      <h2 id="credit-title">Émettre un avoir</h2>
      <p class="hint" safe>
        {`Un avoir réduit la somme due ; il ne peut pas dépasser le reste à payer (${formatCents(p.dueCents)}). La famille est prévenue par e-mail.`}
      </p>
      <ErrorSummary errors={errors} />
      <form
        method="post"
        action={`${ctx.base}/gestion/factures/${p.invoiceId}/avoirs`}
        class="form"
        novalidate
      >
        <Csrf token={ctx.csrfToken} />
        <input type="hidden" name="formToken" value={p.formToken} />
        <fieldset class="field" id="f-mode">
          <legend>Montant de l’avoir</legend>
          <div class="checkbox">
            <input
              type="radio"
              id="f-mode-partiel"
              name="mode"
              value="partiel"
              checked={mode === 'partiel'}
            />
            <label for="f-mode-partiel">Avoir partiel (montant ci-dessous)</label>
          </div>
          <div class="checkbox">
            <input type="radio" id="f-mode-total" name="mode" value="total" checked={mode === 'total'} />
            <label for="f-mode-total" safe>
              {`Tout le reste à payer (${formatCents(p.dueCents)})`}
            </label>
          </div>
        </fieldset>
        <Field
          name="amount"
          label="Montant en euros (avoir partiel)"
          hint="Par exemple 12,50."
          inputmode="decimal"
          value={values.amount}
          error={errors.amount}
          maxlength={20}
        />
        <TextArea
          name="reason"
          label="Motif"
          required
          hint="La famille le verra sur l’avoir."
          value={values.reason}
          error={errors.reason}
          maxlength={MAX_REASON}
          rows={3}
        />
        {errors.formToken ? (
          <p class="field-error" id="f-formToken" safe>
            {errors.formToken}
          </p>
        ) : (
          ''
        )}
        <button type="submit" class="button">
          Émettre l’avoir
        </button>
      </form>
    </section>
  );
}
