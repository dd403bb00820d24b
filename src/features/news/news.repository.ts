import { and, asc, desc, eq, gt, isNull, lte, or } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { facilities } from '../catalogue/catalogue.schema';
import { news } from './news.schema';

/** Queries of the news feature. Every function takes the tenant. */

export async function listNews(db: Db, tenantId: string) {
  return db
    .select({
      id: news.id,
      title: news.title,
      publishAt: news.publishAt,
      unpublishAt: news.unpublishAt,
      facilityId: news.facilityId,
      facilityName: facilities.name,
    })
    .from(news)
    .leftJoin(facilities, eq(facilities.id, news.facilityId))
    .where(eq(news.tenantId, tenantId))
    .orderBy(desc(news.publishAt));
}

export async function findNews(db: Db, tenantId: string, id: string) {
  const [row] = await db
    .select()
    .from(news)
    .where(and(eq(news.tenantId, tenantId), eq(news.id, id)));
  return row ?? null;
}

/**
 * News visible at `now`: published, not yet unpublished, for every facility or for one of
 * `facilityIds` (when given; undefined means "do not filter by facility").
 */
export async function visibleNews(db: Db, tenantId: string, now: Date, facilityIds?: string[]) {
  const rows = await db
    .select({
      id: news.id,
      title: news.title,
      body: news.body,
      publishAt: news.publishAt,
      unpublishAt: news.unpublishAt,
      facilityId: news.facilityId,
      facilityName: facilities.name,
    })
    .from(news)
    .leftJoin(facilities, eq(facilities.id, news.facilityId))
    .where(
      and(
        eq(news.tenantId, tenantId),
        lte(news.publishAt, now),
        or(isNull(news.unpublishAt), gt(news.unpublishAt, now)),
      ),
    )
    .orderBy(desc(news.publishAt), asc(news.title));
  if (!facilityIds) return rows;
  return rows.filter((r) => r.facilityId === null || facilityIds.includes(r.facilityId));
}

export async function tenantFacilities(db: Db, tenantId: string) {
  return db
    .select({ id: facilities.id, name: facilities.name })
    .from(facilities)
    .where(eq(facilities.tenantId, tenantId))
    .orderBy(asc(facilities.name));
}
