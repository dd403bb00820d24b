import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../platform/http/errors';
import { pageContext } from '../../platform/http/page';
import { requireTenant } from '../../platform/http/policies';
import { setFlash } from '../../platform/http/request-context';
import { checkNewPassword as passwordProblem } from '../accounts/accounts.service';
import { findAccountToken } from '../accounts/tokens';
import { dayInZone } from '../bookings/domain/days';
import { ROLE_VALUES } from './domain/roles';
import { asList, fieldErrors, formBody, publicOrigin } from './forms';
import { homeAlerts, maySeeOccupancy, maySeeRegister, todayOccupancy } from './home.service';
import { requireAnyStaff, requireStaffAdmin } from './staff.policy';
import { findStaffMember } from './staff.repository';
import {
  acceptStaffInvitation,
  describeInvitation,
  getStaffOverview,
  inviteStaffMember,
  removeStaffMember,
  updateStaffMember,
} from './staff.service';
import {
  InvitationPage,
  LinkProblemPage,
  type Shortcut,
  StaffHomePage,
  StaffMemberPage,
  StaffMembersPage,
} from './views/staff-views';
import { queueScope, queuesFor } from './work-queues';

const ZRoles = z.object({
  roles: z.array(z.enum(ROLE_VALUES, { message: 'Rôle inconnu.' })).max(5),
  facilityIds: z.array(z.uuid({ message: 'Structure inconnue.' })).max(100),
});

const ZInvite = ZRoles.extend({
  email: z
    .string()
    .trim()
    .max(254, 'Adresse trop longue (254 caractères au plus).')
    .pipe(z.email({ message: 'Adresse e-mail invalide (exemple : nom@domaine.fr).' })),
});

const ZNewLogin = z
  .object({
    displayName: z
      .string()
      .trim()
      .min(2, 'Indiquez votre prénom et votre nom.')
      .max(120, '120 caractères au plus.'),
    password: z.string().max(1000, 'Le mot de passe ne peut pas dépasser 128 caractères.'),
    passwordConfirm: z.string().max(1000),
  })
  .superRefine((v, ctx) => {
    const problem = passwordProblem(v.password);
    if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
    else if (v.password !== v.passwordConfirm)
      ctx.addIssue({
        code: 'custom',
        path: ['passwordConfirm'],
        message: 'Les deux mots de passe ne sont pas identiques.',
      });
  });

const ZExistingLogin = z.object({ password: z.string().min(1, 'Saisissez votre mot de passe.').max(1000) });
const ZMembershipParam = z.object({ membershipId: z.uuid() });
const ZTokenParam = z.object({ token: z.string().min(10).max(200) });

const actorRef = (req: FastifyRequest) => ({
  userId: req.actor!.userId,
  displayName: req.actor!.displayName,
  ip: req.ip,
});

function membershipIdOf(req: FastifyRequest): string {
  const p = ZMembershipParam.safeParse(req.params);
  if (!p.success) throw new AppError('NOT_FOUND');
  return p.data.membershipId;
}

