import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../platform/http/errors';
import { pageContext } from '../../platform/http/page';
import { requireFamily } from '../../platform/http/policies';
import { setFlash } from '../../platform/http/request-context';
import {
  bulkChange,
  confirmOpenBasket,
  copyToSiblings,
  type FamilyScope,
  removeFromBasket,
  reviewOpenBasket,
  tapCell,
} from './basket.service';
import { loadBookingContext } from './context';
import { formatDeadlineFr } from './domain/days';
import type { PlanningView } from './domain/planning-window';
import {
  basketCount,
  currentCell,
  planningPage,
  recentRequests,
  requestOfHousehold,
  setShownCells,
} from './family.service';
import { ReviewPage, SiblingsResultPage } from './views/basket';
import { PlanningPage } from './views/planning';
import { ReservationsHomePage } from './views/planning-home';
import { BasketCounter, PlanningCellView } from './views/planning-parts';
import { SummaryPage } from './views/summary';

const uuid = z.uuid();
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const many = z.preprocess(
  (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.string().max(100)).max(2000),
);
const ZParams = z.object({ enrollmentId: z.string() });
const ZQuery = z.object({
  vue: z.enum(['semaine', 'mois']).optional().catch(undefined),
  jour: day.optional().catch(undefined),
});
const ZTap = z.object({ jour: day, unite: uuid });
const ZShown = z.object({ debut: day, fin: day, c: many, vue: z.enum(['semaine', 'mois']).catch('semaine') });
const ZBulk = z.object({
  debut: day,
  fin: day,
  vue: z.enum(['semaine', 'mois']).catch('semaine'),
  op: z.enum(['add', 'cancel']),
  portee: z.enum(['affichage', 'periode']),
  type: z.literal('semaine-type').optional(),
  unites: many,
  modele: many,
  sauter_complets: z.literal('1').optional(),
});
const ZLine = z.object({ ligne: z.string().max(200) });
const ZConfirm = z.object({ panier: z.string() });
const REQUEST_NUMBER = /^[A-Z]{1,4}\d{4}-\d{6,9}$/;

function parseOr404<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw new AppError('VALIDATION', 'Formulaire invalide.', { form: 'Formulaire invalide.' });
  return r.data;
}

function enrollmentIdOf(req: FastifyRequest): string {
  const id = ZParams.parse(req.params).enrollmentId;
  if (!uuid.safeParse(id).success) throw new AppError('NOT_FOUND');
  return id;
}

const isHtmx = (req: FastifyRequest) => req.headers['hx-request'] === 'true';
const viewOf = (vue: string | undefined): PlanningView => (vue === 'mois' ? 'month' : 'week');

