import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../platform/http/errors';
import { pageContext } from '../../platform/http/page';
import { canSeeFacility, requireFamily, requireStaff } from '../../platform/http/policies';
import { setFlash } from '../../platform/http/request-context';
import type { ActivityGroup } from '../catalogue/catalogue.schema';
import { isoDayAt } from '../catalogue/domain/calendar';
import { describeRule } from '../catalogue/domain/deadlines';
import type { FormValues } from '../catalogue/views/form-parts';
import { renderCertificate } from './certificate';
import { childrenOfHousehold } from './children-lookup';
import { isWindowOpen, suggestGroup } from './domain/groups';
import {
  enrollmentsOfHousehold,
  enrollmentsOfTenant,
  findEnrollment,
  findEnrollmentOfHousehold,
  findPeriodWithActivity,
  groupOccupancy,
  groupsOfActivity,
  unitsOfActivity,
  visiblePeriods,
} from './enrollments.repository';
import {
  type Decision,
  decideEnrollment,
  frDay,
  moveOnWaitingList,
  requestEnrollment,
} from './enrollments.service';
import { FamilyEnrollmentsPage, type NewEnrollmentModel, NewEnrollmentPage } from './views/family-pages';
import { type QueueModel, StaffQueuePage } from './views/staff-queue';

const uuid = z.uuid();
const many = z.preprocess(
  (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.string()),
);

/** The enrollment request form. */
const ZRequest = z.object({
  childId: uuid,
  periodId: uuid,
  groupId: z.preprocess((v) => (v === '' ? undefined : v), uuid.optional()),
  siblingIds: many.pipe(z.array(uuid, { error: 'Choix de frère ou sœur inconnu.' }).max(10)),
  week: many.pipe(
    z.array(z.string().regex(/^[1-7]:[0-9a-f-]{36}$/, 'La semaine type contient un choix inconnu.')).max(70),
  ),
  memo: z.string().trim().max(1000, 'Le message ne doit pas dépasser 1000 caractères.').default(''),
});

const ZAccept = z.object({ groupId: uuid.or(z.literal('')) });
const ZRefuse = z.object({
  reason: z
    .string()
    .trim()
    .min(1, 'Indiquez le motif du refus.')
    .max(500, 'Le motif ne doit pas dépasser 500 caractères.'),
});
const ZEnrollmentParams = z.object({ enrollmentId: z.string() });

function idOrNotFound(v: string): string {
  if (!uuid.safeParse(v).success) throw new AppError('NOT_FOUND');
  return v;
}

