import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyHtml from '@kitajs/fastify-html-plugin';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppConfig } from './config';
import { absencesRoutes } from './features/absences/absences.routes';
import { accountsRoutes, adminTotpGuard } from './features/accounts/accounts.routes';
import { attendanceRoutes } from './features/attendance/attendance.routes';
import { auditLogRoutes } from './features/audit-log/audit-log.routes';
import { backofficeRoutes } from './features/backoffice/backoffice.routes';
import { invoiceRoutes } from './features/billing/family.routes';
import { billingRunRoutes } from './features/billing/run.routes';
import { API_PREFIX, bookingsApiRoutes } from './features/bookings/api.routes';
import { bookingFamilyRoutes } from './features/bookings/family.routes';
import { bookingIcalRoutes } from './features/bookings/ical.routes';
import { openApiRoutes } from './features/bookings/openapi';
import { bookingStaffRoutes } from './features/bookings/staff.routes';
import { catalogueRoutes } from './features/catalogue/catalogue.routes';
import { enrollmentRoutes } from './features/enrollments/enrollments.routes';
import { householdRoutes } from './features/households/households.routes';
import { staffHouseholdRoutes } from './features/households/staff.routes';
import { operatorRoutes } from './features/operator/operator.routes';
import { onlinePaymentRoutes } from './features/payments/online.routes';
import { sepaRoutes } from './features/payments/sepa.routes';
import { requestRoutes } from './features/requests/requests.routes';
import { settingsRoutes } from './features/settings/settings.routes';
import { signupRoutes } from './features/signup/signup.routes';
import { staffRoutes } from './features/staff/staff.routes';
import './features/wiring';
import { platformRoutes } from './features/tenants/platform.routes';
import { tenantRoutes } from './features/tenants/tenants.routes';
import { assetRoutes } from './platform/assets/assets.routes';
import { buildAssets } from './platform/assets/build';
import type { Clock } from './platform/clock';
import type { Database } from './platform/db/client';
import type { FileStorage } from './platform/files/storage';
import { installErrorHandling } from './platform/http/error-handler';
import { metricsPlugin } from './platform/http/metrics.routes';
import { configurePages } from './platform/http/page';
import { isSafeLocation } from './platform/http/redirect';
import { requestContext } from './platform/http/request-context';
import { rewriteForHost, TenantDirectory } from './platform/http/tenant-directory';
import { devMailRoutes } from './platform/mail/dev-mail.routes';
import type { Mailer } from './platform/mail/mailer';

export interface AppDeps {
  config: AppConfig;
  database: Database;
  clock: Clock;
  mailer: Mailer;
  /** Uploaded and generated files (encrypted at rest in production). */
  storage: FileStorage;
  cookieSecret: string;
  /**
   * 32-byte key sealing secrets stored in the database (payment provider keys). The server derives it
   * from FILES_KEY; without it (tests) it is derived from the cookie secret.
   */
  secretsKey?: Uint8Array;
  /** Log to stdout (server) or stay quiet (tests). */
  logger?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
    tenants: TenantDirectory;
    /** Every route registered (method + URL pattern), for the access-matrix test. */
    routeList: { method: string; url: string }[];
  }
}

