// Bookings under concurrency on real PostgreSQL (PGlite runs one query at a time and cannot show races):
// the last place, replayed baskets, overlapping baskets, cancellations racing promotions.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { createBookableActivity, enroll } from '../../../test/helpers/booking-factories';
import { createHousehold, createTenant } from '../../../test/helpers/factories';
import { useOwnPgDatabase } from '../../../test/helpers/pg-database';
import { type Database, openDatabase } from '../../platform/db/client';
import { guardians } from '../households/households.schema';
import type { Tenant } from '../tenants/tenants.schema';
import { confirmWithIdempotencyKey } from './api.service';
import { confirmOpenBasket } from './basket.service';
import { changeBasket } from './basket-store';
import { waitingRanksOf } from './bookings.repository';
import { bookingCapacity, bookingSubmissions, bookings } from './bookings.schema';
import { confirmBasket } from './confirm';
import { type BasketLine, setLine } from './domain/basket';
import { promoteWaiting } from './promotion';

const url = process.env.TEST_DATABASE_URL;
const NOW = new Date('2026-11-25T09:00:00Z');
const WEDNESDAYS = ['2026-12-02', '2026-12-09', '2026-12-16', '2027-01-06', '2027-01-13', '2027-01-20'];

describe('bookings on PostgreSQL', { skip: url ? false : 'TEST_DATABASE_URL is not set' }, () => {
  const own = useOwnPgDatabase('_bookings', 40);

  async function world(families: number, capacity: number) {
    const db = own.database.db;
    const tenant = await createTenant(db, { slug: `bk-${randomUUID().slice(0, 8)}` });
    const cat = await createBookableActivity(db, tenant.id, { capacity });
    const fams: { householdId: string; childId: string }[] = [];
    for (let i = 0; i < families; i++) {
      const h = await createHousehold(db, tenant.id);
      await enroll(db, tenant.id, h.household.id, h.child.id, cat.activity.id, cat.period.id);
      fams.push({ householdId: h.household.id, childId: h.child.id });
    }
    // No e-mail addresses: nothing to send from these runs.
    await db.update(guardians).set({ email: '' }).where(eq(guardians.tenantId, tenant.id));
    return { tenant, cat, fams };
  }

  const addLines = (childId: string, unitId: string, days: string[]): BasketLine[] =>
    days.map((day) => ({ childId, day, unitId, op: 'add' as const }));

  async function fillBasket(tenant: Tenant, householdId: string, lines: BasketLine[]) {
    return changeBasket(own.database.db, tenant.id, householdId, NOW, (b) => lines.reduce(setLine, b));
  }

  async function statusCounts(tenantId: string, unitId: string, day: string) {
    const rows = await own.database.db
      .select({ status: bookings.status, n: sql<number>`count(*)::int` })
      .from(bookings)
      .where(and(eq(bookings.tenantId, tenantId), eq(bookings.unitId, unitId), eq(bookings.day, day)))
      .groupBy(bookings.status);
    return Object.fromEntries(rows.map((r) => [r.status, r.n])) as Record<string, number>;
  }

  async function capacityRow(tenantId: string, unitId: string, day: string) {
    const [row] = await own.database.db
      .select()
      .from(bookingCapacity)
      .where(
        and(
          eq(bookingCapacity.tenantId, tenantId),
          eq(bookingCapacity.unitId, unitId),
          eq(bookingCapacity.day, day),
        ),
      );
    return row;
  }

  /** remaining = capacity − confirmed, and nobody waits while a place is free. */
  async function assertInvariant(tenantId: string, unitId: string, day: string) {
    const counts = await statusCounts(tenantId, unitId, day);
    const cap = await capacityRow(tenantId, unitId, day);
    assert.ok(cap, `capacity row of ${day}`);
    const confirmed = counts.confirmed ?? 0;
    assert.ok(confirmed <= cap.capacity, `${day}: ${confirmed} confirmed for ${cap.capacity} places`);
    assert.equal(cap.remaining, cap.capacity - confirmed, `${day}: remaining = capacity − confirmed`);
    if ((counts.waiting ?? 0) > 0) assert.equal(cap.remaining, 0, `${day}: waiting while places are free`);
    return { counts, cap };
  }

  it('50 concurrent confirmations for the last place: one confirmed, 49 waiting, nothing overbooked', async () => {
    const w = await world(51, 2);
    const day = WEDNESDAYS[0]!;
    const [first, ...rest] = w.fams;
    // One place is taken beforehand: the 50 race for the last one.
    const early = await fillBasket(
      w.tenant,
      first!.householdId,
      addLines(first!.childId, w.cat.journee.id, [day]),
    );
    await confirmOpenBasket(
      { db: own.database.db, tenant: w.tenant, householdId: first!.householdId, now: NOW },
      { basketId: early.id, actorUserId: null },
    );
    const baskets = await Promise.all(
      rest.map((f) => fillBasket(w.tenant, f.householdId, addLines(f.childId, w.cat.journee.id, [day]))),
    );
    const results = await Promise.allSettled(
      rest.map((f, i) =>
        confirmOpenBasket(
          { db: own.database.db, tenant: w.tenant, householdId: f.householdId, now: NOW },
          { basketId: baskets[i]!.id, actorUserId: null },
        ),
      ),
    );
    const failures = results.filter((r) => r.status === 'rejected');
    assert.deepEqual(failures, [], 'every family gets an answer');
    const answers = results.map(
      (r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof confirmOpenBasket>>>).value,
    );
    assert.equal(answers.filter((a) => a.summary.counts.confirmed === 1).length, 1);
    assert.equal(answers.filter((a) => a.summary.counts.waiting === 1).length, 49);
    const { counts, cap } = await assertInvariant(w.tenant.id, w.cat.journee.id, day);
    assert.equal(counts.confirmed, 2);
    assert.equal(counts.waiting, 49);
    assert.equal(cap.remaining, 0);
    // The waiting list is a strict order: ranks 1..49, each once.
    const waiting = await own.database.db
      .select()
      .from(bookings)
      .where(and(eq(bookings.tenantId, w.tenant.id), eq(bookings.status, 'waiting')));
    const ranks = await waitingRanksOf(own.database.db, w.tenant.id, waiting);
    assert.deepEqual(
      [...ranks.values()].sort((a, b) => a - b),
      Array.from({ length: 49 }, (_, i) => i + 1),
    );
  });

  it('a basket replayed 1 to 5 times at once is confirmed once, with identical answers', async () => {
    const w = await world(10, 3);
    const days = WEDNESDAYS.slice(0, 3);
    await Promise.all(
      w.fams.map(async (f, i) => {
        const copies = (i % 5) + 1;
        const b = await fillBasket(w.tenant, f.householdId, addLines(f.childId, w.cat.journee.id, days));
        const scope = { db: own.database.db, tenant: w.tenant, householdId: f.householdId, now: NOW };
        // Half the families go through the API (Idempotency-Key header), half through the form (basket id).
        const key = `cle-${i}-${randomUUID()}`;
        const answers = await Promise.all(
          Array.from({ length: copies }, () =>
            i % 2 === 0
              ? confirmOpenBasket(scope, { basketId: b.id, actorUserId: null })
              : confirmWithIdempotencyKey(scope, { key, actorUserId: null }),
          ),
        );
        const firstSummary = answers[0]!.summary;
        for (const a of answers) assert.deepEqual(a.summary, firstSummary, 'identical answers');
        assert.equal(answers.filter((a) => !a.replay).length, 1, 'one confirmation, the rest are replays');
        const subs = await own.database.db
          .select()
          .from(bookingSubmissions)
          .where(
            and(
              eq(bookingSubmissions.tenantId, w.tenant.id),
              eq(bookingSubmissions.householdId, f.householdId),
            ),
          );
        assert.equal(subs.length, 1, 'one submission');
        const rows = await own.database.db
          .select()
          .from(bookings)
          .where(and(eq(bookings.tenantId, w.tenant.id), eq(bookings.childId, f.childId)));
        assert.equal(rows.length, 3, 'bookings written once');
      }),
    );
    for (const day of days) {
      const { counts } = await assertInvariant(w.tenant.id, w.cat.journee.id, day);
      assert.equal(counts.confirmed, 3);
      assert.equal(counts.waiting, 7);
    }
  });

  it('overlapping multi-day baskets confirmed in different orders: no deadlock, no overbooking', async () => {
    const w = await world(30, 5);
    const days = WEDNESDAYS.slice(0, 5);
    const results = await Promise.allSettled(
      w.fams.map((f, i) => {
        // Each family its own subset and order of the same days, plus Matin + Repas on another day.
        const mine = days.filter((_, d) => (i + d) % 4 !== 0);
        const ordered = i % 2 === 0 ? mine : [...mine].reverse();
        const lines = [
          ...addLines(f.childId, w.cat.journee.id, ordered),
          ...addLines(f.childId, w.cat.repas.id, [WEDNESDAYS[5]!]),
          ...addLines(f.childId, w.cat.matin.id, [WEDNESDAYS[5]!]),
        ];
        if (i % 3 === 0) lines.reverse();
        return confirmBasket({
          db: own.database.db,
          tenant: w.tenant,
          householdId: f.householdId,
          idempotencyKey: `overlap-${i}`,
          basketId: null,
          lines,
          now: NOW,
          actorUserId: null,
        });
      }),
    );
    assert.deepEqual(
      results.filter((r) => r.status === 'rejected'),
      [],
      'no deadlock or serialization failure reaches the family',
    );
    for (const day of days) {
      const { counts } = await assertInvariant(w.tenant.id, w.cat.journee.id, day);
      assert.equal(counts.confirmed, 5);
    }
    const matin = await statusCounts(w.tenant.id, w.cat.matin.id, WEDNESDAYS[5]!);
    const repas = await statusCounts(w.tenant.id, w.cat.repas.id, WEDNESDAYS[5]!);
    assert.equal(matin.confirmed, 30, 'unlimited units: everyone');
    assert.equal(repas.confirmed, 30, 'Repas with its Matin in the same basket, whatever the order');
  });

  it('cancellations racing promotions and new bookings keep remaining = capacity − confirmed', async () => {
    const w = await world(24, 4);
    const day = WEDNESDAYS[1]!;
    const unitId = w.cat.journee.id;
    const holders = w.fams.slice(0, 4);
    const waiters = w.fams.slice(4, 14);
    const late = w.fams.slice(14);
    const confirmOne = (f: (typeof w.fams)[number], op: 'add' | 'cancel', key: string) =>
      confirmBasket({
        db: own.database.db,
        tenant: w.tenant,
        householdId: f.householdId,
        idempotencyKey: key,
        basketId: null,
        lines: [{ childId: f.childId, day, unitId, op }],
        now: NOW,
        actorUserId: null,
      });
    for (const [i, f] of holders.entries()) await confirmOne(f, 'add', `hold-${i}`);
    for (const [i, f] of waiters.entries()) await confirmOne(f, 'add', `wait-${i}`);
    assert.equal((await statusCounts(w.tenant.id, unitId, day)).waiting, 10);

    const cell = { tenantId: w.tenant.id, unitId, day, groupKey: '' };
    const promote = () => promoteWaiting(own.database.db, cell, NOW);
    // All at once: the holders cancel (twice each: two guardians), three waiting families give up,
    // promotion jobs run, and late families try to book.
    const results = await Promise.allSettled([
      ...holders.flatMap((f, i) => [
        confirmOne(f, 'cancel', `cancel-${i}-a`),
        confirmOne(f, 'cancel', `cancel-${i}-b`),
      ]),
      ...waiters.slice(0, 3).map((f, i) => confirmOne(f, 'cancel', `give-up-${i}`)),
      promote(),
      promote(),
      ...late.map((f, i) => confirmOne(f, 'add', `late-${i}`)),
      promote(),
    ]);
    assert.deepEqual(
      results.filter((r) => r.status === 'rejected'),
      [],
    );
    // The promotion jobs enqueued by the cancellations run afterwards.
    await promote();
    const { counts, cap } = await assertInvariant(w.tenant.id, unitId, day);
    assert.equal(counts.confirmed, 4, 'every freed place is given again');
    assert.equal(cap.remaining, 0);
    const holderRows = await own.database.db
      .select()
      .from(bookings)
      .where(
        and(
          eq(bookings.tenantId, w.tenant.id),
          inArray(
            bookings.childId,
            holders.map((h) => h.childId),
          ),
        ),
      );
    assert.ok(holderRows.every((r) => r.status === 'cancelled'));
  });
});
