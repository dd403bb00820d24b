import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { platformUsers } from '../accounts/accounts.schema';
import { uploadedFiles } from '../documents/documents.schema';
import { children, households } from '../households/households.schema';
import { tenants } from '../tenants/tenants.schema';

export const THREAD_CATEGORIES = ['inscription', 'facturation', 'reservation', 'absence', 'autre'] as const;
export type ThreadCategory = (typeof THREAD_CATEGORIES)[number];

/** A conversation between one household and the service. */
export const messageThreads = pgTable(
  'message_threads',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    childId: uuid('child_id').references(() => children.id, { onDelete: 'set null' }),
    subject: text('subject').notNull(),
    category: text('category').notNull(),
    status: text('status').notNull().default('open'),
    assignedToUserId: uuid('assigned_to_user_id').references(() => platformUsers.id, {
      onDelete: 'set null',
    }),
    createdByUserId: uuid('created_by_user_id').references(() => platformUsers.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }).notNull(),
    /**
     * Per-side read markers: the highest message `seq` each side has seen. A sequence, not a time, so
     * two messages in the same millisecond still count as two.
     */
    familyReadSeq: bigint('family_read_seq', { mode: 'number' }).notNull().default(0),
    staffReadSeq: bigint('staff_read_seq', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    index('message_threads_household').on(t.tenantId, t.householdId, t.lastMessageAt),
    index('message_threads_status').on(t.tenantId, t.status, t.lastMessageAt),
    check(
      'message_threads_category',
      sql`${t.category} in ('inscription','facturation','reservation','absence','autre')`,
    ),
    check('message_threads_status', sql`${t.status} in ('open','closed')`),
  ],
);
export type MessageThread = typeof messageThreads.$inferSelect;

/** One message of a thread, written by the family side or the staff side. */
export const threadMessages = pgTable(
  'thread_messages',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigserial('seq', { mode: 'number' }).notNull().unique(),
    threadId: uuid('thread_id')
      .notNull()
      .references(() => messageThreads.id, { onDelete: 'cascade' }),
    authorSide: text('author_side').notNull(),
    authorUserId: uuid('author_user_id').references(() => platformUsers.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('thread_messages_thread').on(t.tenantId, t.threadId, t.seq),
    check('thread_messages_side', sql`${t.authorSide} in ('family','staff')`),
  ],
);

/** A file attached to a message; the bytes live in the file storage under a random key. */
export const messageAttachments = pgTable(
  'message_attachments',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    messageId: uuid('message_id')
      .notNull()
      .references(() => threadMessages.id, { onDelete: 'cascade' }),
    fileId: uuid('file_id')
      .notNull()
      .references(() => uploadedFiles.id, { onDelete: 'restrict' }),
  },
  (t) => [index('message_attachments_message').on(t.tenantId, t.messageId)],
);
