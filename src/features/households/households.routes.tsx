import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/http/errors';
import { pageContext } from '../../platform/http/page';
import { setFlash } from '../../platform/http/request-context';
import { type Entity, fieldsOf, modeOf } from '../requests/domain/field-policy';
import { listRequestsOfHousehold, pendingRequestsOfHousehold } from '../requests/requests.repository';
import { familyOf } from './access';
import { collectDashboardItems, registerDashboardItems } from './dashboard';
import { dayIn } from './domain/age';
import { loadFamilyRecord, pendingChanges } from './family-record';
import { type FieldValues, parseFieldForm, ZAddChild, ZAddContact, zodErrors } from './forms';
import {
  fieldPolicyOverrides,
  findChildHealth,
  findChildOfHousehold,
  findContactOfHousehold,
  findGuardianOfHousehold,
  findHousehold,
  householdsOfChild,
  listChildren,
  listContacts,
} from './households.repository';
import {
  type ChangeOutcome,
  changeHouseholdFields,
  requestAddChild,
  requestAddContact,
  requestRemoveContact,
} from './households.service';
import { exportFamilyJson, renderFamilyPdf } from './my-data';
import {
  AddChildPage,
  AddContactPage,
  ChildPage,
  ContactPage,
  CoordinatesPage,
  DashboardPage,
  FamilyPage,
  formValues,
  GuardianPage,
  MyDataPage,
} from './views/family-pages';

// The first dashboard slot: the household's own pending requests.
registerDashboardItems('requests', async (c) => {
  const pending = await pendingRequestsOfHousehold(c.db, c.tenantId, c.householdId);
  if (pending.length === 0) return [];
  return [
    {
      tone: 'info',
      icon: '…',
      title: `${pending.length} demande${pending.length > 1 ? 's' : ''} en attente de validation`,
      text: 'Le service les traite dans l’ordre d’arrivée ; vous recevrez un e-mail.',
      href: '#requests-title',
    },
  ];
});

function flashOutcome(reply: FastifyReply, o: ChangeOutcome): void {
  const parts: string[] = [];
  if (o.applied.length > 0) parts.push('Vos modifications ont été enregistrées.');
  if (o.requestId)
    parts.push(
      o.replacedEarlier
        ? 'Votre demande a été transmise au service. Elle remplace votre demande précédente sur les mêmes champs.'
        : 'Votre demande a été transmise au service pour validation.',
    );
  if (o.refused.length > 0) parts.push('Certains champs ne peuvent être modifiés que par le service.');
  if (parts.length === 0) parts.push('Aucune modification.');
  setFlash(reply, 'success', parts.join(' '));
}

const today = (req: FastifyRequest) =>
  dayIn(req.server.deps.clock.now(), req.tenant?.timeZone ?? 'Europe/Paris');

