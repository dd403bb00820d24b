import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { useTestApp } from '../../../test/helpers/app';
import { createBookableActivity, enroll } from '../../../test/helpers/booking-factories';
import { createFamily, createTenant } from '../../../test/helpers/factories';
import { changeBasket, openBasket } from './basket-store';
import { upcomingBookingsOfHousehold } from './bookings.repository';
import { bookingCapacity, bookings } from './bookings.schema';
import { confirmBasket } from './confirm';
import { setLine } from './domain/basket';

const t = useTestApp();

async function setup(capacity: number | null = 20) {
  const tenant = await createTenant(t.db);
  const cat = await createBookableActivity(t.db, tenant.id, { capacity });
  const fam = async () => {
    const f = await createFamily(t.db, tenant.id);
    await enroll(t.db, tenant.id, f.household.id, f.child.id, cat.activity.id, cat.period.id);
    return f;
  };
  return { tenant, cat, fam };
}

describe('confirmBasket', () => {
  it('confirms, answers a replay with the first result, and writes nothing twice', async () => {
    const { tenant, cat, fam } = await setup();
    const f = await fam();
    const lines = ['2026-12-02', '2026-12-09', '2026-12-16'].map((day) => ({
      childId: f.child.id,
      day,
      unitId: cat.journee.id,
      op: 'add' as const,
    }));
    const b = await changeBasket(t.db, tenant.id, f.household.id, t.clock.now(), (basket) =>
      lines.reduce(setLine, basket),
    );
    const input = {
      db: t.db,
      tenant,
      householdId: f.household.id,
      idempotencyKey: b.id,
      basketId: b.id,
      lines: b.basket.lines,
      now: t.clock.now(),
      actorUserId: f.user.id,
    };
    const first = await confirmBasket(input);
    assert.equal(first.replay, false);
    assert.match(first.summary.requestNumber, /^R2026-\d{6}$/);
    assert.equal(first.summary.counts.confirmed, 3);
    const again = await confirmBasket(input);
    assert.equal(again.replay, true);
    assert.deepEqual(again.summary, first.summary);
    const rows = await t.db.select().from(bookings).where(eq(bookings.childId, f.child.id));
    assert.equal(rows.length, 3);
    // The staff 360° view lists them from a day on.
    const upcoming = await upcomingBookingsOfHousehold(t.db, tenant.id, f.household.id, '2026-12-03');
    assert.deepEqual(
      upcoming.map((u) => [u.day, u.unitName, u.status]),
      [
        ['2026-12-09', 'Journée', 'confirmed'],
        ['2026-12-16', 'Journée', 'confirmed'],
      ],
    );
    // The basket was submitted: a new, empty one opens.
    const next = await openBasket(t.db, tenant.id, f.household.id, t.clock.now());
    assert.notEqual(next.id, b.id);
    assert.equal(next.basket.lines.length, 0);
  });

  it('puts the family after the last place on the waiting list and promotes it when a place frees', async () => {
    const { tenant, cat, fam } = await setup(1);
    const a = await fam();
    const b = await fam();
    const day = '2026-12-02';
    const confirm = (f: typeof a, op: 'add' | 'cancel', key: string) =>
      confirmBasket({
        db: t.db,
        tenant,
        householdId: f.household.id,
        idempotencyKey: key,
        basketId: null,
        lines: [{ childId: f.child.id, day, unitId: cat.journee.id, op }],
        now: t.clock.now(),
        actorUserId: f.user.id,
      });
    assert.equal((await confirm(a, 'add', 'k1')).summary.counts.confirmed, 1);
    const second = await confirm(b, 'add', 'k2');
    assert.equal(second.summary.counts.waiting, 1);
    assert.equal(second.summary.children[0]!.lines[0]!.label, "Liste d'attente, rang 1");
    const cancel = await confirm(a, 'cancel', 'k3');
    assert.equal(cancel.summary.counts.cancelled, 1);
    await t.worker.tick();
    const [promoted] = await t.db
      .select()
      .from(bookings)
      .where(and(eq(bookings.childId, b.child.id), eq(bookings.day, day)));
    assert.equal(promoted!.status, 'confirmed');
    const [cap] = await t.db.select().from(bookingCapacity).where(eq(bookingCapacity.unitId, cat.journee.id));
    assert.equal(cap!.remaining, 0);
    await t.worker.tick();
    assert.ok(t.mailer.sent.some((m) => m.subject.startsWith('Une place s’est libérée')));
  });

  it('applies unit rules: Repas needs Matin, Journée excludes Matin', async () => {
    const { tenant, cat, fam } = await setup();
    const f = await fam();
    const day = '2026-12-02';
    const res = await confirmBasket({
      db: t.db,
      tenant,
      householdId: f.household.id,
      idempotencyKey: 'k-rules',
      basketId: null,
      lines: [
        { childId: f.child.id, day, unitId: cat.repas.id, op: 'add' },
        { childId: f.child.id, day: '2026-12-09', unitId: cat.repas.id, op: 'add' },
        { childId: f.child.id, day: '2026-12-09', unitId: cat.matin.id, op: 'add' },
      ],
      now: t.clock.now(),
      actorUserId: f.user.id,
    });
    assert.equal(res.summary.counts.confirmed, 2);
    assert.equal(res.summary.counts.refused, 1);
  });

  it('refuses days past the start and other households’ children', async () => {
    const { tenant, cat, fam } = await setup();
    const f = await fam();
    const other = await fam();
    const res = await confirmBasket({
      db: t.db,
      tenant,
      householdId: f.household.id,
      idempotencyKey: 'k-hostile',
      basketId: null,
      lines: [
        { childId: f.child.id, day: '2026-11-25', unitId: cat.journee.id, op: 'add' },
        { childId: other.child.id, day: '2026-12-02', unitId: cat.journee.id, op: 'add' },
      ],
      now: t.clock.now(),
      actorUserId: f.user.id,
    });
    assert.equal(res.summary.counts.refused, 2);
    const rows = await t.db.select().from(bookings);
    assert.equal(rows.length, 0);
  });
});
