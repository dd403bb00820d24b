import type { AccessRow } from './world';

const NOPE = '00000000-0000-4000-8000-000000000000';

/** Any staff role of tenant 1 sees it; families and other tenants' staff are refused. */
const anyStaff = (ok = 200): AccessRow['expect'] => ({
  others: 403,
  anonymous: 303,
  admin: ok,
  manager: ok,
  director: ok,
  animator: ok,
  accountant: ok,
});
/** Administrators of tenant 1 only. POST as anonymous is 401 (no redirect for a form post). */
const adminOnly = (ok: number, method: 'GET' | 'POST'): AccessRow['expect'] => ({
  others: 403,
  anonymous: method === 'GET' ? 303 : 401,
  admin: ok,
});
const reviewers = (ok: number, method: 'GET' | 'POST'): AccessRow['expect'] => ({
  others: 403,
  anonymous: method === 'GET' ? 303 : 401,
  admin: ok,
  manager: ok,
});
const operatorOnly = (ok: number, method: 'GET' | 'POST'): AccessRow['expect'] => ({
  others: 403,
  anonymous: method === 'GET' ? 303 : 401,
  operator: ok,
});

export const staffAccess: AccessRow[] = [
  // Back-office home and staff members (forms that fail validation or target no row: no side effect).
  { method: 'GET', route: '/:tenant/gestion', path: (w) => `/${w.t1.slug}/gestion`, expect: anyStaff() },
  {
    method: 'GET',
    route: '/:tenant/gestion/agents',
    path: (w) => `/${w.t1.slug}/gestion/agents`,
    expect: adminOnly(200, 'GET'),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/agents',
    path: (w) => `/${w.t1.slug}/gestion/agents`,
    form: () => ({ email: 'pas-une-adresse', roles: 'manager' }),
    expect: adminOnly(400, 'POST'),
  },
  {
    method: 'GET',
    route: '/:tenant/gestion/agents/:membershipId',
    path: (w) => `/${w.t1.slug}/gestion/agents/${NOPE}`,
    expect: adminOnly(404, 'GET'),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/agents/:membershipId',
    path: (w) => `/${w.t1.slug}/gestion/agents/${NOPE}`,
    form: () => ({ roles: 'manager' }),
    expect: adminOnly(404, 'POST'),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/agents/:membershipId/retirer',
    path: (w) => `/${w.t1.slug}/gestion/agents/${NOPE}`.concat('/retirer'),
    expect: adminOnly(404, 'POST'),
  },
  // Invitation links: an unknown token is 404 for everyone.
  {
    method: 'GET',
    route: '/:tenant/invitation/:token',
    path: (w) => `/${w.t1.slug}/invitation/jeton-inconnu-0123456789`,
    expect: { others: 404 },
  },
  {
    method: 'POST',
    route: '/:tenant/invitation/:token',
    path: (w) => `/${w.t1.slug}/invitation/jeton-inconnu-0123456789`,
    form: () => ({ password: 'x' }),
    expect: { others: 404 },
  },

  // Pending sign-ups queue (managers and administrators).
  {
    method: 'GET',
    route: '/:tenant/gestion/comptes-en-attente',
    path: (w) => `/${w.t1.slug}/gestion/comptes-en-attente`,
    expect: reviewers(200, 'GET'),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/comptes-en-attente/:householdId/accepter',
    path: (w) => `/${w.t1.slug}/gestion/comptes-en-attente/${NOPE}/accepter`,
    expect: reviewers(404, 'POST'),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/comptes-en-attente/:householdId/refuser',
    path: (w) => `/${w.t1.slug}/gestion/comptes-en-attente/${NOPE}/refuser`,
    form: () => ({ comment: '' }),
    expect: reviewers(404, 'POST'),
  },

  // Sign-up wizard: without a draft every step sends back to the start; unknown links are 404.
  {
    method: 'GET',
    route: '/:tenant/inscription',
    path: (w) => `/${w.t1.slug}/inscription`,
    expect: { others: 200 },
  },
  ...(['foyer', 'responsables', 'enfants', 'recapitulatif'] as const).flatMap((step): AccessRow[] => [
    {
      method: 'GET',
      route: `/:tenant/inscription/${step}`,
      path: (w) => `/${w.t1.slug}/inscription/${step}`,
      expect: { others: 303 },
    },
    {
      method: 'POST',
      route: `/:tenant/inscription/${step}`,
      path: (w) => `/${w.t1.slug}/inscription/${step}`,
      expect: { others: 303 },
    },
  ]),
  {
    method: 'GET',
    route: '/:tenant/inscription/verification/:token',
    path: (w) => `/${w.t1.slug}/inscription/verification/jeton-inconnu-0123456789`,
    expect: { others: 404 },
  },
  {
    method: 'POST',
    route: '/:tenant/inscription/verification/:token',
    path: (w) => `/${w.t1.slug}/inscription/verification/jeton-inconnu-0123456789`,
    expect: { others: 404 },
  },
  // Starting a draft (last of the wizard rows: it gives the client a draft cookie).
  {
    method: 'POST',
    route: '/:tenant/inscription',
    path: (w) => `/${w.t1.slug}/inscription`,
    expect: { others: 303 },
  },

  // Platform operator area.
  { method: 'GET', route: '/operateur', path: () => '/operateur', expect: operatorOnly(200, 'GET') },
  {
    method: 'GET',
    route: '/operateur/connexion',
    path: () => '/operateur/connexion',
    expect: { others: 200 },
  },
  {
    method: 'POST',
    route: '/operateur/connexion',
    path: () => '/operateur/connexion',
    form: () => ({ email: 'inconnu@exemple.test', password: 'mauvais mot de passe' }),
    expect: { others: 400 },
  },
  {
    method: 'POST',
    route: '/operateur/structures',
    path: () => '/operateur/structures',
    form: () => ({ slug: 'Pas Valide' }),
    expect: operatorOnly(400, 'POST'),
  },
  {
    method: 'POST',
    route: '/operateur/structures/:id/statut',
    path: () => `/operateur/structures/${NOPE}/statut`,
    form: () => ({ status: 'suspended' }),
    expect: operatorOnly(404, 'POST'),
  },
  {
    method: 'POST',
    route: '/operateur/structures/:id/administrateur',
    path: () => `/operateur/structures/${NOPE}/administrateur`,
    form: () => ({ email: 'admin@exemple.test' }),
    expect: operatorOnly(404, 'POST'),
  },
];

/** Sign-out rows end the sessions of the matrix's clients: keep them at the very end of ACCESS_ROWS. */
export const staffSignOutAccess: AccessRow[] = [
  {
    method: 'POST',
    route: '/operateur/deconnexion',
    path: () => '/operateur/deconnexion',
    expect: { others: 303 },
  },
];
