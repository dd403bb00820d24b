import type { AccessRow } from './world';

const NOPE = '00000000-0000-4000-8000-000000000000';

// Another tenant's signed-in user has no membership here (403); anonymous GETs go to sign-in (303),
// anonymous POSTs get 401.

/** Bookings pages every staff role of tenant 1 may read (directors and animators: their facilities). */
const viewers = (ok = 200): AccessRow['expect'] => ({
  others: 403,
  anonymous: 303,
  admin: ok,
  manager: ok,
  director: ok,
  animator: ok,
  accountant: ok,
});
/** Decisions and booking for a family: managers, directors (their facilities), administrators. */
const editors = (ok: number, method: 'GET' | 'POST', director = ok): AccessRow['expect'] => ({
  others: 403,
  anonymous: method === 'GET' ? 303 : 401,
  admin: ok,
  manager: ok,
  director,
});
const family = (ok: number, method: 'GET' | 'POST'): AccessRow['expect'] => ({
  others: 403,
  anonymous: method === 'GET' ? 303 : 401,
  familyA: ok,
  familyB: ok,
});

export const bookingsAccess: AccessRow[] = [
  {
    method: 'GET',
    route: '/:tenant/gestion/reservations',
    path: (w) => `/${w.t1.slug}/gestion/reservations?site=${w.cat1.facility.id}&jour=2026-12-02`,
    expect: viewers(),
  },
  {
    // Another tenant's facility is not found.
    method: 'GET',
    route: '/:tenant/gestion/reservations',
    path: (w) => `/${w.t1.slug}/gestion/reservations?site=${w.cat2.facility.id}`,
    expect: viewers(404),
  },
  {
    method: 'GET',
    route: '/:tenant/gestion/reservations/a-valider',
    path: (w) => `/${w.t1.slug}/gestion/reservations/a-valider`,
    expect: viewers(),
  },
  // Decisions on an unknown booking: not found for those allowed, nothing written.
  ...['demandes/:bookingId/accepter', 'demandes/:bookingId/refuser', 'attente/:bookingId/promouvoir'].map(
    (r): AccessRow => ({
      method: 'POST',
      route: `/:tenant/gestion/reservations/${r}`,
      path: (w) => `/${w.t1.slug}/gestion/reservations/${r.replace(':bookingId', NOPE)}`,
      form: () => ({ reason: 'Motif' }),
      expect: editors(404, 'POST'),
    }),
  ),
  {
    method: 'POST',
    route: '/:tenant/gestion/reservations/attente/:bookingId/retirer',
    path: (w) => `/${w.t1.slug}/gestion/reservations/attente/${NOPE}/retirer`,
    form: () => ({ reason: 'Motif' }),
    expect: editors(404, 'POST'),
  },
  {
    method: 'GET',
    route: '/:tenant/gestion/reservations/familles/:householdId',
    path: (w) => `/${w.t1.slug}/gestion/reservations/familles/${w.familyA.household.id}`,
    expect: editors(200, 'GET'),
  },
  {
    // Another tenant's household is not found.
    method: 'GET',
    route: '/:tenant/gestion/reservations/familles/:householdId',
    path: (w) => `/${w.t1.slug}/gestion/reservations/familles/${w.familyC.household.id}`,
    expect: editors(404, 'GET'),
  },
  {
    // An empty form: 400 for those allowed, nothing booked.
    method: 'POST',
    route: '/:tenant/gestion/reservations/familles/:householdId',
    path: (w) => `/${w.t1.slug}/gestion/reservations/familles/${w.familyA.household.id}`,
    expect: editors(400, 'POST'),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/reservations/familles/:householdId',
    path: (w) => `/${w.t1.slug}/gestion/reservations/familles/${w.familyC.household.id}`,
    expect: editors(404, 'POST'),
  },
  {
    method: 'GET',
    route: '/:tenant/gestion/reservations/attributions',
    path: (w) => `/${w.t1.slug}/gestion/reservations/attributions`,
    expect: viewers(),
  },
  {
    method: 'GET',
    route: '/:tenant/gestion/reservations/attributions/:periodId',
    path: (w) => `/${w.t1.slug}/gestion/reservations/attributions/${w.cat2.period.id}`,
    expect: viewers(404),
  },
  {
    method: 'GET',
    route: '/:tenant/gestion/reservations/parametres',
    path: (w) => `/${w.t1.slug}/gestion/reservations/parametres`,
    expect: { others: 403, anonymous: 303, admin: 200 },
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/reservations/parametres',
    path: (w) => `/${w.t1.slug}/gestion/reservations/parametres`,
    form: () => ({ reminderDays: '' }),
    expect: { others: 403, anonymous: 401, admin: 400 },
  },
  // The family's iCalendar feed address.
  {
    method: 'GET',
    route: '/:tenant/reservations/calendrier',
    path: (w) => `/${w.t1.slug}/reservations/calendrier`,
    expect: family(200, 'GET'),
  },
  {
    method: 'POST',
    route: '/:tenant/reservations/calendrier/revoquer',
    path: (w) => `/${w.t1.slug}/reservations/calendrier/revoquer`,
    expect: family(303, 'POST'),
  },
  {
    method: 'POST',
    route: '/:tenant/reservations/calendrier',
    path: (w) => `/${w.t1.slug}/reservations/calendrier`,
    expect: family(200, 'POST'),
  },
  {
    // The feed has no session: an unknown token is not found for everyone.
    method: 'GET',
    route: '/:tenant/calendrier/:file',
    path: (w) => `/${w.t1.slug}/calendrier/${'a'.repeat(43)}.ics`,
    expect: { others: 404 },
  },
];
