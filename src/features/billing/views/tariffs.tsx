import { formatDayShortFr } from '../../../platform/calendar/days';
import { formatCents } from '../../../platform/money';
import { Csrf, ErrorSummary, Field } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { StaffLayout } from '../../../platform/views/nav';
import { Select } from '../../messaging/views/fields';
import { bracketText, rateText, type Surcharge, type TariffRule } from '../domain/pricing';
import type { TariffVersion } from '../tariffs.schema';
import { MAX_BRACKETS } from '../tariffs.service';

export interface UnitRow {
  unitId: string;
  unitName: string;
  activityName: string;
  facilityName: string;
}

const MODE_LABEL: Record<TariffRule['mode'], string> = {
  flat: 'Prix unique',
  brackets: 'Tranches de quotient familial',
  effort: 'Taux d’effort',
};

const surchargeText = (s: Surcharge) => (s.kind === 'amount' ? formatCents(s.value) : `${s.value} % du prix`);

/** One line of French describing a version's prices. */
export function ruleSummary(rule: TariffRule): string {
  switch (rule.mode) {
    case 'flat':
      return `${formatCents(rule.residentCents)} (hors commune ${formatCents(rule.nonResidentCents)})`;
    case 'brackets':
      return rule.brackets
        .map(
          (b) =>
            `QF ${bracketText(b)} : ${formatCents(b.residentCents)} / ${formatCents(b.nonResidentCents)}`,
        )
        .join(' ; ');
    case 'effort':
      return `${rateText(rule.rate)} du QF, plancher ${formatCents(rule.floorCents)}, plafond ${formatCents(rule.capCents)} (hors commune ${formatCents(rule.nonResidentCents)})`;
  }
}

const crumbs = (ctx: PageContext, last?: string) => [
  { label: 'Gestion', href: `${ctx.base}/gestion` },
  ...(last
    ? [{ label: 'Tous les tarifs', href: `${ctx.base}/gestion/tarifs` }, { label: last }]
    : [{ label: 'Tarifs' }]),
];

