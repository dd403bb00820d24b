import { Badge, Csrf, ErrorSummary, type Tone } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { FamilyLayout } from '../../../platform/views/nav';
import { FileField, Select } from '../../messaging/views/fields';
import { formatDateTime, formatDay } from '../../news/domain/time';
import type { FileKind, TENANT_DOCUMENT_CATEGORIES } from '../documents.schema';
import type { DocumentRequest } from '../documents.service';
import type { DocumentState } from '../domain/document-state';
import { KIND_LABEL } from '../uploads';

export const STATE_LABEL: Record<DocumentState, { text: string; tone: Tone }> = {
  missing: { text: 'À fournir', tone: 'warning' },
  pending: { text: 'En cours de vérification', tone: 'info' },
  accepted: { text: 'Accepté', tone: 'success' },
  refused: { text: 'Refusé', tone: 'danger' },
  expired: { text: 'Expiré', tone: 'danger' },
  expiring_soon: { text: 'Expire bientôt', tone: 'warning' },
};

export function StateBadge({ state }: { state: DocumentState }) {
  const s = STATE_LABEL[state];
  return (
    <Badge tone={s.tone}>
      <span safe>{s.text}</span>
    </Badge>
  );
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} o`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} Ko`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} Mo`;
}

const kindLabel = (k: string) => KIND_LABEL[k as FileKind] ?? k;

export function FamilyDocumentsPage(p: {
  ctx: PageContext;
  requests: DocumentRequest[];
  files: { id: string; originalName: string; kind: string; sizeBytes: number; createdAt: Date }[];
}) {
  const { ctx } = p;
  const tz = ctx.tenant!.timeZone;
  const groups = new Map<string, DocumentRequest[]>();
  for (const r of p.requests) groups.set(r.subjectLabel, [...(groups.get(r.subjectLabel) ?? []), r]);
  return (
    <FamilyLayout
      ctx={ctx}
      title="Mes documents"
      section="/documents"
      crumbs={[{ label: 'Tableau de bord', href: `${ctx.base}/espace` }, { label: 'Mes documents' }]}
    >
      <h1>Mes documents</h1>
      <p class="lead">
        Les pièces justificatives demandées par le service, pour votre foyer et chacun de ses membres. Formats
        acceptés : PDF ou photo (JPEG, PNG, HEIC), 10 Mo au plus.
      </p>
      {p.requests.length === 0 ? <p class="empty">Aucun document n’est demandé pour l’instant.</p> : ''}
      {[...groups.entries()].map(([label, list]) => (
        <section class="card" aria-labelledby={`g-${list[0]!.pour}`}>
          <h2 id={`g-${list[0]!.pour}`} safe>
            {label}
          </h2>
          <ul class="item-list">
            {list.map((r) => (
              <li class="item doc-request">
                <div class="item-main">
                  <span class="item-title" safe>
                    {r.type.name}
                  </span>
                  <StateBadge state={r.state.state} />
                </div>
                {r.type.description ? (
                  <p class="meta" safe>
                    {r.type.description}
                  </p>
                ) : (
                  ''
                )}
                {r.state.validUntil ? (
                  <p class="meta">
                    <span safe>
                      {r.state.state === 'expired'
                        ? `Expiré depuis le ${formatDay(r.state.validUntil)}`
                        : `Valable jusqu’au ${formatDay(r.state.validUntil)}`}
                    </span>
                  </p>
                ) : (
                  ''
                )}
                {r.type.mandatoryFor.length > 0 ? (
                  <p class="meta">
                    <span safe>{`Obligatoire pour : ${r.type.mandatoryFor.join(', ')}`}</span>
                  </p>
                ) : (
                  ''
                )}
                {r.state.state === 'refused' ? (
                  <p class="refusal">
                    <strong>Motif du refus : </strong>
                    <span safe>{r.state.refusalReason ?? ''}</span>
                  </p>
                ) : (
                  ''
                )}
                {r.state.state !== 'pending' ? (
                  <a
                    class="button button-small button-secondary"
                    href={`${ctx.base}/documents/deposer?type=${r.type.id}&pour=${r.pour}`}
                  >
                    {r.state.state === 'missing' ? 'Déposer' : 'Déposer une nouvelle version'}
                    <span class="visually-hidden" safe>{` : ${r.type.name}, ${r.subjectLabel}`}</span>
                  </a>
                ) : (
                  ''
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <section class="card" aria-labelledby="storage-title">
        <h2 id="storage-title">Mon espace de stockage</h2>
        <p>Les fichiers que vous avez déposés. Vous pouvez réutiliser un fichier pour une autre demande.</p>
        {p.files.length === 0 ? (
          <p class="empty">Aucun fichier pour l’instant.</p>
        ) : (
          <ul class="attachments">
            {p.files.map((f) => (
              <li>
                <a href={`${ctx.base}/documents/fichiers/${f.id}`}>
                  <span safe>{f.originalName}</span>
                  <span class="meta" safe>
                    {` (${kindLabel(f.kind)}, ${formatSize(f.sizeBytes)}, déposé le ${formatDateTime(f.createdAt, tz)})`}
                  </span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
      <p>
        <a href={`${ctx.base}/documents-structure`}>
          Documents de la structure (règlements, menus, programmes…)
        </a>
      </p>
    </FamilyLayout>
  );
}

export function UploadPage(p: {
  ctx: PageContext;
  typeId: string;
  typeName: string;
  subjectLabel: string;
  pour: string;
  accepted: string[];
  files: { id: string; originalName: string; kind: string }[];
  errors: Record<string, string>;
}) {
  const { ctx, errors } = p;
  const title = `Déposer : ${p.typeName}`;
  const accept = p.accepted
    .map(
      (k) =>
        ({
          pdf: '.pdf,application/pdf',
          jpeg: '.jpg,.jpeg,image/jpeg',
          png: '.png,image/png',
          heic: '.heic,image/heic',
        })[k] ?? '',
    )
    .join(',');
  const reusable = p.files.filter((f) => p.accepted.includes(f.kind));
  return (
    <FamilyLayout
      ctx={ctx}
      title={title}
      section="/documents"
      crumbs={[
        { label: 'Tableau de bord', href: `${ctx.base}/espace` },
        { label: 'Mes documents', href: `${ctx.base}/documents` },
        { label: title },
      ]}
    >
      <h1 safe>{title}</h1>
      <p class="lead" safe>{`Pour : ${p.subjectLabel}`}</p>
      <ErrorSummary errors={errors} />
      <section class="card" aria-labelledby="upload-title">
        <h2 id="upload-title">Envoyer un fichier</h2>
        <form
          method="post"
          action={`${ctx.base}/documents/deposer`}
          enctype="multipart/form-data"
          class="form"
          novalidate
        >
          <Csrf token={ctx.csrfToken} />
          <input type="hidden" name="type" value={p.typeId} />
          <input type="hidden" name="pour" value={p.pour} />
          <FileField
            name="file"
            label="Fichier"
            hint={`Formats acceptés : ${p.accepted.map(kindLabel).join(', ')} ; 10 Mo au plus.`}
            error={errors.file}
            required
            accept={accept}
          />
          <p class="actions">
            <button type="submit" class="button">
              Envoyer le document
            </button>
            <a class="button button-secondary" href={`${ctx.base}/documents`}>
              Annuler
            </a>
          </p>
        </form>
      </section>
      {reusable.length > 0 ? (
        <section class="card" aria-labelledby="reuse-title">
          <h2 id="reuse-title">Ou réutiliser un fichier de mon espace</h2>
          <form method="post" action={`${ctx.base}/documents/reutiliser`} class="form">
            <Csrf token={ctx.csrfToken} />
            <input type="hidden" name="type" value={p.typeId} />
            <input type="hidden" name="pour" value={p.pour} />
            <Select
              name="fileId"
              label="Fichier déjà déposé"
              error={errors.fileId}
              required
              options={reusable.map((f) => ({ value: f.id, label: f.originalName }))}
            />
            <button type="submit" class="button button-secondary">
              Utiliser ce fichier
            </button>
          </form>
        </section>
      ) : (
        ''
      )}
    </FamilyLayout>
  );
}

export const CATEGORY_LABEL: Record<(typeof TENANT_DOCUMENT_CATEGORIES)[number], string> = {
  reglement: 'Règlement',
  menu: 'Menu',
  programme: 'Programme',
  formulaire: 'Formulaire',
  autre: 'Autre',
};

export interface TenantDocRow {
  id: string;
  title: string;
  category: string;
  facilityName: string | null;
  kind: string;
  sizeBytes: number;
}

export function TenantDocList({
  ctx,
  rows,
  hrefBase,
}: {
  ctx: PageContext;
  rows: TenantDocRow[];
  hrefBase: string;
}) {
  void ctx;
  const groups = new Map<string, TenantDocRow[]>();
  for (const r of rows) {
    const k = r.facilityName ?? 'Tous les équipements';
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  if (rows.length === 0) return <p class="empty">Aucun document publié pour l’instant.</p>;
  return (
    <>
      {[...groups.entries()].map(([facility, list]) => (
        <section class="card">
          <h2 safe>{facility}</h2>
          <ul class="attachments">
            {list.map((d) => (
              <li>
                <a href={`${hrefBase}/${d.id}`}>
                  <span safe>{d.title}</span>
                  <span class="meta" safe>
                    {` (${CATEGORY_LABEL[d.category as keyof typeof CATEGORY_LABEL] ?? d.category}, ${kindLabel(d.kind)}, ${formatSize(d.sizeBytes)})`}
                  </span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

export function FamilyTenantDocumentsPage({ ctx, rows }: { ctx: PageContext; rows: TenantDocRow[] }) {
  return (
    <FamilyLayout
      ctx={ctx}
      title="Documents de la structure"
      section="/documents"
      crumbs={[
        { label: 'Tableau de bord', href: `${ctx.base}/espace` },
        { label: 'Mes documents', href: `${ctx.base}/documents` },
        { label: 'Documents de la structure' },
      ]}
    >
      <h1>Documents de la structure</h1>
      <p class="lead">Règlements, menus, programmes et formulaires, à télécharger.</p>
      <TenantDocList ctx={ctx} rows={rows} hrefBase={`${ctx.base}/documents-structure`} />
    </FamilyLayout>
  );
}
