import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/http/errors';
import { pageContext } from '../../platform/http/page';
import { requireFamily, requireStaff } from '../../platform/http/policies';
import { setFlash } from '../../platform/http/request-context';
import { fileReceiver, sendStoredFile } from '../documents/uploads';
import { MULTIPART_LIMITS, readForm } from './form-reader';
import { idParam, writeAudit } from './kit';
import {
  findAttachment,
  findThread,
  householdChildren,
  listFamilyThreads,
  listStaffThreads,
  messageStaff,
  messagesOfThread,
} from './messaging.repository';
import {
  assignThread,
  familyReply,
  type IncomingFile,
  MESSAGE_ROLES,
  markThreadRead,
  setThreadStatus,
  staffReply,
  startThread,
} from './messaging.service';
import {
  FamilyThreadListPage,
  FamilyThreadPage,
  NewThreadPage,
  StaffThreadListPage,
  StaffThreadPage,
  type ThreadView,
} from './views/message-pages';

/** Message threads between households and the service. Registered under `/:tenant`. */
export async function messagingRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const now = () => app.deps.clock.now();
  const config = app.deps.config;
  const storage = app.deps.storage;
  const files = {
    receive: fileReceiver(storage),
    discard: (f: IncomingFile) => storage.delete(f.storageKey),
    send: (reply: FastifyReply, f: { storageKey: string; originalName: string; kind: string }) =>
      sendStoredFile(storage, reply, f),
  };
  // Scoped to this plugin: the multipart parser exists only for these routes.
  // The size limit truncates the stream; the receiver sees `truncated` and refuses the file itself.
  await app.register(fastifyMultipart, { limits: MULTIPART_LIMITS, throwFileSizeLimit: false });

  /**
   * Reads the form and runs the use case. A refused file or invalid fields come back as `invalid` (the
   * page is shown again with the messages); on any failure a file already stored is removed.
   */
  async function withForm<T>(
    req: FastifyRequest,
    reply: FastifyReply,
    use: (form: { fields: Record<string, string>; file: IncomingFile | null }) => Promise<T>,
  ): Promise<{ ok: true; value: T } | { ok: false; err: AppError; fields: Record<string, string> }> {
    const form = await readForm<IncomingFile>(app, req, reply, files.receive);
    try {
      if (form.fileError) throw form.fileError;
      return { ok: true, value: await use(form) };
    } catch (err) {
      if (form.file) await files.discard(form.file);
      if (err instanceof AppError && Object.keys(err.fields).length > 0 && err.status < 500)
        return { ok: false, err, fields: form.fields };
      throw err;
    }
  }

  const threadView = (f: NonNullable<Awaited<ReturnType<typeof findThread>>>): ThreadView => ({
    id: f.thread.id,
    subject: f.thread.subject,
    category: f.thread.category,
    status: f.thread.status,
    householdName: f.householdName,
    childFirstName: f.childFirstName,
    assignedToUserId: f.thread.assignedToUserId,
    assignedName: f.assignedName,
  });

  // ---- Family side ----

  app.get('/messages', async (req, reply) => {
    const fam = requireFamily(req);
    const rows = await listFamilyThreads(db, fam.tenant.id, fam.householdId);
    return reply.html(<FamilyThreadListPage ctx={pageContext(req, reply)} rows={rows} />);
  });

  app.get('/messages/nouveau', async (req, reply) => {
    const fam = requireFamily(req);
    const kids = await householdChildren(db, fam.tenant.id, fam.householdId);
    return reply.html(
      <NewThreadPage ctx={pageContext(req, reply)} values={{}} errors={{}} children={kids} />,
    );
  });

  app.post('/messages', { config: { csrf: false } }, async (req, reply) => {
    const fam = requireFamily(req);
    const r = await withForm(req, reply, (form) =>
      startThread(db, { fam, config, now: now(), input: form.fields, file: form.file }),
    );
    if (!r.ok) {
      const kids = await householdChildren(db, fam.tenant.id, fam.householdId);
      return reply
        .code(r.err.status)
        .html(
          <NewThreadPage
            ctx={pageContext(req, reply)}
            values={r.fields}
            errors={r.err.fields}
            children={kids}
          />,
        );
    }
    setFlash(reply, 'success', 'Votre message a été envoyé au service.');
    return reply.redirect(`${req.base}/messages/${r.value}`, 303);
  });

  async function familyThreadPage(
    req: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string> = {},
    invalid: AppError | null = null,
  ) {
    const errors = invalid?.fields ?? {};
    const fam = requireFamily(req);
    const threadId = idParam(req.params, 'threadId');
    const found = await findThread(db, fam.tenant.id, threadId, fam.householdId);
    if (!found) throw new AppError('NOT_FOUND');
    await markThreadRead(db, fam.tenant.id, threadId, 'family');
    const messages = await messagesOfThread(db, fam.tenant.id, threadId);
    return reply
      .code(invalid ? invalid.status : 200)
      .html(
        <FamilyThreadPage
          ctx={pageContext(req, reply)}
          thread={threadView(found)}
          messages={messages}
          values={values}
          errors={errors}
        />,
      );
  }

  app.get('/messages/:threadId', async (req, reply) => familyThreadPage(req, reply));

  app.post('/messages/:threadId', { config: { csrf: false } }, async (req, reply) => {
    const fam = requireFamily(req);
    const threadId = idParam(req.params, 'threadId');
    // Another household's thread: 404 before reading (and storing) anything.
    if (!(await findThread(db, fam.tenant.id, threadId, fam.householdId))) throw new AppError('NOT_FOUND');
    const r = await withForm(req, reply, (form) =>
      familyReply(db, { fam, config, now: now(), threadId, input: form.fields, file: form.file }),
    );
    if (!r.ok) return familyThreadPage(req, reply, r.fields, r.err);
    setFlash(reply, 'success', 'Votre réponse a été envoyée.');
    return reply.redirect(`${req.base}/messages/${threadId}`, 303);
  });

  app.get('/messages/:threadId/pieces/:attachmentId', async (req, reply) => {
    const fam = requireFamily(req);
    const threadId = idParam(req.params, 'threadId');
    const attachmentId = idParam(req.params, 'attachmentId');
    if (!(await findThread(db, fam.tenant.id, threadId, fam.householdId))) throw new AppError('NOT_FOUND');
    const file = await findAttachment(db, fam.tenant.id, threadId, attachmentId);
    if (!file) throw new AppError('NOT_FOUND');
    return files.send(reply, file);
  });

  // ---- Staff side ----

  app.get('/gestion/messages', async (req, reply) => {
    const staff = requireStaff(req, MESSAGE_ROLES);
    const q = (req.query ?? {}) as Record<string, unknown>;
    const statusParam = q.statut === 'closes' || q.statut === 'toutes' ? q.statut : 'ouvertes';
    const filter = { status: statusParam as string, mine: q.moi === '1', unread: q.nonlus === '1' };
    const rows = await listStaffThreads(db, staff.tenant.id, {
      status: statusParam === 'ouvertes' ? 'open' : statusParam === 'closes' ? 'closed' : undefined,
      assignedTo: filter.mine ? staff.actor.userId : undefined,
      unreadOnly: filter.unread,
    });
    return reply.html(<StaffThreadListPage ctx={pageContext(req, reply)} rows={rows} filter={filter} />);
  });

  async function staffThreadPage(
    req: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string> = {},
    invalid: AppError | null = null,
  ) {
    const errors = invalid?.fields ?? {};
    const staff = requireStaff(req, MESSAGE_ROLES);
    const threadId = idParam(req.params, 'threadId');
    const found = await findThread(db, staff.tenant.id, threadId);
    if (!found) throw new AppError('NOT_FOUND');
    await markThreadRead(db, staff.tenant.id, threadId, 'staff');
    const [messages, agents] = await Promise.all([
      messagesOfThread(db, staff.tenant.id, threadId),
      messageStaff(db, staff.tenant.id),
    ]);
    return reply
      .code(invalid ? invalid.status : 200)
      .html(
        <StaffThreadPage
          ctx={pageContext(req, reply)}
          thread={threadView(found)}
          messages={messages}
          agents={agents}
          values={values}
          errors={errors}
        />,
      );
  }

  app.get('/gestion/messages/:threadId', async (req, reply) => staffThreadPage(req, reply));

  app.post('/gestion/messages/:threadId', { config: { csrf: false } }, async (req, reply) => {
    const staff = requireStaff(req, MESSAGE_ROLES);
    const threadId = idParam(req.params, 'threadId');
    if (!(await findThread(db, staff.tenant.id, threadId))) throw new AppError('NOT_FOUND');
    const r = await withForm(req, reply, (form) =>
      staffReply(db, { staff, config, now: now(), threadId, input: form.fields, file: form.file }),
    );
    if (!r.ok) return staffThreadPage(req, reply, r.fields, r.err);
    setFlash(reply, 'success', 'Réponse envoyée ; la famille est prévenue par courriel.');
    return reply.redirect(`${req.base}/gestion/messages/${threadId}`, 303);
  });

  app.post('/gestion/messages/:threadId/attribuer', async (req, reply) => {
    const staff = requireStaff(req, MESSAGE_ROLES);
    const threadId = idParam(req.params, 'threadId');
    await assignThread(db, { staff, now: now(), threadId, input: req.body });
    setFlash(reply, 'success', 'Attribution enregistrée.');
    return reply.redirect(`${req.base}/gestion/messages/${threadId}`, 303);
  });

  app.post('/gestion/messages/:threadId/statut', async (req, reply) => {
    const staff = requireStaff(req, MESSAGE_ROLES);
    const threadId = idParam(req.params, 'threadId');
    await setThreadStatus(db, { staff, now: now(), threadId, input: req.body });
    setFlash(reply, 'success', 'État de la conversation enregistré.');
    return reply.redirect(`${req.base}/gestion/messages/${threadId}`, 303);
  });

  app.get('/gestion/messages/:threadId/pieces/:attachmentId', async (req, reply) => {
    const staff = requireStaff(req, MESSAGE_ROLES);
    const threadId = idParam(req.params, 'threadId');
    const attachmentId = idParam(req.params, 'attachmentId');
    const file = await findAttachment(db, staff.tenant.id, threadId, attachmentId);
    if (!file) throw new AppError('NOT_FOUND');
    // Attachments may be medical certificates: staff reads are audited.
    await writeAudit(db, {
      tenantId: staff.tenant.id,
      at: now(),
      actorUserId: staff.actor.userId,
      action: 'message.attachment.read',
      subjectType: 'message_attachment',
      subjectId: attachmentId,
    });
    return files.send(reply, file);
  });
}
