// Races on document submissions and reviews, on real PostgreSQL (PGlite runs one query at a time).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { createFamily, createTenant, createUser } from '../../../test/helpers/factories';
import { loadConfig } from '../../config';
import { auditLog } from '../../platform/audit/audit.schema';
import { type Database, openDatabase } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import type { FamilyActor, StaffActor } from '../../platform/http/policies';
import { memberships } from '../accounts/accounts.schema';
import { documentSubmissions, documentTypes } from './documents.schema';
import { acceptSubmission, refuseSubmission, uploadDocument } from './documents.service';

const url = process.env.TEST_DATABASE_URL;
const NOW = new Date('2026-11-25T09:00:00Z');
const config = loadConfig({ NODE_ENV: 'test' });

describe('documents on PostgreSQL', { skip: url ? false : 'TEST_DATABASE_URL is not set' }, () => {
  let database: Database;
  let ownName = '';
  before(async () => {
    // Its own database next to TEST_DATABASE_URL: the other suites truncate and drain the shared
    // outbox, which these use cases write to.
    const admin = await openDatabase({ url, poolMax: 1 });
    const name = `${new URL(url!).pathname.slice(1)}_documents`;
    ownName = name;
    const exists = await admin.db.execute(sql`select 1 from pg_database where datname = ${name}`);
    if ((exists as unknown as { rows: unknown[] }).rows.length === 0)
      await admin.db.execute(sql.raw(`create database "${name.replace(/"/g, '')}"`));
    await admin.close();
    const own = new URL(url!);
    own.pathname = `/${name}`;
    database = await openDatabase({ url: own.toString(), poolMax: 12 });
    await database.migrate();
  });
  // The database is dropped afterwards so that CI leaves nothing behind.
  after(async () => {
    await database?.close();
    const admin = await openDatabase({ url, poolMax: 1 });
    await admin.db.execute(sql.raw(`drop database if exists "${ownName.replace(/"/g, '')}" with (force)`));
    await admin.close();
  });

  async function world() {
    const db = database.db;
    // No truncation (other PostgreSQL suites run at the same time): fresh unique names instead.
    const id = randomUUID().slice(0, 8);
    const tenant = await createTenant(db, { slug: `pg-${id}` });
    const family = await createFamily(db, tenant.id);
    const managerUser = await createUser(db, { email: `gestion-${id}@exemple.test` });
    await db.insert(memberships).values({ tenantId: tenant.id, userId: managerUser.id, roles: ['manager'] });
    const [type] = await db
      .insert(documentTypes)
      .values({ tenantId: tenant.id, name: 'Justificatif', scope: 'household', createdAt: NOW })
      .returning();
    const fam: FamilyActor = {
      tenant,
      householdId: family.household.id,
      actor: {
        userId: family.user.id,
        email: family.user.email,
        displayName: 'P',
        isOperator: false,
        membership: null,
      },
    };
    const staff: StaffActor = {
      tenant,
      roles: ['manager'],
      facilityIds: [],
      actor: {
        userId: managerUser.id,
        email: managerUser.email,
        displayName: 'M',
        isOperator: false,
        membership: null,
      },
    };
    return { tenant, fam, staff, type: type! };
  }

  const file = (i: number) => ({
    storageKey: `${String(i).padStart(2, '0')}${randomUUID().replace(/-/g, '').slice(2)}`,
    originalName: `f${i}.pdf`,
    kind: 'pdf' as const,
    sizeBytes: 10,
  });

  it('concurrent uploads for one request leave exactly one submission pending', async () => {
    const w = await world();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        uploadDocument(database.db, {
          fam: w.fam,
          now: NOW,
          fields: { type: w.type.id, pour: 'foyer' },
          file: file(i),
        }),
      ),
    );
    for (const r of results)
      if (r.status === 'rejected')
        assert.ok(r.reason instanceof AppError && r.reason.code === 'CONFLICT', String(r.reason));
    const pending = await database.db
      .select()
      .from(documentSubmissions)
      .where(and(eq(documentSubmissions.tenantId, w.tenant.id), eq(documentSubmissions.status, 'pending')));
    assert.equal(pending.length, 1);
    assert.ok(results.some((r) => r.status === 'fulfilled'));
  });

  it('concurrent reviews of one submission: exactly one decision, one audit row', async () => {
    const w = await world();
    await uploadDocument(database.db, {
      fam: w.fam,
      now: NOW,
      fields: { type: w.type.id, pour: 'foyer' },
      file: file(1),
    });
    const [sub] = await database.db
      .select()
      .from(documentSubmissions)
      .where(eq(documentSubmissions.tenantId, w.tenant.id));
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        i % 2 === 0
          ? acceptSubmission(database.db, { staff: w.staff, config, now: NOW, submissionId: sub!.id })
          : refuseSubmission(database.db, {
              staff: w.staff,
              config,
              now: NOW,
              submissionId: sub!.id,
              input: { reason: 'Illisible' },
            }),
      ),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results)
      if (r.status === 'rejected')
        assert.ok(r.reason instanceof AppError && r.reason.code === 'CONFLICT', String(r.reason));
    assert.equal(
      (await database.db.select().from(auditLog).where(eq(auditLog.tenantId, w.tenant.id))).length,
      1,
    );
  });
});
