import type { AccessRow } from './world';

/** Administrators of tenant 1 only. POST as anonymous is 401 (no redirect for a form post). */
const adminOnly = (ok: number, method: 'GET' | 'POST'): AccessRow['expect'] => ({
  others: 403,
  anonymous: method === 'GET' ? 303 : 401,
  admin: ok,
});

/** Tenant settings, logo, rules page, audit log viewer, metrics. */
export const settingsAccess: AccessRow[] = [
  {
    method: 'GET',
    route: '/:tenant/gestion/parametres',
    path: (w) => `/${w.t1.slug}/gestion/parametres`,
    expect: adminOnly(200, 'GET'),
  },
  {
    // An invalid form (no side effect): 400 for the administrator.
    method: 'POST',
    route: '/:tenant/gestion/parametres',
    path: (w) => `/${w.t1.slug}/gestion/parametres`,
    form: () => ({ name: 'X', primaryColor: '#ffffff' }),
    expect: adminOnly(400, 'POST'),
  },
  {
    // No file: 400 for the administrator, nothing stored.
    method: 'POST',
    route: '/:tenant/gestion/parametres/logo',
    path: (w) => `/${w.t1.slug}/gestion/parametres/logo`,
    form: () => ({}),
    expect: adminOnly(400, 'POST'),
  },
  {
    // The tenant has no logo: nothing to remove.
    method: 'POST',
    route: '/:tenant/gestion/parametres/logo/supprimer',
    path: (w) => `/${w.t1.slug}/gestion/parametres/logo/supprimer`,
    expect: adminOnly(404, 'POST'),
  },
  { method: 'GET', route: '/:tenant/logo', path: (w) => `/${w.t1.slug}/logo`, expect: { others: 404 } },
  {
    method: 'GET',
    route: '/:tenant/reglement',
    path: (w) => `/${w.t1.slug}/reglement`,
    expect: { others: 200 },
  },
  {
    method: 'GET',
    route: '/:tenant/gestion/journal',
    path: (w) => `/${w.t1.slug}/gestion/journal`,
    expect: adminOnly(200, 'GET'),
  },
  {
    method: 'GET',
    route: '/:tenant/gestion/journal/export.csv',
    path: (w) => `/${w.t1.slug}/gestion/journal/export.csv`,
    expect: adminOnly(200, 'GET'),
  },
  // Without METRICS_TOKEN the endpoint does not exist (the tests run without it).
  { method: 'GET', route: '/metrics', path: () => '/metrics', expect: { others: 404 } },
];
