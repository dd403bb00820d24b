import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/http/errors';
import { pageContext } from '../../platform/http/page';
import {
  requireFamily,
  requireSignedIn,
  requireStaff,
  requireTenant,
  type StaffActor,
} from '../../platform/http/policies';
import { setFlash } from '../../platform/http/request-context';
import { MULTIPART_LIMITS, readForm } from '../messaging/form-reader';
import { formValues, idParam, writeAudit } from '../messaging/kit';
import { isoDayInZone } from '../news/domain/time';
import { tenantFacilities } from '../news/news.repository';
import {
  findHouseholdFile,
  findSubmission,
  findTenantDocument,
  findType,
  householdFiles,
  listTenantDocuments,
  listTypes,
  reviewQueue,
  subjectName,
} from './documents.repository';
import {
  acceptSubmission,
  addTenantDocument,
  createDocumentType,
  DOCUMENT_ROLES,
  deleteTenantDocument,
  householdRequests,
  refuseSubmission,
  requestForForm,
  reuseDocument,
  updateDocumentType,
  uploadDocument,
} from './documents.service';
import { fileReceiver, type ReceivedFile, sendStoredFile } from './uploads';
import { FamilyDocumentsPage, FamilyTenantDocumentsPage, UploadPage } from './views/family-documents';
import { ReviewPage, ReviewQueuePage, StaffTenantDocumentsPage, TypesPage } from './views/staff-documents';

