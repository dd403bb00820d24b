import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { createHousehold, createTenant, createUser } from '../../../test/helpers/factories';
import { type Database, openDatabase } from '../../platform/db/client';
import { platformUsers } from './accounts.schema';
import { requestPasswordReset, sendActivation, setPasswordWithToken } from './accounts.service';
import { linkIn } from './test-support';
import { consumeAccountToken, createAccountToken } from './tokens';

/** Concurrency on real PostgreSQL: the same single-use link submitted at once succeeds once. */
describe('single-use links under concurrency (PostgreSQL)', () => {
  let database: Database;
  const client = { ip: '127.0.0.1', userAgent: 'test' };

  before(async () => {
    database = await openDatabase({ url: process.env.TEST_DATABASE_URL!, poolMax: 20 });
    await database.db.execute(
      sql.raw(
        'drop schema if exists public cascade; create schema public; drop schema if exists drizzle cascade',
      ),
    );
    await database.migrate();
  });
  after(async () => {
    await database?.close();
  });

  const tokenOf = (link: string) => link.split('/').pop()!;

  it('an activation link submitted 12 times at once sets the password once', async () => {
    const db = database.db;
    const tenant = await createTenant(db);
    const { household } = await createHousehold(db, tenant.id);
    const now = new Date('2026-11-25T09:00:00Z');
    await db.transaction((tx) =>
      sendActivation(tx, {
        tenantId: tenant.id,
        email: 'pg-activation@exemple.test',
        householdId: household.id,
        now,
      }),
    );
    const token = tokenOf(await linkIn(db, 'pg-activation@exemple.test'));
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        setPasswordWithToken(db, {
          tenantId: tenant.id,
          rawToken: token,
          purpose: 'activation',
          password: `mot de passe numero ${i}`,
          now,
          client,
        }),
      ),
    );
    assert.equal(results.filter((r) => r !== null).length, 1);
  });

  it('a reset link submitted 12 times at once succeeds once', async () => {
    const db = database.db;
    const tenant = await createTenant(db);
    const user = await createUser(db, { email: 'pg-reset@exemple.test' });
    await db.execute(
      sql`insert into memberships (tenant_id, user_id, roles) values (${tenant.id}, ${user.id}, '{manager}')`,
    );
    const now = new Date('2026-11-25T09:00:00Z');
    await requestPasswordReset(db, { tenantId: tenant.id, email: 'PG-Reset@exemple.test', now });
    const token = tokenOf(await linkIn(db, 'pg-reset@exemple.test'));
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        setPasswordWithToken(db, {
          tenantId: tenant.id,
          rawToken: token,
          purpose: 'password_reset',
          password: `nouveau mot de passe ${i}`,
          now,
          client,
        }),
      ),
    );
    assert.equal(results.filter((r) => r !== null).length, 1);
    const rows = await db.select({ h: platformUsers.passwordHash }).from(platformUsers);
    assert.ok(rows.every((r) => r.h !== null));
  });

  it('the conditional update hands a token to one of 20 transactions racing for it', async () => {
    const db = database.db;
    const tenant = await createTenant(db);
    const now = new Date('2026-11-25T09:00:00Z');
    const token = await createAccountToken(db, {
      tenantId: tenant.id,
      purpose: 'password_reset',
      email: 'race@exemple.test',
      now,
    });
    const winners = await Promise.all(
      Array.from({ length: 20 }, () =>
        db.transaction(async (tx) => {
          const row = await consumeAccountToken(tx, token, 'password_reset', tenant.id, now);
          await tx.execute(sql`select pg_sleep(0.02)`);
          return row;
        }),
      ),
    );
    assert.equal(winners.filter(Boolean).length, 1);
  });
});
