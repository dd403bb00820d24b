import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/http/errors';
import { pageContext } from '../../platform/http/page';
import { setFlash } from '../../platform/http/request-context';
import { enqueueJob } from '../../platform/jobs/jobs';
import { deriveKey } from '../../platform/secrets';
import { familyOf, staffOf } from '../households/access';
import { formValues, idParam } from '../messaging/kit';
import { publicOrigin } from '../staff/forms';
import { historyRoutes } from './history.routes';
import { allocationsOf, flaggedPayments } from './online.repository';
import { SIMULATOR_NOTIFY_MODES, type SimulatorNotifyMode } from './online.schema';
import {
  familyPayment,
  launchPayment,
  newFormToken,
  payableInvoices,
  receiveNotification,
  SIMULATOR_NOTIFY_JOB,
  simulatorAllowed,
  startOnlinePayment,
} from './online.service';
import { configureProviders, httpSoapTransport, tenantProviderName } from './providers';
import { isProviderName, stringFields } from './providers/provider';
import { configureSimulatorKey, decideSimulation, findSimulation, signedNotice } from './providers/simulator';
import { FlaggedPaymentsPage } from './views/history-staff';
import { PayPage, ProviderFormPage } from './views/pay';
import { ReturnPage } from './views/return';
import { SimulatorPage } from './views/simulator';

/** Who sees payments to check: the accountant (régisseur) and administrators; managers may read. */
export const PAYMENT_CHECK_ROLES = ['accountant', 'manager'] as const;
/** How long after the payer's decision the simulator's "late" notification comes. */
export const SIMULATOR_LATE_MS = 2 * 60_000;
/**
 * The pay form posts to the app, which redirects to PayFiP (or shows a form posting to Systempay):
 * browsers apply the page's CSP `form-action` to both, so these pages allow the providers' origins.
 */
const PROVIDER_FORM_ORIGINS = ['https://www.payfip.gouv.fr', 'https://paiement.systempay.fr'];
function allowProviderForms(reply: FastifyReply) {
  const csp = reply.getHeader('content-security-policy');
  if (typeof csp === 'string')
    reply.header(
      'content-security-policy',
      csp.replace("form-action 'self'", `form-action 'self' ${PROVIDER_FORM_ORIGINS.join(' ')}`),
    );
}
/** A notification body is a handful of fields: anything bigger is refused before parsing. */
const NOTIFICATION_BODY_LIMIT = 16_384;

