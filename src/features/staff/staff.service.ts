import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import { enqueueEmail } from '../../platform/mail/outbox';
import { memberships, platformUsers, type StaffRole } from '../accounts/accounts.schema';
import { hashPassword, verifyPassword } from '../accounts/passwords';
import { consumeAccountToken, createAccountToken } from '../accounts/tokens';
import { writeAudit } from './audit';
import { checkRoleChoice, leavesNoAdmin, ROLE_LABELS, type Role, removalRefusal } from './domain/roles';
import {
  findMembership,
  findStaffMember,
  findUserByEmail,
  listFacilities,
  listOpenInvitations,
  listStaffMembers,
  lockAdminCount,
} from './staff.repository';

export interface ActorRef {
  userId: string;
  displayName: string;
  ip: string | null;
}

export interface TenantRef {
  id: string;
  name: string;
}

export type Outcome = { ok: true } | { ok: false; errors: Record<string, string> };

/** The staff list with role labels and facility names, for the admin page. */
export async function getStaffOverview(db: Db, tenantId: string, now: Date) {
  const [members, facilities, open] = await Promise.all([
    listStaffMembers(db, tenantId),
    listFacilities(db, tenantId),
    listOpenInvitations(db, tenantId, now),
  ]);
  const invitations = open.map((i) => ({
    email: i.email,
    roles: invitationData(i.data).roles,
    expiresAt: i.expiresAt,
  }));
  return { members, facilities, invitations };
}

/**
 * Writes a staff invitation (token valid 7 days) and its e-mail in the caller's transaction. Used by
 * tenant administrators and by the platform operator for a tenant's first administrator.
 */
export async function writeStaffInvitation(
  tx: Db,
  input: {
    tenant: TenantRef;
    actor: ActorRef;
    email: string;
    roles: Role[];
    facilityIds: string[];
    now: Date;
    /** Absolute URL prefix of the tenant, e.g. https://portail.test/demo */
    tenantUrl: string;
  },
): Promise<void> {
  const token = await createAccountToken(tx, {
    tenantId: input.tenant.id,
    purpose: 'staff_invitation',
    email: input.email,
    data: { roles: input.roles, facilityIds: input.facilityIds, invitedBy: input.actor.userId },
    now: input.now,
  });
  const roleText = input.roles.map((r) => ROLE_LABELS[r]).join(', ');
  await enqueueEmail(tx, {
    tenantId: input.tenant.id,
    to: input.email,
    subject: `Invitation à l'espace de gestion · ${input.tenant.name}`,
    text: [
      'Bonjour,',
      '',
      `${input.actor.displayName} vous invite à rejoindre l'espace de gestion du portail famille « ${input.tenant.name} » (rôles : ${roleText}).`,
      '',
      'Pour accepter l’invitation, ouvrez ce lien (valable 7 jours, utilisable une seule fois) :',
      `${input.tenantUrl}/invitation/${token}`,
      '',
      "Si vous n'attendiez pas cette invitation, ignorez simplement ce message.",
    ].join('\n'),
  });
  await writeAudit(tx, {
    tenantId: input.tenant.id,
    actorUserId: input.actor.userId,
    action: 'staff.invite',
    subjectType: 'invitation',
    subjectId: input.email,
    details: { roles: input.roles, facilityIds: input.facilityIds },
    ip: input.actor.ip,
    at: input.now,
  });
}

