import type { AccessRow, ActorName } from './world';

/**
 * Tariffs and the monthly billing run: the accountant (régisseur) and administrators write; managers
 * read. Rows use unknown ids (404 for those allowed in); the real-row hostile cases (another tenant's
 * run or unit, another household's line) are in src/features/billing/run.int.test.ts.
 */
const NONE = '00000000-0000-4000-8000-000000000000';
const READERS: ActorName[] = ['accountant', 'manager'];
const WRITERS: ActorName[] = ['accountant'];

const staff = (ok: number, roles: ActorName[], anonymous = 303): AccessRow['expect'] => {
  const e: AccessRow['expect'] = { others: 403, anonymous, familyC: 404, staffOther: 404, admin: ok };
  for (const r of roles) e[r] = ok;
  return e;
};
const get = (route: string, path: string, expect: AccessRow['expect']): AccessRow => ({
  method: 'GET',
  route: `/:tenant${route}`,
  path: (w) => `/${w.t1.slug}${path}`,
  expect,
});
const post = (
  route: string,
  path: string,
  expect: AccessRow['expect'],
  form?: AccessRow['form'],
): AccessRow => ({
  method: 'POST',
  route: `/:tenant${route}`,
  path: (w) => `/${w.t1.slug}${path}`,
  expect,
  ...(form ? { form } : {}),
});

export const billingRunAccess: AccessRow[] = [
  get('/gestion/tarifs', '/gestion/tarifs', staff(200, READERS)),
  get('/gestion/tarifs/:unitId', `/gestion/tarifs/${NONE}`, staff(404, READERS)),
  post('/gestion/tarifs/:unitId', `/gestion/tarifs/${NONE}`, staff(404, WRITERS, 401), () => ({
    validFrom: '2026-09-01',
    mode: 'flat',
  })),
  get('/gestion/facturation', '/gestion/facturation', staff(200, READERS)),
  // A month not yet ended: the form comes back with its error (nothing created).
  post('/gestion/facturation', '/gestion/facturation', staff(400, WRITERS, 401), () => ({
    month: '2099-01',
  })),
  get('/gestion/facturation/:runId', `/gestion/facturation/${NONE}`, staff(404, READERS)),
  get(
    '/gestion/facturation/:runId/progression',
    `/gestion/facturation/${NONE}/progression`,
    staff(404, READERS),
  ),
  post(
    '/gestion/facturation/:runId/recalculer',
    `/gestion/facturation/${NONE}/recalculer`,
    staff(404, WRITERS, 401),
  ),
  post(
    '/gestion/facturation/:runId/emettre',
    `/gestion/facturation/${NONE}/emettre`,
    staff(404, WRITERS, 401),
  ),
  get(
    '/gestion/facturation/:runId/foyers/:householdId',
    `/gestion/facturation/${NONE}/foyers/${NONE}`,
    staff(404, READERS),
  ),
  post(
    '/gestion/facturation/:runId/foyers/:householdId/ajuster',
    `/gestion/facturation/${NONE}/foyers/${NONE}/ajuster`,
    staff(404, WRITERS, 401),
    () => ({ action: 'exclude', reason: 'Motif' }),
  ),
  get(
    '/gestion/facturation/:runId/impression',
    `/gestion/facturation/${NONE}/impression`,
    staff(404, READERS),
  ),
  get(
    '/gestion/facturation/:runId/impression.pdf',
    `/gestion/facturation/${NONE}/impression.pdf`,
    staff(404, READERS),
  ),
];
