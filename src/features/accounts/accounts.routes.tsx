import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { AppError } from '../../platform/http/errors';
import { fieldErrors } from '../../platform/http/forms';
import { pageContext } from '../../platform/http/page';
import { requireSignedIn, requireTenant } from '../../platform/http/policies';
import { sessionCookieName, setFlash } from '../../platform/http/request-context';
import { endSession } from '../../platform/http/session';
import type { StaffRole } from './accounts.schema';
import {
  acceptTotpCode,
  assertIpNotThrottled,
  type Client,
  changePassword,
  checkCredentials,
  checkNewPassword,
  confirmEmailChange,
  confirmTotp,
  disableTotp,
  findAccountToken,
  GENERIC_SIGN_IN_ERROR,
  getUser,
  inviteSecondGuardian,
  listSessions,
  loadSignInTarget,
  loginHistory,
  mustEnableTotp,
  openSession,
  recordCredentialFailure,
  recordLoginEvent,
  requestEmailChange,
  requestPasswordReset,
  resendActivation,
  revokeSessions,
  setPasswordWithToken,
  startTotpSetup,
  totpUri,
} from './accounts.service';
import { safeReturnPath } from './domain/network';
import { PASSWORD_MAX } from './domain/password-policy';
import { accountLocked, homeAfterSignIn } from './domain/throttle';
import { admitSignIn } from './passwords';
import { AccountPage, TotpSetupPage } from './views/account-page';
import {
  EmailChangeConfirmPage,
  ForgotPasswordPage,
  LinkStatePage,
  NewPasswordPage,
  SignInPage,
  TotpCodePage,
} from './views/auth-pages';

// ---------------------------------------------------------------------------------------------------------
// Form schemas

const email = z
  .string()
  .trim()
  .min(1, 'Indiquez votre adresse e-mail.')
  .max(254, 'Adresse e-mail trop longue.');
const emailFormat = email.pipe(z.email('Adresse e-mail invalide (exemple : nom@exemple.fr).'));

const ZSignIn = z.object({
  email,
  password: z.string().min(1, 'Indiquez votre mot de passe.').max(PASSWORD_MAX, GENERIC_SIGN_IN_ERROR),
  retour: z.string().max(500).optional(),
});
const ZCode = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'Le code comporte exactement 6 chiffres.'),
});
const newPassword = z
  .string()
  .max(PASSWORD_MAX, `Le mot de passe ne peut pas dépasser ${PASSWORD_MAX} caractères.`);
const ZNewPassword = z.object({
  password: newPassword,
  confirmation: z.string().max(PASSWORD_MAX, 'Trop long.'),
});
const ZResend = z.object({ intent: z.literal('renvoyer') });
const ZForgot = z.object({ email: emailFormat });
const ZChangePassword = z.object({
  current: z
    .string()
    .min(1, 'Indiquez votre mot de passe actuel.')
    .max(PASSWORD_MAX, 'Mot de passe actuel incorrect.'),
  password: newPassword,
  confirmation: z.string().max(PASSWORD_MAX, 'Trop long.'),
});
const ZChangeEmail = z.object({
  newEmail: emailFormat,
  emailPassword: z
    .string()
    .min(1, 'Indiquez votre mot de passe actuel.')
    .max(PASSWORD_MAX, 'Mot de passe incorrect.'),
});
const ZInvite = z.object({
  firstName: z
    .string()
    .trim()
    .min(1, 'Indiquez le prénom.')
    .max(100, 'Prénom trop long (100 caractères au plus).'),
  lastName: z.string().trim().min(1, 'Indiquez le nom.').max(100, 'Nom trop long (100 caractères au plus).'),
  guardianEmail: emailFormat,
});
const ZRevoke = z.object({ session: z.string().min(1).max(40) });
const ZTotpDisable = z.object({
  totpPassword: z
    .string()
    .min(1, 'Indiquez votre mot de passe actuel.')
    .max(PASSWORD_MAX, 'Mot de passe incorrect.'),
});
const ZPeriod = z
  .object({ periode: z.enum(['semaine', 'mois']).catch('semaine') })
  .catch({ periode: 'semaine' });
