import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { households } from '../households/households.schema';
import { tenants } from '../tenants/tenants.schema';

export const REQUEST_KINDS = ['change', 'add_child', 'add_contact', 'remove_contact'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];
export const REQUEST_STATUSES = ['pending', 'accepted', 'refused', 'replaced'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/**
 * A family's request that staff must validate: a change of fields (the diff, before → after), or a new
 * child or contact (the payload). Decided once: the decision is a conditional update on `status`.
 */
export const householdRequests = pgTable(
  'household_requests',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    /** 'household' | 'guardian' | 'child' | 'childHealth' | 'contact' | '' (for additions). */
    subjectType: text('subject_type').notNull().default(''),
    subjectId: uuid('subject_id'),
    /** Change: [{ field, label, before, after }]. */
    changes: jsonb('changes').notNull().default([]),
    /** Additions: the new record's fields; removal of a contact: its name at the time. */
    payload: jsonb('payload').notNull().default({}),
    status: text('status').notNull().default('pending'),
    /** When this request replaced (part of) an earlier pending one, its id. */
    replacesId: uuid('replaces_id'),
    staffComment: text('staff_comment').notNull().default(''),
    createdByUserId: uuid('created_by_user_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedByUserId: uuid('decided_by_user_id'),
  },
  (t) => [
    index('household_requests_household').on(t.tenantId, t.householdId, t.createdAt),
    // The staff queue reads pending requests oldest first.
    index('household_requests_pending').on(t.tenantId, t.createdAt).where(sql`${t.status} = 'pending'`),
    check('household_requests_kind', sql`${t.kind} in ('change','add_child','add_contact','remove_contact')`),
    check('household_requests_status', sql`${t.status} in ('pending','accepted','refused','replaced')`),
  ],
);