/** The family's booking pages: overview, planning (week / month), basket review, request summary. */
export async function bookingFamilyRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;

  function familyScope(req: FastifyRequest) {
    const f = requireFamily(req);
    const s: FamilyScope = { db, tenant: f.tenant, householdId: f.householdId, now: app.deps.clock.now() };
    return { ...f, s };
  }

  const planningUrl = (req: FastifyRequest, enrollmentId: string, vue: string, jour: string) =>
    `${req.base}/reservations/${enrollmentId}?vue=${vue}&jour=${jour}`;

  app.get('/reservations', async (req, reply) => {
    const { s } = familyScope(req);
    const ctx = await loadBookingContext(db, s);
    const [count, requests] = await Promise.all([
      basketCount(s),
      recentRequests(db, s.tenant.id, s.householdId),
    ]);
    const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });
    const children = [...ctx.children]
      .sort((a, b) => collator.compare(a.name, b.name))
      .map((c) => ({
        id: c.id,
        name: c.name,
        enrollments: ctx.scopes
          .filter((x) => x.childId === c.id)
          .sort(
            (a, b) =>
              a.period.firstDay.localeCompare(b.period.firstDay) ||
              a.activity.name.localeCompare(b.activity.name, 'fr'),
          )
          .map((x) => ({
            id: x.enrollmentId,
            activity: x.activity.name,
            period: x.period.name,
            firstDay: x.period.firstDay,
            lastDay: x.period.lastDay,
            phase: ctx.phaseOf(x.period),
          })),
      }));
    return reply.html(
      <ReservationsHomePage
        ctx={pageContext(req, reply)}
        m={{
          children,
          basketCount: count,
          requests: requests.map((r) => ({
            requestNumber: r.requestNumber,
            day: r.createdAt.toISOString().slice(0, 10),
            result: r.result,
          })),
        }}
      />,
    );
  });

  app.get('/reservations/panier', async (req, reply) => {
    const { s } = familyScope(req);
    const r = await reviewOpenBasket(s);
    const lateRequests = new Set<string>();
    for (const c of r.review.children)
      for (const l of [...c.additions, ...c.cancellations]) {
        const scope = r.ctx.scopeOf(c.childId, l.day, l.unitId);
        const policy = scope ? r.ctx.policyOf(scope.activity.id) : null;
        if ((l.op === 'add' ? policy?.lateBooking : policy?.lateCancellation) === 'request')
          lateRequests.add(l.key);
      }
    return reply.html(
      <ReviewPage
        ctx={pageContext(req, reply)}
        basketId={r.basketId}
        review={r.review}
        lateRequests={lateRequests}
      />,
    );
  });

  app.post('/reservations/panier/retirer', async (req, reply) => {
    const { s } = familyScope(req);
    const { ligne } = parseOr404(ZLine, req.body);
    await removeFromBasket(s, ligne);
    setFlash(reply, 'success', 'Changement retiré du panier.');
    return reply.redirect(`${req.base}/reservations/panier`, 303);
  });

  app.post('/reservations/panier/vider', async (req, reply) => {
    const { s } = familyScope(req);
    await removeFromBasket(s, null);
    setFlash(reply, 'success', 'Panier vidé.');
    return reply.redirect(`${req.base}/reservations`, 303);
  });

  app.post('/reservations/panier/confirmer', async (req, reply) => {
    const { s, actor } = familyScope(req);
    const { panier } = parseOr404(ZConfirm, req.body);
    if (!uuid.safeParse(panier).success) throw new AppError('NOT_FOUND');
    try {
      const r = await confirmOpenBasket(s, { basketId: panier, actorUserId: actor.userId, ip: req.ip });
      if (!r.replay) setFlash(reply, 'success', `Demande ${r.summary.requestNumber} enregistrée.`);
      return reply.redirect(`${req.base}/reservations/demandes/${r.summary.requestNumber}`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'VALIDATION') throw err;
      setFlash(reply, 'error', err.message);
      return reply.redirect(`${req.base}/reservations/panier`, 303);
    }
  });

  app.get('/reservations/demandes/:requestNumber', async (req, reply) => {
    const { s } = familyScope(req);
    const { requestNumber } = z.object({ requestNumber: z.string() }).parse(req.params);
    if (!REQUEST_NUMBER.test(requestNumber)) throw new AppError('NOT_FOUND');
    const row = await requestOfHousehold(db, s.tenant.id, s.householdId, requestNumber);
    return reply.html(
      <SummaryPage
        ctx={pageContext(req, reply)}
        s={row.result!}
        createdAt={formatDeadlineFr(row.createdAt, s.tenant.timeZone)}
      />,
    );
  });

  app.get('/reservations/:enrollmentId', async (req, reply) => {
    const { s } = familyScope(req);
    const enrollmentId = enrollmentIdOf(req);
    const q = ZQuery.parse(req.query ?? {});
    const m = await planningPage(s, { enrollmentId, view: viewOf(q.vue), anchor: q.jour ?? null });
    return reply.html(<PlanningPage ctx={pageContext(req, reply)} m={m} />);
  });

  app.post('/reservations/:enrollmentId/case', async (req: FastifyRequest, reply: FastifyReply) => {
    const { s } = familyScope(req);
    const enrollmentId = enrollmentIdOf(req);
    const input = parseOr404(ZTap, req.body);
    const target = { enrollmentId, day: input.jour, unitId: input.unite };
    let fragment: { cell: Parameters<typeof PlanningCellView>[0]['cell']; pending: 'add' | 'cancel' | null };
    let count: number;
    let error: string | undefined;
    let unitName: string;
    try {
      const r = await tapCell(s, target);
      fragment = { cell: r.cell, pending: r.pending };
      count = r.stored.basket.lines.length;
      unitName = r.ctx.unitById(input.unite)?.name ?? '';
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'VALIDATION') throw err;
      if (!isHtmx(req)) {
        setFlash(reply, 'error', err.message);
        return reply.redirect(planningUrl(req, enrollmentId, 'semaine', input.jour), 303);
      }
      const now = await currentCell(s, target);
      fragment = { cell: now.cell, pending: now.pending };
      count = now.count;
      unitName = now.ctx.unitById(input.unite)?.name ?? '';
      error = err.message;
    }
    if (!isHtmx(req)) return reply.redirect(planningUrl(req, enrollmentId, 'semaine', input.jour), 303);
    return reply.html(
      <>
        <PlanningCellView
          base={req.base}
          enrollmentId={enrollmentId}
          cell={fragment.cell}
          unitName={unitName}
          pending={fragment.pending}
          timeZone={s.tenant.timeZone}
          error={error}
        />
        <BasketCounter base={req.base} count={count} oob />
      </>,
    );
  });

  // Without JavaScript: the planning form sets the basket for the days shown, then the review step.
  app.post('/reservations/:enrollmentId/panier', async (req, reply) => {
    const { s } = familyScope(req);
    const enrollmentId = enrollmentIdOf(req);
    const input = parseOr404(ZShown, req.body);
    await setShownCells(s, { enrollmentId, from: input.debut, to: input.fin, checked: input.c });
    return reply.redirect(`${req.base}/reservations/panier`, 303);
  });

  app.post('/reservations/:enrollmentId/lot', async (req, reply) => {
    const { s } = familyScope(req);
    const enrollmentId = enrollmentIdOf(req);
    const b = parseOr404(ZBulk, req.body);
    const back = planningUrl(req, enrollmentId, b.vue, b.debut);
    const pattern = b.modele.map((v) => {
      const m = /^([1-7]):([0-9a-f-]{36})$/.exec(v);
      if (!m) throw new AppError('NOT_FOUND');
      return { weekday: Number(m[1]), unitId: m[2]! };
    });
    if (b.type === 'semaine-type' && pattern.length === 0) {
      setFlash(reply, 'error', 'Semaine type : cochez au moins un jour.');
      return reply.redirect(back, 303);
    }
    try {
      // The whole period: bulkChange clamps the range into the enrollment's period.
      const r = await bulkChange(s, {
        enrollmentId,
        op: b.op,
        from: b.portee === 'periode' ? '2000-01-01' : b.debut,
        to: b.portee === 'periode' ? '2999-12-31' : b.fin,
        ...(b.type === 'semaine-type' ? { pattern } : { units: b.unites }),
        skipFull: b.sauter_complets === '1',
      });
      const n = r.changed.length;
      setFlash(
        reply,
        n > 0 ? 'success' : 'info',
        n > 0
          ? `${n} changement${n > 1 ? 's' : ''} ajouté${n > 1 ? 's' : ''} au panier.`
          : 'Aucun jour ne correspondait : rien n’a été ajouté au panier.',
      );
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'VALIDATION') throw err;
      setFlash(reply, 'error', err.message);
    }
    return reply.redirect(back, 303);
  });

  app.post('/reservations/:enrollmentId/fratrie', async (req, reply) => {
    const { s } = familyScope(req);
    const enrollmentId = enrollmentIdOf(req);
    const r = await copyToSiblings(s, { enrollmentId });
    const names = new Map(r.ctx.children.map((c) => [c.id, c.firstName]));
    const units = new Map<string, string>();
    for (const l of [...r.copied, ...r.skipped.map((x) => x.line)])
      units.set(l.unitId, r.ctx.unitById(l.unitId)?.name ?? '');
    return reply.html(
      <SiblingsResultPage
        ctx={pageContext(req, reply)}
        back={`${req.base}/reservations/${enrollmentId}`}
        copied={r.copied}
        skipped={r.skipped}
        names={names}
        units={units}
      />,
    );
  });
}
