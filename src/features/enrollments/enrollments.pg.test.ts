// Concurrency on real PostgreSQL (PGlite runs one query at a time and cannot show races).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { createCatalogue, createHousehold, createTenant, createUser } from '../../../test/helpers/factories';
import { type Database, openDatabase } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import { memberships } from '../accounts/accounts.schema';
import { activityGroups } from '../catalogue/catalogue.schema';
import { guardians } from '../households/households.schema';
import { enrollmentsOfTenant } from './enrollments.repository';
import { enrollments } from './enrollments.schema';
import { decideEnrollment, moveOnWaitingList } from './enrollments.service';

const url = process.env.TEST_DATABASE_URL;

describe('enrollment decisions under concurrency (PostgreSQL)', { skip: !url }, () => {
  let database: Database;
  before(async () => {
    database = await openDatabase({ url, poolMax: 30 });
    await database.migrate();
  });
  after(async () => database?.close());

  async function world(pending: number, capacity: number) {
    const db = database.db;
    // The database outlives runs and other suites share it: unique slugs and e-mails, no truncation.
    const run = randomUUID().slice(0, 8);
    const tenant = await createTenant(db, { slug: `cat-${run}` });
    const cat = await createCatalogue(db, tenant.id);
    const [group] = await db
      .insert(activityGroups)
      .values({ tenantId: tenant.id, activityId: cat.activity.id, name: 'Groupe', capacity })
      .returning();
    const staff = await createUser(db, { email: `gestion-${run}@exemple.test` });
    await db.insert(memberships).values({ tenantId: tenant.id, userId: staff.id, roles: ['manager'] });
    const ids: string[] = [];
    for (let i = 0; i < pending; i++) {
      const h = await createHousehold(db, tenant.id);
      const [e] = await db
        .insert(enrollments)
        .values({
          tenantId: tenant.id,
          householdId: h.household.id,
          childId: h.child.id,
          activityId: cat.activity.id,
          periodId: cat.period.id,
          requestedAt: new Date(),
        })
        .returning();
      ids.push(e!.id);
    }
    // No e-mail addresses: the outbox is shared with the workers suite running alongside, which counts it.
    await db.update(guardians).set({ email: '' }).where(eq(guardians.tenantId, tenant.id));
    return { tenant, cat, group: group!, staff, ids };
  }

  it('never accepts more children than the group holds (20 concurrent accepts, 5 places)', async () => {
    const w = await world(20, 5);
    const results = await Promise.allSettled(
      w.ids.map((id) =>
        decideEnrollment({
          db: database.db,
          tenant: w.tenant,
          staffUserId: w.staff.id,
          canSeeFacility: () => true,
          enrollmentId: id,
          decision: { kind: 'accept', groupId: w.group.id },
          now: new Date(),
        }),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    const full = results.filter(
      (r) => r.status === 'rejected' && r.reason instanceof AppError && r.reason.code === 'CONFLICT',
    ).length;
    assert.equal(ok, 5);
    assert.equal(full, 15, 'every other attempt gets a definite "group full" answer');
    const [row] = await database.db
      .select({ n: sql<string>`count(*)` })
      .from(enrollments)
      .where(sql`${enrollments.groupId} = ${w.group.id} and ${enrollments.status} = 'accepted'`);
    assert.equal(Number(row!.n), 5);
  });

  it('keeps waiting-list ranks unique and gap-free while entries join and leave concurrently', async () => {
    const w = await world(30, 3);
    const decide = (id: string, decision: Parameters<typeof decideEnrollment>[0]['decision']) =>
      decideEnrollment({
        db: database.db,
        tenant: w.tenant,
        staffUserId: w.staff.id,
        canSeeFacility: () => true,
        enrollmentId: id,
        decision,
        now: new Date(),
      });
    // Everyone joins the waiting list at once.
    await Promise.all(w.ids.map((id) => decide(id, { kind: 'waitlist' })));
    // Then, concurrently: some leave by acceptance (3 places), some are refused, others re-waitlisted.
    await Promise.allSettled(
      w.ids.map((id, i) =>
        i % 3 === 0
          ? decide(id, { kind: 'accept', groupId: w.group.id })
          : i % 3 === 1
            ? decide(id, { kind: 'refuse', reason: 'Complet' })
            : decide(id, { kind: 'waitlist' }),
      ),
    );
    const rows = await enrollmentsOfTenant(database.db, w.tenant.id, ['waiting', 'accepted']);
    const accepted = rows.filter((r) => r.enrollment.status === 'accepted');
    assert.equal(accepted.length, 3);
    const ranks = rows
      .filter((r) => r.enrollment.status === 'waiting')
      .map((r) => r.rank!)
      .sort((a, b) => a - b);
    // 10 re-waitlisted + 7 accept attempts that found the group full stay waiting.
    assert.equal(ranks.length, 17);
    assert.deepEqual(
      ranks,
      Array.from({ length: ranks.length }, (_, i) => i + 1),
    );
    const [g] = await database.db.select().from(activityGroups).where(eq(activityGroups.id, w.group.id));
    assert.equal(g!.capacity, 3);
  });

  it('keeps the waiting list whole under concurrent hand moves (no deadlock, no lost entry)', async () => {
    const w = await world(8, 0);
    await Promise.all(
      w.ids.map((id) =>
        decideEnrollment({
          db: database.db,
          tenant: w.tenant,
          staffUserId: w.staff.id,
          canSeeFacility: () => true,
          enrollmentId: id,
          decision: { kind: 'waitlist' },
          now: new Date(0),
        }),
      ),
    );
    const results = await Promise.allSettled(
      w.ids.flatMap((id, i) =>
        [0, 1, 2].map((k) =>
          moveOnWaitingList({
            db: database.db,
            tenantId: w.tenant.id,
            staffUserId: w.staff.id,
            canSeeFacility: () => true,
            enrollmentId: id,
            direction: (i + k) % 2 === 0 ? 'up' : 'down',
            now: new Date(),
          }),
        ),
      ),
    );
    // Only "already first/last" conflicts may fail; never a deadlock or a database error.
    for (const r of results)
      if (r.status === 'rejected')
        assert.ok(r.reason instanceof AppError && r.reason.code === 'CONFLICT', String(r.reason));
    const rows = await enrollmentsOfTenant(database.db, w.tenant.id, ['waiting']);
    assert.deepEqual(rows.map((r) => r.enrollment.id).sort(), [...w.ids].sort());
    assert.deepEqual(
      rows.map((r) => r.rank!).sort((a, b) => a - b),
      Array.from({ length: 8 }, (_, i) => i + 1),
    );
    const instants = rows.map((r) => r.enrollment.waitingSince!.getTime());
    assert.equal(new Set(instants).size, 8, 'ties broken: every entry has its own instant');
  });
});
