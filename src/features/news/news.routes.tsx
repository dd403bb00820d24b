import type { FastifyInstance } from 'fastify';
import { AppError } from '../../platform/http/errors';
import { pageContext } from '../../platform/http/page';
import { requireFamily, requireStaff } from '../../platform/http/policies';
import { setFlash } from '../../platform/http/request-context';
import { formValues, idParam } from '../messaging/kit';
import { instantToZonedLocal } from './domain/time';
import { findNews, listNews, tenantFacilities } from './news.repository';
import { createNews, deleteNews, householdNews, NEWS_ROLES, updateNews } from './news.service';
import { FamilyNewsPage, NewsFormPage, StaffNewsListPage } from './views/news-pages';

/** News: the family news page and the staff pages to publish. Registered under `/:tenant`. */
export async function newsRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const now = () => app.deps.clock.now();

  app.get('/actualites', async (req, reply) => {
    const fam = requireFamily(req);
    const items = await householdNews(db, fam.tenant.id, fam.householdId, now());
    return reply.html(<FamilyNewsPage ctx={pageContext(req, reply)} items={items} />);
  });

  app.get('/gestion/actualites', async (req, reply) => {
    const staff = requireStaff(req, NEWS_ROLES);
    const rows = await listNews(db, staff.tenant.id);
    return reply.html(<StaffNewsListPage ctx={pageContext(req, reply)} rows={rows} now={now()} />);
  });

  app.get('/gestion/actualites/nouvelle', async (req, reply) => {
    const staff = requireStaff(req, NEWS_ROLES);
    const tz = staff.tenant.timeZone;
    return reply.html(
      <NewsFormPage
        ctx={pageContext(req, reply)}
        newsId={null}
        values={{ publishAt: instantToZonedLocal(now(), tz) }}
        errors={{}}
        facilities={await tenantFacilities(db, staff.tenant.id)}
      />,
    );
  });

  const renderInvalid = async (
    req: Parameters<typeof pageContext>[0],
    reply: Parameters<typeof pageContext>[1],
    tenantId: string,
    newsId: string | null,
    err: AppError,
  ) =>
    reply
      .code(400)
      .html(
        <NewsFormPage
          ctx={pageContext(req, reply)}
          newsId={newsId}
          values={formValues(req.body)}
          errors={err.fields}
          facilities={await tenantFacilities(db, tenantId)}
        />,
      );

  app.post('/gestion/actualites', async (req, reply) => {
    const staff = requireStaff(req, NEWS_ROLES);
    try {
      await createNews(db, { staff, now: now(), input: req.body });
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION')
        return renderInvalid(req, reply, staff.tenant.id, null, err);
      throw err;
    }
    setFlash(reply, 'success', 'Actualité enregistrée.');
    return reply.redirect(`${req.base}/gestion/actualites`, 303);
  });

  app.get('/gestion/actualites/:newsId', async (req, reply) => {
    const staff = requireStaff(req, NEWS_ROLES);
    const newsId = idParam(req.params, 'newsId');
    const row = await findNews(db, staff.tenant.id, newsId);
    if (!row) throw new AppError('NOT_FOUND');
    const tz = staff.tenant.timeZone;
    return reply.html(
      <NewsFormPage
        ctx={pageContext(req, reply)}
        newsId={row.id}
        values={{
          title: row.title,
          body: row.body,
          publishAt: instantToZonedLocal(row.publishAt, tz),
          unpublishAt: row.unpublishAt ? instantToZonedLocal(row.unpublishAt, tz) : '',
          facilityId: row.facilityId ?? '',
        }}
        errors={{}}
        facilities={await tenantFacilities(db, staff.tenant.id)}
      />,
    );
  });

  app.post('/gestion/actualites/:newsId', async (req, reply) => {
    const staff = requireStaff(req, NEWS_ROLES);
    const newsId = idParam(req.params, 'newsId');
    try {
      await updateNews(db, { staff, now: now(), newsId, input: req.body });
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION')
        return renderInvalid(req, reply, staff.tenant.id, newsId, err);
      throw err;
    }
    setFlash(reply, 'success', 'Actualité modifiée.');
    return reply.redirect(`${req.base}/gestion/actualites`, 303);
  });

  app.post('/gestion/actualites/:newsId/supprimer', async (req, reply) => {
    const staff = requireStaff(req, NEWS_ROLES);
    await deleteNews(db, { staff, now: now(), newsId: idParam(req.params, 'newsId') });
    setFlash(reply, 'success', 'Actualité supprimée.');
    return reply.redirect(`${req.base}/gestion/actualites`, 303);
  });
}