/** Family area: dashboard, "Ma famille", "Coordonnées", "Mes données". */
export async function householdRoutes(app: FastifyInstance) {
  const db = app.deps.database.db;
  const clock = app.deps.clock;

  app.get('/espace', async (req, reply) => {
    // A household awaiting validation sees its dashboard, which tells it so; other pages refuse.
    const f = familyOf(req, { allowPending: true });
    const household = await findHousehold(db, f.tenant.id, f.householdId);
    if (!household) throw new AppError('NOT_FOUND');
    const ctx = pageContext(req, reply);
    const [items, requests] = await Promise.all([
      collectDashboardItems({
        db,
        tenantId: f.tenant.id,
        householdId: f.householdId,
        now: clock.now(),
        today: today(req),
        base: ctx.base,
      }),
      listRequestsOfHousehold(db, f.tenant.id, f.householdId, 5),
    ]);
    return reply.html(<DashboardPage ctx={ctx} household={household} items={items} requests={requests} />);
  });

  app.get('/famille', async (req, reply) => {
    const f = familyOf(req);
    const record = await loadFamilyRecord(db, f.tenant.id, f.householdId, { health: false });
    if (!record) throw new AppError('NOT_FOUND');
    return reply.html(<FamilyPage ctx={pageContext(req, reply)} record={record} today={today(req)} />);
  });

  // ---- Coordonnées (the household record)
  async function renderCoordinates(
    req: FastifyRequest,
    reply: FastifyReply,
    posted?: { values: FieldValues; errors: Record<string, string> },
  ) {
    const f = familyOf(req);
    const record = await loadFamilyRecord(db, f.tenant.id, f.householdId, { health: false });
    if (!record) throw new AppError('NOT_FOUND');
    const values = { ...formValues(fieldsOf('household'), record.household), ...(posted?.values ?? {}) };
    const pending = await pendingChanges(db, f.tenant.id, f.householdId);
    return reply
      .code(posted ? 400 : 200)
      .html(
        <CoordinatesPage
          ctx={pageContext(req, reply)}
          record={record}
          values={values}
          errors={posted?.errors ?? {}}
          pending={pending}
        />,
      );
  }
  app.get('/coordonnees', (req, reply) => renderCoordinates(req, reply));
  app.post('/coordonnees', async (req, reply) => {
    const f = familyOf(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const editable = await editableDefs(f.tenant.id, 'household');
    const parsed = parseFieldForm(editable, body);
    if (Object.keys(parsed.errors).length > 0)
      return renderCoordinates(req, reply, { values: rawValues(editable, body), errors: parsed.errors });
    const outcome = await changeHouseholdFields(db, {
      tenantId: f.tenant.id,
      householdId: f.householdId,
      userId: f.actor.userId,
      entity: 'household',
      subjectId: f.householdId,
      values: parsed.values,
      now: clock.now(),
      today: today(req),
      ip: req.ip,
    });
    flashOutcome(reply, outcome);
    return reply.redirect(`${req.base}/coordonnees`, 303);
  });

  /** Fields a family may submit (direct or validated); staff-only ones are never read from the form. */
  async function editableDefs(tenantId: string, entity: Entity) {
    const overrides = await fieldPolicyOverrides(db, tenantId);
    return fieldsOf(entity).filter((d) => modeOf(d.key, overrides) !== 'staff_only');
  }
  function rawValues(defs: ReturnType<typeof fieldsOf>, body: Record<string, unknown>): FieldValues {
    const out: FieldValues = {};
    for (const d of defs) {
      const v = body[d.column];
      const last = Array.isArray(v) ? v[v.length - 1] : v;
      out[d.key] = d.kind === 'bool' ? (last === 'true' ? 'true' : 'false') : typeof v === 'string' ? v : '';
    }
    return out;
  }

  // ---- Guardians
  async function renderGuardian(
    req: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    posted?: { values: FieldValues; errors: Record<string, string> },
  ) {
    const f = familyOf(req);
    const g = await findGuardianOfHousehold(db, f.tenant.id, f.householdId, req.params.id);
    if (!g) throw new AppError('NOT_FOUND');
    const [overrides, pending] = await Promise.all([
      fieldPolicyOverrides(db, f.tenant.id),
      pendingChanges(db, f.tenant.id, f.householdId),
    ]);
    const values = { ...formValues(fieldsOf('guardian'), g), ...(posted?.values ?? {}) };
    return reply
      .code(posted ? 400 : 200)
      .html(
        <GuardianPage
          ctx={pageContext(req, reply)}
          guardian={g}
          overrides={overrides}
          values={values}
          errors={posted?.errors ?? {}}
          pending={pending.get(`guardian:${g.id}`)}
        />,
      );
  }
  app.get<{ Params: { id: string } }>('/famille/responsables/:id', (req, reply) =>
    renderGuardian(req, reply),
  );
  app.post<{ Params: { id: string } }>('/famille/responsables/:id', async (req, reply) => {
    const f = familyOf(req);
    const g = await findGuardianOfHousehold(db, f.tenant.id, f.householdId, req.params.id);
    if (!g) throw new AppError('NOT_FOUND');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const editable = await editableDefs(f.tenant.id, 'guardian');
    const parsed = parseFieldForm(editable, body);
    if (Object.keys(parsed.errors).length > 0)
      return renderGuardian(req, reply, { values: rawValues(editable, body), errors: parsed.errors });
    const outcome = await changeHouseholdFields(db, {
      tenantId: f.tenant.id,
      householdId: f.householdId,
      userId: f.actor.userId,
      entity: 'guardian',
      subjectId: g.id,
      values: parsed.values,
      now: clock.now(),
      today: today(req),
      ip: req.ip,
    });
    flashOutcome(reply, outcome);
    return reply.redirect(`${req.base}/famille/responsables/${g.id}`, 303);
  });

  // ---- Children
  async function renderChild(
    req: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    posted?: { entity: 'child' | 'childHealth'; values: FieldValues; errors: Record<string, string> },
  ) {
    const f = familyOf(req);
    const child = await findChildOfHousehold(db, f.tenant.id, f.householdId, req.params.id);
    if (!child) throw new AppError('NOT_FOUND');
    const [health, overrides, pending, contacts, homes] = await Promise.all([
      findChildHealth(db, f.tenant.id, child.id),
      fieldPolicyOverrides(db, f.tenant.id),
      pendingChanges(db, f.tenant.id, f.householdId),
      listContacts(db, f.tenant.id, f.householdId),
      householdsOfChild(db, f.tenant.id, child.id),
    ]);
    const values = {
      ...formValues(fieldsOf('child'), child),
      ...(posted?.entity === 'child' ? posted.values : {}),
    };
    const healthValues = {
      ...formValues(fieldsOf('childHealth'), health),
      ...(posted?.entity === 'childHealth' ? posted.values : {}),
    };
    return reply
      .code(posted ? 400 : 200)
      .html(
        <ChildPage
          ctx={pageContext(req, reply)}
          child={child}
          health={health}
          today={today(req)}
          pickUp={contacts.filter(
            (k) => k.mayPickUp && (k.childIds.length === 0 || k.childIds.includes(child.id)),
          )}
          otherHouseholds={homes}
          overrides={overrides}
          values={values}
          healthValues={healthValues}
          errors={posted?.entity === 'child' ? posted.errors : {}}
          healthErrors={posted?.entity === 'childHealth' ? posted.errors : {}}
          pending={pending}
        />,
      );
  }

  app.get('/famille/enfants/nouveau', async (req, reply) => {
    familyOf(req);
    return reply.html(<AddChildPage ctx={pageContext(req, reply)} values={{}} errors={{}} />);
  });
  app.post('/famille/enfants/nouveau', async (req, reply) => {
    const f = familyOf(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const r = ZAddChild.safeParse(body);
    if (!r.success)
      return reply
        .code(400)
        .html(
          <AddChildPage ctx={pageContext(req, reply)} values={strings(body)} errors={zodErrors(r.error)} />,
        );
    await requestAddChild(db, {
      tenantId: f.tenant.id,
      householdId: f.householdId,
      userId: f.actor.userId,
      child: r.data,
      now: clock.now(),
    });
    setFlash(reply, 'success', 'Votre demande d’ajout d’enfant a été transmise au service.');
    return reply.redirect(`${req.base}/espace`, 303);
  });

  app.get<{ Params: { id: string } }>('/famille/enfants/:id', (req, reply) => renderChild(req, reply));
  for (const [suffix, entity] of [
    ['', 'child'],
    ['/sante', 'childHealth'],
  ] as const) {
    app.post<{ Params: { id: string } }>(`/famille/enfants/:id${suffix}`, async (req, reply) => {
      const f = familyOf(req);
      const child = await findChildOfHousehold(db, f.tenant.id, f.householdId, req.params.id);
      if (!child) throw new AppError('NOT_FOUND');
      const body = (req.body ?? {}) as Record<string, unknown>;
      const editable = await editableDefs(f.tenant.id, entity);
      const parsed = parseFieldForm(editable, body);
      if (Object.keys(parsed.errors).length > 0)
        return renderChild(req, reply, { entity, values: rawValues(editable, body), errors: parsed.errors });
      const outcome = await changeHouseholdFields(db, {
        tenantId: f.tenant.id,
        householdId: f.householdId,
        userId: f.actor.userId,
        entity,
        subjectId: child.id,
        values: parsed.values,
        now: clock.now(),
        today: today(req),
        ip: req.ip,
      });
      flashOutcome(reply, outcome);
      return reply.redirect(`${req.base}/famille/enfants/${child.id}`, 303);
    });
  }

  // ---- Contacts
  app.get('/famille/contacts/nouveau', async (req, reply) => {
    const f = familyOf(req);
    const kids = await listChildren(db, f.tenant.id, f.householdId);
    return reply.html(
      <AddContactPage ctx={pageContext(req, reply)} values={{}} errors={{}} kids={kids} checked={[]} />,
    );
  });
  app.post('/famille/contacts/nouveau', async (req, reply) => {
    const f = familyOf(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const r = ZAddContact.safeParse(body);
    if (!r.success) {
      const kids = await listChildren(db, f.tenant.id, f.householdId);
      const checked = [body.childIds ?? []].flat().filter((v): v is string => typeof v === 'string');
      return reply
        .code(400)
        .html(
          <AddContactPage
            ctx={pageContext(req, reply)}
            values={strings(body)}
            errors={zodErrors(r.error)}
            kids={kids}
            checked={checked}
          />,
        );
    }
    await requestAddContact(db, {
      tenantId: f.tenant.id,
      householdId: f.householdId,
      userId: f.actor.userId,
      contact: r.data,
      now: clock.now(),
    });
    setFlash(reply, 'success', 'Votre demande d’ajout de contact a été transmise au service.');
    return reply.redirect(`${req.base}/espace`, 303);
  });

  async function renderContact(
    req: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    posted?: { values: FieldValues; errors: Record<string, string> },
  ) {
    const f = familyOf(req);
    const c = await findContactOfHousehold(db, f.tenant.id, f.householdId, req.params.id);
    if (!c) throw new AppError('NOT_FOUND');
    const [overrides, pending, requests] = await Promise.all([
      fieldPolicyOverrides(db, f.tenant.id),
      pendingChanges(db, f.tenant.id, f.householdId),
      pendingRequestsOfHousehold(db, f.tenant.id, f.householdId),
    ]);
    const values = { ...formValues(fieldsOf('contact'), c), ...(posted?.values ?? {}) };
    return reply
      .code(posted ? 400 : 200)
      .html(
        <ContactPage
          ctx={pageContext(req, reply)}
          contact={c}
          overrides={overrides}
          values={values}
          errors={posted?.errors ?? {}}
          pending={pending.get(`contact:${c.id}`)}
          removalPending={requests.some((r) => r.kind === 'remove_contact' && r.subjectId === c.id)}
        />,
      );
  }
  app.get<{ Params: { id: string } }>('/famille/contacts/:id', (req, reply) => renderContact(req, reply));
  app.post<{ Params: { id: string } }>('/famille/contacts/:id', async (req, reply) => {
    const f = familyOf(req);
    const c = await findContactOfHousehold(db, f.tenant.id, f.householdId, req.params.id);
    if (!c) throw new AppError('NOT_FOUND');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const editable = await editableDefs(f.tenant.id, 'contact');
    const parsed = parseFieldForm(editable, body);
    if (typeof body.name === 'string' && body.name.trim() === '' && editable.some((d) => d.column === 'name'))
      parsed.errors.name ??= 'Indiquez le nom du contact';
    if (Object.keys(parsed.errors).length > 0)
      return renderContact(req, reply, { values: rawValues(editable, body), errors: parsed.errors });
    const outcome = await changeHouseholdFields(db, {
      tenantId: f.tenant.id,
      householdId: f.householdId,
      userId: f.actor.userId,
      entity: 'contact',
      subjectId: c.id,
      values: parsed.values,
      now: clock.now(),
      today: today(req),
      ip: req.ip,
    });
    flashOutcome(reply, outcome);
    return reply.redirect(`${req.base}/famille/contacts/${c.id}`, 303);
  });
  app.post<{ Params: { id: string } }>('/famille/contacts/:id/supprimer', async (req, reply) => {
    const f = familyOf(req);
    const r = await requestRemoveContact(db, {
      tenantId: f.tenant.id,
      householdId: f.householdId,
      userId: f.actor.userId,
      contactId: req.params.id,
      now: clock.now(),
    });
    setFlash(
      reply,
      'success',
      r.already
        ? 'Une demande de retrait de ce contact est déjà en attente.'
        : 'Votre demande de retrait a été transmise au service pour validation.',
    );
    return reply.redirect(`${req.base}/famille`, 303);
  });

  // ---- My data (RGPD)
  app.get('/mes-donnees', async (req, reply) => {
    familyOf(req);
    return reply.html(<MyDataPage ctx={pageContext(req, reply)} />);
  });
  app.get('/mes-donnees/export.json', async (req, reply) => {
    const f = familyOf(req);
    const data = await exportFamilyJson(db, f.tenant, f.householdId, clock.now());
    return reply
      .header('content-disposition', 'attachment; filename="mes-donnees.json"')
      .header('cache-control', 'no-store')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(data, null, 2));
  });
  app.get('/mes-donnees/export.pdf', async (req, reply) => {
    const f = familyOf(req);
    const data = await exportFamilyJson(db, f.tenant, f.householdId, clock.now());
    const pdf = await renderFamilyPdf(data, f.tenant, today(req), clock.now());
    return reply
      .header('content-disposition', 'attachment; filename="mes-donnees.pdf"')
      .header('cache-control', 'no-store')
      .type('application/pdf')
      .send(pdf);
  });
}

function strings(body: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string' && k !== '_csrf') out[k] = v;
  return out;
}