/** Families' documents, the staff review queue, document types and the tenant's own documents. */
export async function documentsRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const storage = app.deps.storage;
  const config = app.deps.config;
  const now = () => app.deps.clock.now();
  await app.register(fastifyMultipart, { limits: MULTIPART_LIMITS, throwFileSizeLimit: false });
  const receive = fileReceiver(storage);

  /** Reads a form with one file and runs the use case; invalid input comes back, a stored file is removed. */
  async function withUpload<T>(
    req: FastifyRequest,
    reply: FastifyReply,
    use: (form: { fields: Record<string, string>; file: ReceivedFile | null }) => Promise<T>,
  ): Promise<{ ok: true; value: T } | { ok: false; err: AppError; fields: Record<string, string> }> {
    const form = await readForm<ReceivedFile>(app, req, reply, receive);
    try {
      if (form.fileError) throw form.fileError;
      return { ok: true, value: await use(form) };
    } catch (err) {
      if (form.file) await storage.delete(form.file.storageKey);
      if (err instanceof AppError && Object.keys(err.fields).length > 0 && err.status < 500)
        return { ok: false, err, fields: form.fields };
      throw err;
    }
  }

  // ---------- Family ----------

  app.get('/documents', async (req, reply) => {
    const fam = requireFamily(req);
    const today = isoDayInZone(now(), fam.tenant.timeZone);
    const [requests, files] = await Promise.all([
      householdRequests(db, fam.tenant.id, fam.householdId, today),
      householdFiles(db, fam.tenant.id, fam.householdId),
    ]);
    return reply.html(
      <FamilyDocumentsPage ctx={pageContext(req, reply)} requests={requests} files={files} />,
    );
  });

  async function uploadPage(
    req: FastifyRequest,
    reply: FastifyReply,
    typeId: unknown,
    pour: unknown,
    err?: AppError,
  ) {
    const fam = requireFamily(req);
    const { type, subjectId } = await requestForForm(db, fam, typeId, pour);
    const label = subjectId
      ? ((await subjectName(db, fam.tenant.id, type.scope, subjectId)) ?? '')
      : 'Le foyer';
    const files = await householdFiles(db, fam.tenant.id, fam.householdId);
    return reply
      .code(err ? err.status : 200)
      .html(
        <UploadPage
          ctx={pageContext(req, reply)}
          typeId={type.id}
          typeName={type.name}
          subjectLabel={label}
          pour={subjectId ?? 'foyer'}
          accepted={type.acceptedKinds}
          files={files}
          errors={err?.fields ?? {}}
        />,
      );
  }

  app.get('/documents/deposer', async (req, reply) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    return uploadPage(req, reply, q.type, q.pour);
  });

  app.post('/documents/deposer', { config: { csrf: false } }, async (req, reply) => {
    const fam = requireFamily(req);
    const r = await withUpload(req, reply, (form) =>
      uploadDocument(db, { fam, now: now(), fields: form.fields, file: form.file }),
    );
    if (!r.ok) return uploadPage(req, reply, r.fields.type, r.fields.pour, r.err);
    setFlash(reply, 'success', 'Document envoyé : le service va le vérifier.');
    return reply.redirect(`${req.base}/documents`, 303);
  });

  app.post('/documents/reutiliser', async (req, reply) => {
    const fam = requireFamily(req);
    try {
      await reuseDocument(db, { fam, now: now(), input: req.body });
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION') {
        const body = formValues(req.body);
        return uploadPage(req, reply, body.type, body.pour, err);
      }
      throw err;
    }
    setFlash(reply, 'success', 'Document envoyé : le service va le vérifier.');
    return reply.redirect(`${req.base}/documents`, 303);
  });

  app.get('/documents/fichiers/:fileId', async (req, reply) => {
    const fam = requireFamily(req);
    const file = await findHouseholdFile(db, fam.tenant.id, fam.householdId, idParam(req.params, 'fileId'));
    if (!file) throw new AppError('NOT_FOUND');
    return sendStoredFile(storage, reply, file);
  });

  /** Any signed-in member of the tenant (family or staff). */
  function requireMember(req: FastifyRequest) {
    const tenant = requireTenant(req);
    const actor = requireSignedIn(req);
    if (!actor.membership) throw new AppError('FORBIDDEN');
    return tenant;
  }

  app.get('/documents-structure', async (req, reply) => {
    const tenant = requireMember(req);
    const rows = await listTenantDocuments(db, tenant.id);
    return reply.html(<FamilyTenantDocumentsPage ctx={pageContext(req, reply)} rows={rows} />);
  });

  app.get('/documents-structure/:docId', async (req, reply) => {
    const tenant = requireMember(req);
    const found = await findTenantDocument(db, tenant.id, idParam(req.params, 'docId'));
    if (!found) throw new AppError('NOT_FOUND');
    return sendStoredFile(storage, reply, found.file);
  });

  // ---------- Staff: review ----------

  /** Families' documents may hold health data (vaccinations): every staff read is audited. */
  async function auditFileRead(staff: StaffActor, submissionId: string, how: 'preview' | 'download') {
    await writeAudit(db, {
      tenantId: staff.tenant.id,
      at: now(),
      actorUserId: staff.actor.userId,
      action: 'document.read',
      subjectType: 'document_submission',
      subjectId: submissionId,
      details: { how },
    });
  }

  app.get('/gestion/documents', async (req, reply) => {
    const staff = requireStaff(req, DOCUMENT_ROLES);
    const rows = await reviewQueue(db, staff.tenant.id);
    const withNames = await Promise.all(
      rows.map(async (r) => ({
        ...r,
        subject: await subjectName(db, staff.tenant.id, r.scope, r.subjectId),
      })),
    );
    return reply.html(<ReviewQueuePage ctx={pageContext(req, reply)} rows={withNames} />);
  });

  async function reviewPage(req: FastifyRequest, reply: FastifyReply, err?: AppError) {
    const staff = requireStaff(req, DOCUMENT_ROLES);
    const found = await findSubmission(db, staff.tenant.id, idParam(req.params, 'submissionId'));
    if (!found) throw new AppError('NOT_FOUND');
    const subject = await subjectName(db, staff.tenant.id, found.type.scope, found.submission.subjectId);
    return reply
      .code(err ? err.status : 200)
      .html(
        <ReviewPage
          ctx={pageContext(req, reply)}
          submission={found.submission}
          typeName={found.type.name}
          householdName={found.householdName}
          subject={subject}
          file={found.file}
          errors={err?.fields ?? {}}
          values={err ? formValues(req.body) : {}}
        />,
      );
  }

  app.get('/gestion/documents/:submissionId', async (req, reply) => reviewPage(req, reply));

  app.get('/gestion/documents/:submissionId/apercu', async (req, reply) => {
    const staff = requireStaff(req, DOCUMENT_ROLES);
    const found = await findSubmission(db, staff.tenant.id, idParam(req.params, 'submissionId'));
    if (!found) throw new AppError('NOT_FOUND');
    await auditFileRead(staff, found.submission.id, 'preview');
    // Only images are previewed inline; anything else is a download.
    const mode = found.file.kind === 'png' || found.file.kind === 'jpeg' ? 'preview' : 'attachment';
    return sendStoredFile(storage, reply, found.file, mode);
  });

  app.get('/gestion/documents/:submissionId/fichier', async (req, reply) => {
    const staff = requireStaff(req, DOCUMENT_ROLES);
    const found = await findSubmission(db, staff.tenant.id, idParam(req.params, 'submissionId'));
    if (!found) throw new AppError('NOT_FOUND');
    await auditFileRead(staff, found.submission.id, 'download');
    return sendStoredFile(storage, reply, found.file);
  });

  app.post('/gestion/documents/:submissionId/accepter', async (req, reply) => {
    const staff = requireStaff(req, DOCUMENT_ROLES);
    const submissionId = idParam(req.params, 'submissionId');
    await acceptSubmission(db, { staff, config, now: now(), submissionId });
    setFlash(reply, 'success', 'Document accepté ; la famille est prévenue.');
    return reply.redirect(`${req.base}/gestion/documents`, 303);
  });

  app.post('/gestion/documents/:submissionId/refuser', async (req, reply) => {
    const staff = requireStaff(req, DOCUMENT_ROLES);
    const submissionId = idParam(req.params, 'submissionId');
    try {
      await refuseSubmission(db, { staff, config, now: now(), submissionId, input: req.body });
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION') return reviewPage(req, reply, err);
      throw err;
    }
    setFlash(reply, 'success', 'Document refusé ; la famille reçoit le motif.');
    return reply.redirect(`${req.base}/gestion/documents`, 303);
  });

  // ---------- Staff: types ----------

  async function typesPage(
    req: FastifyRequest,
    reply: FastifyReply,
    editing: string | null,
    values: Record<string, string | string[]>,
    err?: AppError,
  ) {
    const staff = requireStaff(req, DOCUMENT_ROLES);
    const types = await listTypes(db, staff.tenant.id);
    return reply
      .code(err ? err.status : 200)
      .html(
        <TypesPage
          ctx={pageContext(req, reply)}
          types={types}
          editing={editing}
          values={values}
          errors={err?.fields ?? {}}
        />,
      );
  }
  const rawValues = (body: unknown): Record<string, string | string[]> => {
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>))
      if (k !== '_csrf' && (typeof v === 'string' || Array.isArray(v))) out[k] = v as string | string[];
    return out;
  };

  app.get('/gestion/documents/types', async (req, reply) =>
    typesPage(req, reply, null, {
      acceptedKinds: ['pdf', 'jpeg', 'png', 'heic'],
      active: '1',
      validityKind: 'none',
    }),
  );

  app.post('/gestion/documents/types', async (req, reply) => {
    const staff = requireStaff(req, DOCUMENT_ROLES);
    try {
      await createDocumentType(db, { staff, now: now(), input: req.body });
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION')
        return typesPage(req, reply, null, rawValues(req.body), err);
      throw err;
    }
    setFlash(reply, 'success', 'Type de document enregistré.');
    return reply.redirect(`${req.base}/gestion/documents/types`, 303);
  });

  app.get('/gestion/documents/types/:typeId', async (req, reply) => {
    const staff = requireStaff(req, DOCUMENT_ROLES);
    const type = await findType(db, staff.tenant.id, idParam(req.params, 'typeId'));
    if (!type) throw new AppError('NOT_FOUND');
    return typesPage(req, reply, type.id, {
      name: type.name,
      description: type.description,
      scope: type.scope,
      mandatoryFor: type.mandatoryFor.join('\n'),
      validityKind: type.validityKind,
      validUntil: type.validUntil ?? '',
      validityMonths: type.validityMonths ? String(type.validityMonths) : '',
      reminderDays: String(type.reminderDays),
      acceptedKinds: type.acceptedKinds,
      active: type.active ? '1' : '',
    });
  });

  app.post('/gestion/documents/types/:typeId', async (req, reply) => {
    const staff = requireStaff(req, DOCUMENT_ROLES);
    const typeId = idParam(req.params, 'typeId');
    try {
      await updateDocumentType(db, { staff, now: now(), typeId, input: req.body });
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION')
        return typesPage(req, reply, typeId, rawValues(req.body), err);
      throw err;
    }
    setFlash(reply, 'success', 'Type de document modifié.');
    return reply.redirect(`${req.base}/gestion/documents/types`, 303);
  });

  // ---------- Staff: tenant documents ----------

  async function tenantDocsPage(
    req: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    err?: AppError,
  ) {
    const staff = requireStaff(req, DOCUMENT_ROLES);
    const [rows, facilities] = await Promise.all([
      listTenantDocuments(db, staff.tenant.id),
      tenantFacilities(db, staff.tenant.id),
    ]);
    return reply
      .code(err ? err.status : 200)
      .html(
        <StaffTenantDocumentsPage
          ctx={pageContext(req, reply)}
          rows={rows}
          facilities={facilities}
          values={values}
          errors={err?.fields ?? {}}
        />,
      );
  }

  app.get('/gestion/documents-structure', async (req, reply) => tenantDocsPage(req, reply, {}));

  app.post('/gestion/documents-structure', { config: { csrf: false } }, async (req, reply) => {
    const staff = requireStaff(req, DOCUMENT_ROLES);
    const r = await withUpload(req, reply, (form) =>
      addTenantDocument(db, { staff, now: now(), fields: form.fields, file: form.file }),
    );
    if (!r.ok) return tenantDocsPage(req, reply, r.fields, r.err);
    setFlash(reply, 'success', 'Document publié.');
    return reply.redirect(`${req.base}/gestion/documents-structure`, 303);
  });

  app.post('/gestion/documents-structure/:docId/supprimer', async (req, reply) => {
    const staff = requireStaff(req, DOCUMENT_ROLES);
    await deleteTenantDocument(db, storage, { staff, now: now(), docId: idParam(req.params, 'docId') });
    setFlash(reply, 'success', 'Document retiré.');
    return reply.redirect(`${req.base}/gestion/documents-structure`, 303);
  });
}
