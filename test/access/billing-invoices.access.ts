import { type AccessRow, type ActorName, familyPage } from './world';

/**
 * Invoices after issue (issue 8): families of tenant 1 read their invoices and choose paperless; accountants
 * (and administrators) issue credit notes, tax certificates and exports; managers read invoices. Family C
 * and staff of tenant 2 are told the pages do not exist (404). Rows use an unknown id: the hostile cases
 * on real rows (another household's or tenant's invoice, replayed and over-credit forms) are in
 * src/features/billing/*.int.test.ts.
 */
const NONE = '00000000-0000-4000-8000-000000000000';

const family = (ok: number, anonymous = 303): AccessRow['expect'] => ({ ...familyPage(ok), anonymous });
const staff = (ok: number, roles: ActorName[], anonymous = 303): AccessRow['expect'] => {
  const e: AccessRow['expect'] = { others: 403, anonymous, familyC: 404, staffOther: 404, admin: ok };
  for (const r of roles) e[r] = ok;
  return e;
};
const READERS: ActorName[] = ['accountant', 'manager'];
const WRITERS: ActorName[] = ['accountant'];
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

export const billingInvoicesAccess: AccessRow[] = [
  get('/factures', '/factures', family(200)),
  post('/factures/dematerialisation', '/factures/dematerialisation', family(303, 401), () => ({
    paperless: 'oui',
  })),
  // Nothing paid: no certificate for anybody.
  get('/factures/attestation-fiscale/:year', '/factures/attestation-fiscale/2026', family(404)),
  get('/factures/:invoiceId', `/factures/${NONE}`, family(404)),
  get('/factures/:invoiceId/pdf', `/factures/${NONE}/pdf`, family(404)),
  get('/factures/:invoiceId/avoirs/:creditNoteId/pdf', `/factures/${NONE}/avoirs/${NONE}/pdf`, family(404)),
  get('/gestion/factures', '/gestion/factures', staff(200, READERS)),
  get('/gestion/factures/exports', '/gestion/factures/exports', staff(200, WRITERS)),
  get(
    '/gestion/factures/exports/comptabilite.csv',
    '/gestion/factures/exports/comptabilite.csv?du=2026-11-01&au=2026-11-30',
    staff(200, WRITERS),
  ),
  get(
    '/gestion/factures/exports/caf.csv',
    '/gestion/factures/exports/caf.csv?debut=2026-10&fin=2026-10',
    staff(200, WRITERS),
  ),
  get('/gestion/factures/:invoiceId', `/gestion/factures/${NONE}`, staff(404, READERS)),
  get('/gestion/factures/:invoiceId/pdf', `/gestion/factures/${NONE}/pdf`, staff(404, READERS)),
  post(
    '/gestion/factures/:invoiceId/avoirs',
    `/gestion/factures/${NONE}/avoirs`,
    staff(404, WRITERS, 401),
    () => ({
      mode: 'total',
      reason: 'Erreur',
      formToken: NONE,
    }),
  ),
  get(
    '/gestion/factures/:invoiceId/avoirs/:creditNoteId/pdf',
    `/gestion/factures/${NONE}/avoirs/${NONE}/pdf`,
    staff(404, READERS),
  ),
  get('/gestion/attestations-fiscales', '/gestion/attestations-fiscales', staff(200, WRITERS)),
  get(
    '/gestion/attestations-fiscales/:year/pdf',
    '/gestion/attestations-fiscales/2026/pdf',
    staff(404, WRITERS),
  ),
];
