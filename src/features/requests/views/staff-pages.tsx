import { Csrf, DataTable, ErrorSummary } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { StaffLayout } from '../../../platform/views/nav';
import { ageLabel, frenchDate } from '../../households/domain/age';
import type { FamilyRecord } from '../../households/family-record';
import { ContactsTable } from '../../households/views/family-pages';
import { DiffTable, Facts, PayloadList, RequestStatus } from '../../households/views/parts';
import type { FieldChange } from '../domain/diff';
import type { HouseholdRequest } from '../requests.repository';
import { describeRequest, KIND_LABEL } from '../requests.service';

const fmt = (d: Date) =>
  new Intl.DateTimeFormat('fr-FR', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'Europe/Paris',
  }).format(d);

export const AGE_BANDS = {
  '0-5': { label: 'Moins de 6 ans', min: 0, max: 5 },
  '6-11': { label: '6 à 11 ans', min: 6, max: 11 },
  '12+': { label: '12 ans et plus', min: 12, max: 200 },
} as const;
export type AgeBand = keyof typeof AGE_BANDS;

export interface QueueRow {
  request: HouseholdRequest;
  householdName: string;
  childLabel: string;
}

export function QueuePage(p: {
  ctx: PageContext;
  rows: QueueRow[];
  type: string;
  age: string;
  facility: string;
  facilities: { id: string; name: string }[];
  total: number;
}): JSX.Element {
  const { ctx } = p;
  return (
    <StaffLayout
      ctx={ctx}
      title="Demandes des familles"
      section="/gestion/demandes"
      crumbs={[{ label: 'Accueil gestion', href: `${ctx.base}/gestion` }, { label: 'Demandes' }]}
    >
      <h1>
        Demandes des familles <span class="count" safe>{`(${p.total} en attente)`}</span>
      </h1>
      <form method="get" action={`${ctx.base}/gestion/demandes`} class="filters">
        <div class="field">
          <label for="f-type">Type</label>
          <select id="f-type" name="type">
            <option value="" selected={p.type === ''}>
              Tous
            </option>
            {Object.entries(KIND_LABEL).map(([k, l]) => (
              <option value={k} selected={p.type === k} safe>
                {l}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-facility">Structure (enfant inscrit)</label>
          <select id="f-facility" name="facility">
            <option value="" selected={p.facility === ''}>
              Toutes
            </option>
            {p.facilities.map((f) => (
              <option value={f.id} selected={p.facility === f.id} safe>
                {f.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-age">Âge de l’enfant concerné</label>
          <select id="f-age" name="age">
            <option value="" selected={p.age === ''}>
              Tous
            </option>
            {Object.entries(AGE_BANDS).map(([k, b]) => (
              <option value={k} selected={p.age === k}>
                {b.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button button-secondary">
          Filtrer
        </button>
      </form>
      <p role="status" safe>{`${p.rows.length} demande(s) affichée(s), les plus anciennes d’abord.`}</p>
      <DataTable
        caption="Demandes en attente"
        rows={p.rows}
        empty="Aucune demande en attente."
        columns={[
          { header: 'Reçue le', cell: (r) => <span safe>{fmt(r.request.createdAt)}</span> },
          {
            header: 'Foyer',
            cell: (r) => (
              <a class="cell-link" href={`${ctx.base}/gestion/familles/${r.request.householdId}`} safe>
                {r.householdName}
              </a>
            ),
          },
          {
            header: 'Demande',
            cell: (r) => (
              <a class="cell-link" href={`${ctx.base}/gestion/demandes/${r.request.id}`} safe>
                {KIND_LABEL[r.request.kind] ?? r.request.kind}
              </a>
            ),
          },
          { header: 'Enfant', cell: (r) => <span safe>{r.childLabel || '—'}</span> },
          {
            header: 'Détail',
            cell: (r) => <span safe>{describeRequest(r.request).slice(0, 3).join(' ; ')}</span>,
          },
        ]}
      />
    </StaffLayout>
  );
}

export function RequestPage(p: {
  ctx: PageContext;
  request: HouseholdRequest;
  householdName: string;
  subjectLabel: string;
  errors: Record<string, string>;
  comment: string;
}): JSX.Element {
  const { ctx, request: r } = p;
  const title = `${KIND_LABEL[r.kind] ?? r.kind} · ${p.householdName}`;
  return (
    <StaffLayout
      ctx={ctx}
      title={title}
      section="/gestion/demandes"
      crumbs={[
        { label: 'Accueil gestion', href: `${ctx.base}/gestion` },
        { label: 'Demandes', href: `${ctx.base}/gestion/demandes` },
        { label: title },
      ]}
    >
      <h1 safe>{title}</h1>
      <Facts
        items={[
          ['Reçue le', fmt(r.createdAt)],
          ['Concerne', p.subjectLabel],
          ['Remplace une demande précédente', r.replacesId ? 'Oui' : 'Non'],
        ]}
      />
      <p>
        État : <RequestStatus status={r.status} />
      </p>
      <p>
        <a href={`${ctx.base}/gestion/familles/${r.householdId}`}>Voir le dossier du foyer</a>
      </p>
      {r.kind === 'change' ? (
        <DiffTable changes={(r.changes ?? []) as FieldChange[]} caption="Modifications demandées" />
      ) : (
        <PayloadList r={r} />
      )}
      {r.staffComment ? (
        <p class="staff-comment">
          <strong>Commentaire : </strong>
          <span safe>{r.staffComment}</span>
        </p>
      ) : (
        ''
      )}
      {r.status === 'pending' ? (
        <div class="grid">
          <form method="post" action={`${ctx.base}/gestion/demandes/${r.id}/accepter`} class="card form">
            <Csrf token={ctx.csrfToken} />
            <h2>Accepter</h2>
            <p>La modification est appliquée au dossier et la famille reçoit un e-mail.</p>
            <button type="submit" class="button">
              Accepter la demande
            </button>
          </form>
          <form
            method="post"
            action={`${ctx.base}/gestion/demandes/${r.id}/refuser`}
            class="card form"
            novalidate
          >
            <Csrf token={ctx.csrfToken} />
            <h2>Refuser</h2>
            <ErrorSummary errors={p.errors} />
            <div class={p.errors.comment ? 'field field-invalid' : 'field'}>
              <label for="f-comment">Motif du refus (envoyé à la famille)</label>
              {p.errors.comment ? (
                <p class="field-error" id="f-comment-error">
                  <span aria-hidden="true">⚠ </span>
                  <span safe>{p.errors.comment}</span>
                </p>
              ) : (
                ''
              )}
              <textarea
                id="f-comment"
                name="comment"
                maxlength="1000"
                required
                aria-invalid={p.errors.comment ? 'true' : undefined}
                aria-describedby={p.errors.comment ? 'f-comment-error' : undefined}
                safe
              >
                {p.comment}
              </textarea>
            </div>
            <button type="submit" class="button button-danger">
              Refuser la demande
            </button>
          </form>
        </div>
      ) : (
        ''
      )}
    </StaffLayout>
  );
}

function healthText(c: FamilyRecord['children'][number]): string {
  const h = c.health;
  if (!h) return '—';
  const parts = [
    h.diet && `Régime : ${h.diet}`,
    h.allergies && `Allergies : ${h.allergies}`,
    h.pai && `PAI${h.paiNotes ? ` (${h.paiNotes})` : ''}`,
    h.doctorName && `Médecin : ${h.doctorName} ${h.doctorPhone}`,
  ].filter((x): x is string => typeof x === 'string' && x !== '');
  return parts.length > 0 ? parts.join(' ; ') : '—';
}

export function StaffHouseholdPage(p: {
  ctx: PageContext;
  record: FamilyRecord;
  showHealth: boolean;
  /** Children whose health data this reader may see (need-to-know). */
  healthVisible?: ReadonlySet<string>;
  today: string;
  /** Guardians whose login still waits for a password (managers may resend the link). */
  awaitingActivation?: ReadonlySet<string>;
  /** Actions on the household (merge, archive), under the title. */
  actions?: JSX.Element;
  /** The 360° sections of other features (see backoffice/household-sections.tsx). */
  sections?: JSX.Element;
}): JSX.Element {
  const { ctx, record: r } = p;
  const h = r.household;
  return (
    <StaffLayout
      ctx={ctx}
      title={`Foyer ${h.name}`}
      section="/gestion/familles"
      crumbs={[
        { label: 'Accueil gestion', href: `${ctx.base}/gestion` },
        { label: 'Familles', href: `${ctx.base}/gestion/familles` },
        { label: h.name },
      ]}
    >
      <h1 safe>{`Foyer ${h.name}`}</h1>
      {(p.actions ?? '') as 'safe'}
      {p.awaitingActivation ? (
        // Managers and administrators (directors book from the day view of their facilities).
        <p>
          <a href={`${ctx.base}/gestion/reservations/familles/${h.id}`}>Réserver ou annuler pour ce foyer</a>
        </p>
      ) : (
        ''
      )}
      <Facts
        items={[
          ['Adresse', `${h.addressLine}, ${h.postalCode} ${h.city}`],
          ['Téléphones', [h.phone, h.phone2].filter(Boolean).join(' · ')],
          ['E-mail', h.email],
          ['Allocataire', [h.allocataireRegime, h.allocataireNumber].filter(Boolean).join(' ')],
          ['Quotient familial', h.familyQuotient === null ? '' : String(h.familyQuotient)],
        ]}
      />
      <h2>Responsables légaux</h2>
      <DataTable
        caption="Responsables"
        rows={r.guardians}
        empty="Aucun responsable."
        columns={[
          {
            header: 'Nom',
            cell: (g) => <span safe>{`${g.civility} ${g.firstName} ${g.lastName}`.trim()}</span>,
          },
          {
            header: 'Téléphones',
            cell: (g) => (
              <span safe>{[g.mobilePhone, g.homePhone, g.workPhone].filter(Boolean).join(' · ')}</span>
            ),
          },
          { header: 'E-mail', cell: (g) => <span safe>{g.email}</span> },
          {
            header: 'Profession',
            cell: (g) => <span safe>{[g.profession, g.employer].filter(Boolean).join(' · ')}</span>,
          },
          ...(p.awaitingActivation
            ? [
                {
                  header: 'Espace en ligne',
                  cell: (g: FamilyRecord['guardians'][number]) =>
                    !g.email ? (
                      <span>Pas d’e-mail</span>
                    ) : p.awaitingActivation?.has(g.id) ? (
                      <form
                        method="post"
                        action={`${ctx.base}/gestion/familles/${h.id}/responsables/${g.id}/activation`}
                      >
                        <Csrf token={ctx.csrfToken} />
                        <button type="submit" class="button button-secondary">
                          Renvoyer le lien d'activation
                          <span class="visually-hidden" safe>{` à ${g.firstName} ${g.lastName}`}</span>
                        </button>
                      </form>
                    ) : (
                      <span>Activé</span>
                    ),
                },
              ]
            : []),
        ]}
      />
      <h2>Enfants</h2>
      {p.showHealth ? (
        <p class="hint">
          Informations de santé affichées au titre de votre rôle ; cette consultation est tracée.
        </p>
      ) : (
        <p class="hint">Les informations de santé ne sont pas affichées pour votre rôle ou vos structures.</p>
      )}
      <DataTable
        caption="Enfants"
        rows={r.children}
        empty="Aucun enfant."
        columns={[
          { header: 'Nom', cell: (c) => <span safe>{`${c.firstName} ${c.lastName}`}</span> },
          {
            header: 'Naissance',
            cell: (c) => <span safe>{`${frenchDate(c.birthDate)} (${ageLabel(c.birthDate, p.today)})`}</span>,
          },
          {
            header: 'Classe',
            cell: (c) => <span safe>{[c.school, c.schoolClass].filter(Boolean).join(' · ')}</span>,
          },
          { header: 'Droit à l’image', cell: (c) => <span>{c.imageRights ? 'Oui' : 'Non'}</span> },
          ...(p.showHealth
            ? [
                {
                  header: 'Santé',
                  cell: (c: FamilyRecord['children'][number]) =>
                    !p.healthVisible || p.healthVisible.has(c.id) ? (
                      <span safe>{healthText(c)}</span>
                    ) : (
                      <span>Non accessible : enfant non inscrit dans vos structures</span>
                    ),
                },
              ]
            : []),
        ]}
      />
      <h2>Contacts</h2>
      <ContactsTable
        contacts={r.contacts}
        kids={r.children}
        {...(p.awaitingActivation
          ? {
              hrefOf: (k: FamilyRecord['contacts'][number]) =>
                `${ctx.base}/gestion/familles/${h.id}/contacts/${k.id}`,
            }
          : {})}
      />
      <h2>Demandes</h2>
      <DataTable
        caption="Demandes du foyer"
        rows={r.requests}
        empty="Aucune demande."
        columns={[
          { header: 'Reçue le', cell: (q) => <span safe>{fmt(q.createdAt)}</span> },
          {
            header: 'Demande',
            cell: (q) => (
              <a class="cell-link" href={`${ctx.base}/gestion/demandes/${q.id}`} safe>
                {KIND_LABEL[q.kind] ?? q.kind}
              </a>
            ),
          },
          { header: 'État', cell: (q) => <RequestStatus status={q.status} /> },
        ]}
      />
      {(p.sections ?? '') as 'safe'}
    </StaffLayout>
  );
}
