import { and, count, eq, gt, isNotNull, max, sql } from 'drizzle-orm';
import { auditLog } from '../../platform/audit/audit.schema';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import { platformSessions } from '../../platform/http/sessions.schema';
import { memberships } from '../accounts/accounts.schema';
import { uploadedFiles } from '../documents/documents.schema';
import { children, households } from '../households/households.schema';
import { writeAudit } from '../staff/audit';
import { findMembership, findUserByEmail } from '../staff/staff.repository';
import type { ActorRef, Outcome } from '../staff/staff.service';
import { writeStaffInvitation } from '../staff/staff.service';
import { type Tenant, tenants } from '../tenants/tenants.schema';

export interface TenantUsage {
  households: number;
  children: number;
  staff: number;
  activeSessions: number;
  /** Bytes of the files stored for the tenant (documents, attachments), before encryption. */
  fileBytes: number;
  lastSignInAt: Date | null;
}

export const EMPTY_USAGE: TenantUsage = {
  households: 0,
  children: 0,
  staff: 0,
  activeSessions: 0,
  fileBytes: 0,
  lastSignInAt: null,
};

/** Households, children, staff members, live sessions, stored bytes and last sign-in per tenant id. */
export async function usageByTenant(db: Db, now: Date): Promise<Map<string, TenantUsage>> {
  // Sequential on purpose: PGlite runs one query at a time, and the page is the operator's only.
  const hh = await db
    .select({ tenantId: households.tenantId, n: count() })
    .from(households)
    .groupBy(households.tenantId);
  const kids = await db
    .select({ tenantId: children.tenantId, n: count() })
    .from(children)
    .groupBy(children.tenantId);
  const bytes = await db
    .select({
      tenantId: uploadedFiles.tenantId,
      n: sql<string>`coalesce(sum(${uploadedFiles.sizeBytes}), 0)`,
    })
    .from(uploadedFiles)
    .groupBy(uploadedFiles.tenantId);
  const signIns = await db
    .select({ tenantId: auditLog.tenantId, at: max(auditLog.at) })
    .from(auditLog)
    .where(eq(auditLog.action, 'auth.sign_in'))
    .groupBy(auditLog.tenantId);
  const [staff, sessions] = await Promise.all([
    db
      .select({ tenantId: memberships.tenantId, n: count() })
      .from(memberships)
      .where(sql`cardinality(${memberships.roles}) > 0`)
      .groupBy(memberships.tenantId),
    db
      .select({ tenantId: platformSessions.tenantId, n: count() })
      .from(platformSessions)
      .where(and(isNotNull(platformSessions.tenantId), gt(platformSessions.expiresAt, now)))
      .groupBy(platformSessions.tenantId),
  ]);
  const out = new Map<string, TenantUsage>();
  const get = (id: string) => {
    let u = out.get(id);
    if (!u) {
      u = { ...EMPTY_USAGE };
      out.set(id, u);
    }
    return u;
  };
  for (const r of hh) get(r.tenantId).households = Number(r.n);
  for (const r of kids) get(r.tenantId).children = Number(r.n);
  for (const r of bytes) get(r.tenantId).fileBytes = Number(r.n);
  for (const r of signIns) if (r.tenantId && r.at) get(r.tenantId).lastSignInAt = new Date(r.at);
  for (const r of staff) get(r.tenantId).staff = Number(r.n);
  for (const r of sessions) if (r.tenantId) get(r.tenantId).activeSessions = Number(r.n);
  return out;
}

export interface NewTenantInput {
  slug: string;
  name: string;
  legalName: string;
  siret: string;
  contactEmail: string;
  schoolZone: 'A' | 'B' | 'C';
  holidayRegion: 'metropole' | 'alsace-moselle' | 'monaco';
}

/** Creates a tenant (slug unique: the unique index decides, a duplicate becomes a field error). */
export async function createTenant(
  db: Db,
  input: NewTenantInput & { actor: ActorRef; now: Date },
): Promise<Outcome & { tenantId?: string }> {
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(tenants)
        .values({
          slug: input.slug,
          name: input.name,
          legalName: input.legalName,
          siret: input.siret,
          contactEmail: input.contactEmail,
          schoolZone: input.schoolZone,
          holidayRegion: input.holidayRegion,
        })
        .returning({ id: tenants.id });
      await writeAudit(tx, {
        tenantId: row!.id,
        actorUserId: input.actor.userId,
        action: 'tenant.create',
        subjectType: 'tenant',
        subjectId: row!.id,
        details: { slug: input.slug, name: input.name },
        ip: input.actor.ip,
        at: input.now,
      });
      return { ok: true as const, tenantId: row!.id };
    });
  } catch (err) {
    const e = err as { code?: string; cause?: { code?: string } };
    if (e.code === '23505' || e.cause?.code === '23505')
      return { ok: false, errors: { slug: 'Cet identifiant est déjà utilisé par une autre structure.' } };
    throw err;
  }
}

/** Suspends or reactivates a tenant; a suspended tenant answers 503 « service suspendu » except to operators. */
export async function setTenantStatus(
  db: Db,
  input: { tenantId: string; status: 'active' | 'suspended'; actor: ActorRef; now: Date },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(tenants)
      .set({ status: input.status })
      .where(eq(tenants.id, input.tenantId))
      .returning({ id: tenants.id });
    if (!row) throw new AppError('NOT_FOUND');
    await writeAudit(tx, {
      tenantId: input.tenantId,
      actorUserId: input.actor.userId,
      action: input.status === 'suspended' ? 'tenant.suspend' : 'tenant.reactivate',
      subjectType: 'tenant',
      subjectId: input.tenantId,
      ip: input.actor.ip,
      at: input.now,
    });
  });
}

/** Invites a tenant's (first) administrator: a staff invitation with the role admin. */
export async function inviteTenantAdmin(
  db: Db,
  input: { tenant: Tenant; email: string; actor: ActorRef; now: Date; tenantUrl: string },
): Promise<Outcome> {
  const user = await findUserByEmail(db, input.email);
  if (user) {
    const m = await findMembership(db, input.tenant.id, user.id);
    if (m?.roles.includes('admin'))
      return { ok: false, errors: { email: 'Cette personne est déjà administratrice de la structure.' } };
  }
  await db.transaction(async (tx) => {
    await writeStaffInvitation(tx, {
      tenant: input.tenant,
      actor: input.actor,
      email: input.email,
      roles: ['admin'],
      facilityIds: [],
      now: input.now,
      tenantUrl: input.tenantUrl,
    });
  });
  return { ok: true };
}
