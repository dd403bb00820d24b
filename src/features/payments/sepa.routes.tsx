import { randomUUID } from 'node:crypto';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { todayIn } from '../../platform/calendar/days';
import { AppError } from '../../platform/http/errors';
import { pageContext } from '../../platform/http/page';
import { setFlash } from '../../platform/http/request-context';
import { contentDisposition, fileReceiver, type ReceivedFile, sendStoredFile } from '../documents/uploads';
import { familyOf, staffOf } from '../households/access';
import { isUuid } from '../households/households.repository';
import { MULTIPART_LIMITS, readForm } from '../messaging/form-reader';
import { formValues, idParam } from '../messaging/kit';
import { earliestCollectionDate } from './domain/sepa';
import { manualPaymentRoutes } from './manual.routes';
import { PAYMENT_READ_ROLES, PAYMENT_WRITE_ROLES } from './manual.service';
import {
  activeMandate,
  findCollection,
  findCreditorId,
  findRequest,
  findSepaSettings,
  itemsOfCollection,
  listCollections,
  listMandates,
  pendingRequests,
  requestsOfHousehold,
} from './sepa.repository';
import {
  acceptMandateRequest,
  checkCollectionDate,
  collectionFile,
  createCollection,
  ibanSealingKey,
  mandateText,
  previewCollection,
  refuseMandateRequest,
  revokeMandate,
  saveSepaSettings,
  sepaSetup,
  settleCollection,
  submitMandateRequest,
} from './sepa.service';
import { CollectionDetailPage, CollectionsPage, SepaSettingsPage } from './views/collection';
import { MandatesPage, RequestDetailPage, RequestQueuePage } from './views/mandate-staff';
import { FamilySepaPage, MandateRequestPage } from './views/sepa-family';

/** The key sealing IBANs in the database: derived for this purpose from the deployment's secrets key. */
export function ibanKey(app: FastifyInstance): Buffer {
  return ibanSealingKey(app.deps.secretsKey ?? app.deps.cookieSecret);
}

const canWrite = (roles: string[]) => roles.some((r) => r === 'accountant' || r === 'admin');

