import { Badge, Csrf, ErrorSummary, Field } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { Layout } from '../../../platform/views/layout';
import { SelectField } from '../../staff/views/form-parts';
import type { Tenant } from '../../tenants/tenants.schema';
import { EMPTY_USAGE, type TenantUsage } from '../operator.service';

/** 1 234 octets, 12,3 Ko, 4,5 Mo, 1,2 Go (French units, powers of 1024). */
export function formatBytes(n: number): string {
  const units = ['octets', 'Ko', 'Mo', 'Go', 'To'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? String(v) : v.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} ${units[i]}`;
}

const lastSignIn = (u: TenantUsage): string => (u.lastSignInAt ? fmtInstant(u.lastSignInAt) : 'jamais');

const fmtInstant = (d: Date) =>
  new Intl.DateTimeFormat('fr-FR', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'Europe/Paris',
  }).format(d);

export function OperatorSignInPage(p: {
  ctx: PageContext;
  email: string;
  errors: Record<string, string>;
}): JSX.Element {
  return (
    <Layout ctx={p.ctx} title="Connexion opérateur">
      <h1>Connexion de l'opérateur de la plateforme</h1>
      <form method="post" action="/operateur/connexion" class="form" novalidate>
        <ErrorSummary errors={p.errors} />
        <Csrf token={p.ctx.csrfToken} />
        <Field
          name="email"
          label="Adresse e-mail"
          type="email"
          autocomplete="username"
          required
          maxlength={254}
          value={p.email}
          error={p.errors.email}
        />
        <Field
          name="password"
          label="Mot de passe"
          type="password"
          autocomplete="current-password"
          required
          maxlength={1000}
          error={p.errors.password}
        />
        <p class="actions">
          <button type="submit" class="button">
            Se connecter
          </button>
        </p>
      </form>
    </Layout>
  );
}

export interface TenantForm {
  slug: string;
  name: string;
  legalName: string;
  siret: string;
  contactEmail: string;
  schoolZone: string;
  holidayRegion: string;
}

export const EMPTY_TENANT_FORM: TenantForm = {
  slug: '',
  name: '',
  legalName: '',
  siret: '',
  contactEmail: '',
  schoolZone: 'B',
  holidayRegion: 'metropole',
};

export function OperatorHomePage(p: {
  ctx: PageContext;
  tenants: Tenant[];
  usage: Map<string, TenantUsage>;
  form: TenantForm;
  errors: Record<string, string>;
  /** Errors of one tenant's administrator invitation, shown next to its form. */
  inviteErrors?: { tenantId: string; email: string; errors: Record<string, string> };
}): JSX.Element {
  return (
    <Layout ctx={p.ctx} title="Opérateur de la plateforme">
      <h1>Structures de la plateforme</h1>
      <div class="table-wrap">
        <table class="table-reflow">
          <caption safe>{`${p.tenants.length} structure(s)`}</caption>
          <thead>
            <tr>
              <th scope="col">Structure</th>
              <th scope="col">État</th>
              <th scope="col" class="num">
                Foyers
              </th>
              <th scope="col" class="num">
                Enfants
              </th>
              <th scope="col" class="num">
                Agents
              </th>
              <th scope="col" class="num">
                Sessions actives
              </th>
              <th scope="col" class="num">
                Fichiers
              </th>
              <th scope="col">Dernière connexion</th>
            </tr>
          </thead>
          <tbody>
            {p.tenants.map((t) => {
              const u = p.usage.get(t.id) ?? EMPTY_USAGE;
              return (
                <tr>
                  <td data-label="Structure">
                    <span class="cell-block">
                      <a class="tap" href={`/${t.slug}/`} safe>
                        {t.name}
                      </a>
                      <span class="hint cell-line" safe>{`/${t.slug} · SIRET ${t.siret}`}</span>
                    </span>
                  </td>
                  <td data-label="État">
                    {t.status === 'active' ? (
                      <Badge tone="success">Active</Badge>
                    ) : (
                      <Badge tone="warning">Suspendue</Badge>
                    )}
                  </td>
                  <td data-label="Foyers" class="num" safe>
                    {String(u.households)}
                  </td>
                  <td data-label="Enfants" class="num" safe>
                    {String(u.children)}
                  </td>
                  <td data-label="Agents" class="num" safe>
                    {String(u.staff)}
                  </td>
                  <td data-label="Sessions actives" class="num" safe>
                    {String(u.activeSessions)}
                  </td>
                  <td data-label="Fichiers" class="num" safe>
                    {formatBytes(u.fileBytes)}
                  </td>
                  <td data-label="Dernière connexion" safe>
                    {lastSignIn(u)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <h2>Gérer une structure</h2>
      {p.tenants.map((t) => {
        const inv = p.inviteErrors?.tenantId === t.id ? p.inviteErrors : undefined;
        return (
          <section class="card operator-tenant" aria-labelledby={`t-${t.id}`}>
            <h3 id={`t-${t.id}`} safe>
              {t.name}
            </h3>
            <form method="post" action={`/operateur/structures/${t.id}/statut`} class="inline-form">
              <Csrf token={p.ctx.csrfToken} />
              <input type="hidden" name="status" value={t.status === 'active' ? 'suspended' : 'active'} />
              <button
                type="submit"
                class={t.status === 'active' ? 'button button-danger' : 'button button-secondary'}
              >
                {t.status === 'active' ? 'Suspendre' : 'Réactiver'}
                <span class="visually-hidden" safe>{` ${t.name}`}</span>
              </button>
            </form>
            <form
              method="post"
              action={`/operateur/structures/${t.id}/administrateur`}
              class="form"
              novalidate
            >
              {inv ? <ErrorSummary errors={inv.errors} /> : ''}
              <Csrf token={p.ctx.csrfToken} />
              <div class={inv?.errors.email ? 'field field-invalid' : 'field'}>
                <label for={`admin-${t.id}`}>Inviter un administrateur (adresse e-mail)</label>
                {inv?.errors.email ? (
                  <p class="field-error" id={`admin-${t.id}-error`}>
                    <span aria-hidden="true">⚠ </span>
                    <span safe>{inv.errors.email}</span>
                  </p>
                ) : (
                  ''
                )}
                <input
                  id={`admin-${t.id}`}
                  name="email"
                  type="email"
                  maxlength={254}
                  required
                  value={inv?.email ?? ''}
                  aria-invalid={inv?.errors.email ? 'true' : undefined}
                  aria-describedby={inv?.errors.email ? `admin-${t.id}-error` : undefined}
                />
              </div>
              <button type="submit" class="button">
                Envoyer l'invitation<span class="visually-hidden" safe>{` (${t.name})`}</span>
              </button>
            </form>
          </section>
        );
      })}

      <section class="card" aria-labelledby="create-title">
        <h2 id="create-title">Créer une structure</h2>
        <form method="post" action="/operateur/structures" class="form" novalidate>
          <ErrorSummary errors={p.errors} />
          <Csrf token={p.ctx.csrfToken} />
          <Field
            name="slug"
            label="Identifiant dans l'adresse"
            hint="Lettres minuscules sans accent, chiffres et tirets ; exemple : ville-de-brest"
            required
            maxlength={41}
            value={p.form.slug}
            error={p.errors.slug}
          />
          <Field
            name="name"
            label="Nom affiché"
            required
            maxlength={120}
            value={p.form.name}
            error={p.errors.name}
          />
          <Field
            name="legalName"
            label="Raison sociale"
            required
            maxlength={200}
            value={p.form.legalName}
            error={p.errors.legalName}
          />
          <Field
            name="siret"
            label="SIRET"
            hint="14 chiffres"
            inputmode="numeric"
            required
            maxlength={20}
            value={p.form.siret}
            error={p.errors.siret}
          />
          <Field
            name="contactEmail"
            label="Adresse e-mail de contact"
            type="email"
            required
            maxlength={254}
            value={p.form.contactEmail}
            error={p.errors.contactEmail}
          />
          <SelectField
            name="schoolZone"
            label="Zone de vacances scolaires"
            options={[
              { value: 'A', label: 'Zone A' },
              { value: 'B', label: 'Zone B' },
              { value: 'C', label: 'Zone C' },
            ]}
            value={p.form.schoolZone}
            error={p.errors.schoolZone}
          />
          <SelectField
            name="holidayRegion"
            label="Jours fériés"
            options={[
              { value: 'metropole', label: 'Métropole' },
              { value: 'alsace-moselle', label: 'Alsace-Moselle' },
              { value: 'monaco', label: 'Monaco' },
            ]}
            value={p.form.holidayRegion}
            error={p.errors.holidayRegion}
          />
          <p class="actions">
            <button type="submit" class="button">
              Créer la structure
            </button>
          </p>
        </form>
      </section>
    </Layout>
  );
}
