import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../platform/http/errors';
import { pageContext } from '../../platform/http/page';
import { requireOperator } from '../../platform/http/policies';
import { sessionCookieName, setFlash } from '../../platform/http/request-context';
import { endSession, startSession } from '../../platform/http/session';
import { RESERVED_SLUGS } from '../../platform/http/tenant-directory';
import { hashPassword, verifyPassword } from '../accounts/passwords';
import { writeAudit } from '../staff/audit';
import { fieldErrors, formBody, publicOrigin } from '../staff/forms';
import { findUserByEmail } from '../staff/staff.repository';
import { isValidSiret, normalizeSiret } from './domain/siret';
import { slugProblem } from './domain/slug';
import { createTenant, inviteTenantAdmin, setTenantStatus, usageByTenant } from './operator.service';
import {
  EMPTY_TENANT_FORM,
  OperatorHomePage,
  OperatorSignInPage,
  type TenantForm,
} from './views/operator-views';

const ZEmail = z
  .string()
  .trim()
  .max(254, 'Adresse trop longue (254 caractères au plus).')
  .pipe(z.email({ message: 'Adresse e-mail invalide (exemple : nom@domaine.fr).' }));

const ZTenant = z.object({
  slug: z
    .string()
    .trim()
    .max(41, '41 caractères au plus.')
    .superRefine((v, ctx) => {
      const problem = slugProblem(v, RESERVED_SLUGS);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  name: z.string().trim().min(2, 'Indiquez le nom affiché.').max(120, '120 caractères au plus.'),
  legalName: z.string().trim().min(2, 'Indiquez la raison sociale.').max(200, '200 caractères au plus.'),
  siret: z
    .string()
    .max(20, 'Le SIRET compte 14 chiffres.')
    .refine((v) => isValidSiret(v), 'SIRET invalide : 14 chiffres avec une clé de contrôle correcte.')
    .transform((v) => normalizeSiret(v)!),
  contactEmail: ZEmail,
  schoolZone: z.enum(['A', 'B', 'C'], { message: 'Choisissez la zone A, B ou C.' }),
  holidayRegion: z.enum(['metropole', 'alsace-moselle', 'monaco'], { message: 'Région inconnue.' }),
});

const ZSignIn = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(1000),
});

const ZTenantParam = z.object({ id: z.uuid() });

/** One argon2 hash to compare against when the address is unknown: both answers take the same time. */
let dummyHash: Promise<string> | null = null;