/** Builds the whole application; tests call this with their own database and clock. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  const tenants = new TenantDirectory(database.db);
  await tenants.refresh();
  const secure = Boolean(config.PUBLIC_URL?.startsWith('https://'));

  const app = Fastify({
    trustProxy: config.TRUST_PROXY === 'true',
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: 1_048_576,
    rewriteUrl: (req) => rewriteForHost(req.url ?? '/', req.headers.host, tenants),
    logger: deps.logger
      ? {
          level: config.LOG_LEVEL,
          // Log the route pattern, never the raw URL: links may carry tokens, paths may carry names.
          serializers: {
            req: (r) => ({ id: r.id, method: r.method, route: r.routeOptions?.url ?? 'unmatched' }),
            res: (r) => ({ statusCode: r.statusCode }),
          },
          redact: ['req.headers.cookie', 'req.headers.authorization'],
        }
      : false,
  });
  const routeList: { method: string; url: string }[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') routeList.push({ method, url: r.url });
  });
  app.decorate('routeList', routeList);
  app.decorate('deps', deps);
  app.decorate('tenants', tenants);
  app.addHook('onClose', async () => tenants.stop());

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    hsts: secure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifyCookie, { secret: deps.cookieSecret });
  await app.register(fastifyFormbody, { bodyLimit: 262_144 });
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: '_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', signed: true, secure },
  });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyHtml);

  // Every state-changing request carries a CSRF token, unless its route opts out (signed callbacks).
  app.addHook('preHandler', (req, reply, done) => {
    const unsafe = req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS';
    if (!unsafe || req.routeOptions.config.csrf === false) return done();
    app.csrfProtection(req, reply, done);
  });

  // Last line of defence against open redirects: whatever a route did with a `back`/`retour` value,
  // a Location that a browser would read as another host (or a script) becomes the site root.
  app.addHook('onSend', async (_req, reply, payload) => {
    const location = reply.getHeader('location');
    if (typeof location === 'string' && !isSafeLocation(location)) reply.header('location', '/');
    return payload;
  });

  installErrorHandling(app);
  await app.register(metricsPlugin, { token: config.METRICS_TOKEN });
  await app.register(requestContext, {
    db: database.db,
    clock: deps.clock,
    tenants,
    sessionPolicy: { idleMinutes: config.SESSION_IDLE_MINUTES, absoluteHours: config.SESSION_ABSOLUTE_HOURS },
    secureCookies: secure,
  });

  const assets = await buildAssets();
  configurePages({ css: assets.css.url, js: assets.js.url, htmx: assets.htmx.url }, !config.isProduction);
  await app.register(assetRoutes, { assets });
  await app.register(platformRoutes);
  if (!config.isProduction) await app.register(devMailRoutes);
  await app.register(operatorRoutes, { prefix: '/operateur' });
  // Before every tenant route: administrators who must set TOTP up are sent there first.
  await app.register(adminTotpGuard);
  await app.register(tenantRoutes, { prefix: '/:tenant' });
  await app.register(accountsRoutes, { prefix: '/:tenant' });
  await app.register(householdRoutes, { prefix: '/:tenant' });
  await app.register(staffHouseholdRoutes, { prefix: '/:tenant' });
  await app.register(backofficeRoutes, { prefix: '/:tenant' });
  await app.register(requestRoutes, { prefix: '/:tenant' });
  await app.register(catalogueRoutes, { prefix: '/:tenant' });
  await app.register(enrollmentRoutes, { prefix: '/:tenant' });
  await app.register(bookingFamilyRoutes, { prefix: '/:tenant' });
  await app.register(staffRoutes, { prefix: '/:tenant' });
  await app.register(bookingStaffRoutes, { prefix: '/:tenant' });
  await app.register(bookingIcalRoutes, { prefix: '/:tenant' });
  await app.register(signupRoutes, { prefix: '/:tenant' });
  await app.register(absencesRoutes, { prefix: '/:tenant' });
  await app.register(settingsRoutes, { prefix: '/:tenant' });
  await app.register(auditLogRoutes, { prefix: '/:tenant' });
  await app.register(openApiRoutes);
  await app.register(bookingsApiRoutes, { prefix: API_PREFIX });
  await app.register(attendanceRoutes, { prefix: '/:tenant' });
  await app.register(billingRunRoutes, { prefix: '/:tenant' });
  await app.register(onlinePaymentRoutes, { prefix: '/:tenant' });
  await app.register(invoiceRoutes, { prefix: '/:tenant' });
  await app.register(sepaRoutes, { prefix: '/:tenant' });
  return app;
}
