import type { PageContext } from '../../../platform/views/context';
import { StaffLayout } from '../../../platform/views/nav';
import { staffCrumbs } from './staff-invoices';

/** Two GET forms (the files download; nothing changes). */
export function ExportsPage(p: {
  ctx: PageContext;
  defaults: { du: string; au: string; debut: string; fin: string };
}) {
  const { ctx, defaults: d } = p;
  return (
    <StaffLayout
      ctx={ctx}
      title="Exports de facturation"
      section="/gestion/factures"
      crumbs={staffCrumbs(ctx, 'Exports')}
    >
      <h1>Exports de facturation</h1>
      <p class="hint">Fichiers CSV pour Excel ou LibreOffice : séparateur point-virgule, virgule décimale.</p>
      <section aria-labelledby="acc-title">
        <h2 id="acc-title">Export comptable</h2>
        <p>Factures et avoirs émis pendant la période : numéro, date, foyer, payeur, montant, état.</p>
        <form method="get" action={`${ctx.base}/gestion/factures/exports/comptabilite.csv`} class="filters">
          <div class="field">
            <label for="f-du">Du</label>
            <input id="f-du" name="du" type="date" value={d.du} required />
          </div>
          <div class="field">
            <label for="f-au">Au</label>
            <input id="f-au" name="au" type="date" value={d.au} required />
          </div>
          <button type="submit" class="button">
            Télécharger l’export comptable
          </button>
        </form>
      </section>
      <section aria-labelledby="caf-title">
        <h2 id="caf-title">Statistiques d’activité CAF</h2>
        <p>
          Heures de présence par enfant et par mois, moins de 6 ans et 6 ans et plus (durée des unités pour
          les jours de présence, réservés ou non).
        </p>
        <form method="get" action={`${ctx.base}/gestion/factures/exports/caf.csv`} class="filters">
          <div class="field">
            <label for="f-debut">Premier mois</label>
            <input id="f-debut" name="debut" type="month" value={d.debut} required />
          </div>
          <div class="field">
            <label for="f-fin">Dernier mois</label>
            <input id="f-fin" name="fin" type="month" value={d.fin} required />
          </div>
          <button type="submit" class="button">
            Télécharger les statistiques CAF
          </button>
        </form>
      </section>
    </StaffLayout>
  );
}
