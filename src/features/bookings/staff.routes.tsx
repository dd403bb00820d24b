import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../platform/http/errors';
import { fieldErrors } from '../../platform/http/forms';
import { pageContext } from '../../platform/http/page';
import { canSeeFacility, requireStaff, type StaffActor } from '../../platform/http/policies';
import { setFlash } from '../../platform/http/request-context';
import { findHousehold } from '../households/households.repository';
import { writeAudit } from '../staff/audit';
import { replayMatches, windowPeriods } from './allocation';
import { loadBookingSettings } from './bookings.repository';
import { bookingSettings } from './bookings.schema';
import { PRIORITY_CRITERIA } from './domain/allocate-request-window';
import { dayInZone, isIsoDay } from './domain/days';
import {
  BOOKING_EDIT_ROLES,
  BOOKING_VIEW_ROLES,
  canEditBookings,
  countPendingBookingRequests,
  dayView,
  decideBookingRequest,
  pendingRequests,
  promoteCell,
  removeWaitingEntry,
  staffBook,
  staffBookingChoice,
  staffBookingDays,
} from './staff.service';
import { AllocationListPage, AllocationRunPage } from './views/staff-allocation';
import { StaffBookPage, type StaffBookValues } from './views/staff-book';
import { StaffDayPage } from './views/staff-day';
import { StaffRequestsPage } from './views/staff-requests';
import { type SettingsValues, StaffSettingsPage } from './views/staff-settings';

const uuid = z.uuid();
const idOrNotFound = (v: unknown): string => {
  const p = uuid.safeParse(v);
  if (!p.success) throw new AppError('NOT_FOUND');
  return p.data;
};
const optionalId = z.preprocess((v) => (v === '' || v === undefined ? null : v), uuid.nullable().catch(null));
const ZDayQuery = z.object({
  site: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(100).optional()),
  jour: z.string().optional(),
  unite: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(100).optional()),
});
const ZReason = z.object({
  reason: z
    .string({ error: 'Indiquez le motif.' })
    .trim()
    .min(1, 'Indiquez le motif.')
    .max(300, 'Le motif ne doit pas dépasser 300 caractères.'),
});
const ZBook = z
  .object({
    key: uuid,
    childId: z.string({ error: 'Choisissez un enfant.' }).min(1, 'Choisissez un enfant.'),
    unitId: z.string({ error: 'Choisissez une unité.' }).min(1, 'Choisissez une unité.'),
    op: z.enum(['add', 'cancel'], { error: 'Choisissez réserver ou annuler.' }),
    from: z.string({ error: 'Indiquez une date.' }).refine(isIsoDay, 'Indiquez une date valide.'),
    to: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.string().refine(isIsoDay, 'Indiquez une date valide.').optional(),
    ),
  })
  .refine((v) => !v.to || v.to >= v.from, {
    path: ['to'],
    message: 'La date de fin précède la date de début.',
  })
  .refine((v) => !v.to || Date.parse(v.to) - Date.parse(v.from) <= 366 * 86_400_000, {
    path: ['to'],
    message: 'Une année au plus à la fois.',
  });

