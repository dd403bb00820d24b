import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { platformUsers } from '../accounts/accounts.schema';
import { facilities } from '../catalogue/catalogue.schema';
import { tenants } from '../tenants/tenants.schema';

/** A news item from the tenant to families, visible between its publish and unpublish instants. */
export const news = pgTable(
  'news',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    /** Plain text; blank lines separate paragraphs. Always escaped when shown. */
    body: text('body').notNull(),
    publishAt: timestamp('publish_at', { withTimezone: true }).notNull(),
    unpublishAt: timestamp('unpublish_at', { withTimezone: true }),
    /** null: for every facility. */
    facilityId: uuid('facility_id').references(() => facilities.id, { onDelete: 'cascade' }),
    authorUserId: uuid('author_user_id').references(() => platformUsers.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('news_tenant_publish').on(t.tenantId, t.publishAt),
    check('news_window', sql`${t.unpublishAt} is null or ${t.unpublishAt} > ${t.publishAt}`),
  ],
);
export type News = typeof news.$inferSelect;
