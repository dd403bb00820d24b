import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { accountTokens, memberships, platformUsers } from '../accounts/accounts.schema';
import { facilities } from '../catalogue/catalogue.schema';

export interface StaffMemberRow {
  membershipId: string;
  userId: string;
  email: string;
  displayName: string;
  roles: string[];
  facilityIds: string[];
}

const staffOnly = (tenantId: string) =>
  and(eq(memberships.tenantId, tenantId), sql`cardinality(${memberships.roles}) > 0`);

export async function listStaffMembers(db: Db, tenantId: string): Promise<StaffMemberRow[]> {
  return db
    .select({
      membershipId: memberships.id,
      userId: memberships.userId,
      email: platformUsers.email,
      displayName: platformUsers.displayName,
      roles: memberships.roles,
      facilityIds: memberships.facilityIds,
    })
    .from(memberships)
    .innerJoin(platformUsers, eq(platformUsers.id, memberships.userId))
    .where(staffOnly(tenantId))
    .orderBy(asc(platformUsers.displayName));
}

export async function findStaffMember(
  db: Db,
  tenantId: string,
  membershipId: string,
): Promise<StaffMemberRow | null> {
  const [row] = await db
    .select({
      membershipId: memberships.id,
      userId: memberships.userId,
      email: platformUsers.email,
      displayName: platformUsers.displayName,
      roles: memberships.roles,
      facilityIds: memberships.facilityIds,
    })
    .from(memberships)
    .innerJoin(platformUsers, eq(platformUsers.id, memberships.userId))
    .where(and(staffOnly(tenantId), eq(memberships.id, membershipId)));
  return row ?? null;
}

export async function listFacilities(db: Db, tenantId: string): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: facilities.id, name: facilities.name })
    .from(facilities)
    .where(eq(facilities.tenantId, tenantId))
    .orderBy(asc(facilities.name));
}

/**
 * Locks the tenant's administrator memberships and returns how many there are. Two administrators
 * removing each other at once serialise on these rows, so the tenant never ends without one.
 */
export async function lockAdminCount(tx: Db, tenantId: string): Promise<number> {
  const rows = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenantId), sql`'admin' = any(${memberships.roles})`))
    .for('update');
  return rows.length;
}

export async function findUserByEmail(db: Db, email: string) {
  const [row] = await db
    .select()
    .from(platformUsers)
    .where(sql`lower(${platformUsers.email}) = ${email.toLowerCase()}`);
  return row ?? null;
}

export async function findMembership(db: Db, tenantId: string, userId: string) {
  const [row] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)));
  return row ?? null;
}

/** Invitations sent and not yet accepted nor expired, newest first. */
export async function listOpenInvitations(db: Db, tenantId: string, now: Date) {
  return db
    .select({ email: accountTokens.email, data: accountTokens.data, expiresAt: accountTokens.expiresAt })
    .from(accountTokens)
    .where(
      and(
        eq(accountTokens.tenantId, tenantId),
        eq(accountTokens.purpose, 'staff_invitation'),
        isNull(accountTokens.usedAt),
        gt(accountTokens.expiresAt, now),
      ),
    )
    .orderBy(sql`${accountTokens.createdAt} desc`);
}