/** Invites a person by e-mail with roles (and facilities for directors and animators). */
export async function inviteStaffMember(
  db: Db,
  input: {
    tenant: TenantRef;
    actor: ActorRef;
    email: string;
    roles: Role[];
    facilityIds: string[];
    now: Date;
    tenantUrl: string;
  },
): Promise<Outcome> {
  const facilities = await listFacilities(db, input.tenant.id);
  const { errors, normalized } = checkRoleChoice(
    { roles: input.roles, facilityIds: input.facilityIds },
    facilities.map((f) => f.id),
  );
  const existing = await findUserByEmail(db, input.email);
  if (existing) {
    const m = await findMembership(db, input.tenant.id, existing.id);
    if (m && m.roles.length > 0) errors.email = 'Cette personne fait déjà partie des agents.';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  await db.transaction(async (tx) => {
    await writeStaffInvitation(tx, {
      ...input,
      roles: normalized.roles,
      facilityIds: normalized.facilityIds,
    });
  });
  return { ok: true };
}

/** Changes a member's roles and facilities; the tenant keeps at least one administrator. */
export async function updateStaffMember(
  db: Db,
  input: {
    tenantId: string;
    actor: ActorRef;
    membershipId: string;
    roles: Role[];
    facilityIds: string[];
    now: Date;
  },
): Promise<Outcome> {
  const member = await findStaffMember(db, input.tenantId, input.membershipId);
  if (!member) throw new AppError('NOT_FOUND');
  const facilities = await listFacilities(db, input.tenantId);
  const { errors, normalized } = checkRoleChoice(
    { roles: input.roles, facilityIds: input.facilityIds },
    facilities.map((f) => f.id),
  );
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return db.transaction(async (tx): Promise<Outcome> => {
    const adminCount = await lockAdminCount(tx, input.tenantId);
    const current = await findStaffMember(tx, input.tenantId, input.membershipId);
    if (!current) throw new AppError('NOT_FOUND');
    if (leavesNoAdmin({ currentRoles: current.roles, nextRoles: normalized.roles, adminCount }))
      return {
        ok: false,
        errors: { roles: 'La structure doit garder au moins un administrateur.' },
      };
    await tx
      .update(memberships)
      .set({ roles: normalized.roles, facilityIds: normalized.facilityIds })
      .where(and(eq(memberships.tenantId, input.tenantId), eq(memberships.id, input.membershipId)));
    await writeAudit(tx, {
      tenantId: input.tenantId,
      actorUserId: input.actor.userId,
      action: 'staff.update',
      subjectType: 'membership',
      subjectId: input.membershipId,
      details: {
        before: { roles: current.roles, facilityIds: current.facilityIds },
        after: normalized,
      },
      ip: input.actor.ip,
      at: input.now,
    });
    return { ok: true };
  });
}

/**
 * Removes a member's staff roles. A membership that is also a family one keeps its household;
 * otherwise it is deleted. Refused for oneself and for the last administrator.
 */
export async function removeStaffMember(
  db: Db,
  input: { tenantId: string; actor: ActorRef; membershipId: string; now: Date },
): Promise<Outcome> {
  return db.transaction(async (tx): Promise<Outcome> => {
    const adminCount = await lockAdminCount(tx, input.tenantId);
    const member = await findStaffMember(tx, input.tenantId, input.membershipId);
    if (!member) throw new AppError('NOT_FOUND');
    const refusal = removalRefusal({
      actorUserId: input.actor.userId,
      targetUserId: member.userId,
      targetRoles: member.roles,
      adminCount,
    });
    if (refusal === 'self')
      return { ok: false, errors: { form: 'Vous ne pouvez pas vous retirer vous-même.' } };
    if (refusal === 'last_admin')
      return { ok: false, errors: { form: 'Impossible de retirer le dernier administrateur.' } };
    const full = await findMembership(tx, input.tenantId, member.userId);
    const where = and(eq(memberships.tenantId, input.tenantId), eq(memberships.id, input.membershipId));
    if (full?.householdId) await tx.update(memberships).set({ roles: [], facilityIds: [] }).where(where);
    else await tx.delete(memberships).where(where);
    await writeAudit(tx, {
      tenantId: input.tenantId,
      actorUserId: input.actor.userId,
      action: 'staff.remove',
      subjectType: 'membership',
      subjectId: input.membershipId,
      details: { userId: member.userId, roles: member.roles },
      ip: input.actor.ip,
      at: input.now,
    });
    return { ok: true };
  });
}

export interface InvitationView {
  email: string;
  roles: Role[];
  /** An existing login with a password confirms with it; otherwise the person chooses name + password. */
  existingLogin: boolean;
}

export function invitationData(data: unknown): { roles: Role[]; facilityIds: string[] } {
  const d = (data ?? {}) as { roles?: unknown; facilityIds?: unknown };
  const roles = Array.isArray(d.roles) ? (d.roles.filter((r) => r in ROLE_LABELS) as Role[]) : [];
  const facilityIds = Array.isArray(d.facilityIds) ? d.facilityIds.map(String) : [];
  return { roles, facilityIds };
}

export async function describeInvitation(db: Db, email: string, data: unknown): Promise<InvitationView> {
  const user = await findUserByEmail(db, email);
  return { email, roles: invitationData(data).roles, existingLogin: Boolean(user?.passwordHash) };
}

/**
 * Accepts an invitation: the token is consumed (single use, conditional update) and the membership gets
 * the invited roles, in one transaction with its audit row. Returns field errors for a wrong password.
 */
export async function acceptStaffInvitation(
  db: Db,
  input: {
    tenantId: string;
    rawToken: string;
    email: string;
    now: Date;
    ip: string | null;
    answer: { kind: 'existing'; password: string } | { kind: 'new'; displayName: string; password: string };
  },
): Promise<Outcome> {
  const user = await findUserByEmail(db, input.email);
  let newHash: string | null = null;
  if (input.answer.kind === 'existing') {
    if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, input.answer.password)))
      return { ok: false, errors: { password: 'Mot de passe incorrect.' } };
  } else {
    newHash = await hashPassword(input.answer.password);
  }
  const answer = input.answer;
  return db.transaction(async (tx): Promise<Outcome> => {
    const token = await consumeAccountToken(
      tx,
      input.rawToken,
      'staff_invitation',
      input.tenantId,
      input.now,
    );
    if (!token) throw new AppError('NOT_FOUND');
    const { roles, facilityIds } = invitationData(token.data);
    let userId = user?.id;
    if (!userId) {
      const [created] = await tx
        .insert(platformUsers)
        .values({
          email: token.email,
          displayName: answer.kind === 'new' ? answer.displayName : token.email,
          passwordHash: newHash,
        })
        .returning({ id: platformUsers.id });
      userId = created!.id;
    } else if (answer.kind === 'new') {
      // A login without a password yet (never activated): the invitation link proves the address.
      await tx
        .update(platformUsers)
        .set({ displayName: answer.displayName, passwordHash: newHash })
        .where(eq(platformUsers.id, userId));
    }
    const existing = await findMembership(tx, input.tenantId, userId);
    if (existing) {
      const merged = [...new Set([...existing.roles, ...roles])] as StaffRole[];
      const mergedFacilities = [...new Set([...existing.facilityIds, ...facilityIds])];
      await tx
        .update(memberships)
        .set({ roles: merged, facilityIds: mergedFacilities })
        .where(eq(memberships.id, existing.id));
    } else {
      await tx.insert(memberships).values({ tenantId: input.tenantId, userId, roles, facilityIds });
    }
    await writeAudit(tx, {
      tenantId: input.tenantId,
      actorUserId: userId,
      action: 'staff.invitation_accepted',
      subjectType: 'user',
      subjectId: userId,
      details: { roles, facilityIds },
      ip: input.ip,
      at: input.now,
    });
    return { ok: true };
  });
}
