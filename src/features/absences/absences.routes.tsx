import { randomUUID } from 'node:crypto';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/http/errors';
import { pageContext } from '../../platform/http/page';
import { setFlash } from '../../platform/http/request-context';
import { fileReceiver, type ReceivedFile, sendStoredFile } from '../documents/uploads';
import { familyOf, staffOf } from '../households/access';
import { isUuid, listChildren } from '../households/households.repository';
import { MULTIPART_LIMITS, readForm } from '../messaging/form-reader';
import { formValues, idParam } from '../messaging/kit';
import { findSettings, pendingDeclarations } from './absences.repository';
import {
  ABSENCE_ROLES,
  auditStaffRead,
  decideAbsence,
  declarationForStaff,
  declareAbsence,
  familyCertificate,
  formDeadline,
  householdDeclarations,
  saveAbsenceSettings,
  staffQueue,
} from './absences.service';
import { limitLabel } from './domain/deadline';
import { DeclarePage, FamilyAbsencesPage } from './views/family-absences';
import { SettingsPage, StaffDetailPage, StaffQueuePage } from './views/staff-absences';

/** Families declare absences (with an optional medical certificate); staff accept or refuse them. */
export async function absencesRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const storage = app.deps.storage;
  const config = app.deps.config;
  const now = () => app.deps.clock.now();
  // The multipart parser exists for this plugin's routes only (see ADR 0007).
  await app.register(fastifyMultipart, { limits: MULTIPART_LIMITS, throwFileSizeLimit: false });
  const receive = fileReceiver(storage);

  // ---------- Family ----------

  app.get('/absences', async (req, reply) => {
    const fam = familyOf(req);
    const q = (req.query ?? {}) as Record<string, unknown>;
    const kids = await listChildren(db, fam.tenant.id, fam.householdId);
    // Only the household's own children: any other id does not exist here.
    const childFilter = typeof q.enfant === 'string' ? q.enfant : '';
    if (childFilter !== '' && !kids.some((k) => k.id === childFilter)) throw new AppError('NOT_FOUND');
    const [rows, limit] = await Promise.all([
      householdDeclarations(db, fam, childFilter || undefined),
      findSettings(db, fam.tenant.id),
    ]);
    return reply.html(
      <FamilyAbsencesPage
        ctx={pageContext(req, reply)}
        rows={rows}
        kids={kids}
        childFilter={childFilter}
        limitText={limitLabel(limit)}
      />,
    );
  });

  async function declarePage(
    req: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    err?: AppError,
  ) {
    const fam = familyOf(req);
    const [kids, deadline] = await Promise.all([
      listChildren(db, fam.tenant.id, fam.householdId),
      formDeadline(db, fam.tenant, now()),
    ]);
    // The same one-time token is kept when the form comes back with errors (a later replay still finds
    // the declaration if one was made); a fresh page gets a new one.
    const used = Boolean(err?.fields.formToken);
    const formToken = !used && isUuid(values.formToken) ? values.formToken : randomUUID();
    return reply
      .code(err ? err.status : 200)
      .html(
        <DeclarePage
          ctx={pageContext(req, reply)}
          kids={kids}
          deadline={deadline}
          formToken={formToken}
          values={values}
          errors={err?.fields ?? {}}
        />,
      );
  }

  app.get('/absences/declarer', async (req, reply) => declarePage(req, reply, {}));

  app.post('/absences/declarer', { config: { csrf: false } }, async (req, reply) => {
    const fam = familyOf(req);
    const form = await readForm<ReceivedFile>(app, req, reply, receive);
    let result: { id: string; replayed: boolean };
    try {
      if (form.fileError) throw form.fileError;
      result = await declareAbsence(db, {
        fam,
        now: now(),
        fields: form.fields,
        certificate: form.file,
      });
    } catch (err) {
      // Nothing half-written: a stored certificate whose declaration failed is removed.
      if (form.file) await storage.delete(form.file.storageKey);
      if (err instanceof AppError && Object.keys(err.fields).length > 0 && err.status < 500) {
        const { _csrf: _, ...values } = form.fields;
        return declarePage(req, reply, values, err);
      }
      throw err;
    }
    if (result.replayed && form.file) await storage.delete(form.file.storageKey);
    setFlash(reply, 'success', 'Absence déclarée : le service va l’examiner.');
    return reply.redirect(`${req.base}/absences`, 303);
  });

  app.get('/absences/:absenceId/justificatif', async (req, reply) => {
    const fam = familyOf(req);
    const d = await familyCertificate(db, fam, idParam(req.params, 'absenceId'));
    return sendStoredFile(storage, reply, {
      storageKey: d.certificateKey!,
      originalName: d.certificateName ?? 'certificat',
      kind: d.certificateKind ?? '',
    });
  });

  // ---------- Staff ----------

  app.get('/gestion/absences', async (req, reply) => {
    const staff = staffOf(req, ABSENCE_ROLES);
    const rows = await staffQueue(db, staff, await pendingDeclarations(db, staff.tenant.id));
    return reply.html(
      <StaffQueuePage ctx={pageContext(req, reply)} rows={rows} isAdmin={staff.roles.includes('admin')} />,
    );
  });

  async function settingsPage(
    req: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    err?: AppError,
  ) {
    const staff = staffOf(req, []);
    const current = await findSettings(db, staff.tenant.id);
    return reply
      .code(err ? err.status : 200)
      .html(
        <SettingsPage
          ctx={pageContext(req, reply)}
          current={current}
          values={values}
          errors={err?.fields ?? {}}
        />,
      );
  }

  // Administrators only (requireStaff lets administrators through every check; no other role here).
  app.get('/gestion/absences/reglages', async (req, reply) => settingsPage(req, reply, {}));

  app.post('/gestion/absences/reglages', async (req, reply) => {
    const staff = staffOf(req, []);
    try {
      await saveAbsenceSettings(db, { staff, now: now(), input: req.body });
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION')
        return settingsPage(req, reply, formValues(req.body), err);
      throw err;
    }
    setFlash(reply, 'success', 'Délai enregistré.');
    return reply.redirect(`${req.base}/gestion/absences/reglages`, 303);
  });

  async function detailPage(req: FastifyRequest, reply: FastifyReply, err?: AppError) {
    const staff = staffOf(req, ABSENCE_ROLES);
    const row = await declarationForStaff(db, staff, idParam(req.params, 'absenceId'));
    // The medical reason and comment are health data: the staff read is audited.
    await auditStaffRead(db, staff, now(), row.declaration.id, 'absence.view');
    return reply
      .code(err ? err.status : 200)
      .html(
        <StaffDetailPage
          ctx={pageContext(req, reply)}
          row={row}
          errors={err?.fields ?? {}}
          values={err ? formValues(req.body) : {}}
        />,
      );
  }

  app.get('/gestion/absences/:absenceId', async (req, reply) => detailPage(req, reply));

  app.get('/gestion/absences/:absenceId/justificatif', async (req, reply) => {
    const staff = staffOf(req, ABSENCE_ROLES);
    const row = await declarationForStaff(db, staff, idParam(req.params, 'absenceId'));
    const d = row.declaration;
    if (!d.certificateKey) throw new AppError('NOT_FOUND');
    await auditStaffRead(db, staff, now(), d.id, 'absence.certificate.view');
    return sendStoredFile(storage, reply, {
      storageKey: d.certificateKey,
      originalName: d.certificateName ?? 'certificat',
      kind: d.certificateKind ?? '',
    });
  });

  app.post('/gestion/absences/:absenceId/accepter', async (req, reply) => {
    const staff = staffOf(req, ABSENCE_ROLES);
    const id = idParam(req.params, 'absenceId');
    await decideAbsence(db, { staff, config, now: now(), id, decision: 'accepted' });
    setFlash(reply, 'success', 'Absence acceptée : les jours sont justifiés ; la famille est prévenue.');
    return reply.redirect(`${req.base}/gestion/absences`, 303);
  });

  app.post('/gestion/absences/:absenceId/refuser', async (req, reply) => {
    const staff = staffOf(req, ABSENCE_ROLES);
    const id = idParam(req.params, 'absenceId');
    try {
      await decideAbsence(db, { staff, config, now: now(), id, decision: 'refused', input: req.body });
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION') return detailPage(req, reply, err);
      throw err;
    }
    setFlash(reply, 'success', 'Absence refusée ; la famille reçoit le motif.');
    return reply.redirect(`${req.base}/gestion/absences`, 303);
  });
}
