import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/http/errors';
import { pageContext } from '../../platform/http/page';
import { setFlash } from '../../platform/http/request-context';
import { staffOf } from '../households/access';
import { dayIn } from '../households/domain/age';
import { findHousehold, isUuid } from '../households/households.repository';
import { csrfTokenValid } from '../messaging/form-reader';
import { decodeUtf8, toCsv } from './domain/csv';
import { importTemplate, validateImport } from './domain/import';
import {
  CONTACT_EXPORT_ROLES,
  type CsvFile,
  EXPORT_ROLES,
  exportAllergies,
  exportablePeriods,
  exportChildren,
  exportContacts,
  exportPickUps,
} from './exports.service';
import { anonymiseHousehold, mergeHouseholds, previewMerge } from './families.service';
import { previewImport, runImport } from './import.service';
import { SEARCH_LIMIT, searchHouseholds } from './search.service';
import { ArchivePage, ExportsPage, ImportPage, MergePage, SearchPage, SearchResults } from './views/pages';

/** Who reads household records (as the household page). */
export const HOUSEHOLD_ROLES = ['manager', 'director', 'accountant'] as const;
/** Who imports, merges and archives households: managers (and administrators). */
export const FAMILY_ADMIN_ROLES = ['manager'] as const;

/** A CSV file of 2 MB is about 20,000 lines: the import's size limit, enforced while streaming. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
const IMPORT_LIMITS = {
  fileSize: MAX_IMPORT_BYTES,
  files: 1,
  fields: 6,
  // The "Importer" step sends the validated text back as a field.
  fieldSize: MAX_IMPORT_BYTES + 1024,
  parts: 8,
  headerPairs: 100,
} as const;

/** Back office of families: search, CSV import and exports, merge of duplicates, RGPD archive. */
export async function backofficeRoutes(app: FastifyInstance) {
  const db = app.deps.database.db;
  const clock = app.deps.clock;
  const storage = app.deps.storage;
  await app.register(fastifyMultipart, { limits: IMPORT_LIMITS, throwFileSizeLimit: false });
  const isManager = (roles: readonly string[]) => roles.some((r) => r === 'admin' || r === 'manager');

  // ---- Search (the household list), live with htmx, a plain GET form without JavaScript
  app.get<{ Querystring: { q?: string } }>('/gestion/familles', async (req, reply) => {
    const s = staffOf(req, HOUSEHOLD_ROLES);
    const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 100) : '';
    const rows = await searchHouseholds(db, s.tenant.id, q, SEARCH_LIMIT);
    const ctx = pageContext(req, reply);
    reply.header('vary', 'HX-Request');
    if (req.headers['hx-request'] === 'true' && req.headers['hx-target'] === 'resultats')
      return reply.html(<SearchResults ctx={ctx} q={q} rows={rows} limit={SEARCH_LIMIT} />);
    return reply.html(
      <SearchPage
        ctx={ctx}
        q={q}
        rows={rows}
        limit={SEARCH_LIMIT}
        canCreate={isManager(s.roles)}
        canImport={isManager(s.roles)}
        canExport={s.roles.some((r) => r === 'admin' || r === 'manager' || r === 'director')}
      />,
    );
  });

  // ---- CSV import: upload → preview (dry run) → "Importer" (one transaction)
  app.get('/gestion/import', async (req, reply) => {
    staffOf(req, FAMILY_ADMIN_ROLES);
    return reply.html(<ImportPage ctx={pageContext(req, reply)} />);
  });
  app.get('/gestion/import/modele.csv', async (req, reply) => {
    staffOf(req, FAMILY_ADMIN_ROLES);
    const [head, ...rows] = importTemplate();
    return sendCsv(reply, { filename: 'modele-import-familles.csv', content: toCsv(head!, rows) });
  });

  /** Reads the import form (multipart): CSRF first, then the file (size-limited) or the text. */
  async function readImportForm(req: FastifyRequest, reply: FastifyReply) {
    if (!req.isMultipart()) throw new AppError('VALIDATION', 'Formulaire invalide');
    const fields: Record<string, string> = {};
    let csrfOk = false;
    let file: { name: string; bytes: Buffer; truncated: boolean } | null = null;
    for await (const part of req.parts({ limits: IMPORT_LIMITS })) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') fields[part.fieldname] = part.value;
        if (part.fieldname === '_csrf' && !csrfOk) {
          csrfOk = await csrfTokenValid(app, req, reply, fields._csrf);
          if (!csrfOk) throw new AppError('FORBIDDEN', 'Jeton CSRF invalide');
        }
        continue;
      }
      if (!csrfOk) {
        part.file.resume();
        throw new AppError('FORBIDDEN', 'Jeton CSRF invalide');
      }
      const chunks: Buffer[] = [];
      for await (const c of part.file) chunks.push(c as Buffer);
      if (part.filename)
        file = { name: part.filename, bytes: Buffer.concat(chunks), truncated: part.file.truncated };
    }
    if (!csrfOk) throw new AppError('FORBIDDEN', 'Jeton CSRF invalide');
    return { fields, file };
  }

  app.post('/gestion/import', { config: { csrf: false } }, async (req, reply) => {
    const s = staffOf(req, FAMILY_ADMIN_ROLES);
    const { fields, file } = await readImportForm(req, reply);
    const ctx = () => pageContext(req, reply);
    const refuse = (message: string) => reply.code(400).html(<ImportPage ctx={ctx()} fileError={message} />);
    let text: string;
    let fileName: string;
    if (fields.action === 'importer') {
      text = fields.contenu ?? '';
      fileName = (fields.nom_fichier ?? 'import.csv').slice(0, 200);
      if (Buffer.byteLength(text) > MAX_IMPORT_BYTES)
        return refuse('Fichier trop volumineux (2 Mo au plus).');
    } else {
      if (!file || file.bytes.length === 0) return refuse('Choisissez un fichier CSV.');
      if (file.truncated) return refuse('Fichier trop volumineux (2 Mo au plus).');
      const decoded = decodeUtf8(file.bytes);
      if (decoded === null)
        return refuse('Le fichier n’est pas en UTF-8 : dans Excel, enregistrez-le au format « CSV UTF-8 ».');
      text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
      fileName = file.name.slice(0, 200);
    }
    const today = dayIn(clock.now(), req.tenant?.timeZone ?? 'Europe/Paris');
    const checked = validateImport(text, today);
    if (!checked.ok)
      return reply
        .code(400)
        .html(
          <ImportPage
            ctx={ctx()}
            result={{ fileName, rows: checked.rows, errors: checked.errors, plan: null, content: '' }}
          />,
        );
    if (fields.action === 'importer') {
      const done = await runImport(db, {
        tenantId: s.tenant.id,
        staffUserId: s.actor.userId,
        plan: checked.households,
        now: clock.now(),
        ip: req.ip,
      });
      if (done.errors.length > 0)
        return reply
          .code(409)
          .html(
            <ImportPage
              ctx={ctx()}
              result={{ fileName, rows: checked.rows, errors: done.errors, plan: null, content: '' }}
            />,
          );
      setFlash(
        reply,
        'success',
        `Import terminé : ${done.created} foyer(s) créé(s), ${done.updated} mis à jour, ${done.unchanged} inchangé(s).`,
      );
      return reply.redirect(`${req.base}/gestion/familles`, 303);
    }
    const plan = await previewImport(db, s.tenant.id, checked.households);
    return reply.code(plan.errors.length > 0 ? 400 : 200).html(
      <ImportPage
        ctx={ctx()}
        result={{
          fileName,
          rows: checked.rows,
          errors: plan.errors,
          plan: plan.errors.length > 0 ? null : plan,
          content: text,
        }}
      />,
    );
  });

  // ---- CSV exports
  function sendCsv(reply: FastifyReply, f: CsvFile) {
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${f.filename}"`)
      .header('cache-control', 'no-store')
      .send(f.content);
  }
  app.get('/gestion/exports', async (req, reply) => {
    const s = staffOf(req, EXPORT_ROLES);
    return reply.html(
      <ExportsPage
        ctx={pageContext(req, reply)}
        periods={await exportablePeriods(db, s)}
        canContacts={isManager(s.roles)}
      />,
    );
  });
  app.get('/gestion/exports/contacts.csv', async (req, reply) => {
    const s = staffOf(req, CONTACT_EXPORT_ROLES);
    return sendCsv(reply, await exportContacts(db, s, clock.now(), req.ip));
  });
  type PeriodQuery = { Querystring: { periode?: string } };
  app.get<PeriodQuery>('/gestion/exports/enfants.csv', async (req, reply) => {
    const s = staffOf(req, EXPORT_ROLES);
    return sendCsv(reply, await exportChildren(db, s, req.query.periode));
  });
  app.get<PeriodQuery>('/gestion/exports/allergies.csv', async (req, reply) => {
    const s = staffOf(req, EXPORT_ROLES);
    return sendCsv(reply, await exportAllergies(db, s, req.query.periode, clock.now(), req.ip));
  });
  app.get<PeriodQuery>('/gestion/exports/autorisations.csv', async (req, reply) => {
    const s = staffOf(req, EXPORT_ROLES);
    return sendCsv(reply, await exportPickUps(db, s, req.query.periode));
  });

  // ---- Merge a duplicate into this household: choose, preview, confirm
  type Params = { Params: { id: string } };
  async function loadManaged(req: FastifyRequest<Params>) {
    const s = staffOf(req, FAMILY_ADMIN_ROLES);
    const h = isUuid(req.params.id) ? await findHousehold(db, s.tenant.id, req.params.id) : null;
    if (!h) throw new AppError('NOT_FOUND');
    return { s, h };
  }
  app.get<Params & { Querystring: { q?: string; avec?: string } }>(
    '/gestion/familles/:id/fusion',
    async (req, reply) => {
      const { s, h } = await loadManaged(req);
      if (h.status === 'archived') throw new AppError('NOT_FOUND');
      const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 100) : '';
      const candidates = q ? await searchHouseholds(db, s.tenant.id, q, 20) : [];
      let preview: Awaited<ReturnType<typeof previewMerge>> | undefined;
      let error: string | undefined;
      if (req.query.avec) {
        if (!isUuid(req.query.avec)) throw new AppError('NOT_FOUND');
        try {
          preview = await previewMerge(db, s.tenant.id, h.id, req.query.avec);
        } catch (e) {
          if (!(e instanceof AppError) || e.code !== 'VALIDATION') throw e;
          error = e.message;
        }
      }
      return reply
        .code(error ? 400 : 200)
        .html(
          <MergePage
            ctx={pageContext(req, reply)}
            kept={h}
            q={q}
            candidates={candidates}
            {...(preview ? { preview: { duplicate: preview.duplicate, moves: preview.moves } } : {})}
            {...(error ? { error } : {})}
          />,
        );
    },
  );
  app.post<Params>('/gestion/familles/:id/fusion', async (req, reply) => {
    const { s, h } = await loadManaged(req);
    const other = (req.body as Record<string, unknown> | undefined)?.avec;
    if (!isUuid(other)) throw new AppError('NOT_FOUND');
    try {
      const moves = await mergeHouseholds(db, {
        tenantId: s.tenant.id,
        staffUserId: s.actor.userId,
        keptId: h.id,
        duplicateId: other,
        now: clock.now(),
        ip: req.ip,
      });
      setFlash(
        reply,
        'success',
        `Doublon fusionné : ${moves.guardians} responsable(s), ${moves.children} enfant(s) et leurs dossiers rattachés.`,
      );
      return reply.redirect(`${req.base}/gestion/familles/${h.id}`, 303);
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'VALIDATION') throw e;
      return reply
        .code(400)
        .html(<MergePage ctx={pageContext(req, reply)} kept={h} q="" candidates={[]} error={e.message} />);
    }
  });

  // ---- Archive and anonymise (RGPD): a confirmation page, then one irreversible transaction
  app.get<Params>('/gestion/familles/:id/archiver', async (req, reply) => {
    const { h } = await loadManaged(req);
    if (h.anonymisedAt) throw new AppError('NOT_FOUND');
    return reply.html(<ArchivePage ctx={pageContext(req, reply)} household={h} />);
  });
  app.post<Params>('/gestion/familles/:id/archiver', async (req, reply) => {
    const { s, h } = await loadManaged(req);
    if (h.anonymisedAt) throw new AppError('NOT_FOUND');
    const typed = (req.body as Record<string, unknown> | undefined)?.confirmation;
    const norm = (v: string) => v.trim().replace(/\s+/g, ' ').toLowerCase();
    if (typeof typed !== 'string' || norm(typed) !== norm(h.name))
      return reply
        .code(400)
        .html(
          <ArchivePage
            ctx={pageContext(req, reply)}
            household={h}
            error="Saisissez exactement le nom du foyer pour confirmer."
          />,
        );
    const { fileKeys } = await anonymiseHousehold(db, {
      tenantId: s.tenant.id,
      staffUserId: s.actor.userId,
      householdId: h.id,
      now: clock.now(),
      ip: req.ip,
    });
    // The rows are gone (committed): the encrypted bytes go too; a failure only leaves unreadable orphans.
    for (const key of fileKeys) await storage.delete(key).catch(() => {});
    setFlash(reply, 'success', 'Foyer archivé et anonymisé.');
    return reply.redirect(`${req.base}/gestion/familles/${h.id}`, 303);
  });
}