/** SEPA direct debit: family mandate requests, staff decisions, collections and their pain.008 files. */
export async function sepaRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const storage = app.deps.storage;
  const config = app.deps.config;
  const now = () => app.deps.clock.now();
  const key = ibanKey(app);
  // Manual payments (no multipart there) live in their own plugin under the same prefix.
  await app.register(manualPaymentRoutes);
  await app.register(fastifyMultipart, { limits: MULTIPART_LIMITS, throwFileSizeLimit: false });
  const receive = fileReceiver(storage);

  // ---------- Family ----------

  app.get('/prelevement', async (req, reply) => {
    const fam = familyOf(req);
    const [setup, mandate, requests] = await Promise.all([
      sepaSetup(db, fam.tenant.id),
      activeMandate(db, fam.tenant.id, fam.householdId),
      requestsOfHousehold(db, fam.tenant.id, fam.householdId),
    ]);
    return reply.html(
      <FamilySepaPage
        ctx={pageContext(req, reply)}
        offered={Boolean(setup)}
        mandate={mandate}
        requests={requests}
      />,
    );
  });

  async function requestPage(
    req: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    err?: AppError,
  ) {
    const fam = familyOf(req);
    const setup = await sepaSetup(db, fam.tenant.id);
    if (!setup) throw new AppError('NOT_FOUND');
    const mandate = await activeMandate(db, fam.tenant.id, fam.householdId);
    const used = Boolean(err?.fields.formToken);
    const formToken = !used && isUuid(values.formToken) ? values.formToken : randomUUID();
    return reply
      .code(err ? err.status : 200)
      .html(
        <MandateRequestPage
          ctx={pageContext(req, reply)}
          creditorName={setup.settings.creditorName}
          ics={setup.ics}
          mandateText={mandateText(setup.settings.creditorName, setup.ics)}
          amendment={Boolean(mandate)}
          formToken={formToken}
          values={values}
          errors={err?.fields ?? {}}
        />,
      );
  }

  app.get('/prelevement/demande', async (req, reply) => requestPage(req, reply, {}));

  app.post('/prelevement/demande', { config: { csrf: false } }, async (req, reply) => {
    const fam = familyOf(req);
    if (!(await sepaSetup(db, fam.tenant.id))) throw new AppError('NOT_FOUND');
    const form = await readForm<ReceivedFile>(app, req, reply, receive);
    let result: { id: string; replayed: boolean };
    try {
      if (form.fileError) throw form.fileError;
      result = await submitMandateRequest(db, {
        fam,
        now: now(),
        fields: form.fields,
        document: form.file,
        secretsKey: key,
      });
    } catch (err) {
      if (form.file) await storage.delete(form.file.storageKey);
      if (err instanceof AppError && Object.keys(err.fields).length > 0 && err.status < 500) {
        const { _csrf: _, ...values } = form.fields;
        return requestPage(req, reply, values, err);
      }
      throw err;
    }
    if (result.replayed && form.file) await storage.delete(form.file.storageKey);
    setFlash(reply, 'success', 'Demande envoyée : le service va la traiter.');
    return reply.redirect(`${req.base}/prelevement`, 303);
  });

  app.post('/prelevement/arreter', async (req, reply) => {
    const fam = familyOf(req);
    await revokeMandate(db, {
      tenantId: fam.tenant.id,
      householdId: fam.householdId,
      now: now(),
      actorUserId: fam.actor.userId,
      reason: 'Arrêt demandé par la famille',
      tenant: fam.tenant,
    });
    setFlash(reply, 'success', 'Prélèvement arrêté : vous réglerez vos prochaines factures autrement.');
    return reply.redirect(`${req.base}/prelevement`, 303);
  });

  // ---------- Staff: collections ----------

  app.get('/gestion/prelevements', async (req, reply) => {
    const staff = staffOf(req, PAYMENT_READ_ROLES);
    const q = (req.query ?? {}) as Record<string, unknown>;
    const today = todayIn(staff.tenant.timeZone, now());
    const [setup, collections] = await Promise.all([
      sepaSetup(db, staff.tenant.id),
      listCollections(db, staff.tenant.id),
    ]);
    let errors: Record<string, string> = {};
    let preview = null;
    let date = '';
    if (typeof q.date === 'string' && setup && canWrite(staff.roles)) {
      date = q.date.slice(0, 10);
      try {
        checkCollectionDate(date, today);
        preview = await previewCollection(db, staff.tenant.id, date);
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'VALIDATION') throw err;
        errors = err.fields;
      }
    }
    return reply
      .code(Object.keys(errors).length > 0 ? 400 : 200)
      .html(
        <CollectionsPage
          ctx={pageContext(req, reply)}
          ready={Boolean(setup)}
          canWrite={canWrite(staff.roles)}
          collections={collections}
          date={date}
          earliest={earliestCollectionDate(today)}
          preview={preview}
          formToken={randomUUID()}
          errors={errors}
        />,
      );
  });

  app.post('/gestion/prelevements', async (req, reply) => {
    const staff = staffOf(req, PAYMENT_WRITE_ROLES);
    const input = formValues(req.body);
    let result: { id: string; replayed: boolean };
    try {
      result = await createCollection(db, { staff, now: now(), input });
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION') {
        const today = todayIn(staff.tenant.timeZone, now());
        return reply
          .code(400)
          .html(
            <CollectionsPage
              ctx={pageContext(req, reply)}
              ready
              canWrite
              collections={await listCollections(db, staff.tenant.id)}
              date={input.date ?? ''}
              earliest={earliestCollectionDate(today)}
              preview={null}
              formToken={randomUUID()}
              errors={err.fields}
            />,
          );
      }
      throw err;
    }
    setFlash(
      reply,
      'success',
      result.replayed
        ? 'Ce prélèvement était déjà créé.'
        : 'Prélèvement créé : téléchargez le fichier pour la banque.',
    );
    return reply.redirect(`${req.base}/gestion/prelevements/${result.id}`, 303);
  });

  async function settingsPage(
    req: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string> | null,
    err?: AppError,
  ) {
    const staff = staffOf(req, PAYMENT_WRITE_ROLES);
    const [settings, ics] = await Promise.all([
      findSepaSettings(db, staff.tenant.id),
      findCreditorId(db, staff.tenant.id),
    ]);
    const current: Record<string, string> = settings
      ? {
          creditorName: settings.creditorName,
          creditorIban: settings.creditorIban,
          creditorBic: settings.creditorBic ?? '',
          format: settings.format,
        }
      : { creditorName: staff.tenant.legalName || staff.tenant.name };
    return reply
      .code(err ? err.status : 200)
      .html(
        <SepaSettingsPage
          ctx={pageContext(req, reply)}
          ics={ics}
          values={values ?? current}
          errors={err?.fields ?? {}}
        />,
      );
  }

  app.get('/gestion/prelevements/reglages', async (req, reply) => settingsPage(req, reply, null));

  app.post('/gestion/prelevements/reglages', async (req, reply) => {
    const staff = staffOf(req, PAYMENT_WRITE_ROLES);
    try {
      await saveSepaSettings(db, { staff, now: now(), input: req.body });
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION')
        return settingsPage(req, reply, formValues(req.body), err);
      throw err;
    }
    setFlash(reply, 'success', 'Réglages du prélèvement enregistrés.');
    return reply.redirect(`${req.base}/gestion/prelevements/reglages`, 303);
  });

  // ---------- Staff: requests and mandates ----------

  app.get('/gestion/prelevements/demandes', async (req, reply) => {
    const staff = staffOf(req, PAYMENT_READ_ROLES);
    return reply.html(
      <RequestQueuePage ctx={pageContext(req, reply)} rows={await pendingRequests(db, staff.tenant.id)} />,
    );
  });

  app.get('/gestion/prelevements/mandats', async (req, reply) => {
    const staff = staffOf(req, PAYMENT_READ_ROLES);
    return reply.html(
      <MandatesPage ctx={pageContext(req, reply)} rows={await listMandates(db, staff.tenant.id)} />,
    );
  });

  async function requestDetail(req: FastifyRequest, reply: FastifyReply, err?: AppError) {
    const staff = staffOf(req, PAYMENT_READ_ROLES);
    const row = await findRequest(db, staff.tenant.id, idParam(req.params, 'requestId'));
    if (!row) throw new AppError('NOT_FOUND');
    return reply
      .code(err ? err.status : 200)
      .html(
        <RequestDetailPage
          ctx={pageContext(req, reply)}
          row={row}
          canWrite={canWrite(staff.roles)}
          errors={err?.fields ?? {}}
          values={err ? formValues(req.body) : {}}
        />,
      );
  }

  app.get('/gestion/prelevements/demandes/:requestId', async (req, reply) => requestDetail(req, reply));

  app.get('/gestion/prelevements/demandes/:requestId/rib', async (req, reply) => {
    const staff = staffOf(req, PAYMENT_READ_ROLES);
    const row = await findRequest(db, staff.tenant.id, idParam(req.params, 'requestId'));
    if (!row) throw new AppError('NOT_FOUND');
    return sendStoredFile(storage, reply, {
      storageKey: row.request.documentKey,
      originalName: row.request.documentName,
      kind: row.request.documentKind,
    });
  });

  app.post('/gestion/prelevements/demandes/:requestId/accepter', async (req, reply) => {
    const staff = staffOf(req, PAYMENT_WRITE_ROLES);
    const r = await acceptMandateRequest(db, {
      staff,
      config,
      now: now(),
      id: idParam(req.params, 'requestId'),
    });
    setFlash(reply, 'success', `Demande acceptée : mandat ${r.rum} actif ; la famille est prévenue.`);
    return reply.redirect(`${req.base}/gestion/prelevements/demandes`, 303);
  });

  app.post('/gestion/prelevements/demandes/:requestId/refuser', async (req, reply) => {
    const staff = staffOf(req, PAYMENT_WRITE_ROLES);
    try {
      await refuseMandateRequest(db, {
        staff,
        config,
        now: now(),
        id: idParam(req.params, 'requestId'),
        input: req.body,
      });
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION') return requestDetail(req, reply, err);
      throw err;
    }
    setFlash(reply, 'success', 'Demande refusée ; la famille reçoit le motif.');
    return reply.redirect(`${req.base}/gestion/prelevements/demandes`, 303);
  });

  // ---------- Staff: one collection ----------

  app.get('/gestion/prelevements/:collectionId', async (req, reply) => {
    const staff = staffOf(req, PAYMENT_READ_ROLES);
    const col = await findCollection(db, staff.tenant.id, idParam(req.params, 'collectionId'));
    if (!col) throw new AppError('NOT_FOUND');
    const items = await itemsOfCollection(db, staff.tenant.id, col.id);
    return reply.html(
      <CollectionDetailPage
        ctx={pageContext(req, reply)}
        collection={col}
        items={items}
        canWrite={canWrite(staff.roles)}
      />,
    );
  });

  app.get('/gestion/prelevements/:collectionId/fichier', async (req, reply) => {
    const staff = staffOf(req, PAYMENT_WRITE_ROLES);
    const f = await collectionFile(db, {
      tenant: staff.tenant,
      id: idParam(req.params, 'collectionId'),
      secretsKey: key,
    });
    return reply
      .header('content-type', 'application/xml; charset=utf-8')
      .header('content-disposition', contentDisposition('attachment', f.fileName))
      .header('cache-control', 'private, no-store')
      .send(f.xml);
  });

  app.post('/gestion/prelevements/:collectionId/regler', async (req, reply) => {
    const staff = staffOf(req, PAYMENT_WRITE_ROLES);
    const id = idParam(req.params, 'collectionId');
    const n = await settleCollection(db, { staff, now: now(), id });
    setFlash(reply, 'success', `Prélèvement marqué réglé : ${n} facture(s) payée(s).`);
    return reply.redirect(`${req.base}/gestion/prelevements/${id}`, 303);
  });
}