/** The back-office home, staff members and invitations of a tenant. */
export async function staffRoutes(app: FastifyInstance) {
  const db = app.deps.database.db;
  const now = () => app.deps.clock.now();
  const tenantUrl = (req: FastifyRequest) =>
    `${publicOrigin(app.deps.config.PUBLIC_URL, req.protocol, req.host)}${req.base}`;

  app.get('/gestion', async (req, reply) => {
    const staff = requireAnyStaff(req);
    const ctx = pageContext(req, reply);
    const scope = queueScope(staff);
    const queues = await Promise.all(
      queuesFor(staff.roles).map(async (q) => ({
        label: q.label,
        href: `${ctx.base}${q.href}`,
        count: await q.count(db, staff.tenant.id, scope),
      })),
    );
    const today = dayInZone(now(), staff.tenant.timeZone);
    const [facilitiesToday, alerts] = await Promise.all([
      maySeeOccupancy(staff) ? todayOccupancy(db, staff, today) : null,
      homeAlerts(db, staff, today),
    ]);
    const shortcuts: Shortcut[] = [];
    if (staff.roles.includes('admin'))
      shortcuts.push({
        label: 'Agents et rôles',
        href: `${ctx.base}/gestion/agents`,
        text: 'Inviter un agent, modifier ses rôles et ses structures.',
      });
    if (staff.roles.includes('admin'))
      shortcuts.push(
        {
          label: 'Paramètres de la structure',
          href: `${ctx.base}/gestion/parametres`,
          text: 'Identité, logo, couleur, calendrier, facturation, paiement en ligne, accessibilité.',
        },
        {
          label: 'Journal des actions',
          href: `${ctx.base}/gestion/journal`,
          text: 'Qui a fait quoi et quand ; export CSV.',
        },
      );
    if (staff.roles.some((r) => r === 'admin' || r === 'manager'))
      shortcuts.push({
        label: 'Comptes famille en attente',
        href: `${ctx.base}/gestion/comptes-en-attente`,
        text: 'Valider ou refuser les foyers inscrits en ligne.',
      });
    shortcuts.push({
      label: 'Portail famille',
      href: `${ctx.base}/`,
      text: 'Voir le portail tel que les familles le voient.',
    });
    return reply.html(
      <StaffHomePage
        ctx={ctx}
        name={staff.actor.displayName}
        queues={queues}
        shortcuts={shortcuts}
        alerts={alerts}
        occupancy={
          facilitiesToday ? { facilities: facilitiesToday, showRegister: maySeeRegister(staff) } : null
        }
      />,
    );
  });

  app.get('/gestion/agents', async (req, reply) => {
    const staff = requireStaffAdmin(req);
    const overview = await getStaffOverview(db, staff.tenant.id, now());
    return reply.html(
      <StaffMembersPage
        ctx={pageContext(req, reply)}
        {...overview}
        form={{ email: '', roles: [], facilityIds: [] }}
        errors={{}}
        meId={staff.actor.userId}
      />,
    );
  });

  app.post('/gestion/agents', async (req, reply) => {
    const staff = requireStaffAdmin(req);
    const body = formBody(req.body);
    const raw = {
      email: String(body.email ?? ''),
      roles: asList(body.roles).map(String),
      facilityIds: asList(body.facilityIds).map(String),
    };
    const parsed = ZInvite.safeParse(raw);
    let errors: Record<string, string> = parsed.success ? {} : fieldErrors(parsed.error);
    if (parsed.success) {
      const out = await inviteStaffMember(db, {
        tenant: staff.tenant,
        actor: actorRef(req),
        email: parsed.data.email.toLowerCase(),
        roles: parsed.data.roles,
        facilityIds: parsed.data.facilityIds,
        now: now(),
        tenantUrl: tenantUrl(req),
      });
      if (out.ok) {
        setFlash(reply, 'success', `Invitation envoyée à ${parsed.data.email}.`);
        return reply.redirect(`${req.base}/gestion/agents`, 303);
      }
      errors = out.errors;
    }
    const overview = await getStaffOverview(db, staff.tenant.id, now());
    return reply
      .code(400)
      .html(
        <StaffMembersPage
          ctx={pageContext(req, reply)}
          {...overview}
          form={{ ...raw, email: raw.email.slice(0, 254) }}
          errors={errors}
          meId={staff.actor.userId}
        />,
      );
  });

  const renderMember = async (
    req: FastifyRequest,
    reply: FastifyReply,
    membershipId: string,
    form: { roles: string[]; facilityIds: string[] } | null,
    errors: Record<string, string>,
  ) => {
    const staff = requireStaffAdmin(req);
    const member = await findStaffMember(db, staff.tenant.id, membershipId);
    if (!member) throw new AppError('NOT_FOUND');
    const { facilities } = await getStaffOverview(db, staff.tenant.id, now());
    return reply
      .code(Object.keys(errors).length > 0 ? 400 : 200)
      .html(
        <StaffMemberPage
          ctx={pageContext(req, reply)}
          member={member}
          facilities={facilities}
          form={form ?? { roles: member.roles, facilityIds: member.facilityIds }}
          errors={errors}
          isMe={member.userId === staff.actor.userId}
        />,
      );
  };

  app.get('/gestion/agents/:membershipId', async (req, reply) => {
    requireStaffAdmin(req);
    return renderMember(req, reply, membershipIdOf(req), null, {});
  });

  app.post('/gestion/agents/:membershipId', async (req, reply) => {
    const staff = requireStaffAdmin(req);
    const membershipId = membershipIdOf(req);
    const body = formBody(req.body);
    const raw = { roles: asList(body.roles).map(String), facilityIds: asList(body.facilityIds).map(String) };
    const parsed = ZRoles.safeParse(raw);
    if (!parsed.success) return renderMember(req, reply, membershipId, raw, fieldErrors(parsed.error));
    const out = await updateStaffMember(db, {
      tenantId: staff.tenant.id,
      actor: actorRef(req),
      membershipId,
      roles: parsed.data.roles,
      facilityIds: parsed.data.facilityIds,
      now: now(),
    });
    if (!out.ok) return renderMember(req, reply, membershipId, raw, out.errors);
    setFlash(reply, 'success', 'Rôles enregistrés.');
    return reply.redirect(`${req.base}/gestion/agents`, 303);
  });

  app.post('/gestion/agents/:membershipId/retirer', async (req, reply) => {
    const staff = requireStaffAdmin(req);
    const membershipId = membershipIdOf(req);
    const out = await removeStaffMember(db, {
      tenantId: staff.tenant.id,
      actor: actorRef(req),
      membershipId,
      now: now(),
    });
    if (!out.ok) {
      const member = await findStaffMember(db, staff.tenant.id, membershipId);
      return renderMember(
        req,
        reply,
        membershipId,
        member ? { roles: member.roles, facilityIds: member.facilityIds } : null,
        out.errors,
      );
    }
    setFlash(reply, 'success', 'Agent retiré.');
    return reply.redirect(`${req.base}/gestion/agents`, 303);
  });

  // Invitation links: GET shows the form (never changes anything), POST accepts.
  const loadInvitation = async (req: FastifyRequest) => {
    const tenant = requireTenant(req);
    const p = ZTokenParam.safeParse(req.params);
    if (!p.success) throw new AppError('NOT_FOUND');
    const found = await findAccountToken(db, p.data.token, 'staff_invitation', tenant.id, now());
    return { tenant, raw: p.data.token, found };
  };

  app.get('/invitation/:token', async (req, reply) => {
    const { found } = await loadInvitation(req);
    const ctx = pageContext(req, reply);
    if (found.state === 'expired')
      return reply
        .code(410)
        .html(
          <LinkProblemPage
            ctx={ctx}
            title="Invitation expirée"
            text="Ce lien d'invitation a expiré (validité 7 jours). Demandez à l'administrateur de vous inviter à nouveau."
          />,
        );
    if (found.state !== 'valid') throw new AppError('NOT_FOUND');
    const view = await describeInvitation(db, found.token.email, found.token.data);
    return reply.html(
      <InvitationPage
        ctx={ctx}
        action={`${req.base}/invitation/${encodeURIComponent((req.params as { token: string }).token)}`}
        {...view}
        form={{ displayName: '' }}
        errors={{}}
      />,
    );
  });

  app.post('/invitation/:token', async (req, reply) => {
    const { tenant, raw, found } = await loadInvitation(req);
    if (found.state === 'expired')
      return reply
        .code(410)
        .html(
          <LinkProblemPage
            ctx={pageContext(req, reply)}
            title="Invitation expirée"
            text="Ce lien d'invitation a expiré (validité 7 jours). Demandez à l'administrateur de vous inviter à nouveau."
          />,
        );
    if (found.state !== 'valid') throw new AppError('NOT_FOUND');
    const view = await describeInvitation(db, found.token.email, found.token.data);
    const body = formBody(req.body);
    const form = { displayName: String(body.displayName ?? '').slice(0, 120) };
    let errors: Record<string, string>;
    if (view.existingLogin) {
      const parsed = ZExistingLogin.safeParse({ password: body.password ?? '' });
      errors = parsed.success ? {} : fieldErrors(parsed.error);
      if (parsed.success) {
        const out = await acceptStaffInvitation(db, {
          tenantId: tenant.id,
          rawToken: raw,
          email: found.token.email,
          now: now(),
          ip: req.ip,
          answer: { kind: 'existing', password: parsed.data.password },
        });
        if (out.ok) return accepted(req, reply);
        errors = out.errors;
      }
    } else {
      const parsed = ZNewLogin.safeParse({
        displayName: body.displayName ?? '',
        password: body.password ?? '',
        passwordConfirm: body.passwordConfirm ?? '',
      });
      errors = parsed.success ? {} : fieldErrors(parsed.error);
      if (parsed.success) {
        const out = await acceptStaffInvitation(db, {
          tenantId: tenant.id,
          rawToken: raw,
          email: found.token.email,
          now: now(),
          ip: req.ip,
          answer: { kind: 'new', displayName: parsed.data.displayName, password: parsed.data.password },
        });
        if (out.ok) return accepted(req, reply);
        errors = out.errors;
      }
    }
    return reply
      .code(400)
      .html(
        <InvitationPage
          ctx={pageContext(req, reply)}
          action={`${req.base}/invitation/${encodeURIComponent(raw)}`}
          {...view}
          form={form}
          errors={errors}
        />,
      );
  });

  function accepted(req: FastifyRequest, reply: FastifyReply) {
    setFlash(reply, 'success', 'Invitation acceptée. Connectez-vous pour accéder à l’espace de gestion.');
    return reply.redirect(`${req.base}/connexion?retour=${encodeURIComponent(`${req.base}/gestion`)}`, 303);
  }
}
