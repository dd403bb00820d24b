import type { AccessRow } from './world';

const DAY = '2026-11-25';

/**
 * Registers: every staff role of tenant 1 reads those of its facilities (the director and the animator
 * are tied to the first facility; accountants read only). Families are refused (403); people of another
 * tenant are told the page does not exist (404).
 */
const readers = (ok: number, mine = ok): AccessRow['expect'] => ({
  others: 403,
  anonymous: 303,
  familyC: 404,
  staffOther: 404,
  admin: ok,
  manager: ok,
  accountant: ok,
  director: mine,
  animator: mine,
});
/** Taking the register: accountants are refused; anonymous POSTs get 401. */
const writers = (ok: number, mine = ok): AccessRow['expect'] => ({
  ...readers(ok, mine),
  anonymous: 401,
  accountant: 403,
});
/** Occupancy: managers, administrators, directors (their facility). */
const occupancy = (ok: number, mine = ok): AccessRow['expect'] => ({
  others: 403,
  anonymous: 303,
  familyC: 404,
  staffOther: 404,
  admin: ok,
  manager: ok,
  director: mine,
});

const register = (site: string, unit: string) => `site=${site}&jour=${DAY}&unite=${unit}`;

export const attendanceAccess: AccessRow[] = [
  {
    method: 'GET',
    route: '/:tenant/gestion/appel',
    path: (w) => `/${w.t1.slug}/gestion/appel?jour=${DAY}`,
    expect: readers(200),
  },
  {
    method: 'GET',
    route: '/:tenant/gestion/appel',
    path: (w) => `/${w.t1.slug}/gestion/appel?${register(w.cat1.facility.id, w.reg.unit1.id)}`,
    expect: readers(200),
  },
  {
    // Another facility of the same tenant: not the animator's nor the director's.
    method: 'GET',
    route: '/:tenant/gestion/appel',
    path: (w) => `/${w.t1.slug}/gestion/appel?${register(w.reg.otherFacility.id, w.reg.unitOther.id)}`,
    expect: readers(200, 404),
  },
  {
    // Another tenant's facility and unit.
    method: 'GET',
    route: '/:tenant/gestion/appel',
    path: (w) => `/${w.t1.slug}/gestion/appel?${register(w.cat2.facility.id, w.reg.unit2.id)}`,
    expect: readers(404),
  },
  {
    // A unit named under a facility it does not belong to.
    method: 'GET',
    route: '/:tenant/gestion/appel',
    path: (w) => `/${w.t1.slug}/gestion/appel?${register(w.cat1.facility.id, w.reg.unitOther.id)}`,
    expect: readers(404),
  },
  {
    method: 'GET',
    route: '/:tenant/gestion/appel/pdf',
    path: (w) => `/${w.t1.slug}/gestion/appel/pdf?${register(w.cat1.facility.id, w.reg.unit1.id)}`,
    expect: readers(200),
  },
  {
    method: 'GET',
    route: '/:tenant/gestion/appel/pdf',
    path: (w) => `/${w.t1.slug}/gestion/appel/pdf?${register(w.reg.otherFacility.id, w.reg.unitOther.id)}`,
    expect: readers(200, 404),
  },
  {
    method: 'GET',
    route: '/:tenant/gestion/appel/pdf',
    path: (w) => `/${w.t1.slug}/gestion/appel/pdf?${register(w.cat2.facility.id, w.reg.unit2.id)}`,
    expect: readers(404),
  },
  {
    // An empty form: 400 for those who may take the register; nothing written.
    method: 'POST',
    route: '/:tenant/gestion/appel/actions',
    path: (w) => `/${w.t1.slug}/gestion/appel/actions`,
    expect: writers(400),
  },
  {
    // A check-in of family A's child (not booked) at another facility: hidden from its animator.
    method: 'POST',
    route: '/:tenant/gestion/appel/actions',
    path: (w) => `/${w.t1.slug}/gestion/appel/actions`,
    form: (w) => ({
      action_id: '6f1c2f4e-1d7a-4a51-9a0e-2f3b4c5d6e7f',
      kind: 'check-in',
      child: w.familyA.child.id,
      site: w.reg.otherFacility.id,
      unite: w.reg.unitOther.id,
      jour: DAY,
    }),
    // Allowed staff get the register back with "not booked" (303); the same action id replays as such.
    expect: writers(303, 404),
  },
  {
    // Another tenant's unit: not found for everyone.
    method: 'POST',
    route: '/:tenant/gestion/appel/actions',
    path: (w) => `/${w.t1.slug}/gestion/appel/actions`,
    form: (w) => ({
      action_id: '7a2d3e4f-5b6c-4d7e-8f90-a1b2c3d4e5f6',
      kind: 'check-in',
      child: w.familyC.child.id,
      site: w.cat2.facility.id,
      unite: w.reg.unit2.id,
      jour: DAY,
    }),
    expect: writers(404),
  },
  {
    method: 'GET',
    route: '/:tenant/gestion/occupation',
    path: (w) => `/${w.t1.slug}/gestion/occupation?site=${w.cat1.facility.id}&du=${DAY}&au=${DAY}`,
    expect: occupancy(200),
  },
  {
    method: 'GET',
    route: '/:tenant/gestion/occupation',
    path: (w) => `/${w.t1.slug}/gestion/occupation?site=${w.reg.otherFacility.id}&du=${DAY}&au=${DAY}`,
    expect: occupancy(200, 404),
  },
  {
    method: 'GET',
    route: '/:tenant/gestion/occupation',
    path: (w) => `/${w.t1.slug}/gestion/occupation?site=${w.cat2.facility.id}`,
    expect: occupancy(404),
  },
];
