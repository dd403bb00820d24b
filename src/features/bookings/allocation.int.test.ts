import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { useTestApp } from '../../../test/helpers/app';
import { createBookableActivity, enroll } from '../../../test/helpers/booking-factories';
import { signedInClient } from '../../../test/helpers/client';
import { createFamily, createStaff, createTenant } from '../../../test/helpers/factories';
import { activities, periods } from '../catalogue/catalogue.schema';
import { households } from '../households/households.schema';
import { replayMatches, runAllocations, type StoredAllocation } from './allocation';
import { allocationRuns, bookingCapacity, bookingReminders, bookings } from './bookings.schema';
import { confirmBasket } from './confirm';
import { runBookingReminders } from './reminders.job';

const t = useTestApp();
const DAY = '2026-12-02';

async function windowSetup(capacity: number, families: number) {
  const tenant = await createTenant(t.db, { slug: 'ville' });
  await t.app.tenants.refresh();
  const cat = await createBookableActivity(t.db, tenant.id, { capacity });
  await t.db
    .update(periods)
    .set({
      allocationMode: 'request_window',
      requestWindowFirstDay: '2026-11-20',
      requestWindowLastDay: '2026-11-30',
    })
    .where(eq(periods.id, cat.period.id));
  const fams = [];
  for (let i = 0; i < families; i++) {
    const f = await createFamily(t.db, tenant.id);
    await enroll(t.db, tenant.id, f.household.id, f.child.id, cat.activity.id, cat.period.id);
    const r = await confirmBasket({
      db: t.db,
      tenant,
      householdId: f.household.id,
      idempotencyKey: `w${i}`,
      basketId: null,
      lines: [{ childId: f.child.id, day: DAY, unitId: cat.journee.id, op: 'add' }],
      now: t.clock.now(),
      actorUserId: f.user.id,
    });
    assert.equal(r.summary.counts.requested, 1);
    fams.push(f);
  }
  return { tenant, cat, fams };
}

describe('request-window allocation job', () => {
  it('allocates once the window has closed, by criteria then draw, tells everyone, and never runs twice', async () => {
    const s = await windowSetup(2, 4);
    const resident = s.fams[3]!;
    await t.db.update(households).set({ resident: true }).where(eq(households.id, resident.household.id));
    // Still inside the window: nothing happens.
    assert.equal(await runAllocations(t.db, t.clock.now()), 0);
    t.clock.set('2026-12-01T06:00:00Z');
    assert.equal(await runAllocations(t.db, t.clock.now()), 1);
    const rows = await t.db.select().from(bookings).where(eq(bookings.periodId, s.cat.period.id));
    assert.equal(rows.filter((r) => r.status === 'confirmed').length, 2);
    const waiting = rows.filter((r) => r.status === 'waiting').sort((a, b) => a.seq - b.seq);
    assert.deepEqual(
      waiting.map((w) => w.seq),
      [1, 2],
    );
    assert.equal(rows.find((r) => r.householdId === resident.household.id)?.status, 'confirmed');
    const [cap] = await t.db
      .select()
      .from(bookingCapacity)
      .where(eq(bookingCapacity.unitId, s.cat.journee.id));
    assert.equal(cap?.remaining, 0);
    const [run] = await t.db.select().from(allocationRuns);
    assert.match(run!.seed, /^[0-9a-f]{32}$/);
    assert.deepEqual(run!.criteria, ['resident', 'working-parents', 'sibling-placed']);
    assert.deepEqual((run!.result as StoredAllocation).counts, {
      households: 4,
      wishes: 4,
      confirmed: 2,
      waiting: 2,
      refused: 0,
    });
    assert.equal(replayMatches(run!), true);
    const stored = run!.result as StoredAllocation;
    const tampered = {
      ...stored,
      results: stored.results.map((r) => ({ ...r, status: 'allocated' as const })),
    };
    assert.equal(replayMatches({ ...run!, result: tampered }), false);
    await t.worker.tick();
    assert.equal(t.mailer.sent.filter((m) => /Attribution des places/.test(m.subject)).length, 4);
    // A second pass (another worker, a replayed job) does nothing.
    assert.equal(await runAllocations(t.db, t.clock.now()), 0);
    const again = await t.db.select().from(bookings).where(eq(bookings.periodId, s.cat.period.id));
    assert.deepEqual(
      again.map((r) => `${r.id}:${r.status}`).sort(),
      rows.map((r) => `${r.id}:${r.status}`).sort(),
    );
  });

  it('the staff page shows the run and verifies it by replaying the draw', async () => {
    const s = await windowSetup(1, 3);
    t.clock.set('2026-12-01T06:00:00Z');
    await runAllocations(t.db, t.clock.now());
    const manager = await createStaff(t.db, s.tenant.id, ['manager']);
    const c = await signedInClient(t, manager.id, s.tenant.id);
    const list = await c.get('/ville/gestion/reservations/attributions');
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.includes(s.cat.period.name));
    const page = await c.get(`/ville/gestion/reservations/attributions/${s.cat.period.id}?verifier=1`);
    assert.equal(page.statusCode, 200);
    const [run] = await t.db.select().from(allocationRuns);
    assert.ok(page.body.includes(run!.seed));
    assert.match(page.body, /Résultat identique/);
  });
});

describe('booking deadline reminders', () => {
  it('reminds households with nothing booked, N days before a holiday period deadline, once', async () => {
    const tenant = await createTenant(t.db);
    const cat = await createBookableActivity(t.db, tenant.id, { capacity: 10 });
    await t.db.update(activities).set({ kind: 'holidays' }).where(eq(activities.id, cat.activity.id));
    await t.db.update(periods).set({ bookingLastDay: '2026-12-10' }).where(eq(periods.id, cat.period.id));
    const a = await createFamily(t.db, tenant.id);
    const b = await createFamily(t.db, tenant.id);
    for (const f of [a, b])
      await enroll(t.db, tenant.id, f.household.id, f.child.id, cat.activity.id, cat.period.id);
    await confirmBasket({
      db: t.db,
      tenant,
      householdId: b.household.id,
      idempotencyKey: 'b',
      basketId: null,
      lines: [{ childId: b.child.id, day: DAY, unitId: cat.journee.id, op: 'add' }],
      now: t.clock.now(),
      actorUserId: b.user.id,
    });
    // 25 November: the deadline (11 December 00:00) is more than 7 days away.
    assert.equal(await runBookingReminders(t.db, t.clock.now()), 0);
    // 3 December 23:59 Paris: not yet (due from 4 December 00:00, 7 days before the deadline).
    t.clock.set('2026-12-03T22:59:00Z');
    assert.equal(await runBookingReminders(t.db, t.clock.now()), 0);
    t.clock.set('2026-12-04T08:00:00Z');
    assert.equal(await runBookingReminders(t.db, t.clock.now()), 1);
    assert.equal(await runBookingReminders(t.db, t.clock.now()), 0);
    const sent = await t.db.select().from(bookingReminders);
    assert.deepEqual(
      sent.map((r) => r.householdId),
      [a.household.id],
    );
    await t.worker.tick();
    const mails = t.mailer.sent.filter((m) => /Pensez à réserver/.test(m.subject));
    assert.equal(mails.length, 1);
    assert.equal(mails[0]!.to, a.guardian.email);
    // After the deadline nothing is sent.
    t.clock.set('2026-12-11T08:00:00Z');
    await t.db.delete(bookingReminders).where(and(eq(bookingReminders.householdId, a.household.id)));
    assert.equal(await runBookingReminders(t.db, t.clock.now()), 0);
  });
});
