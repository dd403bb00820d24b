import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { pageContext } from '../../platform/http/page';
import { Layout } from '../../platform/views/layout';

const ZLanguage = z.object({ lang: z.enum(['fr', 'en']), back: z.string().max(2000).optional() });

/** Platform routes outside any tenant: the tenant list, health probes, the language switch. */
export async function platformRoutes(app: FastifyInstance) {
  app.get('/', async (req, reply) => {
    const ctx = pageContext(req, reply);
    const list = app.tenants.list().filter((t) => t.status === 'active');
    return reply.html(
      <Layout ctx={ctx} title="Portails des structures">
        <h1>Portails famille</h1>
        <p class="lead">Choisissez la collectivité ou la structure qui accueille vos enfants.</p>
        <ul class="tenant-list">
          {list.map((t) => (
            <li>
              <a href={`/${t.slug}/`} safe>
                {t.name}
              </a>
            </li>
          ))}
        </ul>
      </Layout>,
    );
  });

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_req, reply) => {
    try {
      await Promise.race([
        app.deps.database.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
      ]);
      return { status: 'ok', database: app.deps.database.kind };
    } catch {
      return reply
        .code(503)
        .header('retry-after', '5')
        .send({ status: 'unavailable', database: 'unreachable' });
    }
  });

  app.post('/_langue', async (req, reply) => {
    const parsed = ZLanguage.safeParse(req.body);
    if (!parsed.success) return reply.code(400).send({ error: 'langue inconnue' });
    reply.setCookie('lang', parsed.data.lang, { path: '/', sameSite: 'lax', maxAge: 31_536_000 });
    // Only same-site relative paths: never an open redirect.
    const back = parsed.data.back;
    const safeBack = back?.startsWith('/') && !back.startsWith('//') && !back.includes('\\') ? back : '/';
    return reply.redirect(safeBack, 303);
  });
}
