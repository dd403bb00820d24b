// Races on real PostgreSQL (PGlite runs one query at a time, so these cannot show there).
// Other PostgreSQL suites share the database and run at the same time: nothing here drops or truncates;
// every row belongs to tenants and logins with random names, deleted at the end.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, eq, inArray, like, sql } from 'drizzle-orm';
import { type Database, openDatabase } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import { outboxEmails } from '../../platform/mail/mail.schema';
import { memberships, platformUsers, type StaffRole } from '../accounts/accounts.schema';
import { createAccountToken } from '../accounts/tokens';
import { households } from '../households/households.schema';
import { decideSignup } from '../signup/signup.service';
import { tenants } from '../tenants/tenants.schema';
import { acceptStaffInvitation, removeStaffMember } from './staff.service';

const url = process.env.TEST_DATABASE_URL;
let database: Database;
const now = new Date('2026-11-25T09:00:00Z');

describe('staff races on PostgreSQL', { skip: !url }, () => {
  const userIds: string[] = [];
  const createTenant = async (db: Database['db']) => {
    const slug = `race-${randomUUID().slice(0, 8)}`;
    const [row] = await db
      .insert(tenants)
      .values({
        slug,
        name: slug,
        legalName: slug,
        siret: '21750001600019',
        contactEmail: `${slug}@exemple.test`,
      })
      .returning();
    return row!;
  };
  const createStaff = async (db: Database['db'], tenantId: string, roles: StaffRole[]) => {
    const [user] = await db
      .insert(platformUsers)
      .values({ email: `race-${randomUUID()}@exemple.test`, displayName: 'Course' })
      .returning();
    userIds.push(user!.id);
    await db.insert(memberships).values({ tenantId, userId: user!.id, roles });
    return user!;
  };

  before(async () => {
    database = await openDatabase({ url: url!, poolMax: 10 });
    await database.migrate();
  });
  after(async () => {
    await database.db.delete(tenants).where(like(tenants.slug, 'race-%'));
    await database.db.delete(platformUsers).where(like(platformUsers.email, 'race-%'));
    if (userIds.length > 0) await database.db.delete(platformUsers).where(inArray(platformUsers.id, userIds));
    await database?.close();
  });

  const settle = async (ps: Promise<unknown>[]) => Promise.allSettled(ps);

  it('two administrators removing each other at once leave exactly one administrator', async () => {
    for (let round = 0; round < 5; round++) {
      const db = database.db;
      const tenant = await createTenant(db);
      const a = await createStaff(db, tenant.id, ['admin']);
      const b = await createStaff(db, tenant.id, ['admin']);
      const [ma] = await db.select().from(memberships).where(eq(memberships.userId, a.id));
      const [mb] = await db.select().from(memberships).where(eq(memberships.userId, b.id));
      const results = await settle([
        removeStaffMember(db, {
          tenantId: tenant.id,
          actor: { userId: a.id, displayName: 'A', ip: null },
          membershipId: mb!.id,
          now,
        }),
        removeStaffMember(db, {
          tenantId: tenant.id,
          actor: { userId: b.id, displayName: 'B', ip: null },
          membershipId: ma!.id,
          now,
        }),
      ]);
      const oks = results.filter((r) => r.status === 'fulfilled' && (r.value as { ok: boolean }).ok);
      assert.equal(oks.length, 1, `round ${round}: ${JSON.stringify(results)}`);
      const admins = await db
        .select()
        .from(memberships)
        .where(and(eq(memberships.tenantId, tenant.id), sql`'admin' = any(${memberships.roles})`));
      assert.equal(admins.length, 1);
    }
  });

  it('an invitation link submitted twice at once is used once', async () => {
    const db = database.db;
    const tenant = await createTenant(db);
    const doubleEmail = `race-${randomUUID()}@exemple.test`;
    const raw = await createAccountToken(db, {
      tenantId: tenant.id,
      purpose: 'staff_invitation',
      email: doubleEmail,
      data: { roles: ['manager'], facilityIds: [] },
      now,
    });
    const accept = () =>
      acceptStaffInvitation(db, {
        tenantId: tenant.id,
        rawToken: raw,
        email: doubleEmail,
        now,
        ip: null,
        answer: { kind: 'new', displayName: 'Double Clic', password: 'une phrase de passe' },
      });
    const results = await settle([accept(), accept(), accept()]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results)
      if (r.status === 'rejected') assert.ok(r.reason instanceof AppError && r.reason.code === 'NOT_FOUND');
    const rows = await db.select().from(memberships).where(eq(memberships.tenantId, tenant.id));
    assert.equal(rows.length, 1);
  });

  it('two managers deciding the same sign-up at once: one decision wins', async () => {
    const db = database.db;
    const tenant = await createTenant(db);
    const m1 = await createStaff(db, tenant.id, ['manager']);
    const m2 = await createStaff(db, tenant.id, ['manager']);
    const [hh] = await db
      .insert(households)
      .values({ tenantId: tenant.id, name: 'Course', status: 'pending' })
      .returning();
    const decide = (userId: string, decision: 'accept' | 'refuse') =>
      decideSignup(db, {
        tenant,
        householdId: hh!.id,
        decision,
        comment: 'Motif',
        actor: { userId, displayName: 'M', ip: null },
        now,
        tenantUrl: 'http://localhost/x',
      });
    const results = await settle([decide(m1.id, 'accept'), decide(m2.id, 'refuse')]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const [row] = await db.select().from(households).where(eq(households.id, hh!.id));
    assert.ok(row?.status === 'active' || row?.status === 'archived');
    // The household has no login here, so no e-mail either way; what matters is a single decision.
    assert.equal(
      (await db.select().from(outboxEmails).where(eq(outboxEmails.tenantId, tenant.id))).length,
      0,
    );
  });
});
