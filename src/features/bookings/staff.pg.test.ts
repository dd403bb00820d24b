// Staff decisions under concurrency on real PostgreSQL (PGlite runs one query at a time).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { createBookableActivity, enroll } from '../../../test/helpers/booking-factories';
import { createFamily, createStaff, createTenant } from '../../../test/helpers/factories';
import { useOwnPgDatabase } from '../../../test/helpers/pg-database';
import { type Database, openDatabase } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import { bookingCapacity, bookings } from './bookings.schema';
import { confirmBasket } from './confirm';
import { decideBookingRequest } from './staff.service';

const url = process.env.TEST_DATABASE_URL;

describe('staff booking decisions on PostgreSQL', {
  skip: url ? false : 'TEST_DATABASE_URL is not set',
}, () => {
  const own = useOwnPgDatabase('_bookings_staff', 12);

  async function world(capacity: number, validation: 'auto' | 'staff') {
    const db = own.database.db;
    const run = randomUUID().slice(0, 8);
    const tenant = await createTenant(db, { slug: `bs-${run}` });
    const cat = await createBookableActivity(db, tenant.id, { capacity, bookingValidation: validation });
    const manager = await createStaff(db, tenant.id, ['manager']);
    const fam = async () => {
      const f = await createFamily(db, tenant.id);
      await enroll(db, tenant.id, f.household.id, f.child.id, cat.activity.id, cat.period.id);
      return f;
    };
    const now = new Date('2026-11-25T09:00:00Z');
    const book = async (f: Awaited<ReturnType<typeof fam>>, op: 'add' | 'cancel') =>
      confirmBasket({
        db,
        tenant,
        householdId: f.household.id,
        idempotencyKey: randomUUID(),
        basketId: null,
        lines: [{ childId: f.child.id, day: '2026-12-02', unitId: cat.journee.id, op }],
        now,
        actorUserId: f.user.id,
      });
    const decide = (bookingId: string, kind: 'accept' | 'refuse') =>
      decideBookingRequest({
        db,
        tenant,
        staffUserId: manager.id,
        canSeeFacility: () => true,
        bookingId,
        decision: kind === 'accept' ? { kind } : { kind, reason: 'Non' },
        now,
      });
    const invariant = async () => {
      const [cap] = await db.select().from(bookingCapacity).where(eq(bookingCapacity.unitId, cat.journee.id));
      const confirmed = await db
        .select()
        .from(bookings)
        .where(and(eq(bookings.unitId, cat.journee.id), eq(bookings.status, 'confirmed')));
      return { cap: cap!, confirmed: confirmed.length };
    };
    return { db, cat, fam, book, decide, invariant };
  }

  const settle = async (ps: Promise<unknown>[]) => {
    const results = await Promise.allSettled(ps);
    for (const r of results)
      if (r.status === 'rejected')
        assert.ok(r.reason instanceof AppError && r.reason.code === 'CONFLICT', String(r.reason));
    return results.filter((r) => r.status === 'fulfilled').length;
  };

  it('10 concurrent decisions on the same request: one wins, capacity stays exact', async () => {
    const w = await world(3, 'staff');
    const f = await w.fam();
    await w.book(f, 'add');
    const [row] = await w.db.select().from(bookings).where(eq(bookings.childId, f.child.id));
    const wins = await settle(
      Array.from({ length: 10 }, (_, i) => w.decide(row!.id, i % 3 === 0 ? 'refuse' : 'accept')),
    );
    assert.equal(wins, 1);
    const { cap, confirmed } = await w.invariant();
    const [after] = await w.db.select().from(bookings).where(eq(bookings.id, row!.id));
    assert.ok(after!.status === 'confirmed' || after!.status === 'refused');
    assert.equal(cap?.remaining ?? 3, 3 - confirmed);
  });

  it('10 concurrent acceptances of different requests for 3 places: 3 confirmed, 7 waiting', async () => {
    const w = await world(3, 'staff');
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const f = await w.fam();
      await w.book(f, 'add');
      const [row] = await w.db.select().from(bookings).where(eq(bookings.childId, f.child.id));
      ids.push(row!.id);
    }
    assert.equal(await settle(ids.map((id) => w.decide(id, 'accept'))), 10);
    const { cap, confirmed } = await w.invariant();
    assert.equal(confirmed, 3);
    assert.equal(cap.remaining, 0);
    const waiting = await w.db
      .select()
      .from(bookings)
      .where(and(eq(bookings.unitId, w.cat.journee.id), eq(bookings.status, 'waiting')));
    assert.equal(waiting.length, 7);
  });

  it('10 concurrent acceptances of one cancellation request free exactly one place', async () => {
    const w = await world(2, 'auto');
    const f = await w.fam();
    await w.book(f, 'add');
    const [row] = await w.db.select().from(bookings).where(eq(bookings.childId, f.child.id));
    await w.db.update(bookings).set({ status: 'cancel-requested' }).where(eq(bookings.id, row!.id));
    assert.equal(await settle(Array.from({ length: 10 }, () => w.decide(row!.id, 'accept'))), 1);
    const { cap, confirmed } = await w.invariant();
    assert.equal(confirmed, 0);
    assert.equal(cap.remaining, 2);
  });
});
