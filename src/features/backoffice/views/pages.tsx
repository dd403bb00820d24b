import { Csrf, DataTable, Flash } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { StaffLayout } from '../../../platform/views/nav';
import { Facts } from '../../households/views/parts';
import type { ImportError } from '../domain/import';
import { IMPORT_COLUMNS, MAX_IMPORT_ROWS } from '../domain/import';
import type { PeriodChoice } from '../exports.repository';
import type { MergeCounts } from '../families.service';
import type { ImportPlan } from '../import.service';
import type { HouseholdHit } from '../search.repository';

const STATUS_TEXT: Record<string, string> = { pending: 'À valider', active: 'Actif', archived: 'Archivé' };
const crumbsOf = (ctx: PageContext, label: string, extra: { label: string; href: string }[] = []) => [
  { label: 'Accueil gestion', href: `${ctx.base}/gestion` },
  ...extra,
  { label },
];

/** The results table of a search (also sent alone to htmx as the search box changes). */
export function SearchResults(p: {
  ctx: PageContext;
  q: string;
  rows: HouseholdHit[];
  limit: number;
}): JSX.Element {
  const { ctx } = p;
  const caption =
    p.rows.length >= p.limit
      ? `${p.limit} premiers foyers trouvés : précisez la recherche`
      : `${p.rows.length} foyer(s)${p.q ? ` pour « ${p.q} »` : ''}`;
  return (
    <div id="resultats" aria-live="polite">
      <DataTable
        caption={caption}
        rows={p.rows}
        empty="Aucun foyer trouvé."
        columns={[
          {
            header: 'Foyer',
            cell: (h) => (
              <a class="cell-link" href={`${ctx.base}/gestion/familles/${h.id}`} safe>
                {h.name}
              </a>
            ),
          },
          { header: 'Responsables', cell: (h) => <span safe>{h.guardianNames.join(', ') || '—'}</span> },
          { header: 'Enfants', cell: (h) => <span safe>{h.childNames.join(', ') || '—'}</span> },
          { header: 'Commune', cell: (h) => <span safe>{h.city || '—'}</span> },
          {
            header: 'QF',
            numeric: true,
            cell: (h) => <span safe>{h.familyQuotient === null ? '—' : String(h.familyQuotient)}</span>,
          },
          { header: 'État', cell: (h) => <span safe>{STATUS_TEXT[h.status] ?? h.status}</span> },
        ]}
      />
    </div>
  );
}

export function SearchPage(p: {
  ctx: PageContext;
  q: string;
  rows: HouseholdHit[];
  limit: number;
  canCreate: boolean;
  canImport: boolean;
  canExport: boolean;
}): JSX.Element {
  const { ctx } = p;
  return (
    <StaffLayout ctx={ctx} title="Familles" section="/gestion/familles" crumbs={crumbsOf(ctx, 'Familles')}>
      <h1>Familles</h1>
      <p class="actions-row">
        {p.canCreate ? (
          <a class="button" href={`${ctx.base}/gestion/familles/nouvelle`}>
            Nouveau foyer (dossier papier)
          </a>
        ) : (
          ''
        )}
        {p.canImport ? (
          <a class="button button-secondary" href={`${ctx.base}/gestion/import`}>
            Importer un fichier CSV
          </a>
        ) : (
          ''
        )}
        {p.canExport ? (
          <a class="button button-secondary" href={`${ctx.base}/gestion/exports`}>
            Exports CSV
          </a>
        ) : (
          ''
        )}
      </p>
      <form method="get" action={`${ctx.base}/gestion/familles`} class="filters">
        <div class="field">
          <label for="f-q">Rechercher un foyer</label>
          <p class="hint" id="f-q-hint">
            Nom du foyer, d’un responsable ou d’un enfant, e-mail ou téléphone ; accents et majuscules
            indifférents.
          </p>
          <input
            id="f-q"
            name="q"
            type="search"
            value={p.q}
            maxlength="100"
            aria-describedby="f-q-hint"
            hx-get={`${ctx.base}/gestion/familles`}
            hx-trigger="input changed delay:300ms, search"
            hx-target="#resultats"
            hx-swap="outerHTML"
            hx-push-url="true"
          />
        </div>
        <button type="submit" class="button button-secondary">
          Rechercher
        </button>
      </form>
      <SearchResults ctx={ctx} q={p.q} rows={p.rows} limit={p.limit} />
    </StaffLayout>
  );
}

