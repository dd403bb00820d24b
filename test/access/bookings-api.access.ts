import type { AccessRow } from './world';

/**
 * The bookings JSON API (`/api/v1/<tenant>/…`): families of tenant 1 only. JSON answers: a signed-out
 * caller gets 401 (no redirect), staff without a household 403, another tenant's family 404.
 */
const api = (ok: number): AccessRow['expect'] => ({
  others: 403,
  anonymous: 401,
  familyA: ok,
  familyB: ok,
  familyC: 404,
  staffOther: 404,
});

const row = (method: AccessRow['method'], route: string, path: string, ok: number): AccessRow => ({
  method,
  route: `/api/v1/:tenant${route}`,
  path: (w) => `/api/v1/${w.t1.slug}${path}`,
  expect: api(ok),
});

export const bookingsApiAccess: AccessRow[] = [
  {
    method: 'GET',
    route: '/api/openapi.json',
    path: () => '/api/openapi.json',
    expect: { others: 200 },
  },
  row('GET', '/me', '/me', 200),
  // Without the enrollment query: 400 with the fields (the hostile enrollments are in api.int.test.ts).
  row('GET', '/planning', '/planning', 400),
  row('GET', '/basket', '/basket', 200),
  // The matrix posts a form body: not the JSON the routes expect (400 once signed in as a family).
  row('POST', '/basket/lines', '/basket/lines', 400),
  row('DELETE', '/basket/lines/:key', `/basket/lines/${encodeURIComponent('a|2026-12-02|b')}`, 404),
  row('POST', '/basket/bulk', '/basket/bulk', 400),
  // No Idempotency-Key header: 400.
  row('POST', '/basket/confirm', '/basket/confirm', 400),
  row('GET', '/requests/:number', '/requests/R2026-000001', 404),
];
