import type { AccessRow } from './world';

/**
 * Family booking pages. The world has no accepted enrollment: unknown enrollments, baskets and request
 * numbers are 404 for the families of tenant 1 (the int tests cover another household's real ids).
 * As for messages and documents, a signed-in person without a membership in tenant 1 (family C, staff of
 * tenant 2) gets 403 from requireFamily, like staff.
 */
const familyPage = (ok = 200): AccessRow['expect'] => ({
  others: 403,
  anonymous: 303,
  familyA: ok,
  familyB: ok,
});
const NIL = '00000000-0000-4000-8000-000000000000';
const DAY = '2026-12-02';

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
  expect: { ...expect, anonymous: 401 },
  ...(form ? { form } : {}),
});
const notFound = (): AccessRow['expect'] => ({ ...familyPage(), familyA: 404, familyB: 404 });

export const bookingsFamilyAccess: AccessRow[] = [
  get('/reservations', '/reservations', familyPage()),
  get('/reservations/panier', '/reservations/panier', familyPage()),
  post('/reservations/panier/retirer', '/reservations/panier/retirer', familyPage(303), () => ({
    ligne: `${NIL}|${DAY}|${NIL}`,
  })),
  post('/reservations/panier/vider', '/reservations/panier/vider', familyPage(303)),
  post('/reservations/panier/confirmer', '/reservations/panier/confirmer', notFound(), () => ({
    panier: NIL,
  })),
  get('/reservations/demandes/:requestNumber', '/reservations/demandes/R2026-000001', notFound()),
  get('/reservations/:enrollmentId', `/reservations/${NIL}`, notFound()),
  post('/reservations/:enrollmentId/case', `/reservations/${NIL}/case`, notFound(), () => ({
    jour: DAY,
    unite: NIL,
  })),
  post('/reservations/:enrollmentId/panier', `/reservations/${NIL}/panier`, notFound(), () => ({
    debut: '2026-11-30',
    fin: '2026-12-06',
  })),
  post('/reservations/:enrollmentId/lot', `/reservations/${NIL}/lot`, notFound(), () => ({
    debut: '2026-11-30',
    fin: '2026-12-06',
    op: 'add',
    portee: 'periode',
  })),
  post('/reservations/:enrollmentId/fratrie', `/reservations/${NIL}/fratrie`, notFound()),
];