/** Back office: bookings per facility × day × unit, requests to validate, waiting lists, booking for a family. */
export async function bookingStaffRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const clock = app.deps.clock;
  const sees = (s: StaffActor) => (f: string) => canSeeFacility(s, f);

  app.get('/gestion/reservations', async (req, reply) => {
    const s = requireStaff(req, BOOKING_VIEW_ROLES);
    const q = ZDayQuery.parse(req.query ?? {});
    const today = dayInZone(clock.now(), s.tenant.timeZone);
    const day = q.jour && isIsoDay(q.jour) ? q.jour : today;
    const facilityId = q.site ? idOrNotFound(q.site) : null;
    const unitId = q.unite ? idOrNotFound(q.unite) : null;
    const [v, pendingCount] = await Promise.all([
      dayView(db, { tenantId: s.tenant.id, canSeeFacility: sees(s), facilityId, day, unitId }),
      countPendingBookingRequests(db, s.tenant.id),
    ]);
    return reply.html(
      <StaffDayPage
        ctx={pageContext(req, reply)}
        v={v}
        unitId={unitId}
        canEdit={canEditBookings(s.roles)}
        isAdmin={s.roles.includes('admin')}
        pendingCount={pendingCount}
      />,
    );
  });

  async function renderRequests(
    req: FastifyRequest,
    reply: FastifyReply,
    status = 200,
    error?: { id: string; message: string },
  ) {
    const s = requireStaff(req, BOOKING_VIEW_ROLES);
    const rows = await pendingRequests(db, s.tenant.id, sees(s));
    return reply
      .code(status)
      .html(
        <StaffRequestsPage
          ctx={pageContext(req, reply)}
          rows={rows}
          canEdit={canEditBookings(s.roles)}
          {...(error ? { error } : {})}
        />,
      );
  }

  app.get('/gestion/reservations/a-valider', (req, reply) => renderRequests(req, reply));

  const decide = (kind: 'accept' | 'refuse') => async (req: FastifyRequest, reply: FastifyReply) => {
    const s = requireStaff(req, BOOKING_EDIT_ROLES);
    const id = idOrNotFound((req.params as { bookingId: string }).bookingId);
    let reason = '';
    if (kind === 'refuse') {
      const p = ZReason.safeParse(req.body ?? {});
      if (!p.success)
        return renderRequests(req, reply, 400, {
          id,
          message: p.error.issues[0]?.message ?? 'Motif invalide.',
        });
      reason = p.data.reason;
    }
    try {
      const r = await decideBookingRequest({
        db,
        tenant: s.tenant,
        staffUserId: s.actor.userId,
        canSeeFacility: sees(s),
        bookingId: id,
        decision: kind === 'accept' ? { kind } : { kind, reason },
        now: clock.now(),
        ip: req.ip,
      });
      setFlash(reply, 'success', `Demande ${r.message}.`);
      return reply.redirect(`${req.base}/gestion/reservations/a-valider`, 303);
    } catch (err) {
      if (err instanceof AppError && err.code === 'CONFLICT')
        return renderRequests(req, reply, 409, { id, message: err.message });
      throw err;
    }
  };
  app.post('/gestion/reservations/demandes/:bookingId/accepter', decide('accept'));
  app.post('/gestion/reservations/demandes/:bookingId/refuser', decide('refuse'));

  const back = (req: FastifyRequest) => {
    const ref = req.headers.referer ?? '';
    const m = /\/gestion\/reservations(\?[^#]*)?$/.exec(ref);
    return `${req.base}/gestion/reservations${m?.[1] ?? ''}`;
  };

  app.post<{ Params: { bookingId: string } }>(
    '/gestion/reservations/attente/:bookingId/promouvoir',
    async (req, reply) => {
      const s = requireStaff(req, BOOKING_EDIT_ROLES);
      const n = await promoteCell({
        db,
        tenant: s.tenant,
        staffUserId: s.actor.userId,
        canSeeFacility: sees(s),
        bookingId: idOrNotFound(req.params.bookingId),
        now: clock.now(),
      });
      setFlash(
        reply,
        n > 0 ? 'success' : 'info',
        n > 0 ? `${n} enfant(s) sorti(s) de la liste d’attente.` : 'Aucune place libre à attribuer.',
      );
      return reply.redirect(back(req), 303);
    },
  );

  app.post<{ Params: { bookingId: string } }>(
    '/gestion/reservations/attente/:bookingId/retirer',
    async (req, reply) => {
      const s = requireStaff(req, BOOKING_EDIT_ROLES);
      const id = idOrNotFound(req.params.bookingId);
      const p = ZReason.safeParse(req.body ?? {});
      if (!p.success) {
        setFlash(reply, 'error', p.error.issues[0]?.message ?? 'Motif invalide.');
        return reply.redirect(back(req), 303);
      }
      try {
        await removeWaitingEntry({
          db,
          tenant: s.tenant,
          staffUserId: s.actor.userId,
          canSeeFacility: sees(s),
          bookingId: id,
          reason: p.data.reason,
          now: clock.now(),
          ip: req.ip,
        });
        setFlash(reply, 'success', 'Retiré(e) de la liste d’attente ; la famille est prévenue.');
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'CONFLICT')) throw err;
        setFlash(reply, 'error', err.message);
      }
      return reply.redirect(back(req), 303);
    },
  );

  async function bookPage(req: FastifyRequest<{ Params: { householdId: string } }>) {
    const s = requireStaff(req, BOOKING_EDIT_ROLES);
    const householdId = idOrNotFound(req.params.householdId);
    const household = await findHousehold(db, s.tenant.id, householdId);
    if (!household) throw new AppError('NOT_FOUND');
    const choice = await staffBookingChoice(db, {
      tenant: s.tenant,
      householdId,
      now: clock.now(),
      canSeeFacility: sees(s),
    });
    return { s, household, choice };
  }

  app.get<{ Params: { householdId: string }; Querystring: { jour?: string; unite?: string } }>(
    '/gestion/reservations/familles/:householdId',
    async (req, reply) => {
      const { s, household, choice } = await bookPage(req);
      const q = req.query ?? {};
      const day = q.jour && isIsoDay(q.jour) ? q.jour : dayInZone(clock.now(), s.tenant.timeZone);
      const unitId = optionalId.parse(q.unite);
      const values: StaffBookValues = {
        childId: choice.children[0]?.id ?? '',
        unitId: unitId ?? choice.units[0]?.id ?? '',
        op: 'add',
        from: day,
        to: '',
      };
      return reply.html(
        <StaffBookPage
          ctx={pageContext(req, reply)}
          household={household}
          choice={choice}
          values={values}
          formKey={randomUUID()}
          errors={{}}
        />,
      );
    },
  );

  app.post<{ Params: { householdId: string } }>(
    '/gestion/reservations/familles/:householdId',
    async (req, reply) => {
      const { s, household, choice } = await bookPage(req);
      const body = (req.body ?? {}) as Record<string, string>;
      const values: StaffBookValues = {
        childId: String(body.childId ?? ''),
        unitId: String(body.unitId ?? ''),
        op: String(body.op ?? 'add'),
        from: String(body.from ?? ''),
        to: String(body.to ?? ''),
      };
      const render = (status: number, errors: Record<string, string>) =>
        reply
          .code(status)
          .html(
            <StaffBookPage
              ctx={pageContext(req, reply)}
              household={household}
              choice={choice}
              values={values}
              formKey={status >= 400 && uuid.safeParse(body.key).success ? String(body.key) : randomUUID()}
              errors={errors}
            />,
          );
      const p = ZBook.safeParse(body);
      if (!p.success) return render(400, fieldErrors(p.error));
      const unit = choice.units.find((u) => u.id === p.data.unitId);
      try {
        const r = await staffBook({
          db,
          tenant: s.tenant,
          staffUserId: s.actor.userId,
          householdId: household.id,
          choice,
          childId: p.data.childId,
          unitId: p.data.unitId,
          op: p.data.op,
          days: unit ? staffBookingDays(p.data.from, p.data.to ?? p.data.from, unit.weekdays) : [],
          key: p.data.key,
          now: clock.now(),
          ip: req.ip,
        });
        return reply.html(
          <StaffBookPage
            ctx={pageContext(req, reply)}
            household={household}
            choice={choice}
            values={values}
            formKey={randomUUID()}
            errors={{}}
            summary={r.summary}
          />,
        );
      } catch (err) {
        if (err instanceof AppError && err.code === 'VALIDATION')
          return render(400, Object.keys(err.fields).length ? err.fields : { from: err.message });
        throw err;
      }
    },
  );

  app.get('/gestion/reservations/attributions', async (req, reply) => {
    const s = requireStaff(req, BOOKING_VIEW_ROLES);
    const rows = (await windowPeriods(db, s.tenant.id)).filter((r) => canSeeFacility(s, r.facilityId));
    return reply.html(<AllocationListPage ctx={pageContext(req, reply)} rows={rows} />);
  });

  app.get<{ Params: { periodId: string }; Querystring: { verifier?: string } }>(
    '/gestion/reservations/attributions/:periodId',
    async (req, reply) => {
      const s = requireStaff(req, BOOKING_VIEW_ROLES);
      const [row] = await windowPeriods(db, s.tenant.id, idOrNotFound(req.params.periodId));
      if (!row || !canSeeFacility(s, row.facilityId)) throw new AppError('NOT_FOUND');
      const verified = req.query?.verifier && row.run ? replayMatches(row.run) : null;
      return reply.html(<AllocationRunPage ctx={pageContext(req, reply)} row={row} verified={verified} />);
    },
  );

  // ---- Settings (administrators) ----

  app.get('/gestion/reservations/parametres', async (req, reply) => {
    const s = requireStaff(req, []);
    const cur = await loadBookingSettings(db, s.tenant.id);
    const v: SettingsValues = {
      waitingList: cur.waitingList,
      reminderDays: String(cur.reminderDays),
      criteria: cur.priorityCriteria,
      allocationMode: cur.allocationMode,
    };
    return reply.html(<StaffSettingsPage ctx={pageContext(req, reply)} v={v} errors={{}} />);
  });

  app.post('/gestion/reservations/parametres', async (req, reply) => {
    const s = requireStaff(req, []);
    const b = (req.body ?? {}) as Record<string, string>;
    const criteria = [b.criterion1, b.criterion2, b.criterion3].filter((c): c is string => Boolean(c));
    const v: SettingsValues = {
      waitingList: b.waitingList === '1',
      reminderDays: String(b.reminderDays ?? ''),
      criteria,
      allocationMode: b.allocationMode === 'line' ? 'line' : 'week',
    };
    const errors: Record<string, string> = {};
    const days = /^\d{1,2}$/.test(v.reminderDays.trim()) ? Number(v.reminderDays.trim()) : Number.NaN;
    if (!Number.isInteger(days) || days < 0 || days > 60)
      errors.reminderDays = 'Indiquez un nombre de jours entre 0 et 60.';
    if (criteria.some((c) => !(PRIORITY_CRITERIA as readonly string[]).includes(c)))
      errors.criteria = 'Critère inconnu.';
    else if (new Set(criteria).size !== criteria.length)
      errors.criteria = 'Chaque critère ne peut être choisi qu’une fois.';
    if (Object.keys(errors).length > 0)
      return reply.code(400).html(<StaffSettingsPage ctx={pageContext(req, reply)} v={v} errors={errors} />);
    const row = {
      waitingList: v.waitingList,
      reminderDays: days,
      priorityCriteria: criteria,
      allocationMode: v.allocationMode,
    };
    await db.transaction(async (tx) => {
      await tx
        .insert(bookingSettings)
        .values({ tenantId: s.tenant.id, ...row })
        .onConflictDoUpdate({ target: bookingSettings.tenantId, set: row });
      await writeAudit(tx, {
        tenantId: s.tenant.id,
        actorUserId: s.actor.userId,
        action: 'booking.settings',
        subjectType: 'tenant',
        subjectId: s.tenant.id,
        details: row,
        ip: req.ip,
        at: clock.now(),
      });
    });
    setFlash(reply, 'success', 'Paramètres des réservations enregistrés.');
    return reply.redirect(`${req.base}/gestion/reservations/parametres`, 303);
  });
}