function ErrorsTable({ errors }: { errors: ImportError[] }): JSX.Element {
  return (
    <DataTable
      caption={`${errors.length} erreur(s) à corriger dans le fichier`}
      rows={errors.slice(0, 500)}
      empty=""
      columns={[
        {
          header: 'Ligne',
          numeric: true,
          cell: (e) => <span safe>{e.line === 0 ? '—' : String(e.line)}</span>,
        },
        { header: 'Colonne', cell: (e) => <span safe>{e.column || '—'}</span> },
        { header: 'Erreur', cell: (e) => <span safe>{e.message}</span> },
      ]}
    />
  );
}

export function ImportPage(p: {
  ctx: PageContext;
  /** After an upload: the file name, its rows, errors or the plan. */
  result?: {
    fileName: string;
    rows: number;
    errors: ImportError[];
    plan: ImportPlan | null;
    /** The validated text, sent back with "Importer" (nothing is stored before that). */
    content: string;
  };
  fileError?: string;
}): JSX.Element {
  const { ctx, result } = p;
  const action = `${ctx.base}/gestion/import`;
  return (
    <StaffLayout
      ctx={ctx}
      title="Import CSV des familles"
      section="/gestion/familles"
      crumbs={crumbsOf(ctx, 'Import CSV', [{ label: 'Familles', href: `${ctx.base}/gestion/familles` }])}
    >
      <h1>Import CSV des familles</h1>
      {result ? (
        <section aria-labelledby="apercu-titre" class="import-preview">
          <h2
            id="apercu-titre"
            safe
          >{`Aperçu de « ${result.fileName} » (${result.rows} ligne(s), rien n’est encore enregistré)`}</h2>
          {result.errors.length > 0 ? (
            <>
              <Flash
                kind="error"
                text={`${result.errors.length} erreur(s) : corrigez le fichier puis déposez-le à nouveau. Aucune donnée n’a été importée.`}
              />
              <ErrorsTable errors={result.errors} />
            </>
          ) : result.plan ? (
            <>
              <Facts
                items={[
                  ['Foyers à créer', String(result.plan.created)],
                  ['Foyers à mettre à jour', String(result.plan.updated)],
                  ['Foyers inchangés', String(result.plan.unchanged)],
                ]}
              />
              {result.plan.created + result.plan.updated === 0 ? (
                <p>Ce fichier ne change rien : il a déjà été importé.</p>
              ) : (
                <form method="post" action={action} enctype="multipart/form-data" class="form">
                  <Csrf token={ctx.csrfToken} />
                  <input type="hidden" name="action" value="importer" />
                  <input type="hidden" name="nom_fichier" value={result.fileName} />
                  <input type="hidden" name="contenu" value={result.content} />
                  <button type="submit" class="button">
                    Importer
                  </button>
                </form>
              )}
            </>
          ) : (
            ''
          )}
        </section>
      ) : (
        ''
      )}
      <h2>Déposer un fichier</h2>
      <form method="post" action={action} enctype="multipart/form-data" class="form" novalidate>
        <Csrf token={ctx.csrfToken} />
        <input type="hidden" name="action" value="apercu" />
        <div class={p.fileError ? 'field field-invalid' : 'field'}>
          <label for="f-fichier">Fichier CSV (UTF-8, séparateur « ; » ou « , », 2 Mo au plus)</label>
          {p.fileError ? (
            <p class="field-error" id="f-fichier-error">
              <span aria-hidden="true">⚠ </span>
              <span safe>{p.fileError}</span>
            </p>
          ) : (
            ''
          )}
          <input
            id="f-fichier"
            name="fichier"
            type="file"
            accept=".csv,text/csv"
            aria-invalid={p.fileError ? 'true' : undefined}
            aria-describedby={p.fileError ? 'f-fichier-error' : undefined}
          />
        </div>
        <button type="submit" class="button">
          Vérifier le fichier (aperçu)
        </button>
      </form>
      <h2>Format du fichier</h2>
      <p>
        Une ligne par foyer, responsable ou enfant, reliés par la référence du foyer dans l’ancien logiciel.
        Réimporter le même fichier ne change rien ; une ligne modifiée met le dossier à jour ; les personnes
        absentes du fichier sont conservées. <span>{`${MAX_IMPORT_ROWS} lignes au plus par fichier.`}</span>
      </p>
      <p>
        <a href={`${action}/modele.csv`}>Télécharger le modèle (CSV)</a>
      </p>
      <DataTable
        caption="Colonnes"
        rows={[...IMPORT_COLUMNS]}
        empty=""
        columns={[
          { header: 'Colonne', cell: (c) => <code>{c.name}</code> },
          { header: 'Obligatoire', cell: (c) => <span>{c.required ? 'Oui' : 'Non'}</span> },
          { header: 'Contenu', cell: (c) => <span>{c.help}</span> },
        ]}
      />
    </StaffLayout>
  );
}

