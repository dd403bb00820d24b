import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import type { StaffActor } from '../../platform/http/policies';
import { facilities } from '../catalogue/catalogue.schema';
import { householdFacilityIds } from '../enrollments/enrollments.service';
import { blankToUndefined, fieldErrors, writeAudit } from '../messaging/kit';
import { zonedLocalToInstant } from './domain/time';
import { findNews, visibleNews } from './news.repository';
import { news } from './news.schema';

/** Staff roles that publish news. Administrators pass every staff check. */
export const NEWS_ROLES = ['manager'] as const;

export const ZNewsForm = z.object({
  title: z.string().trim().min(1, 'Indiquez un titre.').max(150, 'Le titre est limité à 150 caractères.'),
  body: z
    .string()
    .trim()
    .min(1, 'Écrivez le texte de l’actualité.')
    .max(5000, 'Le texte est limité à 5 000 caractères.'),
  publishAt: z
    .string({ error: 'Indiquez la date de publication.' })
    .min(1, 'Indiquez la date de publication.'),
  unpublishAt: z.preprocess(blankToUndefined, z.string().optional()),
  facilityId: z.preprocess(blankToUndefined, z.uuid('Équipement inconnu.').optional()),
});
export type TNewsForm = z.infer<typeof ZNewsForm>;

interface ParsedNews {
  title: string;
  body: string;
  publishAt: Date;
  unpublishAt: Date | null;
  facilityId: string | null;
}

/** Parses the form in the tenant's time zone; throws VALIDATION with French messages per field. */
async function parseNews(db: Db, tenantId: string, timeZone: string, input: unknown): Promise<ParsedNews> {
  const parsed = ZNewsForm.safeParse(input);
  const errors: Record<string, string> = parsed.success ? {} : fieldErrors(parsed.error);
  const data = parsed.success ? parsed.data : null;
  const raw = (input ?? {}) as Record<string, unknown>;
  const publishAt = typeof raw.publishAt === 'string' ? zonedLocalToInstant(raw.publishAt, timeZone) : null;
  if (!errors.publishAt && !publishAt) errors.publishAt = 'Date de publication invalide (jj/mm/aaaa hh:mm).';
  let unpublishAt: Date | null = null;
  if (typeof raw.unpublishAt === 'string' && raw.unpublishAt.trim() !== '') {
    unpublishAt = zonedLocalToInstant(raw.unpublishAt, timeZone);
    if (!unpublishAt) errors.unpublishAt ??= 'Date de fin invalide (jj/mm/aaaa hh:mm).';
    else if (publishAt && unpublishAt <= publishAt)
      errors.unpublishAt ??= 'La fin de publication doit être après le début.';
  }
  if (data?.facilityId) {
    const [f] = await db
      .select({ id: facilities.id })
      .from(facilities)
      .where(and(eq(facilities.tenantId, tenantId), eq(facilities.id, data.facilityId)));
    if (!f) errors.facilityId ??= 'Équipement inconnu.';
  }
  if (Object.keys(errors).length > 0 || !data || !publishAt)
    throw new AppError('VALIDATION', 'Formulaire invalide', errors);
  return {
    title: data.title,
    body: data.body,
    publishAt,
    unpublishAt,
    facilityId: data.facilityId ?? null,
  };
}

/** Creates a news item (audited). */
export async function createNews(db: Db, args: { staff: StaffActor; now: Date; input: unknown }) {
  const { staff, now } = args;
  const tenantId = staff.tenant.id;
  const data = await parseNews(db, tenantId, staff.tenant.timeZone, args.input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(news)
      .values({ tenantId, ...data, authorUserId: staff.actor.userId, createdAt: now, updatedAt: now })
      .returning({ id: news.id });
    await writeAudit(tx, {
      tenantId,
      at: now,
      actorUserId: staff.actor.userId,
      action: 'news.create',
      subjectType: 'news',
      subjectId: row!.id,
      details: { title: data.title },
    });
    return row!.id;
  });
}

/** Updates a news item of the tenant (audited); another tenant's id is not found. */
export async function updateNews(
  db: Db,
  args: { staff: StaffActor; now: Date; newsId: string; input: unknown },
) {
  const { staff, now, newsId } = args;
  const tenantId = staff.tenant.id;
  if (!(await findNews(db, tenantId, newsId))) throw new AppError('NOT_FOUND');
  const data = await parseNews(db, tenantId, staff.tenant.timeZone, args.input);
  await db.transaction(async (tx) => {
    const rows = await tx
      .update(news)
      .set({ ...data, updatedAt: now })
      .where(and(eq(news.tenantId, tenantId), eq(news.id, newsId)))
      .returning({ id: news.id });
    if (rows.length === 0) throw new AppError('NOT_FOUND');
    await writeAudit(tx, {
      tenantId,
      at: now,
      actorUserId: staff.actor.userId,
      action: 'news.update',
      subjectType: 'news',
      subjectId: newsId,
      details: { title: data.title },
    });
  });
}

/** Deletes a news item (audited). */
export async function deleteNews(db: Db, args: { staff: StaffActor; now: Date; newsId: string }) {
  const { staff, now, newsId } = args;
  const tenantId = staff.tenant.id;
  await db.transaction(async (tx) => {
    const rows = await tx
      .delete(news)
      .where(and(eq(news.tenantId, tenantId), eq(news.id, newsId)))
      .returning({ id: news.id, title: news.title });
    if (rows.length === 0) throw new AppError('NOT_FOUND');
    await writeAudit(tx, {
      tenantId,
      at: now,
      actorUserId: staff.actor.userId,
      action: 'news.delete',
      subjectType: 'news',
      subjectId: newsId,
      details: { title: rows[0]!.title },
    });
  });
}

/**
 * News visible now. With `facilityIds` (a household's: those of its accepted enrollments), only news for
 * every facility or for one of those; without, every current news (staff and tests).
 */
export async function currentNews(db: Db, tenantId: string, now: Date, facilityIds?: string[]) {
  return visibleNews(db, tenantId, now, facilityIds);
}

/** The news a household sees now: for every facility, and for the facilities its children attend. */
export async function householdNews(db: Db, tenantId: string, householdId: string, now: Date) {
  return currentNews(db, tenantId, now, await householdFacilityIds(db, tenantId, householdId));
}
