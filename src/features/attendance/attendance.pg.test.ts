// The same offline batch sent by several retries at once, on real PostgreSQL (PGlite runs one query at a
// time and cannot show races): every action applies once.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, eq, like } from 'drizzle-orm';
import { createBookableActivity, enroll } from '../../../test/helpers/booking-factories';
import { createFamily, createTenant, createUser } from '../../../test/helpers/factories';
import { auditLog } from '../../platform/audit/audit.schema';
import { type Database, openDatabase } from '../../platform/db/client';
import type { StaffActor } from '../../platform/http/policies';
import { memberships, platformUsers } from '../accounts/accounts.schema';
import { bookings } from '../bookings/bookings.schema';
import { tenants } from '../tenants/tenants.schema';
import { attendanceMarks } from './attendance.schema';
import { applyRegisterActions, type RegisterActionInput } from './attendance.service';

const url = process.env.TEST_DATABASE_URL;

describe('register actions replayed concurrently (PostgreSQL)', { skip: !url }, () => {
  let database: Database;
  const created: string[] = [];
  const users: string[] = [];
  before(async () => {
    database = await openDatabase({ url, poolMax: 20 });
    await database.migrate();
  });
  after(async () => {
    if (database) {
      for (const id of created) await database.db.delete(tenants).where(eq(tenants.id, id));
      for (const id of users) await database.db.delete(platformUsers).where(eq(platformUsers.id, id));
    }
    await database?.close();
  });

  it('applies each action of a batch once when ten retries of it race', async () => {
    const db = database.db;
    const tenant = await createTenant(db, { slug: `reg-${randomUUID().slice(0, 8)}` });
    created.push(tenant.id);
    const cat = await createBookableActivity(db, tenant.id);
    const day = '2026-11-25';
    const kids = [];
    for (let i = 0; i < 3; i++) {
      const f = await createFamily(db, tenant.id);
      const e = await enroll(db, tenant.id, f.household.id, f.child.id, cat.activity.id, cat.period.id);
      await db.insert(bookings).values({
        tenantId: tenant.id,
        householdId: f.household.id,
        childId: f.child.id,
        enrollmentId: e.id,
        activityId: cat.activity.id,
        periodId: cat.period.id,
        unitId: cat.journee.id,
        day,
        status: 'confirmed',
        requestedAt: new Date(),
        updatedAt: new Date(),
      });
      kids.push(f.child.id);
      users.push(f.user.id);
    }
    const user = await createUser(db, { email: `animation-${tenant.slug}@exemple.test` });
    users.push(user.id);
    await db
      .insert(memberships)
      .values({ tenantId: tenant.id, userId: user.id, roles: ['animator'], facilityIds: [cat.facility.id] });
    const staff: StaffActor = {
      actor: {
        userId: user.id,
        email: user.email,
        displayName: user.displayName,
        isOperator: false,
        membership: null,
      },
      tenant,
      roles: ['animator'],
      facilityIds: [cat.facility.id],
    };
    const at = (hm: string) => new Date(`${day}T${hm}:00Z`);
    const batch: RegisterActionInput[] = [
      ...kids.map((childId, i) => ({
        id: randomUUID(),
        kind: 'check-in' as const,
        childId,
        unitId: cat.journee.id,
        day,
        at: at(`07:4${i}`),
      })),
      {
        id: randomUUID(),
        kind: 'check-out',
        childId: kids[0]!,
        unitId: cat.journee.id,
        day,
        at: at('08:30'),
      },
      { id: randomUUID(), kind: 'absent', childId: kids[1]!, unitId: cat.journee.id, day, at: at('08:31') },
    ];
    const now = new Date(`${day}T09:00:00Z`);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => applyRegisterActions(db, { staff, actions: batch, now })),
    );
    const applied = answers.flat().filter((a) => a.status === 'applied').length;
    const duplicates = answers.flat().filter((a) => a.status === 'duplicate').length;
    assert.equal(applied, batch.length, 'each action applied exactly once');
    assert.equal(duplicates, batch.length * 9);
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.id), like(auditLog.action, 'attendance.%')));
    assert.equal(audits.length, batch.length);
    const marks = await db.select().from(attendanceMarks).where(eq(attendanceMarks.tenantId, tenant.id));
    const byChild = new Map(marks.map((m) => [m.childId, m]));
    assert.equal(byChild.get(kids[0]!)?.leftAt?.toISOString(), at('08:30').toISOString());
    assert.equal(byChild.get(kids[1]!)?.state, 'absent');
    assert.equal(byChild.get(kids[2]!)?.state, 'present');
  });
});