/** The platform operator's area: tenants, their usage, suspension, first administrator. */
export async function operatorRoutes(app: FastifyInstance) {
  const db = app.deps.database.db;
  const now = () => app.deps.clock.now();
  const secure = Boolean(app.deps.config.PUBLIC_URL?.startsWith('https://'));
  const cookieName = sessionCookieName(secure);
  const actorRef = (req: FastifyRequest) => ({
    userId: req.actor!.userId,
    displayName: req.actor!.displayName,
    ip: req.ip,
  });

  const renderHome = async (
    req: FastifyRequest,
    reply: FastifyReply,
    status: number,
    form: TenantForm,
    errors: Record<string, string>,
    inviteErrors?: { tenantId: string; email: string; errors: Record<string, string> },
  ) => {
    const usage = await usageByTenant(db, now());
    return reply
      .code(status)
      .html(
        <OperatorHomePage
          ctx={pageContext(req, reply)}
          tenants={app.tenants.list()}
          usage={usage}
          form={form}
          errors={errors}
          inviteErrors={inviteErrors}
        />,
      );
  };

  /** The operator signs in here too; anonymous visitors of the area are sent to this page. */
  const operatorOrRedirect = (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.actor) {
      reply.redirect('/operateur/connexion', 303);
      return false;
    }
    requireOperator(req);
    return true;
  };

  app.get('/', async (req, reply) => {
    if (!operatorOrRedirect(req, reply)) return reply;
    return renderHome(req, reply, 200, EMPTY_TENANT_FORM, {});
  });

  app.get('/connexion', async (req, reply) =>
    reply.html(<OperatorSignInPage ctx={pageContext(req, reply)} email="" errors={{}} />),
  );

  // Kept small on purpose: the tenant sign-in (accounts feature) owns throttling and lockout.
  app.post(
    '/connexion',
    { config: { rateLimit: { max: 20, timeWindow: '10 minutes' } } },
    async (req, reply) => {
      const body = formBody(req.body);
      const parsed = ZSignIn.safeParse({ email: body.email ?? '', password: body.password ?? '' });
      const email = String(body.email ?? '').slice(0, 254);
      const refuse = () =>
        reply
          .code(400)
          .html(
            <OperatorSignInPage
              ctx={pageContext(req, reply)}
              email={email}
              errors={{ email: 'Adresse e-mail ou mot de passe incorrect.' }}
            />,
          );
      if (!parsed.success) return refuse();
      const user = await findUserByEmail(db, parsed.data.email);
      dummyHash ??= hashPassword('maisonnee-dummy-password');
      const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash), parsed.data.password);
      if (!user || !ok || !user.isOperator) {
        // Recorded without the typed address when it matches no operator (it may be a mistyped password).
        await writeAudit(db, {
          tenantId: null,
          actorUserId: user?.isOperator ? user.id : null,
          action: 'operator.sign_in_failed',
          subjectType: 'user',
          subjectId: user?.isOperator ? user.id : '',
          ip: req.ip,
          at: now(),
        });
        return refuse();
      }
      await writeAudit(db, {
        tenantId: null,
        actorUserId: user.id,
        action: 'operator.sign_in',
        subjectType: 'user',
        subjectId: user.id,
        ip: req.ip,
        at: now(),
      });
      const previous = req.cookies[cookieName];
      if (previous) await endSession(db, previous);
      const token = await startSession(db, {
        userId: user.id,
        tenantId: null,
        ip: req.ip,
        userAgent: String(req.headers['user-agent'] ?? ''),
        now: now(),
        policy: {
          idleMinutes: app.deps.config.SESSION_IDLE_MINUTES,
          absoluteHours: app.deps.config.SESSION_ABSOLUTE_HOURS,
        },
      });
      reply.setCookie(cookieName, token, { path: '/', httpOnly: true, sameSite: 'lax', secure });
      return reply.redirect('/operateur', 303);
    },
  );

  app.post('/deconnexion', async (req, reply) => {
    const token = req.cookies[cookieName];
    if (token) await endSession(db, token);
    reply.clearCookie(cookieName, { path: '/' });
    return reply.redirect('/operateur/connexion', 303);
  });

  app.post('/structures', async (req, reply) => {
    requireOperator(req);
    const body = formBody(req.body);
    const form: TenantForm = {
      slug: String(body.slug ?? '').slice(0, 41),
      name: String(body.name ?? '').slice(0, 120),
      legalName: String(body.legalName ?? '').slice(0, 200),
      siret: String(body.siret ?? '').slice(0, 20),
      contactEmail: String(body.contactEmail ?? '').slice(0, 254),
      schoolZone: String(body.schoolZone ?? ''),
      holidayRegion: String(body.holidayRegion ?? ''),
    };
    const parsed = ZTenant.safeParse({
      slug: body.slug ?? '',
      name: body.name ?? '',
      legalName: body.legalName ?? '',
      siret: body.siret ?? '',
      contactEmail: body.contactEmail ?? '',
      schoolZone: body.schoolZone ?? '',
      holidayRegion: body.holidayRegion ?? '',
    });
    if (!parsed.success) return renderHome(req, reply, 400, form, fieldErrors(parsed.error));
    const out = await createTenant(db, { ...parsed.data, actor: actorRef(req), now: now() });
    if (!out.ok) return renderHome(req, reply, 400, form, out.errors);
    await app.tenants.refresh();
    setFlash(reply, 'success', `Structure « ${parsed.data.name} » créée. Invitez son administrateur.`);
    return reply.redirect('/operateur', 303);
  });

  const tenantOf = (req: FastifyRequest) => {
    const p = ZTenantParam.safeParse(req.params);
    const t = p.success ? app.tenants.list().find((x) => x.id === p.data.id) : undefined;
    if (!t) throw new AppError('NOT_FOUND');
    return t;
  };

  app.post('/structures/:id/statut', async (req, reply) => {
    requireOperator(req);
    const tenant = tenantOf(req);
    const status = formBody(req.body).status;
    if (status !== 'active' && status !== 'suspended') throw new AppError('BAD_REQUEST', 'État inconnu.');
    await setTenantStatus(db, { tenantId: tenant.id, status, actor: actorRef(req), now: now() });
    await app.tenants.refresh();
    setFlash(
      reply,
      'success',
      status === 'suspended'
        ? `Structure « ${tenant.name} » suspendue.`
        : `Structure « ${tenant.name} » réactivée.`,
    );
    return reply.redirect('/operateur', 303);
  });

  app.post('/structures/:id/administrateur', async (req, reply) => {
    requireOperator(req);
    const tenant = tenantOf(req);
    const raw = String(formBody(req.body).email ?? '');
    const parsed = ZEmail.safeParse(raw);
    const fail = (errors: Record<string, string>) =>
      renderHome(
        req,
        reply,
        400,
        EMPTY_TENANT_FORM,
        {},
        { tenantId: tenant.id, email: raw.slice(0, 254), errors },
      );
    if (!parsed.success) return fail({ email: parsed.error.issues[0]!.message });
    const origin = publicOrigin(app.deps.config.PUBLIC_URL, req.protocol, req.host);
    const out = await inviteTenantAdmin(db, {
      tenant,
      email: parsed.data.toLowerCase(),
      actor: actorRef(req),
      now: now(),
      tenantUrl: `${origin}/${tenant.slug}`,
    });
    if (!out.ok) return fail(out.errors);
    setFlash(reply, 'success', `Invitation d'administrateur envoyée à ${parsed.data}.`);
    return reply.redirect('/operateur', 303);
  });
}
