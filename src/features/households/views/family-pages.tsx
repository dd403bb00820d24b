import { Csrf, DataTable, ErrorSummary, Field } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { FAMILY_NAV, FamilyLayout } from '../../../platform/views/nav';
import {
  displayValue,
  FIELD_BY_KEY,
  type FieldDef,
  fieldsOf,
  modeOf,
  QF_SOURCES,
} from '../../requests/domain/field-policy';
import type { HouseholdRequest } from '../../requests/requests.repository';
import { describeRequest, KIND_LABEL } from '../../requests/requests.service';
import type { DashboardItem } from '../dashboard';
import { ageLabel, frenchDate } from '../domain/age';
import type { FamilyRecord, PendingMap } from '../family-record';
import type { Child, ChildHealth, Contact, Guardian, Household } from '../households.repository';
import { Facts, PolicyField, RequestStatus } from './parts';

const crumbsFamily = (ctx: PageContext, label: string, extra: { label: string; href?: string }[] = []) => [
  { label: 'Tableau de bord', href: `${ctx.base}/espace` },
  ...extra,
  { label },
];

const fmtInstant = (d: Date) =>
  new Intl.DateTimeFormat('fr-FR', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'Europe/Paris',
  }).format(d);

function RequestList({ requests }: { requests: HouseholdRequest[] }): JSX.Element {
  if (requests.length === 0) return <p class="empty">Aucune demande pour le moment.</p>;
  return (
    <ul class="request-list">
      {requests.map((r) => (
        <li class="request-item">
          <p class="request-head">
            <strong safe>{KIND_LABEL[r.kind] ?? r.kind}</strong>
            {' · '}
            <span safe>{`du ${fmtInstant(r.createdAt)}`}</span> <RequestStatus status={r.status} />
          </p>
          <ul class="request-lines">
            {describeRequest(r).map((l) => (
              <li safe>{l}</li>
            ))}
          </ul>
          {r.replacesId ? (
            <p class="hint">Cette demande remplace une demande précédente sur les mêmes champs.</p>
          ) : (
            ''
          )}
          {r.status === 'replaced' ? (
            <p class="hint">Remplacée par une demande plus récente sur les mêmes champs.</p>
          ) : (
            ''
          )}
          {r.staffComment ? (
            <p class="staff-comment">
              <strong>Commentaire du service : </strong>
              <span safe>{r.staffComment}</span>
            </p>
          ) : (
            ''
          )}
        </li>
      ))}
    </ul>
  );
}

