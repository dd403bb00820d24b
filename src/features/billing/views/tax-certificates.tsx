import { formatCents } from '../../../platform/money';
import type { PageContext } from '../../../platform/views/context';
import { StaffLayout } from '../../../platform/views/nav';
import type { TaxCertificate } from '../tax-certificate.service';
import { staffCrumbs } from './staff-invoices';

export function TaxCertificatesPage(p: {
  ctx: PageContext;
  year: number;
  years: number[];
  certificates: (TaxCertificate & { householdName: string })[];
}) {
  const { ctx } = p;
  const title = `Attestations fiscales ${p.year}`;
  return (
    <StaffLayout
      ctx={ctx}
      title={title}
      section="/gestion/factures"
      crumbs={staffCrumbs(ctx, 'Attestations fiscales')}
    >
      <h1 safe>{title}</h1>
      <p class="hint">
        Sommes payées dans l’année pour l’accueil des enfants de moins de 6 ans au 1er janvier (repas,
        majorations et pénalités exclus).
      </p>
      <form method="get" action={`${ctx.base}/gestion/attestations-fiscales`} class="filters">
        <div class="field">
          <label for="f-annee">Année</label>
          <select id="f-annee" name="annee">
            {p.years.map((y) => (
              <option value={String(y)} selected={y === p.year} safe>
                {String(y)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button button-secondary">
          Afficher
        </button>
      </form>
      {p.certificates.length === 0 ? (
        <p class="empty" safe>{`Aucun foyer concerné en ${p.year}.`}</p>
      ) : (
        <>
          <p>
            <a class="button" href={`${ctx.base}/gestion/attestations-fiscales/${p.year}/pdf`} safe>
              {`Générer les ${p.certificates.length} attestations (un PDF)`}
            </a>
          </p>
          <div class="table-wrap">
            <table class="table-reflow">
              <caption safe>{`Foyers concernés en ${p.year}`}</caption>
              <thead>
                <tr>
                  <th scope="col">Numéro</th>
                  <th scope="col">Foyer</th>
                  <th scope="col">Payeur</th>
                  <th scope="col">Enfants</th>
                  <th scope="col" class="num">
                    Montant
                  </th>
                </tr>
              </thead>
              <tbody>
                {p.certificates.map((c) => (
                  <tr>
                    <td data-label="Numéro" safe>
                      {c.number}
                    </td>
                    <td data-label="Foyer">
                      <a class="cell-link" href={`${ctx.base}/gestion/familles/${c.householdId}`} safe>
                        {c.householdName}
                      </a>
                    </td>
                    <td data-label="Payeur" safe>
                      {c.payerName}
                    </td>
                    <td data-label="Enfants" safe>
                      {c.children.map((ch) => `${ch.childName} (${formatCents(ch.amountCents)})`).join(', ')}
                    </td>
                    <td data-label="Montant" class="num" safe>
                      {formatCents(c.totalCents)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </StaffLayout>
  );
}
