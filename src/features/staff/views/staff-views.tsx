import { Badge, Csrf, ErrorSummary, Field } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { Layout } from '../../../platform/views/layout';
import { StaffLayout } from '../../../platform/views/nav';
import { ROLE_LABELS, ROLE_VALUES, type Role } from '../domain/roles';
import type { FacilityToday, HomeAlerts } from '../home.service';
import type { StaffMemberRow } from '../staff.repository';
import { CheckboxGroup } from './form-parts';
import { HomeAlertsView, TodayOccupancy } from './home-parts';

export interface QueueCard {
  label: string;
  href: string;
  count: number;
}

export interface Shortcut {
  label: string;
  href: string;
  text: string;
}

export function StaffHomePage(p: {
  ctx: PageContext;
  name: string;
  queues: QueueCard[];
  shortcuts: Shortcut[];
  /** Today's occupancy per facility (null: not shown for these roles). */
  occupancy?: { facilities: FacilityToday[]; showRegister: boolean } | null;
  alerts?: HomeAlerts;
}): JSX.Element {
  const total = p.queues.reduce((s, q) => s + q.count, 0);
  return (
    <StaffLayout ctx={p.ctx} title="Accueil gestion" section="/gestion">
      <h1>
        Bonjour <span safe>{p.name}</span>
      </h1>
      <p class="lead" safe>
        {total === 0
          ? 'Rien ne vous attend pour le moment.'
          : `${total} élément${total > 1 ? 's' : ''} en attente de traitement.`}
      </p>
      <section aria-labelledby="queues-title">
        <h2 id="queues-title">À traiter</h2>
        {p.queues.length === 0 ? (
          <p class="empty">Aucune file de travail pour vos rôles.</p>
        ) : (
          <ul class="grid queue-list">
            {p.queues.map((q) => (
              <li class="card queue-card">
                <a href={q.href} class="queue-link">
                  <span class="queue-count" safe>
                    {String(q.count)}
                  </span>
                  <span class="queue-label" safe>
                    {q.label}
                  </span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
      {p.alerts ? <HomeAlertsView base={p.ctx.base} alerts={p.alerts} /> : ''}
      {p.occupancy ? (
        <TodayOccupancy
          base={p.ctx.base}
          facilities={p.occupancy.facilities}
          showRegister={p.occupancy.showRegister}
        />
      ) : (
        ''
      )}
      {p.shortcuts.length > 0 ? (
        <section aria-labelledby="shortcuts-title">
          <h2 id="shortcuts-title">Raccourcis</h2>
          <ul class="grid shortcut-list">
            {p.shortcuts.map((s) => (
              <li class="card">
                <a href={s.href} safe>
                  {s.label}
                </a>
                <p safe>{s.text}</p>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
    </StaffLayout>
  );
}

export interface InviteForm {
  email: string;
  roles: string[];
  facilityIds: string[];
}

function roleBadges(roles: readonly string[]): JSX.Element {
  return (
    <span class="role-badges">
      {roles.map((r) => (
        <Badge tone={r === 'admin' ? 'info' : 'neutral'}>
          <span safe>{ROLE_LABELS[r as Role] ?? r}</span>
        </Badge>
      ))}
    </span>
  );
}

const roleOptions = ROLE_VALUES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

export function StaffMembersPage(p: {
  ctx: PageContext;
  members: StaffMemberRow[];
  facilities: { id: string; name: string }[];
  invitations: { email: string; roles: Role[]; expiresAt: Date }[];
  form: InviteForm;
  errors: Record<string, string>;
  meId: string;
}): JSX.Element {
  const facilityName = new Map(p.facilities.map((f) => [f.id, f.name]));
  const b = p.ctx.base;
  return (
    <StaffLayout
      ctx={p.ctx}
      title="Agents"
      section="/gestion/agents"
      crumbs={[{ label: 'Accueil gestion', href: `${b}/gestion` }, { label: 'Agents' }]}
    >
      <h1>Agents et rôles</h1>
      <div class="table-wrap">
        <table class="table-reflow">
          <caption safe>{`${p.members.length} agent(s) de la structure`}</caption>
          <thead>
            <tr>
              <th scope="col">Nom</th>
              <th scope="col">Adresse e-mail</th>
              <th scope="col">Rôles</th>
              <th scope="col">Structures</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {p.members.map((m) => (
              <tr>
                <td data-label="Nom">
                  <span safe>{m.userId === p.meId ? `${m.displayName} (vous)` : m.displayName}</span>
                </td>
                <td data-label="Adresse e-mail" safe>
                  {m.email}
                </td>
                <td data-label="Rôles">{roleBadges(m.roles)}</td>
                <td data-label="Structures" safe>
                  {m.facilityIds.map((id) => facilityName.get(id) ?? '?').join(', ') || '—'}
                </td>
                <td data-label="Actions">
                  <a class="tap" href={`${b}/gestion/agents/${m.membershipId}`}>
                    Modifier<span class="visually-hidden" safe>{` ${m.displayName}`}</span>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {p.invitations.length > 0 ? (
        <section aria-labelledby="open-invitations-title">
          <h2 id="open-invitations-title">Invitations en attente de réponse</h2>
          <ul class="open-invitations">
            {p.invitations.map((i) => (
              <li>
                <span safe>{i.email}</span> {roleBadges(i.roles)}{' '}
                <span
                  class="hint"
                  safe
                >{`valable jusqu'au ${i.expiresAt.toLocaleDateString('fr-FR', { timeZone: p.ctx.tenant?.timeZone ?? 'Europe/Paris' })}`}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}

      <section class="card" aria-labelledby="invite-title">
        <h2 id="invite-title">Inviter un agent</h2>
        <p>La personne reçoit un lien valable 7 jours pour rejoindre l'espace de gestion.</p>
        <form method="post" action={`${b}/gestion/agents`} class="form" novalidate>
          <ErrorSummary errors={p.errors} />
          <Csrf token={p.ctx.csrfToken} />
          <Field
            name="email"
            label="Adresse e-mail"
            type="email"
            autocomplete="off"
            required
            maxlength={254}
            value={p.form.email}
            error={p.errors.email}
          />
          <RoleFields form={p.form} errors={p.errors} facilities={p.facilities} />
          <p class="actions">
            <button type="submit" class="button">
              Envoyer l'invitation
            </button>
          </p>
        </form>
      </section>
    </StaffLayout>
  );
}

function RoleFields(p: {
  form: { roles: string[]; facilityIds: string[] };
  errors: Record<string, string>;
  facilities: { id: string; name: string }[];
}): JSX.Element {
  return (
    <>
      <CheckboxGroup
        name="roles"
        legend="Rôles"
        hint="Plusieurs rôles possibles. L'administrateur a tous les droits."
        options={roleOptions}
        checked={p.form.roles}
        error={p.errors.roles}
      />
      <CheckboxGroup
        name="facilityIds"
        legend="Structures (directeurs et animateurs)"
        hint="Obligatoire pour un directeur ou un animateur : il ne voit que ses structures."
        options={p.facilities.map((f) => ({ value: f.id, label: f.name }))}
        checked={p.form.facilityIds}
        error={p.errors.facilityIds}
      />
    </>
  );
}

export function StaffMemberPage(p: {
  ctx: PageContext;
  member: StaffMemberRow;
  facilities: { id: string; name: string }[];
  form: { roles: string[]; facilityIds: string[] };
  errors: Record<string, string>;
  isMe: boolean;
}): JSX.Element {
  const b = p.ctx.base;
  const url = `${b}/gestion/agents/${p.member.membershipId}`;
  return (
    <StaffLayout
      ctx={p.ctx}
      title={`Agent ${p.member.displayName}`}
      section="/gestion/agents"
      crumbs={[
        { label: 'Accueil gestion', href: `${b}/gestion` },
        { label: 'Agents', href: `${b}/gestion/agents` },
        { label: p.member.displayName },
      ]}
    >
      <h1 safe>{p.member.displayName}</h1>
      <p safe>{p.member.email}</p>
      <form method="post" action={url} class="form" novalidate>
        <ErrorSummary errors={p.errors} />
        <Csrf token={p.ctx.csrfToken} />
        <RoleFields form={p.form} errors={p.errors} facilities={p.facilities} />
        <p class="actions">
          <button type="submit" class="button">
            Enregistrer
          </button>
          <a class="button button-secondary" href={`${b}/gestion/agents`}>
            Annuler
          </a>
        </p>
      </form>
      {p.isMe ? (
        ''
      ) : (
        <section class="card" aria-labelledby="remove-title">
          <h2 id="remove-title">Retirer cet agent</h2>
          <p>
            La personne perd l'accès à l'espace de gestion de la structure. Son compte n'est pas supprimé.
          </p>
          <form method="post" action={`${url}/retirer`}>
            <Csrf token={p.ctx.csrfToken} />
            <button type="submit" class="button button-danger">
              Retirer <span safe>{p.member.displayName}</span>
            </button>
          </form>
        </section>
      )}
    </StaffLayout>
  );
}

export function InvitationPage(p: {
  ctx: PageContext;
  action: string;
  email: string;
  roles: Role[];
  existingLogin: boolean;
  form: { displayName: string };
  errors: Record<string, string>;
}): JSX.Element {
  const tenantName = p.ctx.tenant?.name ?? '';
  return (
    <Layout ctx={p.ctx} title="Invitation">
      <h1>Rejoindre l'espace de gestion</h1>
      <p>
        Vous êtes invité(e) à rejoindre l'espace de gestion de <strong safe>{tenantName}</strong> avec
        l'adresse <strong safe>{p.email}</strong> (rôles :{' '}
        <span safe>{p.roles.map((r) => ROLE_LABELS[r]).join(', ')}</span>).
      </p>
      <form method="post" action={p.action} class="form" novalidate>
        <ErrorSummary errors={p.errors} />
        <Csrf token={p.ctx.csrfToken} />
        {p.existingLogin ? (
          <>
            <p>Vous avez déjà un compte Maisonnée : confirmez avec votre mot de passe.</p>
            <Field
              name="password"
              label="Mot de passe actuel"
              type="password"
              autocomplete="current-password"
              required
              maxlength={1000}
              error={p.errors.password}
            />
          </>
        ) : (
          <>
            <Field
              name="displayName"
              label="Prénom et nom"
              autocomplete="name"
              required
              maxlength={120}
              value={p.form.displayName}
              error={p.errors.displayName}
            />
            <Field
              name="password"
              label="Mot de passe"
              type="password"
              autocomplete="new-password"
              hint="8 caractères au moins (12 conseillés), 128 au plus. Une phrase facile à retenir convient bien."
              required
              maxlength={1000}
              error={p.errors.password}
            />
            <Field
              name="passwordConfirm"
              label="Confirmation du mot de passe"
              type="password"
              autocomplete="new-password"
              required
              maxlength={1000}
              error={p.errors.passwordConfirm}
            />
          </>
        )}
        <p class="actions">
          <button type="submit" class="button">
            Accepter l'invitation
          </button>
        </p>
      </form>
    </Layout>
  );
}

export function LinkProblemPage(p: { ctx: PageContext; title: string; text: string }): JSX.Element {
  return (
    <Layout ctx={p.ctx} title={p.title}>
      <h1 safe>{p.title}</h1>
      <p class="lead" safe>
        {p.text}
      </p>
      <p>
        <a class="button" href={p.ctx.tenant ? `${p.ctx.base}/` : '/'}>
          Retour à l'accueil
        </a>
      </p>
    </Layout>
  );
}