/** Family enrollment pages and the staff enrollments queue. */
export async function enrollmentRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;

  async function newEnrollmentModel(
    req: FastifyRequest,
    values: FormValues,
    errors: Record<string, string>,
    pick: { childId: string; periodId: string } | null,
  ): Promise<NewEnrollmentModel> {
    const { tenant, householdId } = requireFamily(req);
    const today = isoDayAt(app.deps.clock.now(), tenant.timeZone);
    const kids = await childrenOfHousehold(db, tenant.id, householdId);
    const periods = (await visiblePeriods(db, tenant.id)).map((p) => ({
      id: p.period.id,
      label: `${p.activity.name} – ${p.period.name}`,
      group: p.facility.name,
      open: !p.period.frozen && isWindowOpen(today, p.period.enrollmentFirstDay, p.period.enrollmentLastDay),
    }));
    const m: NewEnrollmentModel = { children: kids, periods, values, errors };
    if (!pick) return m;
    const child = kids.find((c) => c.id === pick.childId);
    const found = uuid.safeParse(pick.periodId).success
      ? await findPeriodWithActivity(db, tenant.id, pick.periodId)
      : null;
    if (!child || !found?.period.visible) throw new AppError('NOT_FOUND');
    const { period, activity, facility } = found;
    const groups = await groupsOfActivity(db, tenant.id, activity.id);
    m.step2 = {
      childId: child.id,
      periodId: period.id,
      periodLabel: `${facility.name} › ${activity.name} › ${period.name} (${frDay(period.firstDay)} – ${frDay(period.lastDay)})`,
      windowText: period.enrollmentFirstDay
        ? `Inscriptions ouvertes du ${frDay(period.enrollmentFirstDay)} au ${frDay(period.enrollmentLastDay ?? '')}.`
        : 'Inscriptions fermées.',
      enrollmentOnly: activity.enrollmentOnly,
      description: activity.description,
      groups,
      suggestedGroupId: suggestGroup(groups, child, period.firstDay)?.id ?? null,
      units: await unitsOfActivity(db, tenant.id, activity.id),
      requiredDocuments: activity.requiredDocuments,
      deadlines: activity.enrollmentOnly
        ? []
        : [describeRule(activity.bookingDeadline, 'book'), describeRule(activity.cancelDeadline, 'cancel')],
    };
    return m;
  }

  app.get('/espace/inscriptions', async (req, reply) => {
    const { tenant, householdId } = requireFamily(req);
    const rows = await enrollmentsOfHousehold(db, tenant.id, householdId);
    return reply.html(<FamilyEnrollmentsPage ctx={pageContext(req, reply)} rows={rows} />);
  });

  app.get('/espace/inscriptions/nouvelle', async (req, reply) => {
    requireFamily(req);
    const q = req.query as { enfant?: string; periode?: string };
    const values: FormValues = { enfant: q.enfant, periode: q.periode };
    const errors: Record<string, string> = {};
    let pick: { childId: string; periodId: string } | null = null;
    if (q.enfant !== undefined || q.periode !== undefined) {
      if (!q.enfant) errors.enfant = 'Choisissez un enfant.';
      if (!q.periode) errors.periode = 'Choisissez une période.';
      if (q.enfant && q.periode)
        pick = { childId: idOrNotFound(q.enfant), periodId: idOrNotFound(q.periode) };
    }
    const m = await newEnrollmentModel(req, values, errors, pick);
    return reply
      .code(Object.keys(errors).length > 0 ? 400 : 200)
      .html(<NewEnrollmentPage ctx={pageContext(req, reply)} m={m} />);
  });

  app.post('/espace/inscriptions', async (req, reply) => {
    const { tenant, householdId, actor } = requireFamily(req);
    const body = (req.body ?? {}) as FormValues;
    const parsed = ZRequest.safeParse(body);
    if (!parsed.success) {
      // Unknown ids in hidden fields are hostile or stale: nothing to re-render against.
      const childId = typeof body.childId === 'string' ? body.childId : '';
      const periodId = typeof body.periodId === 'string' ? body.periodId : '';
      idOrNotFound(childId);
      idOrNotFound(periodId);
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
      const m = await newEnrollmentModel(req, body, errors, { childId, periodId });
      return reply.code(400).html(<NewEnrollmentPage ctx={pageContext(req, reply)} m={m} />);
    }
    const f = parsed.data;
    const typicalWeek: Record<string, string[]> = {};
    for (const w of f.week) {
      const [d, unitId] = w.split(':') as [string, string];
      typicalWeek[d] = [...(typicalWeek[d] ?? []), unitId];
    }
    try {
      const out = await requestEnrollment({
        db,
        tenant,
        householdId,
        userId: actor.userId,
        now: app.deps.clock.now(),
        periodId: f.periodId,
        childId: f.childId,
        siblingIds: f.siblingIds,
        groupId: f.groupId ?? null,
        typicalWeek,
        memo: f.memo,
      });
      const n = out.length;
      setFlash(
        reply,
        'success',
        n > 1 ? `${n} demandes d'inscription enregistrées.` : "Demande d'inscription enregistrée.",
      );
      return reply.redirect(`${req.base}/espace/inscriptions`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'VALIDATION') throw err;
      const m = await newEnrollmentModel(req, body, err.fields, { childId: f.childId, periodId: f.periodId });
      return reply.code(400).html(<NewEnrollmentPage ctx={pageContext(req, reply)} m={m} />);
    }
  });

  app.get('/espace/inscriptions/:enrollmentId/attestation.pdf', async (req, reply) => {
    const { tenant, householdId } = requireFamily(req);
    const id = idOrNotFound(ZEnrollmentParams.parse(req.params).enrollmentId);
    const row = await findEnrollmentOfHousehold(db, tenant.id, householdId, id);
    if (row?.enrollment.status !== 'accepted') throw new AppError('NOT_FOUND');
    const pdf = await renderCertificate({
      tenant,
      child: { firstName: row.childFirstName, lastName: row.childLastName, birthDate: row.childBirthDate },
      activityName: row.activityName,
      facilityName: row.facilityName,
      periodName: row.periodName,
      periodFirstDay: row.periodFirstDay,
      periodLastDay: row.periodLastDay,
      groupName: row.groupName,
      issuedOn: isoDayAt(app.deps.clock.now(), tenant.timeZone),
      issuedAt: app.deps.clock.now(),
      enrollmentId: row.enrollment.id,
    });
    const name = `attestation-inscription-${row.childFirstName}`
      .normalize('NFD')
      .replace(/[^A-Za-z0-9-]/g, '');
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${name}.pdf"`)
      .header('cache-control', 'private, no-store')
      .send(pdf);
  });

  // ---- Staff queue ----
  const QUEUE_ROLES = ['manager', 'director'] as const;

  async function renderQueue(
    req: FastifyRequest,
    reply: FastifyReply,
    status = 200,
    error?: QueueModel['error'],
  ) {
    const staff = requireStaff(req, QUEUE_ROLES);
    const visible = <T extends { facilityId: string }>(rows: T[]) =>
      rows.filter((r) => canSeeFacility(staff, r.facilityId));
    const rows = visible(await enrollmentsOfTenant(db, staff.tenant.id, ['pending', 'waiting']));
    const groupsByActivity = new Map<string, ActivityGroup[]>();
    for (const activityId of new Set(rows.map((r) => r.enrollment.activityId)))
      groupsByActivity.set(activityId, await groupsOfActivity(db, staff.tenant.id, activityId));
    const m: QueueModel = {
      pending: rows.filter((r) => r.enrollment.status === 'pending'),
      waiting: rows
        .filter((r) => r.enrollment.status === 'waiting')
        .sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0) || 0),
      occupancy: visible(await groupOccupancy(db, staff.tenant.id)),
      groupsByActivity,
      ...(error ? { error } : {}),
    };
    // Waiting lists read in rank order within each activity and period.
    m.waiting.sort(
      (a, b) =>
        a.activityName.localeCompare(b.activityName) ||
        a.periodFirstDay.localeCompare(b.periodFirstDay) ||
        a.enrollment.periodId.localeCompare(b.enrollment.periodId) ||
        (a.rank ?? 0) - (b.rank ?? 0),
    );
    return reply.code(status).html(<StaffQueuePage ctx={pageContext(req, reply)} m={m} />);
  }

  app.get('/gestion/inscriptions', async (req, reply) => renderQueue(req, reply));

  const decide = (kind: Decision['kind']) => async (req: FastifyRequest, reply: FastifyReply) => {
    const staff = requireStaff(req, QUEUE_ROLES);
    const id = idOrNotFound(ZEnrollmentParams.parse(req.params).enrollmentId);
    // Another tenant's or an unknown enrollment is not found, whatever the form says.
    const existing = await findEnrollment(db, staff.tenant.id, id);
    if (!existing || !canSeeFacility(staff, existing.facilityId)) throw new AppError('NOT_FOUND');
    let decision: Decision;
    if (kind === 'accept') {
      const p = ZAccept.safeParse(req.body ?? {});
      if (!p.success || p.data.groupId === '')
        return renderQueue(req, reply, 400, {
          enrollmentId: id,
          message: 'Choisissez un groupe pour accepter.',
        });
      decision = { kind, groupId: p.data.groupId };
    } else if (kind === 'refuse') {
      const p = ZRefuse.safeParse(req.body ?? {});
      if (!p.success)
        return renderQueue(req, reply, 400, {
          enrollmentId: id,
          message: p.error.issues[0]?.message ?? 'Motif invalide.',
        });
      decision = { kind, reason: p.data.reason };
    } else decision = { kind };
    try {
      const e = await decideEnrollment({
        db,
        tenant: staff.tenant,
        staffUserId: staff.actor.userId,
        canSeeFacility: (f) => canSeeFacility(staff, f),
        enrollmentId: id,
        decision,
        now: app.deps.clock.now(),
      });
      const text = {
        accept: 'Inscription acceptée.',
        refuse: 'Inscription refusée.',
        waitlist: "Inscription mise en liste d'attente.",
      }[kind];
      setFlash(
        reply,
        'success',
        `${text} (${e.status === 'accepted' ? 'acceptée' : e.status === 'refused' ? 'refusée' : "liste d'attente"})`,
      );
      return reply.redirect(`${req.base}/gestion/inscriptions`, 303);
    } catch (err) {
      if (err instanceof AppError && (err.code === 'VALIDATION' || err.code === 'CONFLICT'))
        return renderQueue(req, reply, err.status, {
          enrollmentId: id,
          message: Object.values(err.fields)[0] ?? err.message,
        });
      throw err;
    }
  };
  app.post('/gestion/inscriptions/:enrollmentId/accepter', decide('accept'));
  app.post('/gestion/inscriptions/:enrollmentId/refuser', decide('refuse'));
  app.post('/gestion/inscriptions/:enrollmentId/attente', decide('waitlist'));

  // Waiting list reordered by hand: one place up or down, audited.
  const move = (direction: 'up' | 'down') => async (req: FastifyRequest, reply: FastifyReply) => {
    const staff = requireStaff(req, QUEUE_ROLES);
    const id = idOrNotFound(ZEnrollmentParams.parse(req.params).enrollmentId);
    const existing = await findEnrollment(db, staff.tenant.id, id);
    if (!existing || !canSeeFacility(staff, existing.facilityId)) throw new AppError('NOT_FOUND');
    try {
      const r = await moveOnWaitingList({
        db,
        tenantId: staff.tenant.id,
        staffUserId: staff.actor.userId,
        canSeeFacility: (f) => canSeeFacility(staff, f),
        enrollmentId: id,
        direction,
        now: app.deps.clock.now(),
      });
      setFlash(reply, 'success', `Rang ${r.from} → rang ${r.to} sur la liste d'attente.`);
      return reply.redirect(`${req.base}/gestion/inscriptions#e-${id}`, 303);
    } catch (err) {
      if (err instanceof AppError && err.code === 'CONFLICT')
        return renderQueue(req, reply, err.status, { enrollmentId: id, message: err.message });
      throw err;
    }
  };
  app.post('/gestion/inscriptions/:enrollmentId/monter', move('up'));
  app.post('/gestion/inscriptions/:enrollmentId/descendre', move('down'));
}
