import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { addDays, diffDays, isIsoDay } from '../../platform/calendar/days';
import { AppError } from '../../platform/http/errors';
import { pageContext } from '../../platform/http/page';
import { canSeeFacility } from '../../platform/http/policies';
import { setFlash } from '../../platform/http/request-context';
import { dayInZone } from '../bookings/domain/days';
import { staffOf } from '../households/access';
import { isUuid } from '../households/households.repository';
import { facilityUnits, searchEnrolledChildren } from './attendance.repository';
import {
  applyRegisterActions,
  loadRegister,
  OCCUPANCY_ROLES,
  occupancyOf,
  REGISTER_READ_ROLES,
  REGISTER_WRITE_ROLES,
  registerOverview,
} from './attendance.service';
import { MAX_RANGE_DAYS } from './domain/occupancy';
import { ACTION_KINDS, REJECT_MESSAGES } from './domain/register-actions';
import { renderRegisterPdf } from './register-pdf';
import { OccupancyPage } from './views/occupancy';
import { OverviewPage } from './views/overview';
import { RegisterPage } from './views/register';

/** One action as the tablet sends it (JSON batch). */
const ZAction = z.object({
  id: z.uuid(),
  kind: z.enum(ACTION_KINDS),
  childId: z.uuid(),
  unitId: z.uuid(),
  day: z.string().refine(isIsoDay),
  at: z.iso.datetime({ offset: true }),
  note: z.string().max(500).optional(),
});
const ZBatch = z.object({ actions: z.array(ZAction).min(1).max(200) });
export type TActionBatch = z.infer<typeof ZBatch>;

