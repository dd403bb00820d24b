/**
 * `/api/v1/<tenant>/…`: the bookings JSON API for families (issue #6). Cookie session, CSRF token in the
 * `x-csrf-token` header on every POST and DELETE (the global hook; `GET …/me` gives the token), JSON
 * errors `{error: {status, message, fields?}, requestId}` with French messages. Paths under `/api/` are
 * platform paths (never rewritten to a tenant), so the same URLs work on a tenant's own hostname.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError } from '../../platform/http/errors';
import { familyOf } from '../households/access';
import {
  apiFieldErrors,
  bulkBody,
  idempotencyKey,
  lineChanges,
  planningQuery,
  requestNumberParam,
} from './api.schemas';
import { applyLineChanges, confirmWithIdempotencyKey, peekBasket, requestOfHousehold } from './api.service';
import {
  bulkChange,
  type FamilyScope,
  removeFromBasket,
  reviewOpenBasket,
  scopeOrNotFound,
} from './basket.service';
import type { StoredBasket } from './basket-store';
import { loadBookingContext } from './context';
import { lineKey, type PlanningCell, pendingOp } from './domain/basket';
import type { SummaryModel } from './domain/summary';
import { planningGrid } from './planning';

export const API_PREFIX = '/api/v1/:tenant';

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw new AppError('VALIDATION', 'Requête invalide.', apiFieldErrors(r.error));
  return r.data;
}

function family(req: FastifyRequest): FamilyScope & { userId: string } {
  // Another tenant's family or agent: 404, as on the pages.
  const f = familyOf(req);
  return {
    db: req.server.deps.database.db,
    tenant: f.tenant,
    householdId: f.householdId,
    now: req.server.deps.clock.now(),
    userId: f.actor.userId,
  };
}

const cellJson = (c: PlanningCell, unitName: string, pending: 'add' | 'cancel' | null) => ({
  childId: c.childId,
  day: c.day,
  unitId: c.unitId,
  unitName,
  state: c.view.state,
  label: c.view.label,
  tap: c.view.tap,
  waitingRank: c.view.waitingRank,
  deadline: c.view.deadline ? c.view.deadline.toISOString() : null,
  pending,
});

const basketLinesJson = (stored: StoredBasket) => stored.basket.lines.map((l) => ({ key: lineKey(l), ...l }));

const summaryJson = (s: SummaryModel, replay: boolean) => ({
  requestNumber: s.requestNumber,
  replay,
  summary: s,
});

export async function bookingsApiRoutes(app: FastifyInstance) {
  // Never cached: answers are per household and change with every booking.
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('cache-control', 'no-store');
    return payload;
  });

  /** Who is signed in, the enrollments that can be booked, and the CSRF token for writes. */
  app.get('/me', async (req, reply) => {
    const s = family(req);
    const ctx = await loadBookingContext(s.db, s);
    return reply.send({
      csrfToken: reply.generateCsrf(),
      householdId: s.householdId,
      enrollments: ctx.scopes.map((x) => ({
        enrollment: x.enrollmentId,
        childId: x.childId,
        childName: ctx.children.find((c) => c.id === x.childId)?.name ?? '',
        activity: { id: x.activity.id, name: x.activity.name },
        period: {
          id: x.period.id,
          name: x.period.name,
          firstDay: x.period.firstDay,
          lastDay: x.period.lastDay,
        },
      })),
    });
  });

  app.get('/planning', async (req, reply) => {
    const s = family(req);
    const q = parse(planningQuery, req.query);
    const ctx = await loadBookingContext(s.db, s);
    const scope = scopeOrNotFound(ctx, q.enrollment);
    const [grid, basket] = await Promise.all([planningGrid(s.db, ctx, [scope], q.from, q.to), peekBasket(s)]);
    const units = ctx.unitsOf(scope.activity.id);
    const nameOf = new Map(units.map((u) => [u.id, u.name]));
    const phase = ctx.phaseOf(scope.period);
    return reply.send({
      enrollment: scope.enrollmentId,
      childId: scope.childId,
      activity: { id: scope.activity.id, name: scope.activity.name },
      period: {
        id: scope.period.id,
        name: scope.period.name,
        firstDay: scope.period.firstDay,
        lastDay: scope.period.lastDay,
      },
      phase: { phase: phase.phase, message: 'message' in phase ? phase.message : null },
      from: q.from,
      to: q.to,
      days: grid.days,
      units: units.map((u) => ({ id: u.id, name: u.name })),
      cells: grid.cells.map((c) => cellJson(c, nameOf.get(c.unitId) ?? '', pendingOp(basket, c))),
    });
  });

  const sendBasket = async (s: FamilyScope, reply: FastifyReply) => {
    const r = await reviewOpenBasket(s);
    return reply.send({
      id: r.basketId,
      lines: basketLinesJson({ id: r.basketId, basket: r.basket }),
      review: {
        additions: r.review.additions,
        cancellations: r.review.cancellations,
        children: r.review.children.map((c) => ({
          childId: c.childId,
          name: c.name,
          additions: c.additions.map(reviewLineJson),
          cancellations: c.cancellations.map(reviewLineJson),
        })),
      },
    });
  };

  app.get('/basket', async (req, reply) => sendBasket(family(req), reply));

  app.post('/basket/lines', async (req, reply) => {
    const s = family(req);
    const body = parse(lineChanges, req.body);
    const changes = 'lines' in body ? body.lines : [body];
    const { stored, cells, ctx } = await applyLineChanges(s, changes);
    return reply.send({
      id: stored.id,
      lines: basketLinesJson(stored),
      cells: cells.map((c) => cellJson(c, ctx.unitById(c.unitId)?.name ?? '', pendingOp(stored.basket, c))),
    });
  });

  app.delete<{ Params: { key: string } }>('/basket/lines/:key', async (req, reply) => {
    const s = family(req);
    const key = req.params.key;
    const before = await peekBasket(s);
    if (!before.lines.some((l) => lineKey(l) === key))
      throw new AppError('NOT_FOUND', 'Ligne absente du panier.');
    const stored = await removeFromBasket(s, key);
    return reply.send({ id: stored.id, lines: basketLinesJson(stored) });
  });

  app.post('/basket/bulk', async (req, reply) => {
    const s = family(req);
    const b = parse(bulkBody, req.body);
    const { stored, changed } = await bulkChange(s, {
      enrollmentId: b.enrollment,
      op: b.op,
      from: b.from,
      to: b.to,
      ...(b.units ? { units: b.units } : {}),
      ...(b.pattern ? { pattern: b.pattern.map((p) => ({ weekday: p.weekday, unitId: p.unit })) } : {}),
      ...(b.skipFull ? { skipFull: true } : {}),
    });
    return reply.send({
      id: stored.id,
      lines: basketLinesJson(stored),
      changed: changed.map((l) => ({ key: lineKey(l), ...l })),
    });
  });

  app.post('/basket/confirm', async (req, reply) => {
    const s = family(req);
    const header = req.headers['idempotency-key'];
    const r = idempotencyKey.safeParse(Array.isArray(header) ? header[0] : header);
    if (!r.success)
      throw new AppError('VALIDATION', r.error.issues[0]!.message, {
        'Idempotency-Key': r.error.issues[0]!.message,
      });
    const result = await confirmWithIdempotencyKey(s, { key: r.data, actorUserId: s.userId, ip: req.ip });
    // A replay answers exactly as the first time (same status, same body), flagged in a header.
    if (result.replay) reply.header('idempotent-replayed', 'true');
    return reply.code(201).send(summaryJson(result.summary, result.replay));
  });

  app.get<{ Params: { number: string } }>('/requests/:number', async (req, reply) => {
    const s = family(req);
    const { number } = parse(requestNumberParam, req.params);
    const r = await requestOfHousehold(s, number);
    return reply.send({
      requestNumber: r.requestNumber,
      createdAt: r.createdAt.toISOString(),
      status: r.summary ? 'done' : 'processing',
      summary: r.summary,
    });
  });
}

function reviewLineJson(l: {
  key: string;
  day: string;
  dayLabel: string;
  unitId: string;
  unitName: string;
  op: 'add' | 'cancel';
  deadline: Date | null;
  deadlineLabel: string | null;
  late: boolean;
  stale: boolean;
}) {
  return {
    key: l.key,
    day: l.day,
    dayLabel: l.dayLabel,
    unitId: l.unitId,
    unitName: l.unitName,
    op: l.op,
    deadline: l.deadline ? l.deadline.toISOString() : null,
    deadlineLabel: l.deadlineLabel,
    late: l.late,
    stale: l.stale,
  };
}
