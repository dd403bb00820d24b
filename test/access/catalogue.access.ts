import type { AccessRow } from './world';

// On this branch a signed-in user of another tenant has no membership here (403); anonymous GETs are
// sent to sign-in (303) and anonymous POSTs get 401.
const familyPage = (ok = 200): AccessRow['expect'] => ({
  others: 403,
  anonymous: 303,
  familyA: ok,
  familyB: ok,
});

const NIL = '00000000-0000-0000-0000-000000000000';

/** Configuration pages: managers and administrators of tenant 1. */
const config = (ok: number): AccessRow['expect'] => ({ others: 403, anonymous: 303, admin: ok, manager: ok });

/** The enrollments queue: managers, administrators and directors (their facilities) of tenant 1. */
const queue = (ok: number, director = ok): AccessRow['expect'] => ({ ...config(ok), director });

const rows: AccessRow[] = [
  {
    method: 'GET',
    route: '/:tenant/gestion/catalogue',
    path: (w) => `/${w.t1.slug}/gestion/catalogue`,
    expect: config(200),
  },
  // Empty forms: 400 for those allowed (validation), nothing written.
  {
    method: 'POST',
    route: '/:tenant/gestion/catalogue/structures',
    path: (w) => `/${w.t1.slug}/gestion/catalogue/structures`,
    expect: config(400),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/catalogue/activites',
    path: (w) => `/${w.t1.slug}/gestion/catalogue/activites`,
    expect: config(400),
  },
  {
    method: 'GET',
    route: '/:tenant/gestion/catalogue/activites/:activityId',
    path: (w) => `/${w.t1.slug}/gestion/catalogue/activites/${w.cat1.activity.id}`,
    expect: config(200),
  },
  {
    // Another tenant's activity is not found.
    method: 'GET',
    route: '/:tenant/gestion/catalogue/activites/:activityId',
    path: (w) => `/${w.t1.slug}/gestion/catalogue/activites/${w.cat2.activity.id}`,
    expect: config(404),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/catalogue/activites/:activityId',
    path: (w) => `/${w.t1.slug}/gestion/catalogue/activites/${w.cat1.activity.id}`,
    expect: config(400),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/catalogue/activites/:activityId/periodes',
    path: (w) => `/${w.t1.slug}/gestion/catalogue/activites/${w.cat1.activity.id}/periodes`,
    expect: config(400),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/catalogue/activites/:activityId/groupes',
    path: (w) => `/${w.t1.slug}/gestion/catalogue/activites/${w.cat1.activity.id}/groupes`,
    expect: config(400),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/catalogue/activites/:activityId/unites',
    path: (w) => `/${w.t1.slug}/gestion/catalogue/activites/${w.cat2.activity.id}/unites`,
    expect: config(404),
  },
  {
    method: 'GET',
    route: '/:tenant/gestion/catalogue/periodes/:periodId',
    path: (w) => `/${w.t1.slug}/gestion/catalogue/periodes/${w.cat1.period.id}`,
    expect: config(200),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/catalogue/periodes/:periodId',
    path: (w) => `/${w.t1.slug}/gestion/catalogue/periodes/${w.cat2.period.id}`,
    expect: config(404),
  },
  {
    method: 'GET',
    route: '/:tenant/gestion/catalogue/unites/:unitId',
    path: (w) => `/${w.t1.slug}/gestion/catalogue/unites/${NIL}`,
    expect: config(404),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/catalogue/unites/:unitId/exceptions',
    path: (w) => `/${w.t1.slug}/gestion/catalogue/unites/${NIL}/exceptions`,
    expect: config(404),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/catalogue/unites/:unitId/capacites',
    path: (w) => `/${w.t1.slug}/gestion/catalogue/unites/${NIL}/capacites`,
    expect: config(404),
  },
  // Edits and deletions: another tenant's ids (or unknown ids) are not found; empty forms are 400.
  {
    method: 'GET',
    route: '/:tenant/gestion/catalogue/structures/:facilityId',
    path: (w) => `/${w.t1.slug}/gestion/catalogue/structures/${w.cat1.facility.id}`,
    expect: config(200),
  },
  {
    method: 'GET',
    route: '/:tenant/gestion/catalogue/structures/:facilityId',
    path: (w) => `/${w.t1.slug}/gestion/catalogue/structures/${w.cat2.facility.id}`,
    expect: config(404),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/catalogue/structures/:facilityId',
    path: (w) => `/${w.t1.slug}/gestion/catalogue/structures/${w.cat1.facility.id}`,
    expect: config(400),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/catalogue/structures/:facilityId',
    path: (w) => `/${w.t1.slug}/gestion/catalogue/structures/${w.cat2.facility.id}`,
    form: () => ({ f_name: 'Piratée' }),
    expect: config(404),
  },
  {
    // Unfreezing: administrators only; the period is not frozen, and the confirmation is missing: 400.
    method: 'POST',
    route: '/:tenant/gestion/catalogue/periodes/:periodId/degeler',
    path: (w) => `/${w.t1.slug}/gestion/catalogue/periodes/${w.cat1.period.id}/degeler`,
    expect: { ...config(400), manager: 403 },
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/catalogue/periodes/:periodId/degeler',
    path: (w) => `/${w.t1.slug}/gestion/catalogue/periodes/${w.cat2.period.id}/degeler`,
    form: () => ({ confirm: 'on' }),
    expect: { ...config(404), manager: 403 },
  },
  {
    method: 'GET',
    route: '/:tenant/gestion/catalogue/groupes/:groupId',
    path: (w) => `/${w.t1.slug}/gestion/catalogue/groupes/${NIL}`,
    expect: config(404),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/catalogue/groupes/:groupId',
    path: (w) => `/${w.t1.slug}/gestion/catalogue/groupes/${NIL}`,
    expect: config(404),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/catalogue/groupes/:groupId/supprimer',
    path: (w) => `/${w.t1.slug}/gestion/catalogue/groupes/${NIL}/supprimer`,
    expect: config(404),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/catalogue/unites/:unitId',
    path: (w) => `/${w.t1.slug}/gestion/catalogue/unites/${NIL}`,
    expect: config(404),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/catalogue/unites/:unitId/supprimer',
    path: (w) => `/${w.t1.slug}/gestion/catalogue/unites/${NIL}/supprimer`,
    expect: config(404),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/catalogue/unites/:unitId/exceptions/:exceptionId/supprimer',
    path: (w) => `/${w.t1.slug}/gestion/catalogue/unites/${NIL}/exceptions/${NIL}/supprimer`,
    expect: config(404),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/catalogue/unites/:unitId/capacites/:capacityId/supprimer',
    path: (w) => `/${w.t1.slug}/gestion/catalogue/unites/${NIL}/capacites/${NIL}/supprimer`,
    expect: config(404),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/inscriptions/:enrollmentId/monter',
    path: (w) => `/${w.t1.slug}/gestion/inscriptions/${NIL}/monter`,
    expect: queue(404),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/inscriptions/:enrollmentId/descendre',
    path: (w) => `/${w.t1.slug}/gestion/inscriptions/${NIL}/descendre`,
    expect: queue(404),
  },
  {
    method: 'GET',
    route: '/:tenant/espace/inscriptions',
    path: (w) => `/${w.t1.slug}/espace/inscriptions`,
    expect: familyPage(),
  },
  {
    method: 'GET',
    route: '/:tenant/espace/inscriptions/nouvelle',
    path: (w) => `/${w.t1.slug}/espace/inscriptions/nouvelle`,
    expect: familyPage(),
  },
  {
    // Family B asking for family A's child: not found.
    method: 'GET',
    route: '/:tenant/espace/inscriptions/nouvelle',
    path: (w) =>
      `/${w.t1.slug}/espace/inscriptions/nouvelle?enfant=${w.familyA.child.id}&periode=${w.cat1.period.id}`,
    expect: { ...familyPage(), familyB: 404 },
  },
  {
    method: 'POST',
    route: '/:tenant/espace/inscriptions',
    path: (w) => `/${w.t1.slug}/espace/inscriptions`,
    form: (w) => ({ childId: w.familyA.child.id, periodId: w.cat2.period.id }),
    // Another tenant's period (and, for B, another household's child): 404, nothing written.
    expect: { ...familyPage(), anonymous: 401, familyA: 404, familyB: 404 },
  },
  {
    method: 'GET',
    route: '/:tenant/espace/inscriptions/:enrollmentId/attestation.pdf',
    path: (w) => `/${w.t1.slug}/espace/inscriptions/${NIL}/attestation.pdf`,
    expect: { ...familyPage(), familyA: 404, familyB: 404 },
  },
  {
    method: 'GET',
    route: '/:tenant/gestion/inscriptions',
    path: (w) => `/${w.t1.slug}/gestion/inscriptions`,
    expect: queue(200),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/inscriptions/:enrollmentId/accepter',
    path: (w) => `/${w.t1.slug}/gestion/inscriptions/${NIL}/accepter`,
    expect: queue(404),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/inscriptions/:enrollmentId/refuser',
    path: (w) => `/${w.t1.slug}/gestion/inscriptions/${NIL}/refuser`,
    expect: queue(404),
  },
  {
    method: 'POST',
    route: '/:tenant/gestion/inscriptions/:enrollmentId/attente',
    path: (w) => `/${w.t1.slug}/gestion/inscriptions/${NIL}/attente`,
    expect: queue(404),
  },
];

// Anonymous form posts are refused with 401 (no page to return to).
export const catalogueAccess: AccessRow[] = rows.map((r) =>
  r.method === 'POST' ? { ...r, expect: { ...r.expect, anonymous: 401 } } : r,
);
