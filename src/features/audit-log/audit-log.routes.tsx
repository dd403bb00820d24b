import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isIsoDay } from '../../platform/calendar/days';
import { fieldErrors } from '../../platform/http/forms';
import { pageContext } from '../../platform/http/page';
import { requireStaffAdmin } from '../staff/staff.policy';
import { type AuditQuery, auditRowsForExport, browseAuditLog, decodeCursor } from './audit-log.service';
import { csvRow, UTF8_BOM } from './domain/csv';
import { AuditLogPage, detailsText } from './views/audit-log-page';

const day = z
  .string()
  .trim()
  .max(10)
  .refine((v) => v === '' || isIsoDay(v), 'Date invalide (format AAAA-MM-JJ).');

const ZQuery = z
  .object({
    from: day,
    to: day,
    actor: z.string().trim().max(254, '254 caractères au plus.'),
    action: z.string().trim().max(80, '80 caractères au plus.'),
    subject: z.string().trim().max(80, '80 caractères au plus.'),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    path: ['to'],
    message: 'La date de fin précède la date de début.',
  });

const KEYS = ['from', 'to', 'actor', 'action', 'subject'] as const;

function rawQuery(query: unknown): AuditQuery {
  const q = (query ?? {}) as Record<string, unknown>;
  const out = {} as AuditQuery;
  for (const k of KEYS) out[k] = typeof q[k] === 'string' ? (q[k] as string).slice(0, 300) : '';
  return out;
}

function queryString(q: AuditQuery): string {
  const params = new URLSearchParams();
  for (const k of KEYS) if (q[k]) params.set(k, q[k]);
  return params.toString();
}

/** The audit log viewer of a tenant (administrators): filters, keyset pages, CSV export. */
export async function auditLogRoutes(app: FastifyInstance) {
  const db = app.deps.database.db;

  app.get('/gestion/journal', async (req, reply) => {
    const staff = requireStaffAdmin(req);
    const raw = rawQuery(req.query);
    const parsed = ZQuery.safeParse(raw);
    const ctx = pageContext(req, reply);
    if (!parsed.success)
      return reply
        .code(400)
        .html(
          <AuditLogPage
            ctx={ctx}
            query={raw}
            errors={fieldErrors(parsed.error)}
            rows={[]}
            next={null}
            qs=""
            first
          />,
        );
    const after = (req.query as { apres?: unknown }).apres;
    const cursor = decodeCursor(typeof after === 'string' ? after.slice(0, 200) : undefined);
    const page = await browseAuditLog(db, staff, parsed.data, cursor);
    return reply.html(
      <AuditLogPage
        ctx={ctx}
        query={parsed.data}
        errors={{}}
        rows={page.rows}
        next={page.next}
        qs={queryString(parsed.data)}
        first={!cursor}
      />,
    );
  });

  app.get('/gestion/journal/export.csv', async (req, reply) => {
    const staff = requireStaffAdmin(req);
    const parsed = ZQuery.safeParse(rawQuery(req.query));
    const q = parsed.success ? parsed.data : { from: '', to: '', actor: '', action: '', subject: '' };
    const tz = staff.tenant.timeZone;
    const stamp = new Intl.DateTimeFormat('sv-SE', { timeZone: tz, dateStyle: 'short' }).format(
      app.deps.clock.now(),
    );
    async function* lines(): AsyncGenerator<string> {
      yield UTF8_BOM + csvRow(['date', 'auteur', 'email', 'action', 'objet', 'identifiant', 'details', 'ip']);
      for await (const r of auditRowsForExport(db, staff, q))
        yield csvRow([
          r.at.toISOString(),
          r.actorName,
          r.actorEmail,
          r.action,
          r.subjectType,
          r.subjectId,
          detailsText(r.details),
          r.ip,
        ]);
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="journal-${staff.tenant.slug}-${stamp}.csv"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(lines()));
  });
}