/** The same action from a plain form (no JavaScript): the page rendered a fresh id into it. */
const ZFormAction = z.object({
  action_id: z.uuid(),
  kind: z.enum(ACTION_KINDS),
  child: z.uuid(),
  site: z.uuid(),
  unite: z.uuid(),
  jour: z.string().refine(isIsoDay),
  note: z.string().max(500).optional(),
});

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** Back office: the daily register, its offline-safe actions, its PDF, and occupancy. */
export async function attendanceRoutes(app: FastifyInstance) {
  const db = app.deps.database.db;
  const clock = app.deps.clock;

  function today(req: FastifyRequest): string {
    return dayInZone(clock.now(), req.tenant?.timeZone ?? 'Europe/Paris');
  }

  function parseRegisterQuery(req: FastifyRequest) {
    const q = (req.query ?? {}) as Record<string, unknown>;
    const day = str(q.jour) || today(req);
    if (!isIsoDay(day)) throw new AppError('BAD_REQUEST', 'Jour invalide.');
    return { day, site: str(q.site), unit: str(q.unite), q: str(q.q).trim().slice(0, 80) };
  }

  app.get('/gestion/appel', async (req, reply) => {
    const staff = staffOf(req, REGISTER_READ_ROLES);
    const { day, site, unit, q } = parseRegisterQuery(req);
    if (!site && !unit) {
      const rows = await registerOverview(db, staff, day);
      const canSeeOccupancy = staff.roles.some((r) => r === 'admin' || OCCUPANCY_ROLES.includes(r));
      return reply.html(
        <OverviewPage
          ctx={pageContext(req, reply)}
          day={day}
          rows={rows}
          canSeeOccupancy={canSeeOccupancy}
        />,
      );
    }
    if (!isUuid(site) || !isUuid(unit)) throw new AppError('NOT_FOUND');
    const v = await loadRegister(db, {
      staff,
      facilityId: site,
      unitId: unit,
      day,
      now: clock.now(),
      ip: req.ip,
    });
    const results =
      q.length >= 2 && v.writable
        ? (await searchEnrolledChildren(db, staff.tenant.id, v.scope.activity.id, day, q)).filter(
            (r) => !v.lines.some((l) => l.childId === r.childId),
          )
        : q
          ? []
          : null;
    return reply
      .header('cache-control', 'no-store')
      .html(<RegisterPage ctx={pageContext(req, reply)} v={v} query={{ q, results }} />);
  });

  app.post('/gestion/appel/actions', async (req, reply) => {
    const staff = staffOf(req, REGISTER_WRITE_ROLES);
    const json = (req.headers['content-type'] ?? '').startsWith('application/json');
    if (json) {
      const parsed = ZBatch.safeParse(req.body);
      if (!parsed.success)
        return reply.code(400).send({ error: 'invalid-batch', message: 'Lot d’actions invalide.' });
      const results = await applyRegisterActions(db, {
        staff,
        actions: parsed.data.actions.map((a) => ({ ...a, at: new Date(a.at) })),
        now: clock.now(),
        ip: req.ip,
      });
      return reply.header('cache-control', 'no-store').send({
        results: results.map((r) =>
          'reason' in r && r.reason ? { ...r, message: REJECT_MESSAGES[r.reason] } : r,
        ),
      });
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = ZFormAction.safeParse(body);
    if (!parsed.success) throw new AppError('BAD_REQUEST', 'Action invalide.');
    const f = parsed.data;
    const [answer] = await applyRegisterActions(db, {
      staff,
      actions: [
        {
          id: f.action_id,
          kind: f.kind,
          childId: f.child,
          unitId: f.unite,
          day: f.jour,
          at: clock.now(),
          ...(f.kind === 'note' ? { note: f.note ?? '' } : {}),
        },
      ],
      now: clock.now(),
      ip: req.ip,
    });
    if (answer?.status === 'rejected' && answer.reason === 'not-found') throw new AppError('NOT_FOUND');
    if (answer?.status === 'rejected') setFlash(reply, 'error', REJECT_MESSAGES[answer.reason]);
    else if (answer?.status === 'duplicate')
      setFlash(reply, 'info', 'Cette action avait déjà été enregistrée.');
    else setFlash(reply, 'success', 'Pointage enregistré.');
    const anchor = f.kind === 'walk-in' ? '' : `#c-${f.child}`;
    return reply.redirect(
      `${req.base}/gestion/appel?site=${f.site}&jour=${f.jour}&unite=${f.unite}${anchor}`,
      303,
    );
  });

  app.get('/gestion/appel/pdf', async (req, reply) => {
    const staff = staffOf(req, REGISTER_READ_ROLES);
    const { day, site, unit } = parseRegisterQuery(req);
    if (!isUuid(site) || !isUuid(unit)) throw new AppError('NOT_FOUND');
    const v = await loadRegister(db, {
      staff,
      facilityId: site,
      unitId: unit,
      day,
      now: clock.now(),
      ip: req.ip,
    });
    const pdf = await renderRegisterPdf(v, staff.tenant, clock.now());
    return reply
      .type('application/pdf')
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="registre-${day}.pdf"`)
      .send(pdf);
  });

  app.get('/gestion/occupation', async (req, reply) => {
    const staff = staffOf(req, OCCUPANCY_ROLES);
    const q = (req.query ?? {}) as Record<string, unknown>;
    const all = staff.roles.some((r) => r === 'admin' || r === 'manager');
    const facilities = [
      ...new Map(
        (await facilityUnits(db, staff.tenant.id, all ? null : staff.facilityIds)).map((r) => [
          r.facilityId,
          { id: r.facilityId, name: r.facilityName },
        ]),
      ).values(),
    ];
    const site = str(q.site) || facilities[0]?.id || '';
    if (!isUuid(site)) throw new AppError('NOT_FOUND');
    const t = today(req);
    let from = str(q.du) || t;
    let to = str(q.au) || addDays(from, 27);
    const errors: Record<string, string> = {};
    if (!isIsoDay(from) || !isIsoDay(to)) {
      errors.du = 'Indiquez des dates valides.';
      from = t;
      to = addDays(t, 27);
    } else if (to < from) errors.du = 'Le début doit précéder la fin.';
    else if (diffDays(from, to) >= MAX_RANGE_DAYS) errors.du = `Choisissez au plus ${MAX_RANGE_DAYS} jours.`;
    if (errors.du && isIsoDay(from)) to = addDays(from, 27);
    const o = await occupancyOf(db, { staff, facilityId: site, from, to });
    if (!canSeeFacility(staff, o.facility.id)) throw new AppError('NOT_FOUND');
    return reply
      .code(Object.keys(errors).length > 0 ? 400 : 200)
      .html(
        <OccupancyPage
          ctx={pageContext(req, reply)}
          facility={o.facility}
          facilities={facilities}
          from={from}
          to={to}
          rows={o.rows}
          max={o.max}
          errors={errors}
        />,
      );
  });
}
