import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
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

  // Other PostgreSQL suites run at the same time on TEST_DATABASE_URL (and their workers send every
  // queued e-mail): this suite works in a database of its own, created and dropped here.
  const base = new URL(process.env.TEST_DATABASE_URL!);
  const ownName = `${base.pathname.slice(1)}_links_${process.pid}`;
  const own = new URL(base);
  own.pathname = `/${ownName}`;

  before(async () => {
    const admin = new pg.Client({ connectionString: base.toString() });
    await admin.connect();
    await admin.query(`drop database if exists ${ownName} with (force)`);
    await admin.query(`create database ${ownName}`);
    await admin.end();
    database = await openDatabase({ url: own.toString(), poolMax: 20 });
    await database.migrate();
  });
  after(async () => {
    await database?.close();
    const admin = new pg.Client({ connectionString: base.toString() });
    await admin.connect();
    await admin.query(`drop database if exists ${ownName} with (force)`);
    await admin.end();
  });

  const tokenOf = (link: string) => link.split('/').pop()!;
  const run = Math.random().toString(36).slice(2, 10);
  const newTenant = (db: Database['db'], n: number) => createTenant(db, { slug: `pg-acc-${run}-${n}` });

  it('an activation link submitted 12 times at once sets the password once', async () => {
    const db = database.db;
    const tenant = await newTenant(db, 1);
    const { household } = await createHousehold(db, tenant.id);
    const now = new Date('2026-11-25T09:00:00Z');
    await db.transaction((tx) =>
      sendActivation(tx, {
        tenantId: tenant.id,
        email: `pg-activation-${run}@exemple.test`,
        householdId: household.id,
        now,
      }),
    );
    const token = tokenOf(await linkIn(db, `pg-activation-${run}@exemple.test`));
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
    const tenant = await newTenant(db, 2);
    const user = await createUser(db, { email: `pg-reset-${run}@exemple.test` });
    await db.execute(
      sql`insert into memberships (tenant_id, user_id, roles) values (${tenant.id}, ${user.id}, '{manager}')`,
    );
    const now = new Date('2026-11-25T09:00:00Z');
    await requestPasswordReset(db, { tenantId: tenant.id, email: `PG-Reset-${run}@exemple.test`, now });
    const token = tokenOf(await linkIn(db, `pg-reset-${run}@exemple.test`));
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
    const [row] = await db
      .select({ h: platformUsers.passwordHash })
      .from(platformUsers)
      .where(eq(platformUsers.id, user.id));
    assert.notEqual(row!.h, null);
  });

  it('the conditional update hands a token to one of 20 transactions racing for it', async () => {
    const db = database.db;
    const tenant = await newTenant(db, 3);
    const now = new Date('2026-11-25T09:00:00Z');
    const token = await createAccountToken(db, {
      tenantId: tenant.id,
      purpose: 'password_reset',
      email: `race-${run}@exemple.test`,
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
