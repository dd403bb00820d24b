import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/http/errors';
import { pageContext } from '../../platform/http/page';
import { setFlash } from '../../platform/http/request-context';
import { renderHouseholdSections } from '../backoffice/household-sections';
import { HouseholdActions } from '../backoffice/views/pages';
import { canSeeHealth, staffOf } from '../households/access';
import { ageInYears, dayIn } from '../households/domain/age';
import { healthVisibleChildren } from '../households/domain/health-access';
import { loadFamilyRecord } from '../households/family-record';
import { ZDecision, zodErrors } from '../households/forms';
import {
  enrollmentFacilitiesOfChildren,
  fieldPolicyOverrides,
  findChildOfHousehold,
  findContactOfHousehold,
  findGuardianOfHousehold,
  findHousehold,
  isUuid,
  listChildren,
} from '../households/households.repository';
import { auditHealthView } from '../households/households.service';
import { guardianAwaitingActivation } from '../households/staff.service';
import { FIELD_BY_KEY, FIELDS, type FieldMode, isFieldMode, modeOf } from './domain/field-policy';
import { setFieldPolicies } from './field-policy.service';
import {
  countPendingHouseholdRequests,
  findRequest,
  type HouseholdRequest,
  listFacilities,
  pendingQueue,
} from './requests.repository';
import { REQUEST_KINDS } from './requests.schema';
import { decideRequest } from './requests.service';
import { FieldPolicyPage } from './views/policy-page';
import {
  AGE_BANDS,
  type AgeBand,
  QueuePage,
  type QueueRow,
  RequestPage,
  StaffHouseholdPage,
} from './views/staff-pages';

/** Who handles families' requests: managers (and administrators). */
const REQUEST_ROLES = ['manager'] as const;
/** Who reads household records. */
const HOUSEHOLD_ROLES = ['manager', 'director', 'accountant'] as const;