export function DashboardPage(p: {
  ctx: PageContext;
  household: Household;
  items: DashboardItem[];
  requests: HouseholdRequest[];
}): JSX.Element {
  const { ctx, household: h } = p;
  const t = ctx.tenant!;
  return (
    <FamilyLayout ctx={ctx} title="Tableau de bord" section="/espace">
      <h1>
        Tableau de bord · foyer <span safe>{h.name}</span>
      </h1>
      {h.status === 'pending' ? (
        <div class="notice notice-warning" role="status">
          <strong>Votre compte est en attente de validation.</strong> Le service vérifie votre dossier ; vous
          pourrez réserver dès sa validation.
        </div>
      ) : (
        ''
      )}
      <section class="card" aria-labelledby="todo-title">
        <h2 id="todo-title">À faire</h2>
        {p.items.length === 0 ? (
          <p class="empty">Rien à signaler pour le moment.</p>
        ) : (
          <ul class="todo-list">
            {p.items.map((i) => (
              <li class={`todo todo-${i.tone}`}>
                <span aria-hidden="true" safe>
                  {i.icon}
                </span>{' '}
                <a class="cell-link" href={i.href} safe>
                  {i.title}
                </a>
                <span class="hint" safe>
                  {` ${i.text}`}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="card" aria-labelledby="requests-title">
        <h2 id="requests-title">Mes dernières demandes</h2>
        <RequestList requests={p.requests} />
      </section>
      <div class="grid">
        <section class="card" aria-labelledby="home-title">
          <h2 id="home-title">Mon foyer</h2>
          <p class="address" safe>
            {h.addressLine}
          </p>
          <p safe>{`${h.postalCode} ${h.city}`.trim()}</p>
          <p>
            <a href={`${ctx.base}/coordonnees`}>Voir ou modifier mes coordonnées</a>
          </p>
        </section>
        <nav class="card" aria-labelledby="shortcuts-title">
          <h2 id="shortcuts-title">Raccourcis</h2>
          <ul class="shortcuts">
            {FAMILY_NAV.filter((e) => e.path !== '/espace').map((e) => (
              <li>
                <a class="button button-secondary" href={`${ctx.base}${e.path}`} safe>
                  {e.label}
                </a>
              </li>
            ))}
            <li>
              <a class="button button-secondary" href={`${ctx.base}/mes-donnees`}>
                Mes données
              </a>
            </li>
          </ul>
        </nav>
        <section class="card" aria-labelledby="contact-title">
          <h2 id="contact-title">Contacter le service</h2>
          <p safe>{t.name}</p>
          <p safe>{t.address}</p>
          <p>
            <a href={`mailto:${t.contactEmail}`} safe>
              {t.contactEmail}
            </a>
          </p>
          {t.contactPhone ? (
            <p>
              <a href={`tel:${t.contactPhone.replace(/\s/g, '')}`} safe>
                {t.contactPhone}
              </a>
            </p>
          ) : (
            ''
          )}
        </section>
      </div>
    </FamilyLayout>
  );
}

export function FamilyPage(p: { ctx: PageContext; record: FamilyRecord; today: string }): JSX.Element {
  const { ctx, record: r } = p;
  return (
    <FamilyLayout ctx={ctx} title="Ma famille" section="/famille" crumbs={crumbsFamily(ctx, 'Ma famille')}>
      <h1>Ma famille</h1>
      <section aria-labelledby="guardians-title">
        <h2 id="guardians-title">Responsables légaux</h2>
        <ul class="member-list">
          {r.guardians.map((g) => (
            <li class="card">
              <h3>
                <a href={`${ctx.base}/famille/responsables/${g.id}`} safe>
                  {`${g.civility ? `${g.civility} ` : ''}${g.firstName} ${g.lastName}`}
                </a>
              </h3>
              <p safe>{[g.mobilePhone, g.email].filter(Boolean).join(' · ')}</p>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="children-title">
        <h2 id="children-title">Enfants</h2>
        <ul class="member-list">
          {r.children.map((c) => (
            <li class="card">
              <h3>
                <a href={`${ctx.base}/famille/enfants/${c.id}`} safe>
                  {`${c.firstName} ${c.lastName}`}
                </a>
              </h3>
              <p safe>{`${ageLabel(c.birthDate, p.today)} · né(e) le ${frenchDate(c.birthDate)}`}</p>
              <p safe>{[c.school, c.schoolClass].filter(Boolean).join(' · ')}</p>
            </li>
          ))}
        </ul>
        <p>
          <a class="button" href={`${ctx.base}/famille/enfants/nouveau`}>
            Ajouter un enfant
          </a>
        </p>
      </section>
      <section aria-labelledby="contacts-title">
        <h2 id="contacts-title">Contacts</h2>
        <ContactsTable
          contacts={r.contacts}
          kids={r.children}
          hrefOf={(c) => `${ctx.base}/famille/contacts/${c.id}`}
        />
        <p>
          <a class="button" href={`${ctx.base}/famille/contacts/nouveau`}>
            Ajouter un contact
          </a>
        </p>
      </section>
    </FamilyLayout>
  );
}

export function ContactsTable(p: {
  contacts: Contact[];
  kids: Child[];
  /** The contact's page (edit / remove), when the reader may change it. */
  hrefOf?: (c: Contact) => string;
}): JSX.Element {
  const yes = (b: boolean): 'Oui' | 'Non' => (b ? 'Oui' : 'Non');
  const forWhom = (c: Contact) =>
    c.childIds.length === 0
      ? 'Tous les enfants'
      : p.kids
          .filter((k) => c.childIds.includes(k.id))
          .map((k) => k.firstName)
          .join(', ') || '—';
  return (
    <DataTable
      caption="Personnes à contacter"
      rows={p.contacts}
      empty="Aucun contact enregistré."
      columns={[
        {
          header: 'Nom',
          cell: (c) =>
            p.hrefOf ? (
              <a class="cell-link" href={p.hrefOf(c)} safe>
                {c.name}
              </a>
            ) : (
              <span safe>{c.name}</span>
            ),
        },
        { header: 'Lien', cell: (c) => <span safe>{c.relation || '—'}</span> },
        {
          header: 'Téléphones',
          cell: (c) => <span safe>{[c.mobilePhone, c.otherPhone].filter(Boolean).join(' · ') || '—'}</span>,
        },
        { header: 'Peut venir chercher', cell: (c) => <span>{yes(c.mayPickUp)}</span> },
        { header: 'Urgence', cell: (c) => <span>{yes(c.emergency)}</span> },
        { header: 'Pour', cell: (c) => <span safe>{forWhom(c)}</span> },
      ]}
    />
  );
}

/** A record form: every field of the entity following the tenant's policy. */
export function RecordForm(p: {
  ctx: PageContext;
  action: string;
  defs: FieldDef[];
  values: Record<string, string>;
  overrides: ReadonlyMap<string, string>;
  errors: Record<string, string>;
  pending: Map<string, string | null> | undefined;
  submit: string;
  legend: string;
}): JSX.Element {
  return (
    <form method="post" action={p.action} class="form" novalidate>
      <Csrf token={p.ctx.csrfToken} />
      <ErrorSummary errors={p.errors} />
      <fieldset>
        <legend safe>{p.legend}</legend>
        {p.defs.map((d) => (
          <PolicyField
            def={d}
            mode={modeOf(d.key, p.overrides)}
            value={p.values[d.key] ?? ''}
            error={p.errors[d.column]}
            pending={p.pending?.has(d.key) ? (p.pending.get(d.key) ?? null) : undefined}
          />
        ))}
      </fieldset>
      <p class="hint">
        Les changements signalés « soumis à validation » deviennent une demande traitée par le service ; les
        autres s’appliquent immédiatement. Une nouvelle demande sur un même champ remplace la précédente.
      </p>
      <button type="submit" class="button" safe>
        {p.submit}
      </button>
    </form>
  );
}

export const formValues = (defs: FieldDef[], row: Record<string, unknown>): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const d of defs) {
    const v = row[d.column];
    out[d.key] = v === null || v === undefined ? '' : typeof v === 'boolean' ? String(v) : String(v);
  }
  return out;
};

export function CoordinatesPage(p: {
  ctx: PageContext;
  record: FamilyRecord;
  values: Record<string, string>;
  errors: Record<string, string>;
  pending: PendingMap;
}): JSX.Element {
  const { ctx, record: r } = p;
  const h = r.household;
  const defs = fieldsOf('household');
  return (
    <FamilyLayout
      ctx={ctx}
      title="Coordonnées"
      section="/coordonnees"
      crumbs={crumbsFamily(ctx, 'Coordonnées')}
    >
      <h1>Coordonnées</h1>
      <section class="card" aria-labelledby="qf-title">
        <h2 id="qf-title">Quotient familial</h2>
        <Facts
          items={[
            ['Valeur actuelle', h.familyQuotient === null ? 'Non renseigné' : String(h.familyQuotient)],
            ['Valable à partir du', h.qfValidFrom ? frenchDate(h.qfValidFrom) : '—'],
            ['Source', h.qfSource ? (QF_SOURCES[h.qfSource as keyof typeof QF_SOURCES] ?? h.qfSource) : '—'],
          ]}
        />
        <DataTable
          caption="Historique du quotient familial"
          rows={r.quotients}
          empty="Aucun historique."
          columns={[
            { header: 'À partir du', cell: (q) => <span safe>{frenchDate(q.validFrom)}</span> },
            { header: 'Quotient', numeric: true, cell: (q) => <span safe>{String(q.value)}</span> },
            {
              header: 'Source',
              cell: (q) => <span safe>{QF_SOURCES[q.source as keyof typeof QF_SOURCES] ?? q.source}</span>,
            },
          ]}
        />
      </section>
      <RecordForm
        ctx={ctx}
        action={`${ctx.base}/coordonnees`}
        defs={defs}
        values={p.values}
        overrides={r.overrides}
        errors={p.errors}
        pending={p.pending.get(`household:${h.id}`)}
        submit="Enregistrer mes coordonnées"
        legend="Adresse, téléphones, e-mail, allocataire, situations"
      />
    </FamilyLayout>
  );
}

export function GuardianPage(p: {
  ctx: PageContext;
  guardian: Guardian;
  overrides: ReadonlyMap<string, string>;
  values: Record<string, string>;
  errors: Record<string, string>;
  pending: Map<string, string | null> | undefined;
}): JSX.Element {
  const { ctx, guardian: g } = p;
  const name = `${g.firstName} ${g.lastName}`;
  return (
    <FamilyLayout
      ctx={ctx}
      title={name}
      section="/famille"
      crumbs={crumbsFamily(ctx, name, [{ label: 'Ma famille', href: `${ctx.base}/famille` }])}
    >
      <h1 safe>{name}</h1>
      <RecordForm
        ctx={ctx}
        action={`${ctx.base}/famille/responsables/${g.id}`}
        defs={fieldsOf('guardian')}
        values={p.values}
        overrides={p.overrides}
        errors={p.errors}
        pending={p.pending}
        submit="Enregistrer"
        legend="Identité, téléphones, e-mail, employeur, profession"
      />
    </FamilyLayout>
  );
}

/** A contact of the household: edit (per the field policy) or ask staff to remove it. */
export function ContactPage(p: {
  ctx: PageContext;
  contact: Contact;
  overrides: ReadonlyMap<string, string>;
  values: Record<string, string>;
  errors: Record<string, string>;
  pending: Map<string, string | null> | undefined;
  removalPending: boolean;
}): JSX.Element {
  const { ctx, contact: c } = p;
  return (
    <FamilyLayout
      ctx={ctx}
      title={c.name}
      section="/famille"
      crumbs={crumbsFamily(ctx, c.name, [{ label: 'Ma famille', href: `${ctx.base}/famille` }])}
    >
      <h1 safe>{`Contact : ${c.name}`}</h1>
      <RecordForm
        ctx={ctx}
        action={`${ctx.base}/famille/contacts/${c.id}`}
        defs={fieldsOf('contact')}
        values={p.values}
        overrides={p.overrides}
        errors={p.errors}
        pending={p.pending}
        submit="Enregistrer"
        legend="Nom, lien, téléphones, autorisations"
      />
      <h2>Retirer ce contact</h2>
      {p.removalPending ? (
        <p class="hint hint-pending">Demande de retrait en attente de validation par le service.</p>
      ) : (
        <form method="post" action={`${ctx.base}/famille/contacts/${c.id}/supprimer`} class="form">
          <Csrf token={ctx.csrfToken} />
          <p>
            Le retrait d’une personne de confiance est validé par le service ; elle reste enregistrée
            jusque-là.
          </p>
          <button type="submit" class="button button-danger">
            Demander le retrait de ce contact
          </button>
        </form>
      )}
    </FamilyLayout>
  );
}

export function ChildPage(p: {
  ctx: PageContext;
  child: Child;
  health: ChildHealth;
  today: string;
  pickUp: Contact[];
  otherHouseholds: { id: string; name: string }[];
  overrides: ReadonlyMap<string, string>;
  values: Record<string, string>;
  healthValues: Record<string, string>;
  errors: Record<string, string>;
  healthErrors: Record<string, string>;
  pending: PendingMap;
}): JSX.Element {
  const { ctx, child: c } = p;
  const name = `${c.firstName} ${c.lastName}`;
  return (
    <FamilyLayout
      ctx={ctx}
      title={name}
      section="/famille"
      crumbs={crumbsFamily(ctx, name, [{ label: 'Ma famille', href: `${ctx.base}/famille` }])}
    >
      <h1 safe>{name}</h1>
      <Facts
        items={[
          ['Âge', ageLabel(c.birthDate, p.today)],
          ['Date de naissance', frenchDate(c.birthDate)],
          ['Sexe', displayValue(FIELD_BY_KEY.get('child.sex'), c.sex)],
          [
            'Garde',
            p.otherHouseholds.length > 1
              ? `Garde partagée : ${p.otherHouseholds.map((h) => h.name).join(', ')}`
              : 'Un seul foyer',
          ],
        ]}
      />
      <div class="grid grid-wide">
        <section aria-labelledby="child-form-title">
          <h2 id="child-form-title">Identité, scolarité et autorisations</h2>
          <RecordForm
            ctx={ctx}
            action={`${ctx.base}/famille/enfants/${c.id}`}
            defs={fieldsOf('child')}
            values={p.values}
            overrides={p.overrides}
            errors={p.errors}
            pending={p.pending.get(`child:${c.id}`)}
            submit="Enregistrer"
            legend="Identité et scolarité"
          />
        </section>
        <section aria-labelledby="health-form-title">
          <h2 id="health-form-title">Santé</h2>
          <p class="hint">
            Ces informations ne sont vues que par les personnes qui en ont besoin (direction, gestionnaires) ;
            chaque consultation est tracée.
          </p>
          <RecordForm
            ctx={ctx}
            action={`${ctx.base}/famille/enfants/${c.id}/sante`}
            defs={fieldsOf('childHealth')}
            values={p.healthValues}
            overrides={p.overrides}
            errors={p.healthErrors}
            pending={p.pending.get(`childHealth:${c.id}`)}
            submit="Enregistrer les informations de santé"
            legend="Régime, allergies, PAI, médecin"
          />
        </section>
      </div>
      <section aria-labelledby="pickup-title">
        <h2 id="pickup-title">Personnes autorisées à venir chercher l’enfant</h2>
        {p.pickUp.length === 0 ? (
          <p class="empty">Aucune personne autorisée en dehors des responsables légaux.</p>
        ) : (
          <ul>
            {p.pickUp.map((k) => (
              <li
                safe
              >{`${k.name}${k.relation ? ` (${k.relation})` : ''} · ${k.mobilePhone || k.otherPhone}`}</li>
            ))}
          </ul>
        )}
      </section>
    </FamilyLayout>
  );
}

export function AddChildPage(p: {
  ctx: PageContext;
  values: Record<string, string>;
  errors: Record<string, string>;
}): JSX.Element {
  const { ctx, values: v, errors: e } = p;
  return (
    <FamilyLayout
      ctx={ctx}
      title="Ajouter un enfant"
      section="/famille"
      crumbs={crumbsFamily(ctx, 'Ajouter un enfant', [{ label: 'Ma famille', href: `${ctx.base}/famille` }])}
    >
      <h1>Ajouter un enfant</h1>
      <p>Votre demande sera vérifiée par le service avant que l’enfant apparaisse dans votre dossier.</p>
      <form method="post" action={`${ctx.base}/famille/enfants/nouveau`} class="form" novalidate>
        <Csrf token={ctx.csrfToken} />
        <ErrorSummary errors={e} />
        <Field
          name="firstName"
          label="Prénom"
          value={v.firstName}
          error={e.firstName}
          required
          maxlength={100}
        />
        <Field name="lastName" label="Nom" value={v.lastName} error={e.lastName} required maxlength={100} />
        <Field
          name="birthDate"
          label="Date de naissance"
          type="date"
          value={v.birthDate}
          error={e.birthDate}
          required
        />
        <fieldset class={e.sex ? 'field field-invalid' : 'field'} id="f-sex" tabindex="-1">
          <legend>
            Sexe{' '}
            <span class="required" aria-hidden="true">
              *
            </span>
          </legend>
          {e.sex ? (
            <p class="field-error">
              <span aria-hidden="true">⚠ </span>
              <span safe>{e.sex}</span>
            </p>
          ) : (
            ''
          )}
          <div class="checkbox">
            <input type="radio" id="f-sex-f" name="sex" value="F" checked={v.sex === 'F'} />
            <label for="f-sex-f">Fille</label>
          </div>
          <div class="checkbox">
            <input type="radio" id="f-sex-m" name="sex" value="M" checked={v.sex === 'M'} />
            <label for="f-sex-m">Garçon</label>
          </div>
        </fieldset>
        <Field name="school" label="École" value={v.school} error={e.school} />
        <Field name="schoolClass" label="Classe" value={v.schoolClass} error={e.schoolClass} maxlength={20} />
        <Field name="diet" label="Régime alimentaire" value={v.diet} error={e.diet} />
        <Field name="allergies" label="Allergies" value={v.allergies} error={e.allergies} maxlength={500} />
        <button type="submit" class="button">
          Envoyer la demande
        </button>
      </form>
    </FamilyLayout>
  );
}

export function AddContactPage(p: {
  ctx: PageContext;
  values: Record<string, string>;
  errors: Record<string, string>;
  kids: Child[];
  checked: string[];
}): JSX.Element {
  const { ctx, values: v, errors: e } = p;
  return (
    <FamilyLayout
      ctx={ctx}
      title="Ajouter un contact"
      section="/famille"
      crumbs={crumbsFamily(ctx, 'Ajouter un contact', [{ label: 'Ma famille', href: `${ctx.base}/famille` }])}
    >
      <h1>Ajouter un contact</h1>
      <p>Une personne à appeler en cas d’urgence ou autorisée à venir chercher vos enfants.</p>
      <form method="post" action={`${ctx.base}/famille/contacts/nouveau`} class="form" novalidate>
        <Csrf token={ctx.csrfToken} />
        <ErrorSummary errors={e} />
        <Field name="name" label="Nom et prénom" value={v.name} error={e.name} required />
        <Field
          name="relation"
          label="Lien avec l’enfant (grand-mère, voisin…)"
          value={v.relation}
          error={e.relation}
          maxlength={100}
        />
        <Field
          name="mobilePhone"
          label="Téléphone mobile"
          type="tel"
          value={v.mobilePhone}
          error={e.mobilePhone}
          autocomplete="off"
          maxlength={20}
        />
        <Field
          name="otherPhone"
          label="Autre téléphone"
          type="tel"
          value={v.otherPhone}
          error={e.otherPhone}
          autocomplete="off"
          maxlength={20}
        />
        <div class="checkbox">
          <input
            type="checkbox"
            id="f-mayPickUp"
            name="mayPickUp"
            value="true"
            checked={v.mayPickUp === 'true'}
          />
          <label for="f-mayPickUp">Peut venir chercher les enfants</label>
        </div>
        <div class="checkbox">
          <input
            type="checkbox"
            id="f-emergency"
            name="emergency"
            value="true"
            checked={v.emergency === 'true'}
          />
          <label for="f-emergency">À appeler en cas d’urgence</label>
        </div>
        {p.kids.length > 1 ? (
          <fieldset class="field" id="f-childIds">
            <legend>Pour quels enfants ? (aucun coché : tous)</legend>
            {p.kids.map((k) => (
              <div class="checkbox">
                <input
                  type="checkbox"
                  id={`f-child-${k.id}`}
                  name="childIds"
                  value={k.id}
                  checked={p.checked.includes(k.id)}
                />
                <label for={`f-child-${k.id}`} safe>
                  {`${k.firstName} ${k.lastName}`}
                </label>
              </div>
            ))}
          </fieldset>
        ) : (
          ''
        )}
        <button type="submit" class="button">
          Envoyer la demande
        </button>
      </form>
    </FamilyLayout>
  );
}

export function MyDataPage({ ctx }: { ctx: PageContext }): JSX.Element {
  return (
    <FamilyLayout
      ctx={ctx}
      title="Mes données"
      section="/mes-donnees"
      crumbs={crumbsFamily(ctx, 'Mes données')}
    >
      <h1>Mes données</h1>
      <p>
        Conformément au RGPD, vous pouvez télécharger tout ce que le portail conserve sur votre foyer :
        responsables, enfants (y compris les informations de santé), contacts, coordonnées, quotient familial
        et demandes.
      </p>
      <ul class="shortcuts">
        <li>
          <a class="button" href={`${ctx.base}/mes-donnees/export.pdf`}>
            Télécharger (PDF lisible)
          </a>
        </li>
        <li>
          <a class="button button-secondary" href={`${ctx.base}/mes-donnees/export.json`}>
            Télécharger (JSON, réutilisable)
          </a>
        </li>
      </ul>
      <p>
        Pour corriger vos données, utilisez <a href={`${ctx.base}/famille`}>Ma famille</a> et{' '}
        <a href={`${ctx.base}/coordonnees`}>Coordonnées</a>. Pour toute autre demande (effacement,
        opposition), contactez le service :{' '}
        <a href={`mailto:${ctx.tenant!.contactEmail}`} safe>
          {ctx.tenant!.contactEmail}
        </a>
        .
      </p>
    </FamilyLayout>
  );
}
