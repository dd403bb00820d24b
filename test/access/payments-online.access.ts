import { type AccessRow, type ActorName, familyPage } from './world';

/**
 * Online payment. Families of tenant 1 pay and read their payments; the provider callbacks and the
 * simulated bank page need no session (unknown references: 404; unsigned notifications: 403 for
 * everyone); accountants, managers and administrators list the flagged payments. Hostile cases on real
 * rows (another household's invoice or payment, another tenant) are in online.int.test.ts.
 */
const NONE = '00000000-0000-4000-8000-000000000000';

const family = (ok: number, anonymous = 303): AccessRow['expect'] => ({ ...familyPage(ok), anonymous });
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

export const paymentsOnlineAccess: AccessRow[] = [
  get('/paiements', '/paiements', family(200)),
  get('/paiements/nouveau', '/paiements/nouveau', family(200)),
  // An invoice that is not the household's: not found, nothing written.
  post('/paiements/nouveau', '/paiements/nouveau', family(404, 401), () => ({
    factures: NONE,
    formToken: NONE,
  })),
  get('/paiements/:paymentId/retour', `/paiements/${NONE}/retour`, family(404)),
  get('/paiements/:paymentId/recu', `/paiements/${NONE}/recu`, family(404)),
  // Server-to-server: no session, no CSRF; an unsigned notification is refused whoever sends it.
  post('/paiements/notification/:provider', '/paiements/notification/simulator', { others: 403 }, () => ({
    ref: 'SIM-AAAAAAAAAAAAAAAA',
    status: 'PAID',
    amount: '100',
    sentAt: '2026-11-25T09:00:00.000Z',
  })),
  get('/paiement-simule/:ref', '/paiement-simule/SIM-AAAAAAAAAAAAAAAA', { others: 404 }),
  post('/paiement-simule/:ref', '/paiement-simule/SIM-AAAAAAAAAAAAAAAA', { others: 404 }, () => ({
    decision: 'accepter',
  })),
  get(
    '/gestion/paiements/a-verifier',
    '/gestion/paiements/a-verifier',
    staff(200, ['accountant', 'manager']),
  ),
];
