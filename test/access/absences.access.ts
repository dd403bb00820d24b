import { type AccessRow, type ActorName, familyPage } from './world';

/**
 * Absences. Families of tenant 1 declare; managers and directors (for their facilities' children) decide;
 * administrators set the time limit. Family C and staff of tenant 2 are told the pages do not exist (404).
 * Rows use an unknown id: the hostile cases on real rows (another household, another tenant, a director of
 * another facility) are in absences.int.test.ts.
 */
const NONE = '00000000-0000-4000-8000-000000000000';

const family = (ok: number, anonymous = 303): AccessRow['expect'] => ({ ...familyPage(ok), anonymous });
const staff = (ok: number, roles: ActorName[], anonymous = 303): AccessRow['expect'] => {
  const e: AccessRow['expect'] = { others: 403, anonymous, familyC: 404, staffOther: 404, admin: ok };
  for (const r of roles) e[r] = ok;
  return e;
};
const DECIDERS: ActorName[] = ['manager', 'director'];
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

export const absencesAccess: AccessRow[] = [
  get('/absences', '/absences', family(200)),
  get('/absences/declarer', '/absences/declarer', family(200)),
  // A child that is not the household's: not found, nothing written.
  post('/absences/declarer', '/absences/declarer', family(404, 401), () => ({
    childId: NONE,
    firstDay: '2026-11-25',
    reason: 'maladie',
    formToken: NONE,
  })),
  get('/absences/:absenceId/justificatif', `/absences/${NONE}/justificatif`, family(404)),
  get('/gestion/absences', '/gestion/absences', staff(200, DECIDERS)),
  get('/gestion/absences/reglages', '/gestion/absences/reglages', staff(200, [])),
  post('/gestion/absences/reglages', '/gestion/absences/reglages', staff(303, [], 401), () => ({
    limitHours: '48',
    limitKind: 'working',
  })),
  get('/gestion/absences/:absenceId', `/gestion/absences/${NONE}`, staff(404, DECIDERS)),
  get(
    '/gestion/absences/:absenceId/justificatif',
    `/gestion/absences/${NONE}/justificatif`,
    staff(404, DECIDERS),
  ),
  post(
    '/gestion/absences/:absenceId/accepter',
    `/gestion/absences/${NONE}/accepter`,
    staff(404, DECIDERS, 401),
  ),
  post(
    '/gestion/absences/:absenceId/refuser',
    `/gestion/absences/${NONE}/refuser`,
    staff(404, DECIDERS, 401),
    () => ({ reason: 'Motif' }),
  ),
];
