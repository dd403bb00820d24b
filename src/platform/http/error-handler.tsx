import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MessageKey } from '../i18n/messages';
import { Layout } from '../views/layout';
import { AppError } from './errors';
import { pageContext } from './page';
import { TENANT_SUSPENDED } from './request-context';

const PAGE_STATUSES = [400, 401, 403, 404, 409, 413, 429, 500, 503] as const;

/** PostgreSQL or driver errors that mean "the database is not reachable right now". */
function isDatabaseDown(err: unknown): boolean {
  const e = err as { code?: string; message?: string; cause?: unknown };
  // Drizzle wraps driver errors (DrizzleQueryError): the driver's error is its cause.
  if (e.cause && e.cause !== err && isDatabaseDown(e.cause)) return true;
  return (
    e.code === 'ECONNREFUSED' ||
    e.code === 'ECONNRESET' ||
    e.code === '57P01' ||
    e.code === '57P03' ||
    e.code === '53300' ||
    /timeout exceeded when trying to connect|Connection terminated/i.test(e.message ?? '')
  );
}

function statusOf(err: unknown): number {
  if (err instanceof AppError) return err.status;
  if (isDatabaseDown(err)) return 503;
  const s = (err as FastifyError).statusCode;
  if (typeof s === 'number' && s >= 400 && s < 600) return s;
  return 500;
}

const isApi = (req: FastifyRequest) => req.url.startsWith('/api/');

/** The CSRF plugin's own errors (token missing or invalid) get a French message. */
function isCsrfError(err: unknown): boolean {
  return /^FST_CSRF/.test((err as FastifyError).code ?? '');
}
const CSRF_MESSAGE = 'Jeton CSRF absent ou invalide : rechargez la page (API : en-tête x-csrf-token).';

function sendError(
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  message?: string,
  fields?: Record<string, string>,
  suspended = false,
) {
  if (suspended) reply.header('retry-after', '3600');
  else if (status === 503 || status === 429) reply.header('retry-after', status === 503 ? '5' : '60');
  const wantsJson = isApi(req) || (req.headers.accept ?? '').startsWith('application/json');
  if (wantsJson) {
    const hasFields = fields && Object.keys(fields).length > 0;
    return reply
      .code(status)
      .type('application/json; charset=utf-8')
      .send({
        error: { status, message: message ?? `HTTP ${status}`, ...(hasFields ? { fields } : {}) },
        requestId: req.id,
      });
  }
  const shown = (PAGE_STATUSES as readonly number[]).includes(status) ? status : status >= 500 ? 500 : 400;
  let ctx: ReturnType<typeof pageContext>;
  try {
    ctx = pageContext(req, reply);
  } catch {
    return reply.code(status).type('text/plain; charset=utf-8').send(`Erreur ${status}`);
  }
  if (suspended) {
    ctx.user = null;
    return reply.code(503).html(
      <Layout ctx={ctx} title="Service suspendu">
        <div class="error-page">
          <h1>Service suspendu</h1>
          <p class="lead">
            Le portail famille de <span safe>{ctx.tenant?.name ?? ''}</span> est momentanément suspendu.
          </p>
          <p>
            Vos données sont conservées. Pour toute question, contactez directement le service
            {ctx.tenant ? (
              <>
                {' : '}
                <a href={`mailto:${ctx.tenant.contactEmail}`} safe>
                  {ctx.tenant.contactEmail}
                </a>
              </>
            ) : (
              ''
            )}
            .
          </p>
          <p class="error-code">
            <span safe>{`${ctx.t('error.reference')} : ${req.id} (HTTP 503)`}</span>
          </p>
        </div>
      </Layout>,
    );
  }
  const title = ctx.t(`error.${shown}.title` as MessageKey);
  return reply.code(status).html(
    <Layout ctx={ctx} title={title}>
      <div class="error-page">
        <h1 safe>{title}</h1>
        <p class="lead" safe>
          {ctx.t(`error.${shown}.text` as MessageKey)}
        </p>
        {message && status < 500 && status !== 404 ? <p safe>{message}</p> : ''}
        <p>
          <a class="button" href={ctx.tenant ? `${ctx.base}/` : '/'} safe>
            {ctx.t('error.back')}
          </a>
        </p>
        <p class="error-code">
          <span safe>{`${ctx.t('error.reference')} : ${req.id} (HTTP ${status})`}</span>
        </p>
      </div>
    </Layout>,
  );
}

/** The one place where errors become HTTP answers. 5xx never show internals. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => {
    // A page that needs a signed-in person sends the browser to the sign-in page, then back.
    // (The JSON API answers 401 instead.)
    if (
      err instanceof AppError &&
      err.code === 'UNAUTHENTICATED' &&
      req.method === 'GET' &&
      req.tenant &&
      !isApi(req)
    ) {
      const back = encodeURIComponent(req.url);
      return reply.redirect(`${req.base}/connexion?retour=${back}`, 303);
    }
    const status = statusOf(err);
    if (err instanceof AppError && err.code === 'UNAVAILABLE' && err.message === TENANT_SUSPENDED) {
      req.log.info({ code: 'TENANT_SUSPENDED' }, 'request refused');
      return sendError(req, reply, 503, undefined, undefined, true);
    }
    // A deliberate 503 (overload shedding) is expected under a storm: a one-line warning, no stack.
    if (err instanceof AppError && err.code === 'UNAVAILABLE')
      req.log.warn({ code: err.code }, 'request shed');
    else if (status >= 500) req.log.error({ err }, 'request failed');
    else
      req.log.info({ code: (err as AppError).code ?? (err as FastifyError).code, status }, 'request refused');
    const message =
      status < 500 && err instanceof AppError ? err.message : isCsrfError(err) ? CSRF_MESSAGE : undefined;
    const fields = status < 500 && err instanceof AppError ? err.fields : undefined;
    return sendError(req, reply, status, message, fields);
  });
  app.setNotFoundHandler((req, reply) => sendError(req, reply, 404));
}
