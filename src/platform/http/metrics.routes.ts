import { createHash, timingSafeEqual } from 'node:crypto';
import { count, inArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jobs } from '../jobs/jobs.schema';
import { outboxEmails } from '../mail/mail.schema';
import { HttpHistogram, renderFamily, signInVerificationCounts } from '../metrics';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * `/metrics` in Prometheus text format, behind a bearer token (METRICS_TOKEN; without it the endpoint
 * answers 404). The request histogram is recorded for every route, the queue depths are read at scrape.
 */
export const metricsPlugin = fp(async (app: FastifyInstance, opts: { token: string | undefined }) => {
  const histogram = new HttpHistogram();
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions?.url ?? 'unmatched';
    if (route === '/metrics') return;
    histogram.observe(req.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });

  const expected = opts.token ? digest(opts.token) : null;
  app.get('/metrics', async (req, reply) => {
    if (!expected) return reply.callNotFound();
    const header = req.headers.authorization ?? '';
    const given = /^Bearer (.+)$/i.exec(header)?.[1] ?? '';
    if (!timingSafeEqual(digest(given), expected))
      return reply.code(401).header('www-authenticate', 'Bearer realm="metrics"').send('unauthorized\n');
    const db = app.deps.database.db;
    const jobRows = await db
      .select({ status: jobs.status, n: count() })
      .from(jobs)
      .where(inArray(jobs.status, ['pending', 'running', 'failed']))
      .groupBy(jobs.status);
    const mailRows = await db
      .select({ status: outboxEmails.status, n: count() })
      .from(outboxEmails)
      .where(inArray(outboxEmails.status, ['pending', 'failed']))
      .groupBy(outboxEmails.status);
    const byStatus = (rows: { status: string; n: number }[], statuses: string[]) =>
      statuses.map((status) => ({
        labels: { status },
        value: Number(rows.find((r) => r.status === status)?.n ?? 0),
      }));
    const signIns = signInVerificationCounts();
    const pool = app.deps.database.poolStats?.();
    const mem = process.memoryUsage();
    const parts = [
      histogram.render(
        'maisonnee_http_request_duration_seconds',
        'HTTP requests by route pattern and status.',
      ),
      renderFamily('maisonnee_sign_in_verifications_total', 'counter', 'Password verifications by result.', [
        { labels: { result: 'ok' }, value: signIns.ok },
        { labels: { result: 'fail' }, value: signIns.fail },
      ]),
      renderFamily(
        'maisonnee_jobs',
        'gauge',
        'Background jobs not done, by status.',
        byStatus(jobRows, ['pending', 'running', 'failed']),
      ),
      renderFamily(
        'maisonnee_outbox_emails',
        'gauge',
        'Outbox e-mails not sent, by status.',
        byStatus(mailRows, ['pending', 'failed']),
      ),
      renderFamily('maisonnee_process_resident_memory_bytes', 'gauge', 'Resident set size.', [
        { value: mem.rss },
      ]),
      renderFamily('maisonnee_process_uptime_seconds', 'gauge', 'Seconds since the process started.', [
        { value: Math.round(process.uptime()) },
      ]),
    ];
    if (pool)
      parts.push(
        renderFamily('maisonnee_db_pool_connections', 'gauge', 'PostgreSQL pool connections by state.', [
          { labels: { state: 'total' }, value: pool.total },
          { labels: { state: 'idle' }, value: pool.idle },
          { labels: { state: 'waiting' }, value: pool.waiting },
          { labels: { state: 'max' }, value: pool.max },
        ]),
      );
    return reply
      .type('text/plain; version=0.0.4; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(parts.join(''));
  });
});
