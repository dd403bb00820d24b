import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/http/errors';
import { pageContext } from '../../platform/http/page';
import { requireFamily, requireStaff } from '../../platform/http/policies';
import { setFlash } from '../../platform/http/request-context';
import { MULTIPART_LIMITS, readForm } from './form-reader';
import { idParam } from './kit';
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

/** Hooks the documents feature plugs in: storing an uploaded file, serving one, cleaning after a failure. */
export interface MessageFiles {
  receive: Parameters<typeof readForm<IncomingFile>>[3];
  discard(file: IncomingFile): Promise<void>;
  send(
    reply: FastifyReply,
    file: { storageKey: string; originalName: string; kind: string },
  ): Promise<unknown>;
}

/** Message threads between households and the service. Registered under `/:tenant`. */
export async function messagingRoutes(app: FastifyInstance, opts: { files?: MessageFiles }) {
  const { db } = app.deps.database;
  const now = () => app.deps.clock.now();
  const config = app.deps.config;
  const files = opts.files;
  // Scoped to this plugin: the multipart parser exists only for these routes.
  await app.register(fastifyMultipart, { limits: MULTIPART_LIMITS, throwFileSizeLimit: true });

  /** Reads the form; on any failure after the file was stored, the stored file is removed. */
  async function withForm<T>(
    req: FastifyRequest,
    reply: FastifyReply,
    use: (form: { fields: Record<string, string>; file: IncomingFile | null }) => Promise<T>,
  ): Promise<T> {
    const form = await readForm<IncomingFile>(app, req, reply, files?.receive);
    try {
      return await use(form);
    } catch (err) {
      if (form.file && files) await files.discard(form.file);
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
    let fields: Record<string, string> = {};
    try {
      const id = await withForm(req, reply, async (form) => {
        fields = form.fields;
        return startThread(db, { fam, config, now: now(), input: form.fields, file: form.file });
      });
      setFlash(reply, 'success', 'Votre message a été envoyé au service.');
      return reply.redirect(`${req.base}/messages/${id}`, 303);
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'VALIDATION')) throw err;
      const kids = await householdChildren(db, fam.tenant.id, fam.householdId);
      return reply
        .code(400)
        .html(
          <NewThreadPage ctx={pageContext(req, reply)} values={fields} errors={err.fields} children={kids} />,
        );
    }
  });

  async function familyThreadPage(
    req: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string> = {},
    errors: Record<string, string> = {},
  ) {
    const fam = requireFamily(req);
    const threadId = idParam(req.params, 'threadId');
    const found = await findThread(db, fam.tenant.id, threadId, fam.householdId);
    if (!found) throw new AppError('NOT_FOUND');
    await markThreadRead(db, fam.tenant.id, threadId, 'family');
    const messages = await messagesOfThread(db, fam.tenant.id, threadId);
    return reply
      .code(Object.keys(errors).length > 0 ? 400 : 200)
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
    let fields: Record<string, string> = {};
    try {
      await withForm(req, reply, async (form) => {
        fields = form.fields;
        await familyReply(db, { fam, config, now: now(), threadId, input: form.fields, file: form.file });
      });
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION')
        return familyThreadPage(req, reply, fields, err.fields);
      throw err;
    }
    setFlash(reply, 'success', 'Votre réponse a été envoyée.');
    return reply.redirect(`${req.base}/messages/${threadId}`, 303);
  });

  app.get('/messages/:threadId/pieces/:attachmentId', async (req, reply) => {
    const fam = requireFamily(req);
    const threadId = idParam(req.params, 'threadId');
    const attachmentId = idParam(req.params, 'attachmentId');
    if (!(await findThread(db, fam.tenant.id, threadId, fam.householdId))) throw new AppError('NOT_FOUND');
    const file = await findAttachment(db, fam.tenant.id, threadId, attachmentId);
    if (!file || !files) throw new AppError('NOT_FOUND');
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
    errors: Record<string, string> = {},
  ) {
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
      .code(Object.keys(errors).length > 0 ? 400 : 200)
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
    let fields: Record<string, string> = {};
    try {
      await withForm(req, reply, async (form) => {
        fields = form.fields;
        await staffReply(db, { staff, config, now: now(), threadId, input: form.fields, file: form.file });
      });
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION')
        return staffThreadPage(req, reply, fields, err.fields);
      throw err;
    }
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
    if (!file || !files) throw new AppError('NOT_FOUND');
    return files.send(reply, file);
  });
}
