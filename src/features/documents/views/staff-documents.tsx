import { Badge, Csrf, ErrorSummary, Field } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { StaffLayout } from '../../../platform/views/nav';
import { FileField, Select, TextArea } from '../../messaging/views/fields';
import { formatDateTime, formatDay } from '../../news/domain/time';
import { type DocumentType, FILE_KINDS, type FileKind } from '../documents.schema';
import { KIND_LABEL } from '../uploads';
import { CATEGORY_LABEL, formatSize, TenantDocList, type TenantDocRow } from './family-documents';

const SCOPE_LABEL: Record<string, string> = {
  household: 'Le foyer',
  child: 'Chaque enfant',
  guardian: 'Chaque responsable légal',
};

const staffCrumbs = (ctx: PageContext, last: string, mid?: { label: string; href: string }) => [
  { label: 'Accueil gestion', href: `${ctx.base}/gestion` },
  ...(mid ? [mid] : []),
  { label: last },
];

function DocTabs({ ctx, current }: { ctx: PageContext; current: string }) {
  const tabs = [
    { path: '/gestion/documents', label: 'À examiner' },
    { path: '/gestion/documents/types', label: 'Types de documents' },
    { path: '/gestion/documents-structure', label: 'Documents de la structure' },
  ];
  return (
    <nav class="sub-nav" aria-label="Documents">
      <ul>
        {tabs.map((t) => (
          <li>
            <a href={`${ctx.base}${t.path}`} aria-current={t.path === current ? 'page' : undefined}>
              <span safe>{t.label}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export interface QueueRow {
  id: string;
  submittedAt: Date;
  typeName: string;
  householdName: string;
  subject: string | null;
}

export function ReviewQueuePage({ ctx, rows }: { ctx: PageContext; rows: QueueRow[] }) {
  const tz = ctx.tenant!.timeZone;
  return (
    <StaffLayout
      ctx={ctx}
      title="Documents à examiner"
      section="/gestion/documents"
      crumbs={staffCrumbs(ctx, 'Documents')}
    >
      <h1>Documents à examiner</h1>
      <DocTabs ctx={ctx} current="/gestion/documents" />
      <p id="queue-count" safe>
        {rows.length === 0
          ? 'Aucun document en attente.'
          : `${rows.length} document(s) en attente, les plus anciens d’abord.`}
      </p>
      {rows.length > 0 ? (
        <ul class="item-list">
          {rows.map((r) => (
            <li class="item">
              <div class="item-main">
                <a class="item-title" href={`${ctx.base}/gestion/documents/${r.id}`} safe>
                  {`${r.typeName} · foyer ${r.householdName}`}
                </a>
              </div>
              <p class="meta">
                <span safe>{String(r.subject ? `Pour ${r.subject} · ` : 'Pour le foyer · ')}</span>
                <span safe>{`déposé le ${formatDateTime(r.submittedAt, tz)}`}</span>
              </p>
            </li>
          ))}
        </ul>
      ) : (
        ''
      )}
    </StaffLayout>
  );
}

export function ReviewPage(p: {
  ctx: PageContext;
  submission: {
    id: string;
    status: string;
    submittedAt: Date;
    refusalReason: string | null;
    validUntil: string | null;
  };
  typeName: string;
  householdName: string;
  subject: string | null;
  file: { originalName: string; kind: string; sizeBytes: number };
  errors: Record<string, string>;
  values: Record<string, string>;
}) {
  const { ctx, submission: s, file } = p;
  const tz = ctx.tenant!.timeZone;
  const base = `${ctx.base}/gestion/documents/${s.id}`;
  const title = `${p.typeName} · foyer ${p.householdName}`;
  return (
    <StaffLayout
      ctx={ctx}
      title={title}
      section="/gestion/documents"
      crumbs={staffCrumbs(ctx, p.typeName, { label: 'Documents', href: `${ctx.base}/gestion/documents` })}
    >
      <h1 safe>{title}</h1>
      <p class="meta">
        <span safe>{String(p.subject ? `Pour ${p.subject}` : 'Pour le foyer')}</span>
        <span safe>{` · déposé le ${formatDateTime(s.submittedAt, tz)} · ${file.originalName}`}</span>
        <span
          safe
        >{` (${KIND_LABEL[file.kind as FileKind] ?? file.kind}, ${formatSize(file.sizeBytes)})`}</span>
      </p>
      <section class="card preview" aria-labelledby="preview-title">
        <h2 id="preview-title">Aperçu</h2>
        {file.kind === 'png' || file.kind === 'jpeg' ? (
          <img src={`${base}/apercu`} alt={`Aperçu du document déposé : ${p.typeName}`} class="doc-preview" />
        ) : (
          <p>
            {file.kind === 'pdf'
              ? 'Les PDF ne sont pas affichés dans la page, par sécurité : téléchargez-le pour le lire.'
              : 'Ce format (HEIC) ne s’affiche pas dans le navigateur : téléchargez-le.'}
          </p>
        )}
        <p>
          <a class="button button-secondary" href={`${base}/fichier`}>
            Télécharger le fichier
          </a>
        </p>
      </section>
      {s.status === 'pending' ? (
        <div class="grid">
          <section class="card" aria-labelledby="accept-title">
            <h2 id="accept-title">Accepter</h2>
            <form method="post" action={`${base}/accepter`}>
              <Csrf token={ctx.csrfToken} />
              <button type="submit" class="button">
                Accepter le document
              </button>
            </form>
          </section>
          <section class="card" aria-labelledby="refuse-title">
            <h2 id="refuse-title">Refuser</h2>
            <ErrorSummary errors={p.errors} />
            <form method="post" action={`${base}/refuser`} novalidate>
              <Csrf token={ctx.csrfToken} />
              <TextArea
                name="reason"
                label="Motif du refus"
                hint="La famille le verra et le recevra par courriel."
                value={p.values.reason}
                error={p.errors.reason}
                required
                maxlength={500}
                rows={3}
              />
              <button type="submit" class="button button-danger">
                Refuser le document
              </button>
            </form>
          </section>
        </div>
      ) : (
        <p>
          <Badge tone={s.status === 'accepted' ? 'success' : 'neutral'}>
            {s.status === 'accepted' ? 'Accepté' : s.status === 'refused' ? 'Refusé' : 'Remplacé'}
          </Badge>{' '}
          {s.refusalReason ? <span safe>{`Motif : ${s.refusalReason}`}</span> : ''}
          {s.validUntil ? <span safe>{`Valable jusqu’au ${formatDay(s.validUntil)}`}</span> : ''}
        </p>
      )}
    </StaffLayout>
  );
}

function validityText(t: DocumentType): string {
  if (t.validityKind === 'fixed_date' && t.validUntil) return `jusqu’au ${formatDay(t.validUntil)}`;
  if (t.validityKind === 'months') return `${t.validityMonths} mois`;
  return 'sans limite';
}

export function TypesPage(p: {
  ctx: PageContext;
  types: DocumentType[];
  editing: string | null;
  values: Record<string, string | string[]>;
  errors: Record<string, string>;
}) {
  const { ctx } = p;
  const v = (k: string) => {
    const x = p.values[k];
    return Array.isArray(x) ? x[0] : x;
  };
  const kinds = [p.values.acceptedKinds ?? []].flat();
  const action = p.editing
    ? `${ctx.base}/gestion/documents/types/${p.editing}`
    : `${ctx.base}/gestion/documents/types`;
  const formTitle = p.editing ? 'Modifier le type de document' : 'Nouveau type de document';
  return (
    <StaffLayout
      ctx={ctx}
      title="Types de documents"
      section="/gestion/documents"
      crumbs={staffCrumbs(ctx, 'Types de documents', {
        label: 'Documents',
        href: `${ctx.base}/gestion/documents`,
      })}
    >
      <h1>Types de documents</h1>
      <DocTabs ctx={ctx} current="/gestion/documents/types" />
      {p.types.length === 0 ? (
        <p class="empty">Aucun type de document.</p>
      ) : (
        <ul class="item-list">
          {p.types.map((t) => (
            <li class="item">
              <div class="item-main">
                <a class="item-title" href={`${ctx.base}/gestion/documents/types/${t.id}`} safe>
                  {t.name}
                </a>
                {t.active ? '' : <Badge tone="neutral">Désactivé</Badge>}
              </div>
              <p class="meta">
                <span safe>{`${SCOPE_LABEL[t.scope] ?? t.scope} · validité ${validityText(t)}`}</span>
                <span
                  safe
                >{` · ${t.acceptedKinds.map((k) => KIND_LABEL[k as FileKind] ?? k).join(', ')}`}</span>
                <span safe>
                  {String(
                    t.mandatoryFor.length > 0 ? ` · obligatoire pour ${t.mandatoryFor.join(', ')}` : '',
                  )}
                </span>
              </p>
            </li>
          ))}
        </ul>
      )}
      <section class="card" aria-labelledby="type-form-title">
        <h2 id="type-form-title">{formTitle}</h2>
        <ErrorSummary errors={p.errors} />
        <form method="post" action={action} class="form" novalidate>
          <Csrf token={ctx.csrfToken} />
          <Field name="name" label="Nom" value={v('name')} error={p.errors.name} required maxlength={100} />
          <TextArea
            name="description"
            label="Explication pour les familles"
            value={v('description')}
            error={p.errors.description}
            maxlength={500}
            rows={3}
          />
          <Select
            name="scope"
            label="Demandé pour"
            value={v('scope')}
            error={p.errors.scope}
            required
            options={Object.entries(SCOPE_LABEL).map(([value, label]) => ({ value, label }))}
          />
          <TextArea
            name="mandatoryFor"
            label="Obligatoire pour les activités"
            hint="Une activité par ligne (ex. Mercredis). Laissez vide si le document n’est jamais obligatoire."
            value={v('mandatoryFor')}
            error={p.errors.mandatoryFor}
            rows={3}
          />
          <Select
            name="validityKind"
            label="Validité"
            value={v('validityKind') ?? 'none'}
            error={p.errors.validityKind}
            required
            options={[
              { value: 'none', label: 'Sans limite' },
              { value: 'fixed_date', label: 'Jusqu’à une date' },
              { value: 'months', label: 'Un nombre de mois après acceptation' },
            ]}
          />
          <Field
            name="validUntil"
            type="date"
            label="Date de fin (si « jusqu’à une date »)"
            value={v('validUntil')}
            error={p.errors.validUntil}
          />
          <Field
            name="validityMonths"
            type="number"
            inputmode="numeric"
            label="Nombre de mois (si « nombre de mois »)"
            value={v('validityMonths')}
            error={p.errors.validityMonths}
          />
          <Field
            name="reminderDays"
            type="number"
            inputmode="numeric"
            label="Rappel aux familles, jours avant l’échéance"
            value={v('reminderDays') ?? '30'}
            error={p.errors.reminderDays}
          />
          <fieldset class={p.errors.acceptedKinds ? 'field field-invalid' : 'field'} id="f-acceptedKinds">
            <legend>Formats acceptés</legend>
            {p.errors.acceptedKinds ? (
              <p class="field-error">
                <span aria-hidden="true">⚠ </span>
                <span safe>{p.errors.acceptedKinds}</span>
              </p>
            ) : (
              ''
            )}
            {FILE_KINDS.map((k) => (
              <div class="checkbox">
                <input
                  type="checkbox"
                  id={`f-kind-${k}`}
                  name="acceptedKinds"
                  value={k}
                  checked={kinds.includes(k)}
                />
                <label for={`f-kind-${k}`} safe>
                  {KIND_LABEL[k]}
                </label>
              </div>
            ))}
          </fieldset>
          <div class="checkbox">
            <input type="checkbox" id="f-active" name="active" value="1" checked={v('active') === '1'} />
            <label for="f-active">Demandé aux familles (actif)</label>
          </div>
          <p class="actions">
            <button type="submit" class="button">
              Enregistrer
            </button>
            {p.editing ? (
              <a class="button button-secondary" href={`${ctx.base}/gestion/documents/types`}>
                Annuler
              </a>
            ) : (
              ''
            )}
          </p>
        </form>
      </section>
    </StaffLayout>
  );
}

export function StaffTenantDocumentsPage(p: {
  ctx: PageContext;
  rows: TenantDocRow[];
  facilities: { id: string; name: string }[];
  values: Record<string, string>;
  errors: Record<string, string>;
}) {
  const { ctx } = p;
  return (
    <StaffLayout
      ctx={ctx}
      title="Documents de la structure"
      section="/gestion/documents"
      crumbs={staffCrumbs(ctx, 'Documents de la structure', {
        label: 'Documents',
        href: `${ctx.base}/gestion/documents`,
      })}
    >
      <h1>Documents de la structure</h1>
      <DocTabs ctx={ctx} current="/gestion/documents-structure" />
      <TenantDocList ctx={ctx} rows={p.rows} hrefBase={`${ctx.base}/documents-structure`} />
      {p.rows.length > 0 ? (
        <section class="card" aria-labelledby="del-title">
          <h2 id="del-title">Retirer un document</h2>
          <ul class="item-list">
            {p.rows.map((d) => (
              <li class="item">
                <form
                  method="post"
                  action={`${ctx.base}/gestion/documents-structure/${d.id}/supprimer`}
                  data-confirm="Retirer ce document ?"
                  class="inline-tool"
                >
                  <Csrf token={ctx.csrfToken} />
                  <span safe>{d.title}</span>
                  <button type="submit" class="button button-small button-danger">
                    Retirer
                    <span class="visually-hidden" safe>{` : ${d.title}`}</span>
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      <section class="card" aria-labelledby="add-title">
        <h2 id="add-title">Publier un document</h2>
        <ErrorSummary errors={p.errors} />
        <form
          method="post"
          action={`${ctx.base}/gestion/documents-structure`}
          enctype="multipart/form-data"
          class="form"
          novalidate
        >
          <Csrf token={ctx.csrfToken} />
          <Field
            name="title"
            label="Titre"
            value={p.values.title}
            error={p.errors.title}
            required
            maxlength={150}
          />
          <Select
            name="category"
            label="Catégorie"
            value={p.values.category}
            error={p.errors.category}
            required
            options={Object.entries(CATEGORY_LABEL).map(([value, label]) => ({ value, label }))}
          />
          <Select
            name="facilityId"
            label="Équipement"
            value={p.values.facilityId}
            error={p.errors.facilityId}
            placeholder="Tous les équipements"
            options={p.facilities.map((f) => ({ value: f.id, label: f.name }))}
          />
          <FileField
            name="file"
            label="Fichier"
            hint="PDF, JPEG, PNG ou HEIC, 10 Mo au plus."
            error={p.errors.file}
            required
            accept=".pdf,.jpg,.jpeg,.png,.heic"
          />
          <button type="submit" class="button">
            Publier
          </button>
        </form>
      </section>
    </StaffLayout>
  );
}
