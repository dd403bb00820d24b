import { type AccessRow, familyPage } from './world';

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

const familyGet = (route: string, sub: string): AccessRow => ({
  method: 'GET',
  route: `/:tenant${route}`,
  path: (w) => `/${w.t1.slug}${sub}`,
  expect: familyPage(),
});

/** A family's POST: signed-out gets 401 (no redirect on POST); other tenants 404. */
const familyPost = (ok: number): AccessRow['expect'] => ({ ...familyPage(ok), anonymous: 401 });

/** A record of family A: family B (same tenant) and family C (other tenant) get 404. */
const ownRecord = (ok: number, anonymous: number): AccessRow['expect'] => ({
  others: 403,
  anonymous,
  familyA: ok,
  familyB: 404,
  familyC: 404,
  staffOther: 404,
});

/** Back-office pages for managers (administrators pass every staff check). */
const staffPage = (roles: string[], ok = 200, anonymous = 303): AccessRow['expect'] => {
  const e: AccessRow['expect'] = { others: 403, anonymous, familyC: 404, staffOther: 404, admin: ok };
  for (const r of roles) (e as Record<string, number>)[r] = ok;
  return e;
};

export const householdsAccess: AccessRow[] = [
  familyGet('/espace', '/espace'),
  familyGet('/famille', '/famille'),
  familyGet('/coordonnees', '/coordonnees'),
  familyGet('/famille/enfants/nouveau', '/famille/enfants/nouveau'),
  familyGet('/famille/contacts/nouveau', '/famille/contacts/nouveau'),
  familyGet('/mes-donnees', '/mes-donnees'),
  familyGet('/mes-donnees/export.json', '/mes-donnees/export.json'),
  familyGet('/mes-donnees/export.pdf', '/mes-donnees/export.pdf'),
  {
    method: 'POST',
    route: '/:tenant/coordonnees',
    path: (w) => `/${w.t1.slug}/coordonnees`,
    expect: familyPost(303),
  },
  {
    method: 'POST',
    route: '/:tenant/famille/enfants/nouveau',
    path: (w) => `/${w.t1.slug}/famille/enfants/nouveau`,
    expect: familyPost(400),
  },
  {
    method: 'POST',
    route: '/:tenant/famille/contacts/nouveau',
    path: (w) => `/${w.t1.slug}/famille/contacts/nouveau`,
    expect: familyPost(400),
  },
  {
    method: 'GET',
    route: '/:tenant/famille/enfants/:id',
    path: (w) => `/${w.t1.slug}/famille/enfants/${w.familyA.child.id}`,
    expect: ownRecord(200, 303),
  },
  {
    method: 'POST',
    route: '/:tenant/famille/enfants/:id',
    path: (w) => `/${w.t1.slug}/famille/enfants/${w.familyA.child.id}`,
    expect: ownRecord(303, 401),
  },
  {
    method: 'POST',
    route: '/:tenant/famille/enfants/:id/sante',
    path: (w) => `/${w.t1.slug}/famille/enfants/${w.familyA.child.id}/sante`,
    expect: ownRecord(303, 401),
  },
  {
    method: 'GET',
    route: '/:tenant/famille/responsables/:id',
    path: (w) => `/${w.t1.slug}/famille/responsables/${w.familyA.guardian.id}`,
    expect: ownRecord(200, 303),
  },
  {
    method: 'POST',
    route: '/:tenant/famille/responsables/:id',
    path: (w) => `/${w.t1.slug}/famille/responsables/${w.familyA.guardian.id}`,
    expect: ownRecord(303, 401),
  },
  {
    method: 'GET',
    route: '/:tenant/gestion/demandes',
    path: (w) => `/${w.t1.slug}/gestion/demandes`,
    expect: staffPage(['manager']),
  },
  {
    // No request exists in the world: a manager gets past authorization and finds nothing.
    method: 'GET',
    route: '/:tenant/gestion/demandes/:id',
    path: (w) => `/${w.t1.slug}/gestion/demandes/${NO_SUCH_ID}`,
    expect: staffPage(['manager'], 404),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/demandes/:id/accepter',
    path: (w) => `/${w.t1.slug}/gestion/demandes/${NO_SUCH_ID}/accepter`,
    expect: staffPage(['manager'], 404, 401),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/demandes/:id/refuser',
    path: (w) => `/${w.t1.slug}/gestion/demandes/${NO_SUCH_ID}/refuser`,
    form: () => ({ comment: 'Motif' }),
    expect: staffPage(['manager'], 404, 401),
  },
  {
    method: 'GET',
    route: '/:tenant/gestion/familles',
    path: (w) => `/${w.t1.slug}/gestion/familles`,
    expect: staffPage(['manager', 'director', 'accountant']),
  },
  {
    method: 'GET',
    route: '/:tenant/gestion/familles/:id',
    path: (w) => `/${w.t1.slug}/gestion/familles/${w.familyA.household.id}`,
    expect: staffPage(['manager', 'director', 'accountant']),
  },
  {
    method: 'GET',
    route: '/:tenant/gestion/regles-dossiers',
    path: (w) => `/${w.t1.slug}/gestion/regles-dossiers`,
    expect: staffPage([]),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/regles-dossiers',
    path: (w) => `/${w.t1.slug}/gestion/regles-dossiers`,
    expect: staffPage([], 303, 401),
  },
  {
    method: 'GET',
    route: '/:tenant/gestion/familles/nouvelle',
    path: (w) => `/${w.t1.slug}/gestion/familles/nouvelle`,
    expect: staffPage(['manager']),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/familles/nouvelle',
    path: (w) => `/${w.t1.slug}/gestion/familles/nouvelle`,
    form: () => ({ h_name: '' }),
    expect: staffPage(['manager'], 400, 401),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/familles/:id/responsables/:gid/activation',
    path: (w) =>
      `/${w.t1.slug}/gestion/familles/${w.familyA.household.id}/responsables/${w.familyA.guardian.id}/activation`,
    expect: staffPage(['manager'], 303, 401),
  },
  {
    method: 'GET',
    route: '/:tenant/famille/contacts/:id',
    path: (w) => `/${w.t1.slug}/famille/contacts/${w.contactA.id}`,
    expect: ownRecord(200, 303),
  },
  {
    method: 'POST',
    route: '/:tenant/famille/contacts/:id',
    path: (w) => `/${w.t1.slug}/famille/contacts/${w.contactA.id}`,
    expect: ownRecord(303, 401),
  },
  {
    // A real contact would become a removal request; an unknown one is 404 for everyone.
    method: 'POST',
    route: '/:tenant/famille/contacts/:id/supprimer',
    path: (w) => `/${w.t1.slug}/famille/contacts/${NO_SUCH_ID}/supprimer`,
    expect: ownRecord(404, 401),
  },
  {
    method: 'GET',
    route: '/:tenant/gestion/familles/:id/contacts/:cid',
    path: (w) => `/${w.t1.slug}/gestion/familles/${w.familyA.household.id}/contacts/${w.contactA.id}`,
    expect: staffPage(['manager']),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/familles/:id/contacts/:cid',
    path: (w) => `/${w.t1.slug}/gestion/familles/${w.familyA.household.id}/contacts/${w.contactA.id}`,
    expect: staffPage(['manager'], 303, 401),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/familles/:id/contacts/:cid/supprimer',
    path: (w) => `/${w.t1.slug}/gestion/familles/${w.familyA.household.id}/contacts/${NO_SUCH_ID}/supprimer`,
    expect: staffPage(['manager'], 404, 401),
  },
];
