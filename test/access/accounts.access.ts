import type { AccessRow } from './world';

const DUMMY_TOKEN = 'x'.repeat(43);

/** "Mon compte": members of tenant 1 (families and staff); logins of elsewhere get 404. */
const memberPage = (ok: number, staffOnly = false): AccessRow['expect'] => ({
  others: ok,
  anonymous: 303,
  familyA: staffOnly ? 403 : ok,
  familyB: staffOnly ? 403 : ok,
  familyC: 404,
  staffOther: 404,
  operator: 404,
});
const memberPost = (ok: number, who: 'all' | 'staff' | 'family' = 'all'): AccessRow['expect'] => ({
  others: who === 'family' ? 403 : ok,
  anonymous: 401,
  familyA: who === 'staff' ? 403 : ok,
  familyB: who === 'staff' ? 403 : ok,
  familyC: 404,
  staffOther: 404,
  operator: 404,
});

export const accountsAccess: AccessRow[] = [
  {
    method: 'GET',
    route: '/:tenant/connexion',
    path: (w) => `/${w.t1.slug}/connexion`,
    expect: { others: 200 },
  },
  {
    method: 'POST',
    route: '/:tenant/connexion',
    path: (w) => `/${w.t1.slug}/connexion`,
    // No password: refused by the form schema (400) without counting a failure against the test IP.
    form: () => ({ email: 'personne@exemple.test', password: '' }),
    expect: { others: 400 },
  },
  {
    method: 'GET',
    route: '/:tenant/connexion/code',
    path: (w) => `/${w.t1.slug}/connexion/code`,
    expect: { others: 303 },
  },
  {
    method: 'POST',
    route: '/:tenant/connexion/code',
    path: (w) => `/${w.t1.slug}/connexion/code`,
    form: () => ({ code: '123456' }),
    expect: { others: 303 },
  },
  {
    method: 'GET',
    route: '/:tenant/activation/:token',
    path: (w) => `/${w.t1.slug}/activation/${DUMMY_TOKEN}`,
    expect: { others: 404 },
  },
  {
    method: 'POST',
    route: '/:tenant/activation/:token',
    path: (w) => `/${w.t1.slug}/activation/${DUMMY_TOKEN}`,
    form: () => ({ password: 'une phrase assez longue', confirmation: 'une phrase assez longue' }),
    expect: { others: 404 },
  },
  {
    method: 'GET',
    route: '/:tenant/mot-de-passe-oublie',
    path: (w) => `/${w.t1.slug}/mot-de-passe-oublie`,
    expect: { others: 200 },
  },
  {
    method: 'POST',
    route: '/:tenant/mot-de-passe-oublie',
    path: (w) => `/${w.t1.slug}/mot-de-passe-oublie`,
    form: () => ({ email: '' }),
    expect: { others: 400 },
  },
  {
    method: 'GET',
    route: '/:tenant/reinitialisation/:token',
    path: (w) => `/${w.t1.slug}/reinitialisation/${DUMMY_TOKEN}`,
    expect: { others: 404 },
  },
  {
    method: 'POST',
    route: '/:tenant/reinitialisation/:token',
    path: (w) => `/${w.t1.slug}/reinitialisation/${DUMMY_TOKEN}`,
    form: () => ({ password: 'une phrase assez longue', confirmation: 'une phrase assez longue' }),
    expect: { others: 404 },
  },
  {
    method: 'GET',
    route: '/:tenant/changement-email/:token',
    path: (w) => `/${w.t1.slug}/changement-email/${DUMMY_TOKEN}`,
    expect: { others: 404 },
  },
  {
    method: 'POST',
    route: '/:tenant/changement-email/:token',
    path: (w) => `/${w.t1.slug}/changement-email/${DUMMY_TOKEN}`,
    expect: { others: 404 },
  },
  {
    method: 'GET',
    route: '/:tenant/mon-compte',
    path: (w) => `/${w.t1.slug}/mon-compte`,
    expect: memberPage(200),
  },
  {
    method: 'POST',
    route: '/:tenant/mon-compte/mot-de-passe',
    path: (w) => `/${w.t1.slug}/mon-compte/mot-de-passe`,
    form: () => ({ current: '', password: '', confirmation: '' }),
    expect: memberPost(400),
  },
  {
    method: 'POST',
    route: '/:tenant/mon-compte/email',
    path: (w) => `/${w.t1.slug}/mon-compte/email`,
    form: () => ({ newEmail: '', emailPassword: '' }),
    expect: memberPost(400),
  },
  {
    method: 'POST',
    route: '/:tenant/mon-compte/second-responsable',
    path: (w) => `/${w.t1.slug}/mon-compte/second-responsable`,
    form: () => ({ firstName: '', lastName: '', guardianEmail: '' }),
    expect: memberPost(400, 'family'),
  },
  {
    method: 'POST',
    route: '/:tenant/mon-compte/sessions',
    path: (w) => `/${w.t1.slug}/mon-compte/sessions`,
    form: () => ({ session: 'inconnue' }),
    expect: memberPost(404),
  },
  {
    method: 'GET',
    route: '/:tenant/mon-compte/double-authentification',
    path: (w) => `/${w.t1.slug}/mon-compte/double-authentification`,
    expect: memberPage(200, true),
  },
  {
    method: 'POST',
    route: '/:tenant/mon-compte/double-authentification',
    path: (w) => `/${w.t1.slug}/mon-compte/double-authentification`,
    form: () => ({ code: '' }),
    expect: memberPost(400, 'staff'),
  },
  {
    method: 'POST',
    route: '/:tenant/mon-compte/double-authentification/desactiver',
    path: (w) => `/${w.t1.slug}/mon-compte/double-authentification/desactiver`,
    form: () => ({ totpPassword: '' }),
    expect: memberPost(400, 'staff'),
  },
];

/** Sign-out ends the sessions of the matrix clients: this row must stay the last of the index. */
export const signOutAccess: AccessRow[] = [
  {
    method: 'POST',
    route: '/:tenant/deconnexion',
    path: (w) => `/${w.t1.slug}/deconnexion`,
    expect: { others: 303 },
  },
];
