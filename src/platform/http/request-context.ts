import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Tenant } from '../../features/tenants/tenants.schema';
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { type Locale, pickLocale } from '../i18n/messages';
import type { Actor } from './actor';
import { AppError } from './errors';
import { resumeSessionWithActor, type SessionPolicy, type SessionRecord } from './session';
import type { TenantDirectory } from './tenant-directory';

declare module 'fastify' {
  interface FastifyRequest {
    tenant: Tenant | null;
    /** Link prefix for the current tenant: `/<slug>`, or '' on the tenant's own hostname. */
    base: string;
    locale: Locale;
    actor: Actor | null;
    session: SessionRecord | null;
  }
  interface FastifyContextConfig {
    /** Set to false on the rare routes that must accept a POST without a CSRF token (signed callbacks). */
    csrf?: boolean;
  }
}

export const SESSION_COOKIE = 'sid';
/** Message of the 503 a suspended tenant answers (the error page recognises it). */
export const TENANT_SUSPENDED = 'tenant suspended';
export const SECURE_SESSION_COOKIE = '__Host-sid';

export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

interface Options {
  db: Db;
  clock: Clock;
  tenants: TenantDirectory;
  sessionPolicy: SessionPolicy;
  secureCookies: boolean;
}

/**
 * Resolves, for every request: the tenant (from the `:tenant` path parameter, the hostname having been
 * rewritten to it), the locale, and the signed-in actor with its membership in that tenant.
 */
export const requestContext = fp(async (app: FastifyInstance, opts: Options) => {
  app.decorateRequest('tenant', null);
  app.decorateRequest('base', '');
  app.decorateRequest('locale', 'fr');
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);

  app.addHook('onRequest', async (req: FastifyRequest) => {
    req.locale = pickLocale(req.cookies.lang);
    const slug = (req.params as { tenant?: string } | undefined)?.tenant;
    if (slug !== undefined) {
      const tenant = opts.tenants.get(slug);
      if (!tenant) throw new AppError('NOT_FOUND', 'Structure inconnue');
      req.tenant = tenant;
      req.base = opts.tenants.slugForHost(req.headers.host) === slug ? '' : `/${slug}`;
    }
    const token = req.cookies[sessionCookieName(opts.secureCookies)];
    if (token) {
      // Session and actor in one round trip (session.ts).
      const found = await resumeSessionWithActor(
        opts.db,
        token,
        opts.clock.now(),
        opts.sessionPolicy,
        req.tenant?.id ?? null,
      );
      if (found) {
        req.session = found.session;
        req.actor = found.actor;
      }
    }
    // A suspended tenant answers "service suspendu" (503) to families and staff; the platform operator
    // still sees its pages (to check them before reactivating).
    if (req.tenant && req.tenant.status !== 'active' && !req.actor?.isOperator)
      throw new AppError('UNAVAILABLE', TENANT_SUSPENDED);
  });
});

/** Sets a one-time message shown on the next page. */
export function setFlash(reply: FastifyReply, kind: 'success' | 'info' | 'error', text: string): void {
  reply.setCookie('flash', JSON.stringify({ kind, text }), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    signed: true,
    maxAge: 60,
  });
}

export function takeFlash(
  req: FastifyRequest,
  reply: FastifyReply,
): { kind: 'success' | 'info' | 'error'; text: string } | null {
  const raw = req.cookies.flash;
  if (!raw) return null;
  reply.clearCookie('flash', { path: '/' });
  const unsigned = req.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return null;
  try {
    const v = JSON.parse(unsigned.value) as { kind?: string; text?: unknown };
    if ((v.kind === 'success' || v.kind === 'info' || v.kind === 'error') && typeof v.text === 'string')
      return { kind: v.kind, text: v.text.slice(0, 500) };
  } catch {
    // a tampered or stale cookie is ignored
  }
  return null;
}
