import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/http/errors';
import { pageContext } from '../../platform/http/page';
import { setFlash } from '../../platform/http/request-context';
import { fieldsOf } from '../requests/domain/field-policy';
import { staffOf } from './access';
import { dayIn } from './domain/age';
import { type FieldValues, parseFieldForm } from './forms';
import { findContactOfHousehold, findHousehold, isUuid } from './households.repository';
import {
  createHouseholdFromPaper,
  resendGuardianActivation,
  staffRemoveContact,
  staffSetResident,
  staffUpdateContact,
} from './staff.service';
import { parseNewHousehold } from './staff-forms';
import { formValues } from './views/family-pages';
import { StaffContactPage } from './views/staff-contact';
import { StaffCriteriaPage } from './views/staff-criteria';
import { NewHouseholdPage } from './views/staff-new-household';

/** Who creates households and manages their logins: managers (and administrators). */
const CREATE_ROLES = ['manager'] as const;

/** Back office: households created from paper files, activation links, contacts. */
export async function staffHouseholdRoutes(app: FastifyInstance) {
  const db = app.deps.database.db;
  const clock = app.deps.clock;
  const publicUrl = app.deps.config.PUBLIC_URL;

  function renderNew(
    req: FastifyRequest,
    reply: FastifyReply,
    posted?: { values: Record<string, string>; errors: Record<string, string> },
  ) {
    return reply
      .code(posted ? 400 : 200)
      .html(
        <NewHouseholdPage
          ctx={pageContext(req, reply)}
          values={posted?.values ?? {}}
          errors={posted?.errors ?? {}}
        />,
      );
  }

  app.get('/gestion/familles/nouvelle', async (req, reply) => {
    staffOf(req, CREATE_ROLES);
    return renderNew(req, reply);
  });

  app.post('/gestion/familles/nouvelle', async (req, reply) => {
    const s = staffOf(req, CREATE_ROLES);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string' && k !== '_csrf') values[k] = v;
    const parsed = parseNewHousehold(body);
    if (!parsed.ok) return renderNew(req, reply, { values, errors: parsed.errors });
    try {
      const r = await createHouseholdFromPaper(db, {
        tenantId: s.tenant.id,
        staffUserId: s.actor.userId,
        data: parsed.data,
        now: clock.now(),
        publicUrl,
        ip: req.ip,
      });
      setFlash(
        reply,
        'success',
        r.activations === 0
          ? 'Foyer créé. Aucun responsable n’a d’e-mail : pas de lien d’activation envoyé.'
          : `Foyer créé. ${r.activations} lien(s) d’activation envoyé(s) (valables 48 heures).`,
      );
      return reply.redirect(`${req.base}/gestion/familles/${r.householdId}`, 303);
    } catch (e) {
      if (e instanceof AppError && e.code === 'VALIDATION' && Object.keys(e.fields).length > 0)
        return renderNew(req, reply, { values, errors: e.fields });
      throw e;
    }
  });

  app.post<{ Params: { id: string; gid: string } }>(
    '/gestion/familles/:id/responsables/:gid/activation',
    async (req, reply) => {
      const s = staffOf(req, CREATE_ROLES);
      if (!isUuid(req.params.id)) throw new AppError('NOT_FOUND');
      const sent = await resendGuardianActivation(db, {
        tenantId: s.tenant.id,
        staffUserId: s.actor.userId,
        householdId: req.params.id,
        guardianId: req.params.gid,
        now: clock.now(),
        publicUrl,
        ip: req.ip,
      });
      setFlash(
        reply,
        sent ? 'success' : 'info',
        sent
          ? 'Un nouveau lien d’activation (valable 48 heures) a été envoyé.'
          : 'Aucun lien envoyé : ce responsable n’a pas d’e-mail ou son espace est déjà activé.',
      );
      return reply.redirect(`${req.base}/gestion/familles/${req.params.id}`, 303);
    },
  );

  // ---- Contacts, changed directly by staff (audited)
  type ContactParams = { Params: { id: string; cid: string } };
  async function loadContact(req: FastifyRequest<ContactParams>) {
    const s = staffOf(req, CREATE_ROLES);
    const household = isUuid(req.params.id) ? await findHousehold(db, s.tenant.id, req.params.id) : null;
    if (!household) throw new AppError('NOT_FOUND');
    const contact = await findContactOfHousehold(db, s.tenant.id, household.id, req.params.cid);
    if (!contact) throw new AppError('NOT_FOUND');
    return { s, household, contact };
  }
  async function renderContact(
    req: FastifyRequest<ContactParams>,
    reply: FastifyReply,
    posted?: { values: FieldValues; errors: Record<string, string> },
  ) {
    const { household, contact } = await loadContact(req);
    const values = { ...formValues(fieldsOf('contact'), contact), ...(posted?.values ?? {}) };
    return reply
      .code(posted ? 400 : 200)
      .html(
        <StaffContactPage
          ctx={pageContext(req, reply)}
          household={household}
          contact={contact}
          values={values}
          errors={posted?.errors ?? {}}
        />,
      );
  }
  app.get<ContactParams>('/gestion/familles/:id/contacts/:cid', (req, reply) => renderContact(req, reply));
  app.post<ContactParams>('/gestion/familles/:id/contacts/:cid', async (req, reply) => {
    const { s, household, contact } = await loadContact(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const defs = fieldsOf('contact');
    const parsed = parseFieldForm(defs, body);
    if (typeof body.name === 'string' && body.name.trim() === '')
      parsed.errors.name ??= 'Indiquez le nom du contact';
    if (Object.keys(parsed.errors).length > 0) {
      const raw: FieldValues = {};
      for (const d of defs) {
        const v = body[d.column];
        const last = Array.isArray(v) ? v[v.length - 1] : v;
        raw[d.key] =
          d.kind === 'bool' ? (last === 'true' ? 'true' : 'false') : typeof v === 'string' ? v : '';
      }
      return renderContact(req, reply, { values: raw, errors: parsed.errors });
    }
    const n = await staffUpdateContact(db, {
      tenantId: s.tenant.id,
      staffUserId: s.actor.userId,
      householdId: household.id,
      contactId: contact.id,
      values: parsed.values,
      now: clock.now(),
      today: dayIn(clock.now(), req.tenant?.timeZone ?? 'Europe/Paris'),
      ip: req.ip,
    });
    setFlash(reply, 'success', n === 0 ? 'Aucune modification.' : 'Contact modifié.');
    return reply.redirect(`${req.base}/gestion/familles/${household.id}`, 303);
  });
  app.post<ContactParams>('/gestion/familles/:id/contacts/:cid/supprimer', async (req, reply) => {
    const { s, household, contact } = await loadContact(req);
    await staffRemoveContact(db, {
      tenantId: s.tenant.id,
      staffUserId: s.actor.userId,
      householdId: household.id,
      contactId: contact.id,
      now: clock.now(),
      ip: req.ip,
    });
    setFlash(reply, 'success', `Contact « ${contact.name} » retiré du foyer.`);
    return reply.redirect(`${req.base}/gestion/familles/${household.id}`, 303);
  });

  // ---- Allocation criteria kept on the household (« famille résidente »), audited
  type HouseholdParams = { Params: { id: string } };
  async function loadHousehold(req: FastifyRequest<HouseholdParams>) {
    const s = staffOf(req, CREATE_ROLES);
    const household = isUuid(req.params.id) ? await findHousehold(db, s.tenant.id, req.params.id) : null;
    if (!household) throw new AppError('NOT_FOUND');
    return { s, household };
  }
  app.get<HouseholdParams>('/gestion/familles/:id/criteres', async (req, reply) => {
    const { household } = await loadHousehold(req);
    return reply.html(
      <StaffCriteriaPage
        ctx={pageContext(req, reply)}
        household={household}
        value={household.resident ? 'oui' : 'non'}
        errors={{}}
      />,
    );
  });
  app.post<HouseholdParams>('/gestion/familles/:id/criteres', async (req, reply) => {
    const { s, household } = await loadHousehold(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const v = body.resident;
    if (v !== 'oui' && v !== 'non')
      return reply
        .code(400)
        .html(
          <StaffCriteriaPage
            ctx={pageContext(req, reply)}
            household={household}
            value=""
            errors={{ resident: 'Indiquez si la famille est résidente (oui ou non).' }}
          />,
        );
    const changed = await staffSetResident(db, {
      tenantId: s.tenant.id,
      staffUserId: s.actor.userId,
      householdId: household.id,
      resident: v === 'oui',
      now: clock.now(),
      ip: req.ip,
    });
    setFlash(
      reply,
      'success',
      changed ? 'Critère « famille résidente » enregistré.' : 'Aucune modification.',
    );
    return reply.redirect(`${req.base}/gestion/familles/${household.id}`, 303);
  });
}