/** Back office: the requests queue and household records. */
export async function requestRoutes(app: FastifyInstance) {
  const db = app.deps.database.db;
  const clock = app.deps.clock;
  const today = (req: FastifyRequest) => dayIn(clock.now(), req.tenant?.timeZone ?? 'Europe/Paris');

  /** The child a request is about (its birth date decides the age filter), as a label. */
  async function childOf(r: HouseholdRequest): Promise<{ label: string; birthDate: string } | null> {
    if (r.kind === 'add_child') {
      const p = r.payload as { firstName?: string; lastName?: string; birthDate?: string };
      return {
        label: `${p.firstName ?? ''} ${p.lastName ?? ''} (nouvel enfant)`,
        birthDate: p.birthDate ?? '',
      };
    }
    if ((r.subjectType === 'child' || r.subjectType === 'childHealth') && r.subjectId) {
      const c = await findChildOfHousehold(db, r.tenantId, r.householdId, r.subjectId);
      if (c) return { label: `${c.firstName} ${c.lastName}`, birthDate: c.birthDate };
    }
    return null;
  }

  app.get<{ Querystring: { type?: string; age?: string; facility?: string } }>(
    '/gestion/demandes',
    async (req, reply) => {
      const s = staffOf(req, REQUEST_ROLES);
      const type = (REQUEST_KINDS as readonly string[]).includes(req.query.type ?? '') ? req.query.type! : '';
      const age = (req.query.age ?? '') in AGE_BANDS ? (req.query.age as AgeBand) : '';
      const facilityList = await listFacilities(db, s.tenant.id);
      const facility = facilityList.some((f) => f.id === req.query.facility) ? req.query.facility! : '';
      const [queue, total] = await Promise.all([
        pendingQueue(db, s.tenant.id, type ? [type] : null, facility || null),
        countPendingHouseholdRequests(db, s.tenant.id),
      ]);
      const day = today(req);
      const rows: QueueRow[] = [];
      for (const q of queue) {
        const child = await childOf(q.request);
        if (age) {
          if (!child?.birthDate) continue;
          const years = ageInYears(child.birthDate, day);
          if (years < AGE_BANDS[age].min || years > AGE_BANDS[age].max) continue;
        }
        rows.push({ request: q.request, householdName: q.householdName, childLabel: child?.label ?? '' });
      }
      return reply.html(
        <QueuePage
          ctx={pageContext(req, reply)}
          rows={rows}
          type={type}
          age={age}
          facility={facility}
          facilities={facilityList}
          total={total}
        />,
      );
    },
  );

  async function renderRequest(
    req: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    posted?: { errors: Record<string, string>; comment: string },
  ) {
    const s = staffOf(req, REQUEST_ROLES);
    const r = isUuid(req.params.id) ? await findRequest(db, s.tenant.id, req.params.id) : null;
    if (!r) throw new AppError('NOT_FOUND');
    const household = await findHousehold(db, s.tenant.id, r.householdId);
    let subjectLabel = 'Le foyer';
    if (r.subjectType === 'guardian' && r.subjectId) {
      const g = await findGuardianOfHousehold(db, s.tenant.id, r.householdId, r.subjectId);
      subjectLabel = g ? `Responsable : ${g.firstName} ${g.lastName}` : 'Responsable';
    } else if (r.subjectType === 'contact' && r.subjectId) {
      const k = await findContactOfHousehold(db, s.tenant.id, r.householdId, r.subjectId);
      subjectLabel = k ? `Contact : ${k.name}` : 'Contact (retiré depuis)';
    } else {
      const c = await childOf(r);
      if (c) subjectLabel = `Enfant : ${c.label}`;
    }
    // Requests about health (a health change, or a new child's allergies) are health data: trace the read.
    const touchesHealth =
      r.subjectType === 'childHealth' ||
      (r.kind === 'add_child' &&
        Boolean(
          (r.payload as { diet?: string; allergies?: string }).allergies ||
            (r.payload as { diet?: string }).diet,
        ));
    if (touchesHealth)
      await auditHealthView(db, {
        tenantId: s.tenant.id,
        userId: s.actor.userId,
        // A child not created yet: the trace points at the request that holds its health data.
        subjects:
          r.kind === 'add_child'
            ? [{ type: 'household_request', id: r.id }]
            : [{ type: 'child', id: r.subjectId ?? '' }],
        householdId: r.householdId,
        now: clock.now(),
        ip: req.ip,
      });
    return reply
      .code(posted ? 400 : 200)
      .html(
        <RequestPage
          ctx={pageContext(req, reply)}
          request={r}
          householdName={household?.name ?? ''}
          subjectLabel={subjectLabel}
          errors={posted?.errors ?? {}}
          comment={posted?.comment ?? ''}
        />,
      );
  }
  app.get<{ Params: { id: string } }>('/gestion/demandes/:id', (req, reply) => renderRequest(req, reply));

  for (const [path, decision] of [
    ['accepter', 'accepted'],
    ['refuser', 'refused'],
  ] as const) {
    app.post<{ Params: { id: string } }>(`/gestion/demandes/:id/${path}`, async (req, reply) => {
      const s = staffOf(req, REQUEST_ROLES);
      if (!isUuid(req.params.id)) throw new AppError('NOT_FOUND');
      const body = (req.body ?? {}) as Record<string, unknown>;
      const parsed = ZDecision.safeParse(body);
      const comment = typeof body.comment === 'string' ? body.comment : '';
      if (!parsed.success) return renderRequest(req, reply, { errors: zodErrors(parsed.error), comment });
      if (decision === 'refused' && parsed.data.comment === '')
        return renderRequest(req, reply, {
          errors: { comment: 'Indiquez le motif du refus : il est envoyé à la famille.' },
          comment,
        });
      const r = await decideRequest(db, {
        tenantId: s.tenant.id,
        requestId: req.params.id,
        staffUserId: s.actor.userId,
        decision,
        comment: parsed.data.comment,
        now: clock.now(),
        today: today(req),
        ip: req.ip,
      });
      setFlash(
        reply,
        'success',
        decision === 'accepted' ? 'Demande acceptée et appliquée.' : 'Demande refusée.',
      );
      return reply.redirect(`${req.base}/gestion/demandes/${r.id}`, 303);
    });
  }

  app.get<{ Params: { id: string } }>('/gestion/familles/:id', async (req, reply) => {
    const s = staffOf(req, HOUSEHOLD_ROLES);
    const household = isUuid(req.params.id) ? await findHousehold(db, s.tenant.id, req.params.id) : null;
    if (!household) throw new AppError('NOT_FOUND');
    // Need-to-know: which of the household's children this reader may see the health data of.
    let healthVisible = new Set<string>();
    if (canSeeHealth(s)) {
      const kids = (await listChildren(db, s.tenant.id, household.id)).map((c) => c.id);
      healthVisible = healthVisibleChildren(
        s,
        kids,
        await enrollmentFacilitiesOfChildren(db, s.tenant.id, kids),
      );
    }
    const record = await loadFamilyRecord(db, s.tenant.id, household.id, { health: healthVisible });
    if (!record) throw new AppError('NOT_FOUND');
    const showHealth = healthVisible.size > 0;
    if (showHealth)
      await auditHealthView(db, {
        tenantId: s.tenant.id,
        userId: s.actor.userId,
        subjects: record.children
          .filter((c) => healthVisible.has(c.id))
          .map((c) => ({ type: 'child', id: c.id })),
        householdId: record.household.id,
        now: clock.now(),
        ip: req.ip,
      });
    // Managers (and administrators) may resend activation links to guardians without a password.
    let awaitingActivation: Set<string> | undefined;
    if (s.roles.some((r) => r === 'admin' || r === 'manager')) {
      awaitingActivation = new Set();
      for (const g of record.guardians)
        if (await guardianAwaitingActivation(db, g.email)) awaitingActivation.add(g.id);
    }
    // The 360° sections (enrollments, documents, messages, audit trail…) come from the back office's
    // registry; managers also get the merge and archive actions.
    const ctx = pageContext(req, reply);
    const sections = await renderHouseholdSections({
      db,
      tenantId: s.tenant.id,
      householdId: household.id,
      staff: s,
      base: ctx.base,
      query: req.query as Record<string, string | undefined>,
      now: clock.now(),
      timeZone: req.tenant?.timeZone ?? 'Europe/Paris',
    });
    return reply.html(
      <StaffHouseholdPage
        ctx={ctx}
        sections={sections}
        {...(awaitingActivation
          ? {
              actions: (
                <HouseholdActions
                  base={ctx.base}
                  householdId={household.id}
                  archived={household.status === 'archived'}
                />
              ),
            }
          : {})}
        record={record}
        showHealth={showHealth}
        healthVisible={healthVisible}
        today={today(req)}
        {...(awaitingActivation ? { awaitingActivation } : {})}
      />,
    );
  });

  // ---- The tenant's field policy (administrators)
  const currentModes = async (tenantId: string) => {
    const overrides = await fieldPolicyOverrides(db, tenantId);
    return new Map(FIELDS.map((f) => [f.key, modeOf(f.key, overrides)] as const));
  };
  app.get('/gestion/regles-dossiers', async (req, reply) => {
    const s = staffOf(req, ['admin']);
    return reply.html(
      <FieldPolicyPage ctx={pageContext(req, reply)} modes={await currentModes(s.tenant.id)} errors={{}} />,
    );
  });
  app.post('/gestion/regles-dossiers', async (req, reply) => {
    const s = staffOf(req, ['admin']);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const modes: Record<string, FieldMode> = {};
    const errors: Record<string, string> = {};
    for (const [key, value] of Object.entries(body)) {
      if (!FIELD_BY_KEY.has(key)) continue;
      if (typeof value === 'string' && isFieldMode(value)) modes[key] = value;
      else errors[key.replace('.', '-')] = `${FIELD_BY_KEY.get(key)!.label} : choix invalide`;
    }
    if (Object.keys(errors).length > 0) {
      const shown = await currentModes(s.tenant.id);
      for (const [k, m] of Object.entries(modes)) shown.set(k, m);
      return reply
        .code(400)
        .html(<FieldPolicyPage ctx={pageContext(req, reply)} modes={shown} errors={errors} />);
    }
    const n = await setFieldPolicies(db, {
      tenantId: s.tenant.id,
      userId: s.actor.userId,
      modes,
      now: clock.now(),
      ip: req.ip,
    });
    setFlash(reply, 'success', n === 0 ? 'Aucune modification.' : `${n} règle(s) modifiée(s).`);
    return reply.redirect(`${req.base}/gestion/regles-dossiers`, 303);
  });
}