/** Online payment: the family's pay form and return page, providers' notifications, the simulator. */
export async function onlinePaymentRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const config = app.deps.config;
  const now = () => app.deps.clock.now();
  configureProviders({
    secretsKey: app.deps.secretsKey ?? deriveKey(app.deps.cookieSecret, 'tenant-settings'),
    payfipTransport: httpSoapTransport,
    production: config.isProduction,
  });
  configureSimulatorKey(deriveKey(app.deps.cookieSecret, 'payment-simulator'));

  await app.register(historyRoutes);

  // ---------- Family: choose invoices, pay ----------

  /** The tenant's provider, or null when online payment is not available (simulator in production). */
  async function usableProvider(tenantId: string) {
    const provider = await tenantProviderName(db, tenantId);
    return provider === 'simulator' && !simulatorAllowed(config) ? null : provider;
  }

  async function payPage(req: FastifyRequest, reply: FastifyReply, err?: AppError) {
    const fam = familyOf(req);
    const available = (await usableProvider(fam.tenant.id)) !== null;
    const invoices = available ? await payableInvoices(db, fam, now()) : [];
    const values = err ? formValues(req.body) : {};
    // Invoices chosen on the invoice pages (GET ?factures=…) come pre-selected; after an error, the form's.
    const chosen = err
      ? (req.body as Record<string, unknown>)?.factures
      : (req.query as Record<string, unknown>)?.factures;
    const selected = new Set([chosen ?? []].flat().filter((x): x is string => typeof x === 'string'));
    allowProviderForms(reply);
    return reply
      .code(err ? err.status : 200)
      .html(
        <PayPage
          ctx={pageContext(req, reply)}
          available={available}
          invoices={invoices}
          selected={selected as Set<string>}
          formToken={err && values.formToken && !err.fields.formToken ? values.formToken : newFormToken()}
          errors={err?.fields ?? {}}
        />,
      );
  }

  app.get('/paiements/nouveau', async (req, reply) => payPage(req, reply));

  app.post('/paiements/nouveau', async (req, reply) => {
    const fam = familyOf(req);
    const provider = await usableProvider(fam.tenant.id);
    if (!provider) throw new AppError('NOT_FOUND');
    let started: Awaited<ReturnType<typeof startOnlinePayment>>;
    try {
      started = await startOnlinePayment(db, { fam, now: now(), body: req.body, provider });
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION') return payPage(req, reply, err);
      throw err;
    }
    const { payment } = started;
    const returnPath = `${req.base}/paiements/${payment.id}/retour`;
    // A replayed form, or a payment no longer pending: the return page tells the truth.
    if (started.replayed || payment.status !== 'pending') return reply.redirect(returnPath, 303);
    const origin = publicOrigin(config.PUBLIC_URL, req.protocol, req.host);
    const redirect = await launchPayment(db, {
      tenant: fam.tenant,
      base: req.base,
      payment,
      payerName: req.actor?.displayName ?? '',
      urls: {
        notify: `${origin}${req.base}/paiements/notification/${payment.provider}`,
        return: `${origin}${returnPath}`,
      },
      now,
    });
    if (!redirect) {
      setFlash(
        reply,
        'error',
        'Le service de paiement ne répond pas : rien n’a été payé. Réessayez plus tard.',
      );
      return reply.redirect(returnPath, 303);
    }
    if ('redirectUrl' in redirect) return reply.redirect(redirect.redirectUrl, 303);
    allowProviderForms(reply);
    return reply.html(
      <ProviderFormPage
        ctx={pageContext(req, reply)}
        action={redirect.formAction}
        fields={redirect.formFields}
      />,
    );
  });

  app.get('/paiements/:paymentId/retour', async (req, reply) => {
    const fam = familyOf(req);
    const payment = await familyPayment(db, fam, idParam(req.params, 'paymentId'));
    const allocations = await allocationsOf(db, fam.tenant.id, [payment.id]);
    // Until the provider confirms, the page refreshes itself (works without JavaScript).
    if (payment.status === 'pending') reply.header('refresh', '5');
    return reply.html(
      <ReturnPage ctx={pageContext(req, reply)} payment={payment} allocations={allocations} />,
    );
  });

  // ---------- Providers' server-to-server notifications: no session, no CSRF, small bodies ----------

  app.post(
    '/paiements/notification/:provider',
    {
      bodyLimit: NOTIFICATION_BODY_LIMIT,
      // Per sending address: one provider notifies for every tenant, hence a generous limit.
      config: { csrf: false, rateLimit: { max: 600, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const provider = (req.params as { provider?: string }).provider;
      if (!req.tenant || !isProviderName(provider)) throw new AppError('NOT_FOUND');
      const outcome = await receiveNotification(db, {
        tenant: req.tenant,
        provider,
        request: { body: stringFields(req.body), query: stringFields(req.query) },
        now: now(),
        config,
      });
      if (outcome === 'not-authentic') {
        req.log.warn({ provider }, 'payment notification refused: not authentic');
        return reply.code(403).type('text/plain').send('signature invalide');
      }
      if (outcome === 'unknown-payment') return reply.code(404).type('text/plain').send('paiement inconnu');
      return reply.type('text/plain').send(`OK ${outcome}`);
    },
  );

  // ---------- The simulated bank (development, tests, demo) ----------

  async function simulation(req: FastifyRequest) {
    if (!req.tenant || !simulatorAllowed(config)) throw new AppError('NOT_FOUND');
    const ref = (req.params as { ref?: string }).ref ?? '';
    const sim = await findSimulation(db, req.tenant.id, ref);
    if (!sim) throw new AppError('NOT_FOUND');
    return sim;
  }

  app.get('/paiement-simule/:ref', async (req, reply) => {
    const sim = await simulation(req);
    const q = (req.query ?? {}) as Record<string, unknown>;
    const mode = SIMULATOR_NOTIFY_MODES.find((m) => m === q.notification) ?? 'now';
    return reply.html(<SimulatorPage ctx={pageContext(req, reply)} sim={sim} mode={mode} />);
  });

  app.post('/paiement-simule/:ref', async (req, reply) => {
    const sim = await simulation(req);
    const tenant = req.tenant!;
    const body = stringFields(req.body);
    const status = ({ accepter: 'PAID', refuser: 'DENIED', abandonner: 'CANCELLED' } as const)[
      body.decision as 'accepter' | 'refuser' | 'abandonner'
    ];
    if (!status) throw new AppError('BAD_REQUEST');
    const mode: SimulatorNotifyMode = SIMULATOR_NOTIFY_MODES.find((m) => m === body.notification) ?? 'now';
    const decided = await decideSimulation(db, {
      tenantId: tenant.id,
      ref: sim.ref,
      status,
      mode,
      at: now(),
    });
    if (decided) {
      const notifyPath = `/${tenant.slug}/paiements/notification/simulator`;
      const post = () =>
        app.inject({
          method: 'POST',
          url: notifyPath,
          payload: new URLSearchParams(signedNotice(decided, now())).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
      if (mode === 'now') await post();
      else if (mode === 'twice') await Promise.all([post(), post()]);
      else if (mode === 'late')
        await enqueueJob(db, {
          kind: SIMULATOR_NOTIFY_JOB,
          tenantId: tenant.id,
          payload: { tenantId: tenant.id, ref: sim.ref },
          runAt: new Date(now().getTime() + SIMULATOR_LATE_MS),
          dedupeKey: `${SIMULATOR_NOTIFY_JOB}:${sim.ref}`,
        });
    }
    return reply.redirect(sim.returnUrl, 303);
  });

  // ---------- Staff: payments to check ----------

  app.get('/gestion/paiements/a-verifier', async (req, reply) => {
    const staff = staffOf(req, PAYMENT_CHECK_ROLES);
    const rows = await flaggedPayments(db, staff.tenant.id);
    const allocations = await allocationsOf(
      db,
      staff.tenant.id,
      rows.map((r) => r.payment.id),
    );
    return reply.html(
      <FlaggedPaymentsPage ctx={pageContext(req, reply)} rows={rows} allocations={allocations} />,
    );
  });
}