export function TariffListPage(p: {
  ctx: PageContext;
  units: UnitRow[];
  current: Map<string, TariffVersion>;
  counts: Map<string, number>;
  today: string;
}) {
  const { ctx } = p;
  return (
    <StaffLayout ctx={ctx} title="Tarifs" section="/gestion/tarifs" crumbs={crumbs(ctx)}>
      <h1>Tarifs</h1>
      <p class="lead">
        Un tarif par unité (journée, repas…), avec des versions datées : chaque jour facturé est tarifé par la
        version en vigueur ce jour-là.
      </p>
      {p.units.length === 0 ? (
        <p class="empty">Aucune unité dans le catalogue.</p>
      ) : (
        <div class="table-wrap">
          <table class="table-reflow">
            <caption>Tarif en vigueur par activité et unité</caption>
            <thead>
              <tr>
                <th scope="col">Activité</th>
                <th scope="col">Unité</th>
                <th scope="col">Tarif en vigueur</th>
                <th scope="col">Versions</th>
              </tr>
            </thead>
            <tbody>
              {p.units.map((u) => {
                const v = p.current.get(u.unitId);
                return (
                  <tr>
                    <td data-label="Activité" safe>
                      {`${u.facilityName} · ${u.activityName}`}
                    </td>
                    <td data-label="Unité">
                      <a href={`${ctx.base}/gestion/tarifs/${u.unitId}`} safe>
                        {u.unitName}
                      </a>
                    </td>
                    <td data-label="Tarif en vigueur">
                      {v ? (
                        <>
                          <strong safe>{MODE_LABEL[v.rule.mode]}</strong>
                          {' · '}
                          <span safe>{ruleSummary(v.rule)}</span>
                        </>
                      ) : (
                        'Aucun tarif : les jours ne sont pas facturés'
                      )}
                    </td>
                    <td data-label="Versions" safe>
                      {String(p.counts.get(u.unitId) ?? 0)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </StaffLayout>
  );
}

export function TariffUnitPage(p: {
  ctx: PageContext;
  unit: UnitRow;
  versions: TariffVersion[];
  canWrite: boolean;
  values: Record<string, string>;
  errors: Record<string, string>;
  today: string;
}) {
  const { ctx, unit, values: v, errors: e } = p;
  const title = `Tarif : ${unit.activityName} — ${unit.unitName}`;
  const action = `${ctx.base}/gestion/tarifs/${unit.unitId}`;
  const surchargeFields = (prefix: string, legend: string, def: string) => (
    <fieldset>
      <legend safe>{legend}</legend>
      <Select
        name={`${prefix}Kind`}
        label="Type"
        value={v[`${prefix}Kind`] ?? 'amount'}
        error={e[`${prefix}Kind`]}
        options={[
          { value: 'amount', label: 'Montant en euros' },
          { value: 'percent', label: 'Pourcentage du prix' },
        ]}
      />
      <Field
        name={`${prefix}Value`}
        label="Valeur"
        inputmode="decimal"
        value={v[`${prefix}Value`] ?? def}
        error={e[`${prefix}Value`]}
        hint="Euros (2,00) ou pourcentage entier (50)."
        maxlength={12}
      />
    </fieldset>
  );
  return (
    <StaffLayout ctx={ctx} title={title} section="/gestion/tarifs" crumbs={crumbs(ctx, unit.unitName)}>
      <h1 safe>{title}</h1>
      <section class="card" aria-labelledby="history-title">
        <h2 id="history-title">Historique des versions</h2>
        {p.versions.length === 0 ? (
          <p class="empty">Aucune version : les jours de cette unité ne sont pas facturés.</p>
        ) : (
          <ul class="versions">
            {p.versions.map((ver) => (
              <li>
                <strong safe>{`À partir du ${formatDayShortFr(ver.validFrom)}`}</strong>
                {ver.validFrom <= p.today && p.versions.find((x) => x.validFrom <= p.today) === ver
                  ? ' (en vigueur)'
                  : ''}
                {' · '}
                <span safe>{`${MODE_LABEL[ver.rule.mode]} : ${ruleSummary(ver.rule)}`}</span>
                <br />
                <span class="hint" safe>
                  {`Réductions fratrie : 2e enfant ${ver.rule.sibling2Percent} %, 3e et suivants ${ver.rule.sibling3Percent} % · présent sans réservation : ${surchargeText(ver.rule.withoutBooking)} · annulation tardive : ${surchargeText(ver.rule.lateCancellation)} · absence non justifiée : ${ver.rule.unjustifiedPercent} % · ${ver.taxEligible ? 'ouvre droit au crédit d’impôt' : 'hors crédit d’impôt'}`}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {p.canWrite ? (
        <section class="card" aria-labelledby="new-title">
          <h2 id="new-title">Nouvelle version</h2>
          <p>
            Les versions ne se modifient pas : une nouvelle version remplace la précédente à partir de sa
            date.
          </p>
          <ErrorSummary errors={e} />
          <form method="post" action={action} class="form" novalidate>
            <Csrf token={ctx.csrfToken} />
            <Field
              name="validFrom"
              label="En vigueur à partir du"
              type="date"
              required
              value={v.validFrom ?? ''}
              error={e.validFrom}
            />
            <Select
              name="mode"
              label="Type de tarif"
              required
              value={v.mode ?? 'flat'}
              error={e.mode}
              options={[
                { value: 'flat', label: MODE_LABEL.flat },
                { value: 'brackets', label: MODE_LABEL.brackets },
                { value: 'effort', label: MODE_LABEL.effort },
              ]}
            />
            <fieldset>
              <legend>Prix unique ou prix hors commune</legend>
              <Field
                name="residentPrice"
                label="Prix (euros)"
                inputmode="decimal"
                value={v.residentPrice ?? ''}
                error={e.residentPrice}
                hint="Pour le prix unique."
                maxlength={12}
              />
              <Field
                name="nonResidentPrice"
                label="Prix hors commune (euros)"
                inputmode="decimal"
                value={v.nonResidentPrice ?? ''}
                error={e.nonResidentPrice}
                hint="Prix unique et taux d’effort : prix payé par les familles hors commune."
                maxlength={12}
              />
            </fieldset>
            <fieldset>
              <legend>Taux d’effort</legend>
              <Field
                name="rate"
                label="Taux (% du QF)"
                inputmode="decimal"
                value={v.rate ?? ''}
                error={e.rate}
                hint="Par exemple 0,85 : QF 820 × 0,85 % = 6,97 €."
                maxlength={12}
              />
              <Field
                name="floorPrice"
                label="Plancher (euros)"
                inputmode="decimal"
                value={v.floorPrice ?? ''}
                error={e.floorPrice}
                maxlength={12}
              />
              <Field
                name="capPrice"
                label="Plafond (euros)"
                inputmode="decimal"
                value={v.capPrice ?? ''}
                error={e.capPrice}
                maxlength={12}
              />
            </fieldset>
            <fieldset>
              <legend>Tranches de quotient familial</legend>
              <p class="hint">
                QF minimum et maximum inclus ; laissez le maximum vide pour la dernière tranche. QF inconnu :
                prix le plus élevé.
              </p>
              {Array.from({ length: MAX_BRACKETS }, (_, i) => (
                <fieldset class="bracket">
                  <legend safe>{`Tranche ${i + 1}`}</legend>
                  <Field
                    name={`b${i}_qfMin`}
                    label="QF minimum"
                    inputmode="numeric"
                    value={v[`b${i}_qfMin`] ?? ''}
                    error={e[`b${i}_qfMin`]}
                    maxlength={7}
                  />
                  <Field
                    name={`b${i}_qfMax`}
                    label="QF maximum"
                    inputmode="numeric"
                    value={v[`b${i}_qfMax`] ?? ''}
                    error={e[`b${i}_qfMax`]}
                    maxlength={7}
                  />
                  <Field
                    name={`b${i}_resident`}
                    label="Prix (euros)"
                    inputmode="decimal"
                    value={v[`b${i}_resident`] ?? ''}
                    error={e[`b${i}_resident`]}
                    maxlength={12}
                  />
                  <Field
                    name={`b${i}_nonResident`}
                    label="Prix hors commune (euros)"
                    inputmode="decimal"
                    value={v[`b${i}_nonResident`] ?? ''}
                    error={e[`b${i}_nonResident`]}
                    maxlength={12}
                  />
                </fieldset>
              ))}
            </fieldset>
            <fieldset>
              <legend>Réductions et absences</legend>
              <Field
                name="sibling2Percent"
                label="Réduction 2e enfant (%)"
                inputmode="numeric"
                value={v.sibling2Percent ?? '0'}
                error={e.sibling2Percent}
                maxlength={3}
              />
              <Field
                name="sibling3Percent"
                label="Réduction 3e enfant et suivants (%)"
                inputmode="numeric"
                value={v.sibling3Percent ?? '0'}
                error={e.sibling3Percent}
                maxlength={3}
              />
              <Field
                name="unjustifiedPercent"
                label="Absence non justifiée : part du prix facturée (%)"
                inputmode="numeric"
                value={v.unjustifiedPercent ?? '100'}
                error={e.unjustifiedPercent}
                maxlength={3}
              />
            </fieldset>
            {surchargeFields('withoutBooking', 'Majoration : présent sans réservation', '0')}
            {surchargeFields('lateCancellation', 'Majoration : annulation tardive', '0')}
            <div class="field checkbox">
              <input
                type="checkbox"
                id="f-taxEligible"
                name="taxEligible"
                checked={(v.taxEligible ?? 'on') === 'on'}
              />
              <label for="f-taxEligible">Ouvre droit au crédit d’impôt (garde ; pas les repas)</label>
            </div>
            <p class="actions">
              <button type="submit" class="button">
                Créer la version
              </button>
            </p>
          </form>
        </section>
      ) : (
        ''
      )}
    </StaffLayout>
  );
}