export function ExportsPage(p: {
  ctx: PageContext;
  periods: PeriodChoice[];
  canContacts: boolean;
}): JSX.Element {
  const { ctx } = p;
  const base = `${ctx.base}/gestion/exports`;
  const periodForm = (file: string, label: string, hint: string) => (
    <form method="get" action={`${base}/${file}`} class="filters export-form">
      <div class="field">
        <label for={`f-${file}`} safe>
          {label}
        </label>
        <p class="hint" id={`f-${file}-hint`} safe>
          {hint}
        </p>
        <select id={`f-${file}`} name="periode" aria-describedby={`f-${file}-hint`}>
          {p.periods.map((x) => (
            <option value={x.id} safe>{`${x.facilityName} · ${x.activityName} · ${x.name}`}</option>
          ))}
        </select>
      </div>
      <button type="submit" class="button button-secondary">
        Télécharger
      </button>
    </form>
  );
  return (
    <StaffLayout
      ctx={ctx}
      title="Exports CSV"
      section="/gestion/familles"
      crumbs={crumbsOf(ctx, 'Exports CSV', [{ label: 'Familles', href: `${ctx.base}/gestion/familles` }])}
    >
      <h1>Exports CSV</h1>
      <p>Fichiers pour Excel (UTF-8, séparateur « ; »).</p>
      {p.canContacts ? (
        <p>
          <a class="button button-secondary" href={`${base}/contacts.csv`}>
            Contacts des familles (responsables)
          </a>
        </p>
      ) : (
        ''
      )}
      {p.periods.length === 0 ? (
        <p>Aucune période d’activité dans vos structures.</p>
      ) : (
        <>
          {periodForm(
            'enfants.csv',
            'Enfants inscrits à une activité',
            'Par période : nom, classe, groupe, état.',
          )}
          {periodForm(
            'allergies.csv',
            'Liste des allergies (restauration)',
            'Données de santé : à ne diffuser qu’aux équipes concernées. Chaque export est tracé.',
          )}
          {periodForm(
            'autorisations.csv',
            'Personnes autorisées à récupérer les enfants',
            'Responsables légaux et contacts autorisés, enfant par enfant.',
          )}
        </>
      )}
    </StaffLayout>
  );
}

const MOVE_LABELS: [keyof MergeCounts, string][] = [
  ['guardians', 'Responsables'],
  ['children', 'Enfants'],
  ['contacts', 'Contacts'],
  ['enrollments', 'Inscriptions'],
  ['documents', 'Justificatifs'],
  ['threads', 'Conversations'],
  ['requests', 'Demandes'],
  ['logins', 'Comptes en ligne'],
];

