import { type AccessRow, type ActorName, familyPage } from './world';

/**
 * Manual payments and SEPA direct debit. Accountants (and administrators) write; managers read.
 * Tenant 1 has no SEPA setup in the world (no ICS): the family request form is 404 and creating a
 * collection is 409. Rows use an unknown id: hostile cases on real rows (another household, another
 * tenant) are in manual.int.test.ts and sepa.int.test.ts.
 */
const NONE = '00000000-0000-4000-8000-000000000000';

const family = (ok: number, anonymous = 303): AccessRow['expect'] => ({ ...familyPage(ok), anonymous });
const staff = (ok: number, roles: ActorName[], anonymous = 303): AccessRow['expect'] => {
  const e: AccessRow['expect'] = { others: 403, anonymous, familyC: 404, staffOther: 404, admin: ok };
  for (const r of roles) e[r] = ok;
  return e;
};
const READ: ActorName[] = ['accountant', 'manager'];
const WRITE: ActorName[] = ['accountant'];
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

export const paymentsSepaAccess: AccessRow[] = [
  // Family
  get('/prelevement', '/prelevement', family(200)),
  get('/prelevement/demande', '/prelevement/demande', family(404)),
  post('/prelevement/demande', '/prelevement/demande', family(404, 401), () => ({ formToken: NONE })),
  post('/prelevement/arreter', '/prelevement/arreter', family(409, 401)),
  // Manual payments
  get('/gestion/paiements', '/gestion/paiements', staff(200, READ)),
  get('/gestion/paiements/nouveau', '/gestion/paiements/nouveau', staff(200, WRITE)),
  post(
    '/gestion/paiements/nouveau',
    `/gestion/paiements/nouveau?foyer=${NONE}`,
    staff(404, WRITE, 401),
    () => ({
      method: 'cash',
      amount: '10',
      formToken: NONE,
    }),
  ),
  get('/gestion/paiements/relances', '/gestion/paiements/relances', staff(200, WRITE)),
  post('/gestion/paiements/relances', '/gestion/paiements/relances', staff(303, WRITE, 401), () => ({
    delays: '7, 21',
  })),
  get('/gestion/paiements/:paymentId', `/gestion/paiements/${NONE}`, staff(404, READ)),
  get('/gestion/paiements/:paymentId/recu', `/gestion/paiements/${NONE}/recu`, staff(404, READ)),
  post(
    '/gestion/paiements/:paymentId/annuler',
    `/gestion/paiements/${NONE}/annuler`,
    staff(404, WRITE, 401),
    () => ({
      reason: 'Erreur',
    }),
  ),
  post(
    '/gestion/paiements/:paymentId/rejet',
    `/gestion/paiements/${NONE}/rejet`,
    staff(404, WRITE, 401),
    () => ({
      code: 'AM04',
    }),
  ),
  // Direct debit
  get('/gestion/prelevements', '/gestion/prelevements', staff(200, READ)),
  post('/gestion/prelevements', '/gestion/prelevements', staff(409, WRITE, 401), () => ({
    date: '2026-12-07',
    formToken: NONE,
  })),
  get('/gestion/prelevements/reglages', '/gestion/prelevements/reglages', staff(200, WRITE)),
  post('/gestion/prelevements/reglages', '/gestion/prelevements/reglages', staff(400, WRITE, 401), () => ({
    creditorName: 'Régie',
    creditorIban: 'FR00',
    format: 'pain.008.001.02',
  })),
  get('/gestion/prelevements/demandes', '/gestion/prelevements/demandes', staff(200, READ)),
  get('/gestion/prelevements/mandats', '/gestion/prelevements/mandats', staff(200, READ)),
  get(
    '/gestion/prelevements/demandes/:requestId',
    `/gestion/prelevements/demandes/${NONE}`,
    staff(404, READ),
  ),
  get(
    '/gestion/prelevements/demandes/:requestId/rib',
    `/gestion/prelevements/demandes/${NONE}/rib`,
    staff(404, READ),
  ),
  post(
    '/gestion/prelevements/demandes/:requestId/accepter',
    `/gestion/prelevements/demandes/${NONE}/accepter`,
    staff(404, WRITE, 401),
  ),
  post(
    '/gestion/prelevements/demandes/:requestId/refuser',
    `/gestion/prelevements/demandes/${NONE}/refuser`,
    staff(404, WRITE, 401),
    () => ({ comment: 'Motif' }),
  ),
  get('/gestion/prelevements/:collectionId', `/gestion/prelevements/${NONE}`, staff(404, READ)),
  get(
    '/gestion/prelevements/:collectionId/fichier',
    `/gestion/prelevements/${NONE}/fichier`,
    staff(404, WRITE),
  ),
  post(
    '/gestion/prelevements/:collectionId/regler',
    `/gestion/prelevements/${NONE}/regler`,
    staff(404, WRITE, 401),
  ),
];
