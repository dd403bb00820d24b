import type { Children } from '@kitajs/html';
import type { PageContext } from './context';
import { type Crumb, Layout } from './layout';

interface NavEntry {
  /** Path under the tenant base, starting with '/'. */
  path: string;
  label: string;
}

/** Sections of the family area. Each feature adds its entry when its pages exist. */
export const FAMILY_NAV: NavEntry[] = [
  { path: '/espace', label: 'Tableau de bord' },
  { path: '/famille', label: 'Ma famille' },
  { path: '/coordonnees', label: 'Coordonnées' },
  { path: '/espace/inscriptions', label: 'Inscriptions' },
  { path: '/reservations', label: 'Réservations' },
  { path: '/reservations/calendrier', label: 'Calendrier' },
  { path: '/mon-compte', label: 'Mon compte' },
  { path: '/documents', label: 'Documents' },
  { path: '/absences', label: 'Absences' },
  { path: '/paiements', label: 'Paiements' },
  { path: '/factures', label: 'Factures' },
  { path: '/prelevement', label: 'Prélèvement' },
  { path: '/messages', label: 'Messages' },
  { path: '/actualites', label: 'Actualités' },
];

/** Sections of the back office. */
export const STAFF_NAV: NavEntry[] = [
  { path: '/gestion', label: 'Accueil gestion' },
  { path: '/gestion/demandes', label: 'Demandes' },
  { path: '/gestion/familles', label: 'Familles' },
  { path: '/gestion/catalogue', label: 'Catalogue' },
  { path: '/gestion/inscriptions', label: 'Inscriptions' },
  { path: '/gestion/reservations', label: 'Réservations' },
  { path: '/gestion/appel', label: 'Appel' },
  { path: '/gestion/comptes-en-attente', label: 'Comptes en attente' },
  { path: '/gestion/agents', label: 'Agents' },
  { path: '/gestion/documents', label: 'Documents' },
  { path: '/gestion/absences', label: 'Absences' },
  { path: '/gestion/facturation', label: 'Facturation' },
  { path: '/gestion/tarifs', label: 'Tarifs' },
  { path: '/gestion/factures', label: 'Factures' },
  { path: '/gestion/paiements', label: 'Paiements' },
  { path: '/gestion/prelevements', label: 'Prélèvements' },
  { path: '/gestion/messages', label: 'Messages' },
  { path: '/gestion/actualites', label: 'Actualités' },
];

function Nav({ ctx, entries, current }: { ctx: PageContext; entries: NavEntry[]; current: string }) {
  return (
    <ul>
      {entries.map((e) => (
        <li>
          <a href={`${ctx.base}${e.path}`} aria-current={e.path === current ? 'page' : undefined} safe>
            {e.label}
          </a>
        </li>
      ))}
    </ul>
  );
}

interface AreaLayoutProps {
  ctx: PageContext;
  title: string;
  /** The nav entry path this page belongs to. */
  section: string;
  crumbs?: Crumb[];
  children?: Children;
}

export function FamilyLayout(p: AreaLayoutProps): JSX.Element {
  return (
    <Layout
      ctx={p.ctx}
      title={p.title}
      crumbs={p.crumbs}
      nav={<Nav ctx={p.ctx} entries={FAMILY_NAV} current={p.section} />}
    >
      {p.children}
    </Layout>
  );
}

export function StaffLayout(p: AreaLayoutProps): JSX.Element {
  return (
    <Layout
      ctx={p.ctx}
      title={p.title}
      crumbs={p.crumbs}
      nav={<Nav ctx={p.ctx} entries={STAFF_NAV} current={p.section} />}
    >
      {p.children}
    </Layout>
  );
}
