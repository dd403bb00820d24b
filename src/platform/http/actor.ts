import { and, eq } from 'drizzle-orm';
import { memberships, platformUsers, type StaffRole } from '../../features/accounts/accounts.schema';
import { households } from '../../features/households/households.schema';
import type { Db } from '../db/client';

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** Who is making the request, as far as the current tenant is concerned. */
export interface Actor {
  userId: string;
  email: string;
  displayName: string;
  isOperator: boolean;
  /** The login's membership in the current tenant, if any. */
  membership: {
    id: string;
    householdId: string | null;
    /** 'pending' until staff accept an online sign-up; 'archived' when refused or archived. */
    householdStatus: string | null;
    roles: StaffRole[];
    facilityIds: string[];
  } | null;
}

export async function loadActor(db: Db, userId: string, tenantId: string | null): Promise<Actor | null> {
  const [row] = await db
    .select({
      userId: platformUsers.id,
      email: platformUsers.email,
      displayName: platformUsers.displayName,
      isOperator: platformUsers.isOperator,
      membershipId: memberships.id,
      householdId: memberships.householdId,
      roles: memberships.roles,
      facilityIds: memberships.facilityIds,
      householdStatus: households.status,
    })
    .from(platformUsers)
    .leftJoin(
      memberships,
      // Outside a tenant (platform pages) no membership applies: the nil uuid matches none.
      and(eq(memberships.userId, platformUsers.id), eq(memberships.tenantId, tenantId ?? NIL_UUID)),
    )
    .leftJoin(households, eq(households.id, memberships.householdId))
    .where(eq(platformUsers.id, userId));
  if (!row) return null;
  return {
    userId: row.userId,
    email: row.email,
    displayName: row.displayName,
    isOperator: row.isOperator,
    membership: row.membershipId
      ? {
          id: row.membershipId,
          householdId: row.householdId,
          householdStatus: row.householdStatus ?? null,
          roles: (row.roles ?? []) as StaffRole[],
          facilityIds: row.facilityIds ?? [],
        }
      : null,
  };
}
