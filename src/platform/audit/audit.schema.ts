import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants } from '../../features/tenants/tenants.schema';

/** Append-only audit trail: every staff change, every staff read of health data, every sign-in. */
export const auditLog = pgTable(
  'audit_log',
  {
    tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'cascade' }),
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorUserId: uuid('actor_user_id'),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull().default(''),
    subjectId: text('subject_id').notNull().default(''),
    details: jsonb('details').notNull().default({}),
    ip: text('ip'),
  },
  (t) => [index('audit_log_tenant_at').on(t.tenantId, t.at)],
);
