import type { AccessRow, ActorName } from './world';

/**
 * News, messages and documents. With the current policies a signed-in person without a membership in
 * tenant 1 (family C, staff of tenant 2, the operator) gets 403, like staff of the wrong role; the
 * helpers below are the one place to change if that policy becomes 404.
 */
const NONE = '00000000-0000-4000-8000-000000000000';

const fam = (ok: number, anonymous = 303): AccessRow['expect'] => ({
  others: 403,
  anonymous,
  familyA: ok,
  familyB: ok,
});
const staff = (ok: number, roles: ActorName[], anonymous = 303): AccessRow['expect'] => {
  const e: AccessRow['expect'] = { others: 403, anonymous, admin: ok };
  for (const r of roles) e[r] = ok;
  return e;
};
const get = (route: string, path: string, expect: AccessRow['expect']): AccessRow => ({
  method: 'GET',
  route,
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
  route,
  path: (w) => `/${w.t1.slug}${path}`,
  expect,
  ...(form ? { form } : {}),
});

export const newsAccess: AccessRow[] = [
  get('/:tenant/actualites', '/actualites', fam(200)),
  get('/:tenant/gestion/actualites', '/gestion/actualites', staff(200, ['manager'])),
  get('/:tenant/gestion/actualites/nouvelle', '/gestion/actualites/nouvelle', staff(200, ['manager'])),
  // An empty form: allowed staff get the form back with its errors (400), nothing is written.
  post('/:tenant/gestion/actualites', '/gestion/actualites', staff(400, ['manager'], 401)),
  get('/:tenant/gestion/actualites/:newsId', `/gestion/actualites/${NONE}`, staff(404, ['manager'])),
  post('/:tenant/gestion/actualites/:newsId', `/gestion/actualites/${NONE}`, staff(404, ['manager'], 401)),
  post(
    '/:tenant/gestion/actualites/:newsId/supprimer',
    `/gestion/actualites/${NONE}/supprimer`,
    staff(404, ['manager'], 401),
  ),
];

const MSG = ['manager', 'accountant'] as ActorName[];

export const messagesAccess: AccessRow[] = [
  get('/:tenant/messages', '/messages', fam(200)),
  get('/:tenant/messages/nouveau', '/messages/nouveau', fam(200)),
  // A complete form: each family of tenant 1 starts a thread (303 to it).
  post('/:tenant/messages', '/messages', fam(303, 401), () => ({
    subject: 'Question',
    category: 'autre',
    body: 'Bonjour',
  })),
  get('/:tenant/messages/:threadId', `/messages/${NONE}`, fam(404)),
  post('/:tenant/messages/:threadId', `/messages/${NONE}`, fam(404, 401), () => ({ body: 'Bonjour' })),
  get('/:tenant/messages/:threadId/pieces/:attachmentId', `/messages/${NONE}/pieces/${NONE}`, fam(404)),
  get('/:tenant/gestion/messages', '/gestion/messages', staff(200, MSG)),
  get('/:tenant/gestion/messages/:threadId', `/gestion/messages/${NONE}`, staff(404, MSG)),
  post('/:tenant/gestion/messages/:threadId', `/gestion/messages/${NONE}`, staff(404, MSG, 401), () => ({
    body: 'Bonjour',
  })),
  post(
    '/:tenant/gestion/messages/:threadId/attribuer',
    `/gestion/messages/${NONE}/attribuer`,
    staff(404, MSG, 401),
  ),
  post(
    '/:tenant/gestion/messages/:threadId/statut',
    `/gestion/messages/${NONE}/statut`,
    staff(404, MSG, 401),
  ),
  get(
    '/:tenant/gestion/messages/:threadId/pieces/:attachmentId',
    `/gestion/messages/${NONE}/pieces/${NONE}`,
    staff(404, MSG),
  ),
];

const DOC = ['manager'] as ActorName[];
// Any signed-in member of tenant 1 (families and every staff role).
const member = (ok: number): AccessRow['expect'] => ({
  others: ok,
  anonymous: 303,
  familyC: 403,
  staffOther: 403,
  operator: 403,
});

export const documentsAccess: AccessRow[] = [
  get('/:tenant/documents', '/documents', fam(200)),
  get('/:tenant/documents/deposer', `/documents/deposer?type=${NONE}&pour=foyer`, fam(404)),
  post('/:tenant/documents/deposer', '/documents/deposer', fam(404, 401), () => ({
    type: NONE,
    pour: 'foyer',
  })),
  post('/:tenant/documents/reutiliser', '/documents/reutiliser', fam(404, 401), () => ({
    type: NONE,
    pour: 'foyer',
    fileId: NONE,
  })),
  get('/:tenant/documents/fichiers/:fileId', `/documents/fichiers/${NONE}`, fam(404)),
  get('/:tenant/documents-structure', '/documents-structure', member(200)),
  get('/:tenant/documents-structure/:docId', `/documents-structure/${NONE}`, member(404)),
  get('/:tenant/gestion/documents', '/gestion/documents', staff(200, DOC)),
  get('/:tenant/gestion/documents/:submissionId', `/gestion/documents/${NONE}`, staff(404, DOC)),
  get(
    '/:tenant/gestion/documents/:submissionId/apercu',
    `/gestion/documents/${NONE}/apercu`,
    staff(404, DOC),
  ),
  get(
    '/:tenant/gestion/documents/:submissionId/fichier',
    `/gestion/documents/${NONE}/fichier`,
    staff(404, DOC),
  ),
  post(
    '/:tenant/gestion/documents/:submissionId/accepter',
    `/gestion/documents/${NONE}/accepter`,
    staff(404, DOC, 401),
  ),
  post(
    '/:tenant/gestion/documents/:submissionId/refuser',
    `/gestion/documents/${NONE}/refuser`,
    staff(404, DOC, 401),
  ),
  get('/:tenant/gestion/documents/types', '/gestion/documents/types', staff(200, DOC)),
  post('/:tenant/gestion/documents/types', '/gestion/documents/types', staff(400, DOC, 401)),
  get('/:tenant/gestion/documents/types/:typeId', `/gestion/documents/types/${NONE}`, staff(404, DOC)),
  post('/:tenant/gestion/documents/types/:typeId', `/gestion/documents/types/${NONE}`, staff(404, DOC, 401)),
  get('/:tenant/gestion/documents-structure', '/gestion/documents-structure', staff(200, DOC)),
  // Urlencoded, without a file: allowed staff get the form back with its errors.
  post('/:tenant/gestion/documents-structure', '/gestion/documents-structure', staff(400, DOC, 401)),
  post(
    '/:tenant/gestion/documents-structure/:docId/supprimer',
    `/gestion/documents-structure/${NONE}/supprimer`,
    staff(404, DOC, 401),
  ),
];

export const commsAccess: AccessRow[] = [...newsAccess, ...messagesAccess, ...documentsAccess];
