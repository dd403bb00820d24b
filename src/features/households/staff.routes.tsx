import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/http/errors';
import { pageContext } from '../../platform/http/page';
import { setFlash } from '../../platform/http/request-context';
import { staffOf } from './access';
import { isUuid } from './households.repository';
import { createHouseholdFromPaper, resendGuardianActivation } from './staff.service';
import { parseNewHousehold } from './staff-forms';
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
}
