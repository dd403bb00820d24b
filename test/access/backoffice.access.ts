import type { AccessRow } from './world';

/** Back-office pages (administrators pass every staff check; other tenants get 404). */
const staffPage = (roles: string[], ok = 200, anonymous = 303): AccessRow['expect'] => {
  const e: AccessRow['expect'] = { others: 403, anonymous, familyC: 404, staffOther: 404, admin: ok };
  for (const r of roles) (e as Record<string, number>)[r] = ok;
  return e;
};

const exportRow = (file: string): AccessRow => ({
  method: 'GET',
  route: `/:tenant/gestion/exports/${file}`,
  // The director is tied to the first facility: its periods are exportable.
  path: (w) => `/${w.t1.slug}/gestion/exports/${file}?periode=${w.cat1.period.id}`,
  expect: staffPage(['manager', 'director']),
});

export const backofficeAccess: AccessRow[] = [
  {
    method: 'GET',
    route: '/:tenant/gestion/import',
    path: (w) => `/${w.t1.slug}/gestion/import`,
    expect: staffPage(['manager']),
  },
  {
    method: 'GET',
    route: '/:tenant/gestion/import/modele.csv',
    path: (w) => `/${w.t1.slug}/gestion/import/modele.csv`,
    expect: staffPage(['manager']),
  },
  {
    // A urlencoded body is not an upload: 400 for those allowed, nothing written.
    method: 'POST',
    route: '/:tenant/gestion/import',
    path: (w) => `/${w.t1.slug}/gestion/import`,
    expect: staffPage(['manager'], 400, 401),
  },
  {
    method: 'GET',
    route: '/:tenant/gestion/exports',
    path: (w) => `/${w.t1.slug}/gestion/exports`,
    expect: staffPage(['manager', 'director']),
  },
  {
    method: 'GET',
    route: '/:tenant/gestion/exports/contacts.csv',
    path: (w) => `/${w.t1.slug}/gestion/exports/contacts.csv`,
    expect: staffPage(['manager']),
  },
  exportRow('enfants.csv'),
  exportRow('allergies.csv'),
  exportRow('autorisations.csv'),
  {
    method: 'GET',
    route: '/:tenant/gestion/familles/:id/fusion',
    path: (w) => `/${w.t1.slug}/gestion/familles/${w.familyA.household.id}/fusion`,
    expect: staffPage(['manager']),
  },
  {
    // Merging a household with itself is refused (400): no side effect for anyone.
    method: 'POST',
    route: '/:tenant/gestion/familles/:id/fusion',
    path: (w) => `/${w.t1.slug}/gestion/familles/${w.familyA.household.id}/fusion`,
    form: (w) => ({ avec: w.familyA.household.id }),
    expect: staffPage(['manager'], 400, 401),
  },
  {
    method: 'GET',
    route: '/:tenant/gestion/familles/:id/archiver',
    path: (w) => `/${w.t1.slug}/gestion/familles/${w.familyA.household.id}/archiver`,
    expect: staffPage(['manager']),
  },
  {
    // A wrong confirmation is refused (400): nothing is anonymised.
    method: 'POST',
    route: '/:tenant/gestion/familles/:id/archiver',
    path: (w) => `/${w.t1.slug}/gestion/familles/${w.familyA.household.id}/archiver`,
    form: () => ({ confirmation: 'pas le bon nom' }),
    expect: staffPage(['manager'], 400, 401),
  },
  {
    // The « famille résidente » criterion, set by managers (households/staff.routes.tsx).
    method: 'GET',
    route: '/:tenant/gestion/familles/:id/criteres',
    path: (w) => `/${w.t1.slug}/gestion/familles/${w.familyA.household.id}/criteres`,
    expect: staffPage(['manager']),
  },
  {
    // No answer is refused (400): nothing is written.
    method: 'POST',
    route: '/:tenant/gestion/familles/:id/criteres',
    path: (w) => `/${w.t1.slug}/gestion/familles/${w.familyA.household.id}/criteres`,
    form: () => ({ resident: '' }),
    expect: staffPage(['manager'], 400, 401),
  },
];
