import type { FastifyInstance } from 'fastify';
import { pageContext } from '../../platform/http/page';
import { Layout } from '../../platform/views/layout';
import { documentsRoutes } from '../documents/documents.routes';
import { messagingRoutes } from '../messaging/messaging.routes';
import { newsRoutes } from '../news/news.routes';
import { findTenantSettings } from '../settings/settings.repository';
import { AccessibilityStatement } from '../settings/views/public-pages';
import { TenantHomePage } from './views/home-page';
import { ContactPage, LegalNoticePage, PrivacyPage } from './views/info-pages';

/** Public pages of a tenant: home, accessibility statement, legal notice, privacy, contact. */
export async function tenantRoutes(app: FastifyInstance) {
  await app.register(newsRoutes);
  await app.register(messagingRoutes);
  await app.register(documentsRoutes);
  app.get('/', async (req, reply) => {
    const ctx = pageContext(req, reply);
    return reply.html(<TenantHomePage ctx={ctx} />);
  });

  const infoPages = {
    'mentions-legales': { title: 'Mentions légales', Body: LegalNoticePage },
    'donnees-personnelles': { title: 'Données personnelles', Body: PrivacyPage },
    contact: { title: 'Contact', Body: ContactPage },
  } as const;
  // The accessibility statement: RGAA wording around the compliance status and text set by the tenant.
  app.get('/accessibilite', async (req, reply) => {
    const ctx = pageContext(req, reply);
    const settings = ctx.tenant ? await findTenantSettings(app.deps.database.db, ctx.tenant.id) : null;
    const title = 'Déclaration d’accessibilité';
    return reply.html(
      <Layout ctx={ctx} title={title} crumbs={[{ label: 'Accueil', href: `${ctx.base}/` }, { label: title }]}>
        <h1>{title}</h1>
        <AccessibilityStatement
          ctx={ctx}
          status={ctx.tenant?.a11yStatus ?? 'partiel'}
          text={settings?.a11yStatement ?? ''}
        />
      </Layout>,
    );
  });

  for (const [path, page] of Object.entries(infoPages)) {
    app.get(`/${path}`, async (req, reply) => {
      const ctx = pageContext(req, reply);
      return reply.html(
        <Layout
          ctx={ctx}
          title={page.title}
          crumbs={[{ label: 'Accueil', href: `${ctx.base}/` }, { label: page.title }]}
        >
          <h1>{page.title}</h1>
          <page.Body ctx={ctx} />
        </Layout>,
      );
    });
  }
}
