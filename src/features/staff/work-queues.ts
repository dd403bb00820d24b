import { and, count, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import type { StaffRole } from '../accounts/accounts.schema';
import { households } from '../households/households.schema';

/** A list of things waiting for staff, shown as a card with its count on the back-office home. */
export interface WorkQueue {
  label: string;
  /** Path under the tenant base, starting with '/'. */
  href: string;
  /** Who sees the card (administrators always do). */
  roles: readonly StaffRole[];
  /**
   * The number of items. `facilityIds` is the staff member's facility scope (null: every facility of the
   * tenant): a queue bound to facilities (enrollments, bookings, absences) counts only those a director
   * would find on the queue's page.
   */
  count: (db: Db, tenantId: string, facilityIds: readonly string[] | null) => Promise<number>;
}

/** Every work queue of the back office. Features add their entry here (one object each). */
export const WORK_QUEUES: WorkQueue[] = [
  {
    label: 'Comptes famille en attente de validation',
    href: '/gestion/comptes-en-attente',
    roles: ['manager'],
    count: async (db, tenantId) => {
      const [row] = await db
        .select({ n: count() })
        .from(households)
        .where(and(eq(households.tenantId, tenantId), eq(households.status, 'pending')));
      return Number(row?.n ?? 0);
    },
  },
];

/** Adds a feature's queue (once per href), from src/features/wiring.ts. */
export function registerWorkQueue(queue: WorkQueue): void {
  if (!WORK_QUEUES.some((q) => q.href === queue.href)) WORK_QUEUES.push(queue);
}

/**
 * The facility scope of a staff member for facility-bound queues: null (all) for administrators,
 * managers and accountants, else the facilities of their membership (directors, animators), as
 * canSeeFacility decides.
 */
export function queueScope(staff: { roles: readonly StaffRole[]; facilityIds: readonly string[] }) {
  return staff.roles.some((r) => r === 'admin' || r === 'manager' || r === 'accountant')
    ? null
    : staff.facilityIds;
}

export function queuesFor(roles: readonly StaffRole[]): WorkQueue[] {
  return WORK_QUEUES.filter((q) => roles.includes('admin') || q.roles.some((r) => roles.includes(r)));
}