const ZTokenParam = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/) });

function tokenParam(req: FastifyRequest): string {
  const parsed = ZTokenParam.safeParse(req.params);
  if (!parsed.success) throw new AppError('NOT_FOUND');
  return parsed.data.token;
}

const clientOf = (req: FastifyRequest): Client => ({
  ip: req.ip,
  userAgent: String(req.headers['user-agent'] ?? '').slice(0, 300),
});

/** A signed-in person with a membership in this tenant; others get 404 (their account lives elsewhere). */
function requireMember(req: FastifyRequest) {
  const tenant = requireTenant(req);
  const actor = requireSignedIn(req);
  const membership = actor.membership;
  if (!membership || !req.session) throw new AppError('NOT_FOUND');
  return { tenant, actor, membership, session: req.session };
}

// ---------------------------------------------------------------------------------------------------------
// The pending sign-in between password and TOTP code: a signed cookie, 5 minutes, never a session.

const PENDING_COOKIE = 'mfa';
const PENDING_MS = 5 * 60_000;

interface Pending {
  u: string;
  t: string;
  r: string | null;
  exp: number;
}

/** The static page of a sign-in refused under a storm (the base is a tenant slug path: no markup in it). */
export function busyPage(base: string): string {
  const href = `${base.replace(/[^a-z0-9/-]/g, '')}/connexion`;
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Service momentanément indisponible · Maisonnée</title></head><body><main><h1>Service momentanément indisponible</h1><p>Le portail reçoit beaucoup de connexions en ce moment. Réessayez dans quelques secondes.</p><p><a href="${href}">Revenir à la connexion</a></p></main></body></html>`;
}

/** Routes allowed to an administrator who must still enable TOTP. */
const TOTP_SETUP_ROUTES = new Set(['/:tenant/mon-compte/double-authentification', '/:tenant/deconnexion']);

/**
 * Administrators of a tenant that requires TOTP and who have not enabled it are sent to set it up before
 * anything else (a root hook: it covers every tenant page of every feature).
 */
export const adminTotpGuard = fp(async (app: FastifyInstance) => {
  app.addHook('preHandler', async (req, reply) => {
    const tenant = req.tenant;
    const m = req.actor?.membership;
    if (!tenant?.requireAdminTotp || !m?.roles.includes('admin')) return;
    if (TOTP_SETUP_ROUTES.has(req.routeOptions.url ?? '')) return;
    if (
      !(await mustEnableTotp(app.deps.database.db, {
        requireAdminTotp: true,
        roles: m.roles,
        userId: req.actor!.userId,
      }))
    )
      return;
    if (req.method === 'GET') return reply.redirect(`${req.base}/mon-compte/double-authentification`, 303);
    throw new AppError('FORBIDDEN', 'Activez d’abord la double authentification.');
  });
});

/** Sign-in, sign-out, activation, forgotten password, e-mail change and "Mon compte". */
export async function accountsRoutes(app: FastifyInstance) {
  const { config, clock } = app.deps;
  const db = app.deps.database.db;
  const secure = Boolean(config.PUBLIC_URL?.startsWith('https://'));
  const cookieName = sessionCookieName(secure);
  const policy = { idleMinutes: config.SESSION_IDLE_MINUTES, absoluteHours: config.SESSION_ABSOLUTE_HOURS };
  const publicUrl = config.PUBLIC_URL;
  const emailRate = { rateLimit: { max: 50, timeWindow: '10 minutes' } };

  /** Ends the old session, opens a new one (new id), sets the cookie and redirects to the right place. */
  async function finishSignIn(
    req: FastifyRequest,
    reply: FastifyReply,
    userId: string,
    retour: string | null,
    known?: {
      user: { isOperator: boolean };
      membership: { householdId: string | null; roles: string[] } | null;
    },
  ): Promise<FastifyReply> {
    const tenant = requireTenant(req);
    const target = known ?? (await loadSignInTarget(db, tenant.id, userId));
    if (!target) throw new AppError('NOT_FOUND');
    const old = req.cookies[cookieName];
    if (old) await endSession(db, old);
    const token = await openSession(db, {
      tenantId: tenant.id,
      userId,
      isOperator: target.user.isOperator,
      hasMembership: target.membership !== null,
      now: clock.now(),
      client: clientOf(req),
      policy,
    });
    reply.setCookie(cookieName, token, { path: '/', httpOnly: true, sameSite: 'lax', secure });
    const roles = (target.membership?.roles ?? []) as StaffRole[];
    if (await mustEnableTotp(db, { requireAdminTotp: tenant.requireAdminTotp, roles, userId }))
      return reply.redirect(`${req.base}/mon-compte/double-authentification`, 303);
    const home = homeAfterSignIn(req.base, {
      isOperator: target.user.isOperator,
      roles,
      householdId: target.membership?.householdId ?? null,
    });
    return reply.redirect(retour ?? home, 303);
  }

  /**
   * Runs a sign-in through the gate. A refused one gets a small static French 503 page with Retry-After:
   * under a storm thousands of them go out, and rendering the full layout for each would eat the CPU that
   * the accepted sign-ins need.
   */
  async function shedding(req: FastifyRequest, reply: FastifyReply, task: () => Promise<unknown>) {
    try {
      return await admitSignIn(task);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'UNAVAILABLE') throw err;
      return reply
        .code(503)
        .header('retry-after', '5')
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(busyPage(req.base));
    }
  }

  // ------------------------------------------------------------------------------------------- sign-in
  app.get('/connexion', async (req, reply) => {
    const ctx = pageContext(req, reply);
    const retour = safeReturnPath((req.query as { retour?: string }).retour);
    return reply.html(<SignInPage ctx={ctx} retour={retour} />);
  });

  // The whole sign-in goes through the gate (503 at once when its queue is full).
  app.post('/connexion', async (req, reply) => shedding(req, reply, () => signIn(req, reply)));

  async function signIn(req: FastifyRequest, reply: FastifyReply) {
    const tenant = requireTenant(req);
    const parsed = ZSignIn.safeParse(req.body);
    const raw = (req.body ?? {}) as Record<string, unknown>;
    const retour = safeReturnPath(typeof raw.retour === 'string' ? raw.retour : null);
    const shownEmail = typeof raw.email === 'string' ? raw.email.slice(0, 254) : '';
    if (!parsed.success) {
      const ctx = pageContext(req, reply);
      return reply
        .code(400)
        .html(<SignInPage ctx={ctx} email={shownEmail} retour={retour} errors={fieldErrors(parsed.error)} />);
    }
    const result = await checkCredentials(db, {
      tenantId: tenant.id,
      email: parsed.data.email,
      password: parsed.data.password,
      now: clock.now(),
      client: clientOf(req),
    });
    if (result.kind === 'failed') {
      const ctx = pageContext(req, reply);
      return reply
        .code(400)
        .html(
          <SignInPage
            ctx={ctx}
            email={shownEmail}
            retour={retour}
            errors={{ password: GENERIC_SIGN_IN_ERROR }}
          />,
        );
    }
    if (result.kind === 'totp') {
      const pending: Pending = {
        u: result.userId,
        t: tenant.id,
        r: retour,
        exp: clock.now().getTime() + PENDING_MS,
      };
      reply.setCookie(PENDING_COOKIE, JSON.stringify(pending), {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure,
        signed: true,
        maxAge: PENDING_MS / 1000,
      });
      return reply.redirect(`${req.base}/connexion/code`, 303);
    }
    return finishSignIn(req, reply, result.user.id, retour, result);
  }

  function readPending(req: FastifyRequest): Pending | null {
    const raw = req.cookies[PENDING_COOKIE];
    if (!raw) return null;
    const unsigned = req.unsignCookie(raw);
    if (!unsigned.valid || !unsigned.value) return null;
    try {
      const p = JSON.parse(unsigned.value) as Pending;
      if (typeof p.u !== 'string' || p.t !== req.tenant?.id || !(p.exp > clock.now().getTime())) return null;
      return { u: p.u, t: p.t, r: safeReturnPath(p.r), exp: p.exp };
    } catch {
      return null;
    }
  }

  app.get('/connexion/code', async (req, reply) => {
    requireTenant(req);
    if (!readPending(req)) return reply.redirect(`${req.base}/connexion`, 303);
    const ctx = pageContext(req, reply);
    return reply.html(<TotpCodePage ctx={ctx} />);
  });

  app.post('/connexion/code', async (req, reply) => shedding(req, reply, () => submitCode(req, reply)));

  async function submitCode(req: FastifyRequest, reply: FastifyReply) {
    const tenant = requireTenant(req);
    const pending = readPending(req);
    if (!pending) return reply.redirect(`${req.base}/connexion`, 303);
    const now = clock.now();
    await assertIpNotThrottled(db, req.ip, now);
    const parsed = ZCode.safeParse(req.body);
    if (!parsed.success) {
      const ctx = pageContext(req, reply);
      return reply.code(400).html(<TotpCodePage ctx={ctx} errors={fieldErrors(parsed.error)} />);
    }
    const user = await getUser(db, pending.u);
    const ok =
      user?.totpSecret && !accountLocked(user.lockedUntil, now)
        ? await acceptTotpCode(db, user.id, user.totpSecret, parsed.data.code, now)
        : false;
    if (!ok) {
      await recordCredentialFailure(db, {
        tenantId: tenant.id,
        user,
        now,
        client: clientOf(req),
        reason: 'totp',
      });
      const ctx = pageContext(req, reply);
      return reply
        .code(400)
        .html(
          <TotpCodePage
            ctx={ctx}
            errors={{ code: 'Code incorrect ou déjà utilisé. Attendez le code suivant.' }}
          />,
        );
    }
    reply.clearCookie(PENDING_COOKIE, { path: '/' });
    return finishSignIn(req, reply, pending.u, pending.r);
  }

  app.post('/deconnexion', async (req, reply) => {
    const tenant = requireTenant(req);
    const token = req.cookies[cookieName];
    if (token) await endSession(db, token);
    if (req.actor && req.session)
      await recordLoginEvent(db, {
        tenantId: tenant.id,
        userId: req.actor.userId,
        at: clock.now(),
        client: clientOf(req),
        success: true,
        kind: 'sign_out',
      });
    reply.clearCookie(cookieName, { path: '/', httpOnly: true, sameSite: 'lax', secure });
    setFlash(reply, 'success', 'Vous êtes déconnecté(e).');
    return reply.redirect(`${req.base}/`, 303);
  });

  // ---------------------------------------------------------------------------------------- activation
  async function showActivation(req: FastifyRequest, reply: FastifyReply, errors?: Record<string, string>) {
    const tenant = requireTenant(req);
    const token = tokenParam(req);
    const found = await findAccountToken(db, token, 'activation', tenant.id, clock.now());
    const ctx = pageContext(req, reply);
    const action = `${req.base}/activation/${token}`;
    if (found.state === 'unknown') throw new AppError('NOT_FOUND');
    if (found.state === 'used')
      return reply.html(
        <LinkStatePage
          ctx={ctx}
          title="Lien déjà utilisé"
          text="Ce lien d’activation a déjà été utilisé : votre compte est actif. Connectez-vous avec votre adresse e-mail et votre mot de passe."
          signInLink
        />,
      );
    if (found.state === 'expired')
      return reply.html(
        <LinkStatePage
          ctx={ctx}
          title="Lien expiré"
          text="Ce lien d’activation a expiré (il était valable 48 heures). Vous pouvez en recevoir un nouveau à la même adresse."
          resendAction={action}
        />,
      );
    return reply
      .code(errors ? 400 : 200)
      .html(
        <NewPasswordPage
          ctx={ctx}
          title="Activer mon compte"
          action={action}
          email={found.token.email}
          intro={`Choisissez le mot de passe de votre compte (${found.token.email}).`}
          errors={errors}
        />,
      );
  }

  app.get('/activation/:token', async (req, reply) => showActivation(req, reply));

  app.post('/activation/:token', { config: emailRate }, async (req, reply) => {
    const tenant = requireTenant(req);
    const token = tokenParam(req);
    const now = clock.now();
    if (ZResend.safeParse(req.body).success) {
      const found = await findAccountToken(db, token, 'activation', tenant.id, now);
      if (
        found.state === 'expired' &&
        (await resendActivation(db, { tenantId: tenant.id, rawToken: token, now, publicUrl }))
      ) {
        const ctx = pageContext(req, reply);
        return reply.html(
          <LinkStatePage
            ctx={ctx}
            title="Nouveau lien envoyé"
            text="Un nouveau lien d’activation vient d’être envoyé à votre adresse e-mail. Il est valable 48 heures."
          />,
        );
      }
      return showActivation(req, reply);
    }
    return choosePassword(req, reply, 'activation', token);
  });

  async function choosePassword(
    req: FastifyRequest,
    reply: FastifyReply,
    purpose: 'activation' | 'password_reset',
    token: string,
  ) {
    const tenant = requireTenant(req);
    const now = clock.now();
    const show = purpose === 'activation' ? showActivation : showReset;
    const parsed = ZNewPassword.safeParse(req.body);
    if (!parsed.success) return show(req, reply, fieldErrors(parsed.error));
    const found = await findAccountToken(db, token, purpose, tenant.id, now);
    if (found.state !== 'valid') return show(req, reply);
    const problem = checkNewPassword(parsed.data.password, found.token.email);
    if (problem) return show(req, reply, { password: problem });
    if (parsed.data.confirmation !== parsed.data.password)
      return show(req, reply, { confirmation: 'Les deux mots de passe ne sont pas identiques.' });
    const userId = await setPasswordWithToken(db, {
      tenantId: tenant.id,
      rawToken: token,
      purpose,
      password: parsed.data.password,
      now,
      client: clientOf(req),
    });
    if (!userId) return show(req, reply);
    setFlash(
      reply,
      'success',
      purpose === 'activation'
        ? 'Votre compte est activé. Connectez-vous avec votre adresse e-mail et votre nouveau mot de passe.'
        : 'Votre mot de passe a été changé. Connectez-vous avec le nouveau mot de passe.',
    );
    return reply.redirect(`${req.base}/connexion`, 303);
  }

  // ------------------------------------------------------------------------------- forgotten password
  app.get('/mot-de-passe-oublie', async (req, reply) => {
    const ctx = pageContext(req, reply);
    return reply.html(<ForgotPasswordPage ctx={ctx} />);
  });

  app.post('/mot-de-passe-oublie', { config: emailRate }, async (req, reply) => {
    const tenant = requireTenant(req);
    const parsed = ZForgot.safeParse(req.body);
    if (!parsed.success) {
      const ctx = pageContext(req, reply);
      const raw = (req.body ?? {}) as { email?: unknown };
      return reply
        .code(400)
        .html(
          <ForgotPasswordPage
            ctx={ctx}
            email={typeof raw.email === 'string' ? raw.email.slice(0, 254) : ''}
            errors={fieldErrors(parsed.error)}
          />,
        );
    }
    await requestPasswordReset(db, {
      tenantId: tenant.id,
      email: parsed.data.email,
      now: clock.now(),
      publicUrl,
    });
    const ctx = pageContext(req, reply);
    return reply.html(<ForgotPasswordPage ctx={ctx} sent />);
  });

  async function showReset(req: FastifyRequest, reply: FastifyReply, errors?: Record<string, string>) {
    const tenant = requireTenant(req);
    const token = tokenParam(req);
    const found = await findAccountToken(db, token, 'password_reset', tenant.id, clock.now());
    const ctx = pageContext(req, reply);
    if (found.state === 'unknown') throw new AppError('NOT_FOUND');
    if (found.state === 'used')
      return reply.html(
        <LinkStatePage
          ctx={ctx}
          title="Lien déjà utilisé"
          text="Ce lien de réinitialisation a déjà servi. Connectez-vous, ou demandez un nouveau lien."
          signInLink
          forgotLink
        />,
      );
    if (found.state === 'expired')
      return reply.html(
        <LinkStatePage
          ctx={ctx}
          title="Lien expiré"
          text="Ce lien de réinitialisation a expiré (il était valable une heure)."
          forgotLink
        />,
      );
    return reply
      .code(errors ? 400 : 200)
      .html(
        <NewPasswordPage
          ctx={ctx}
          title="Nouveau mot de passe"
          action={`${req.base}/reinitialisation/${token}`}
          email={found.token.email}
          intro="Choisissez un nouveau mot de passe. Toutes vos sessions ouvertes seront fermées."
          errors={errors}
        />,
      );
  }

  app.get('/reinitialisation/:token', async (req, reply) => showReset(req, reply));
  app.post('/reinitialisation/:token', async (req, reply) =>
    choosePassword(req, reply, 'password_reset', tokenParam(req)),
  );

  // ------------------------------------------------------------------------------------ e-mail change
  async function showEmailChange(req: FastifyRequest, reply: FastifyReply) {
    const tenant = requireTenant(req);
    const token = tokenParam(req);
    const found = await findAccountToken(db, token, 'email_change', tenant.id, clock.now());
    const ctx = pageContext(req, reply);
    if (found.state === 'unknown') throw new AppError('NOT_FOUND');
    if (found.state === 'used')
      return reply.html(
        <LinkStatePage
          ctx={ctx}
          title="Lien déjà utilisé"
          text="Ce lien a déjà servi : votre nouvelle adresse de connexion est enregistrée."
          signInLink
        />,
      );
    if (found.state === 'expired')
      return reply.html(
        <LinkStatePage
          ctx={ctx}
          title="Lien expiré"
          text="Ce lien a expiré. Recommencez le changement d’adresse depuis « Mon compte »."
          signInLink
        />,
      );
    return reply.html(
      <EmailChangeConfirmPage
        ctx={ctx}
        action={`${req.base}/changement-email/${token}`}
        newEmail={found.token.email}
      />,
    );
  }

  app.get('/changement-email/:token', async (req, reply) => showEmailChange(req, reply));
  app.post('/changement-email/:token', async (req, reply) => {
    const tenant = requireTenant(req);
    const token = tokenParam(req);
    const result = await confirmEmailChange(db, {
      tenantId: tenant.id,
      rawToken: token,
      now: clock.now(),
      client: clientOf(req),
    });
    if (result === 'taken')
      throw new AppError('CONFLICT', 'Cette adresse est déjà utilisée par un autre compte.');
    if (result === 'invalid') return showEmailChange(req, reply);
    setFlash(reply, 'success', 'Votre nouvelle adresse de connexion est enregistrée.');
    return reply.redirect(req.actor ? `${req.base}/mon-compte` : `${req.base}/connexion`, 303);
  });

  // ----------------------------------------------------------------------------------------- my account
  async function renderAccount(
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: Record<string, string>; values?: Record<string, string>; status?: number } = {},
  ) {
    const { tenant, actor, membership, session } = requireMember(req);
    const period = ZPeriod.parse(req.query).periode;
    const now = clock.now();
    const since = new Date(now.getTime() - (period === 'mois' ? 30 : 7) * 86_400_000);
    const [user, sessions, history] = await Promise.all([
      getUser(db, actor.userId),
      listSessions(db, actor.userId),
      loginHistory(db, { tenantId: tenant.id, userId: actor.userId, since }),
    ]);
    const ctx = pageContext(req, reply);
    return reply.code(extra.status ?? 200).html(
      <AccountPage
        ctx={ctx}
        errors={extra.errors}
        values={extra.values}
        view={{
          email: actor.email,
          displayName: actor.displayName,
          isStaff: membership.roles.length > 0,
          isFamily: membership.householdId !== null,
          totpEnabled: Boolean(user?.totpSecret),
          sessions: sessions.map((s) => ({ ...s, current: s.idHash === session.idHash })),
          history,
          period,
          timeZone: tenant.timeZone,
        }}
      />,
    );
  }

  app.get('/mon-compte', async (req, reply) => renderAccount(req, reply));

  app.post('/mon-compte/mot-de-passe', async (req, reply) => {
    const { tenant, actor, session } = requireMember(req);
    const parsed = ZChangePassword.safeParse(req.body);
    if (!parsed.success) return renderAccount(req, reply, { errors: fieldErrors(parsed.error), status: 400 });
    const problem = checkNewPassword(parsed.data.password, actor.email);
    if (problem) return renderAccount(req, reply, { errors: { password: problem }, status: 400 });
    if (parsed.data.confirmation !== parsed.data.password)
      return renderAccount(req, reply, {
        errors: { confirmation: 'Les deux mots de passe ne sont pas identiques.' },
        status: 400,
      });
    const result = await changePassword(db, {
      tenantId: tenant.id,
      userId: actor.userId,
      current: parsed.data.current,
      next: parsed.data.password,
      now: clock.now(),
      client: clientOf(req),
      keepSessionHash: session.idHash,
    });
    if (result === 'wrong_current')
      return renderAccount(req, reply, {
        errors: { current: 'Mot de passe actuel incorrect.' },
        status: 400,
      });
    setFlash(reply, 'success', 'Votre mot de passe a été changé. Vos autres sessions ont été fermées.');
    return reply.redirect(`${req.base}/mon-compte`, 303);
  });

  app.post('/mon-compte/email', { config: emailRate }, async (req, reply) => {
    const { tenant, actor } = requireMember(req);
    const parsed = ZChangeEmail.safeParse(req.body);
    const raw = (req.body ?? {}) as { newEmail?: unknown };
    const values = { newEmail: typeof raw.newEmail === 'string' ? raw.newEmail.slice(0, 254) : '' };
    if (!parsed.success)
      return renderAccount(req, reply, { errors: fieldErrors(parsed.error), values, status: 400 });
    const result = await requestEmailChange(db, {
      tenantId: tenant.id,
      userId: actor.userId,
      newEmail: parsed.data.newEmail,
      password: parsed.data.emailPassword,
      now: clock.now(),
      client: clientOf(req),
      publicUrl,
    });
    if (result === 'wrong_password')
      return renderAccount(req, reply, {
        errors: { emailPassword: 'Mot de passe incorrect.' },
        values,
        status: 400,
      });
    if (result === 'taken')
      return renderAccount(req, reply, {
        errors: { newEmail: 'Cette adresse ne peut pas être utilisée.' },
        values,
        status: 400,
      });
    setFlash(
      reply,
      'info',
      'Un lien de confirmation a été envoyé à la nouvelle adresse. Votre adresse actuelle reste valable en attendant.',
    );
    return reply.redirect(`${req.base}/mon-compte`, 303);
  });

  app.post('/mon-compte/second-responsable', { config: emailRate }, async (req, reply) => {
    const { tenant, actor, membership } = requireMember(req);
    if (!membership.householdId) throw new AppError('FORBIDDEN');
    const parsed = ZInvite.safeParse(req.body);
    const raw = (req.body ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(
      ['firstName', 'lastName', 'guardianEmail'].map((k) => [
        k,
        typeof raw[k] === 'string' ? (raw[k] as string).slice(0, 254) : '',
      ]),
    );
    if (!parsed.success)
      return renderAccount(req, reply, { errors: fieldErrors(parsed.error), values, status: 400 });
    try {
      await inviteSecondGuardian(db, {
        tenantId: tenant.id,
        householdId: membership.householdId,
        userId: actor.userId,
        email: parsed.data.guardianEmail,
        firstName: parsed.data.firstName,
        lastName: parsed.data.lastName,
        now: clock.now(),
        client: clientOf(req),
        publicUrl,
      });
    } catch (err) {
      if (err instanceof AppError && (err.code === 'VALIDATION' || err.code === 'CONFLICT'))
        return renderAccount(req, reply, {
          errors: { guardianEmail: err.fields.email ?? err.message },
          values,
          status: 400,
        });
      throw err;
    }
    setFlash(
      reply,
      'success',
      'Invitation envoyée : le second responsable va recevoir un lien d’activation.',
    );
    return reply.redirect(`${req.base}/mon-compte`, 303);
  });

  app.post('/mon-compte/sessions', async (req, reply) => {
    const { tenant, actor, session } = requireMember(req);
    const parsed = ZRevoke.safeParse(req.body);
    if (!parsed.success) throw new AppError('BAD_REQUEST');
    const ok = await revokeSessions(db, {
      tenantId: tenant.id,
      userId: actor.userId,
      which: parsed.data.session,
      currentHash: session.idHash,
      now: clock.now(),
      client: clientOf(req),
    });
    if (!ok) throw new AppError('NOT_FOUND');
    setFlash(
      reply,
      'success',
      parsed.data.session === 'autres' ? 'Vos autres sessions ont été fermées.' : 'La session a été fermée.',
    );
    return reply.redirect(`${req.base}/mon-compte`, 303);
  });

  function requireStaffMember(req: FastifyRequest) {
    const m = requireMember(req);
    if (m.membership.roles.length === 0) throw new AppError('FORBIDDEN');
    return m;
  }

  async function renderTotpSetup(req: FastifyRequest, reply: FastifyReply, errors?: Record<string, string>) {
    const { tenant, actor, membership } = requireStaffMember(req);
    const user = await getUser(db, actor.userId);
    if (user?.totpSecret) return reply.redirect(`${req.base}/mon-compte`, 303);
    const secret = await startTotpSetup(db, actor.userId);
    const ctx = pageContext(req, reply);
    return reply
      .code(errors ? 400 : 200)
      .html(
        <TotpSetupPage
          ctx={ctx}
          staff
          secret={secret}
          uri={totpUri(secret, actor.email, `Maisonnée ${tenant.name}`)}
          required={tenant.requireAdminTotp && membership.roles.includes('admin')}
          errors={errors}
        />,
      );
  }

  app.get('/mon-compte/double-authentification', async (req, reply) => renderTotpSetup(req, reply));

  app.post('/mon-compte/double-authentification', async (req, reply) => {
    const { tenant, actor } = requireStaffMember(req);
    const parsed = ZCode.safeParse(req.body);
    if (!parsed.success) return renderTotpSetup(req, reply, fieldErrors(parsed.error));
    const ok = await confirmTotp(db, {
      tenantId: tenant.id,
      userId: actor.userId,
      code: parsed.data.code,
      now: clock.now(),
      client: clientOf(req),
    });
    if (!ok)
      return renderTotpSetup(req, reply, {
        code: 'Code incorrect : vérifiez la clé saisie et l’heure de votre téléphone.',
      });
    setFlash(reply, 'success', 'La double authentification est activée.');
    return reply.redirect(`${req.base}/mon-compte`, 303);
  });

  app.post('/mon-compte/double-authentification/desactiver', async (req, reply) => {
    const { tenant, actor, membership } = requireStaffMember(req);
    if (tenant.requireAdminTotp && membership.roles.includes('admin'))
      throw new AppError(
        'FORBIDDEN',
        'Votre structure exige la double authentification pour les administrateurs.',
      );
    const parsed = ZTotpDisable.safeParse(req.body);
    if (!parsed.success) return renderAccount(req, reply, { errors: fieldErrors(parsed.error), status: 400 });
    const ok = await disableTotp(db, {
      tenantId: tenant.id,
      userId: actor.userId,
      password: parsed.data.totpPassword,
      now: clock.now(),
      client: clientOf(req),
    });
    if (!ok)
      return renderAccount(req, reply, { errors: { totpPassword: 'Mot de passe incorrect.' }, status: 400 });
    setFlash(reply, 'success', 'La double authentification est désactivée.');
    return reply.redirect(`${req.base}/mon-compte`, 303);
  });
}