export function MergePage(p: {
  ctx: PageContext;
  kept: { id: string; name: string };
  q: string;
  candidates: HouseholdHit[];
  preview?: { duplicate: { id: string; name: string; city: string }; moves: MergeCounts };
  error?: string;
}): JSX.Element {
  const { ctx, kept } = p;
  const base = `${ctx.base}/gestion/familles/${kept.id}`;
  return (
    <StaffLayout
      ctx={ctx}
      title={`Fusionner un doublon dans ${kept.name}`}
      section="/gestion/familles"
      crumbs={crumbsOf(ctx, 'Fusion', [
        { label: 'Familles', href: `${ctx.base}/gestion/familles` },
        { label: kept.name, href: base },
      ])}
    >
      <h1 safe>{`Fusionner un doublon dans le foyer ${kept.name}`}</h1>
      <p>
        Le foyer ci-dessus est conservé. Tout ce qui appartient au doublon lui est rattaché, puis le doublon
        est archivé.
      </p>
      {p.error ? <Flash kind="error" text={p.error} /> : ''}
      {p.preview ? (
        <section aria-labelledby="fusion-apercu" class="merge-preview">
          <h2
            id="fusion-apercu"
            safe
          >{`Aperçu : le foyer « ${p.preview.duplicate.name} » (${p.preview.duplicate.city || 'commune inconnue'}) sera fusionné`}</h2>
          <Facts
            items={MOVE_LABELS.map(([k, label]) => [`${label} rattachés`, String(p.preview!.moves[k])])}
          />
          <form method="post" action={`${base}/fusion`} class="form">
            <Csrf token={ctx.csrfToken} />
            <input type="hidden" name="avec" value={p.preview.duplicate.id} />
            <button type="submit" class="button button-danger">
              Fusionner (irréversible)
            </button>
          </form>
        </section>
      ) : (
        ''
      )}
      <h2>Choisir le doublon</h2>
      <form method="get" action={`${base}/fusion`} class="filters">
        <div class="field">
          <label for="f-q">Rechercher le doublon</label>
          <input id="f-q" name="q" type="search" value={p.q} maxlength="100" />
        </div>
        <button type="submit" class="button button-secondary">
          Rechercher
        </button>
      </form>
      <DataTable
        caption="Foyers trouvés"
        rows={p.candidates.filter((c) => c.id !== kept.id && c.status !== 'archived')}
        empty={p.q ? 'Aucun autre foyer trouvé.' : 'Recherchez le doublon par nom, e-mail ou téléphone.'}
        columns={[
          { header: 'Foyer', cell: (h) => <span safe>{h.name}</span> },
          { header: 'Responsables', cell: (h) => <span safe>{h.guardianNames.join(', ') || '—'}</span> },
          { header: 'Enfants', cell: (h) => <span safe>{h.childNames.join(', ') || '—'}</span> },
          {
            header: 'Action',
            cell: (h) => (
              <a class="cell-link" href={`${base}/fusion?avec=${h.id}`}>
                Voir l’aperçu<span class="visually-hidden" safe>{` de la fusion avec ${h.name}`}</span>
              </a>
            ),
          },
        ]}
      />
    </StaffLayout>
  );
}

export function ArchivePage(p: {
  ctx: PageContext;
  household: { id: string; name: string };
  error?: string;
}): JSX.Element {
  const { ctx, household: h } = p;
  const base = `${ctx.base}/gestion/familles/${h.id}`;
  return (
    <StaffLayout
      ctx={ctx}
      title={`Archiver et anonymiser ${h.name}`}
      section="/gestion/familles"
      crumbs={crumbsOf(ctx, 'Archiver', [
        { label: 'Familles', href: `${ctx.base}/gestion/familles` },
        { label: h.name, href: base },
      ])}
    >
      <h1 safe>{`Archiver et anonymiser le foyer ${h.name}`}</h1>
      <p>Cette opération est irréversible :</p>
      <ul>
        <li>noms, adresse, e-mails, téléphones, contacts et données de santé sont effacés ou remplacés ;</li>
        <li>messages, demandes et justificatifs du foyer sont supprimés ;</li>
        <li>les comptes en ligne du foyer ne donnent plus accès au portail ;</li>
        <li>
          les inscriptions sont conservées (anonymes) pour la facturation et les statistiques ; un enfant en
          garde alternée reste dans l’autre foyer.
        </li>
      </ul>
      <form method="post" action={`${base}/archiver`} class="form" novalidate>
        <Csrf token={ctx.csrfToken} />
        <div class={p.error ? 'field field-invalid' : 'field'}>
          <label for="f-confirmation">Pour confirmer, saisissez le nom du foyer</label>
          {p.error ? (
            <p class="field-error" id="f-confirmation-error">
              <span aria-hidden="true">⚠ </span>
              <span safe>{p.error}</span>
            </p>
          ) : (
            ''
          )}
          <input
            id="f-confirmation"
            name="confirmation"
            type="text"
            autocomplete="off"
            maxlength="200"
            aria-invalid={p.error ? 'true' : undefined}
            aria-describedby={p.error ? 'f-confirmation-error' : undefined}
          />
        </div>
        <button type="submit" class="button button-danger">
          Archiver et anonymiser
        </button>
      </form>
    </StaffLayout>
  );
}

/** Actions on a household for managers, above the 360° sections. */
export function HouseholdActions(p: { base: string; householdId: string; archived: boolean }): JSX.Element {
  if (p.archived) return <p class="hint">Foyer archivé : aucune action possible.</p>;
  const href = `${p.base}/gestion/familles/${p.householdId}`;
  return (
    <p class="actions-row">
      <a class="button button-secondary" href={`${href}/fusion`}>
        Fusionner un doublon
      </a>
      <a class="button button-secondary" href={`${href}/archiver`}>
        Archiver et anonymiser
      </a>
    </p>
  );
}
