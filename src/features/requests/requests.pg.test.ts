import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { createFamily, createTenant, createUser } from '../../../test/helpers/factories';
import { auditLog } from '../../platform/audit/audit.schema';
import { type Database, type Db, openDatabase } from '../../platform/db/client';
import { memberships } from '../accounts/accounts.schema';
import { guardians, households } from '../households/households.schema';
import { changeHouseholdFields } from '../households/households.service';
import { householdRequests } from './requests.schema';
import { decideRequest } from './requests.service';

const url = process.env.TEST_DATABASE_URL;

// The database outlives the run (and is shared with other suites): names and e-mails must be unique.
const uniqueTenant = (db: Db) => createTenant(db, { slug: `hh-${randomUUID().slice(0, 8)}` });
async function uniqueManager(db: Db, tenantId: string) {
  const user = await createUser(db, { email: `manager-${randomUUID()}@exemple.test` });
  await db.insert(memberships).values({ tenantId, userId: user.id, roles: ['manager'] });
  return user;
}

describe('requests on PostgreSQL: concurrent decisions', { skip: !url }, () => {
  let database: Database;
  before(async () => {
    database = await openDatabase({ url, poolMax: 12 });
    // Migrated, never dropped: other suites share the database; each test makes its own tenant.
    await database.migrate();
  });
  after(async () => {
    await database?.close();
  });

  it('ten simultaneous accepts and refusals of one request: exactly one decides, the change applies once', async () => {
    const db = database.db;
    const tenant = await uniqueTenant(db);
    const family = await createFamily(db, tenant.id);
    // No address, so no e-mail: the outbox is shared with the workers suite running alongside (the
    // exactly-once e-mail is checked in the PGlite HTTP tests).
    await db.update(guardians).set({ email: '' }).where(eq(guardians.householdId, family.household.id));
    const managers = [await uniqueManager(db, tenant.id), await uniqueManager(db, tenant.id)];
    const now = new Date('2026-11-25T09:00:00Z');
    const outcome = await changeHouseholdFields(db, {
      tenantId: tenant.id,
      householdId: family.household.id,
      userId: family.user.id,
      entity: 'household',
      subjectId: family.household.id,
      values: { 'household.familyQuotient': '700', 'household.qfValidFrom': '2026-11-01' },
      now,
      today: '2026-11-25',
    });
    const requestId = outcome.requestId!;
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        decideRequest(db, {
          tenantId: tenant.id,
          requestId,
          staffUserId: managers[i % 2]!.id,
          decision: i % 3 === 0 ? 'refused' : 'accepted',
          comment: i % 3 === 0 ? 'non' : '',
          now,
          today: '2026-11-25',
        }),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const conflicts = results.filter(
      (r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'CONFLICT',
    );
    assert.equal(ok.length, 1);
    assert.equal(conflicts.length, 9);
    const [req] = await db.select().from(householdRequests).where(eq(householdRequests.id, requestId));
    const audits = await db.select().from(auditLog).where(eq(auditLog.subjectId, requestId));
    assert.equal(audits.length, 1);
    const [h] = await db.select().from(households).where(eq(households.id, family.household.id));
    assert.equal(h!.familyQuotient, req!.status === 'accepted' ? 700 : null);
  });

  it('two simultaneous changes of the same field leave exactly one pending request holding it', async () => {
    const db = database.db;
    const tenant = await uniqueTenant(db);
    const family = await createFamily(db, tenant.id);
    const now = new Date('2026-11-25T09:00:00Z');
    await Promise.all(
      ['Lyon', 'Nantes', 'Lille', 'Brest'].map((city) =>
        changeHouseholdFields(db, {
          tenantId: tenant.id,
          householdId: family.household.id,
          userId: family.user.id,
          entity: 'household',
          subjectId: family.household.id,
          values: { 'household.city': city },
          now,
          today: '2026-11-25',
        }),
      ),
    );
    const rows = await db
      .select()
      .from(householdRequests)
      .where(eq(householdRequests.householdId, family.household.id));
    assert.equal(rows.length, 4);
    // Row locks serialize the replacements: at most one request may still hold the city.
    const pending = rows.filter((r) => r.status === 'pending');
    assert.ok(pending.length >= 1);
    const holdingCity = pending.filter((r) =>
      (r.changes as { field: string }[]).some((c) => c.field === 'household.city'),
    );
    assert.equal(holdingCity.length, 1, JSON.stringify(rows.map((r) => [r.status, r.changes])));
  });
});
