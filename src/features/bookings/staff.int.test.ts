import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { useTestApp } from '../../../test/helpers/app';
import { createBookableActivity, enroll } from '../../../test/helpers/booking-factories';
import { signedInClient } from '../../../test/helpers/client';
import { createFamily, createStaff, createTenant } from '../../../test/helpers/factories';
import { auditLog } from '../../platform/audit/audit.schema';
import { jobs } from '../../platform/jobs/jobs.schema';
import { bookingCapacity, bookings } from './bookings.schema';
import { confirmBasket } from './confirm';

const t = useTestApp();
const DAY = '2026-12-02';

async function setup(
  o: { capacity?: number | null; validation?: 'auto' | 'staff'; waitingList?: boolean } = {},
) {
  const tenant = await createTenant(t.db, { slug: 'ville' });
  await t.app.tenants.refresh();
  const cat = await createBookableActivity(t.db, tenant.id, {
    capacity: o.capacity === undefined ? 20 : o.capacity,
    bookingValidation: o.validation ?? 'auto',
  });
  const fam = async () => {
    const f = await createFamily(t.db, tenant.id);
    await enroll(t.db, tenant.id, f.household.id, f.child.id, cat.activity.id, cat.period.id);
    return f;
  };
  const manager = await createStaff(t.db, tenant.id, ['manager']);
  const client = await signedInClient(t, manager.id, tenant.id);
  let n = 0;
  const book = (f: Awaited<ReturnType<typeof fam>>, op: 'add' | 'cancel' = 'add', day = DAY) => {
    t.clock.advanceMs(1000); // distinct arrival instants: waiting ranks follow the order of the calls
    return confirmBasket({
      db: t.db,
      tenant,
      householdId: f.household.id,
      idempotencyKey: `k${n++}`,
      basketId: null,
      lines: [{ childId: f.child.id, day, unitId: cat.journee.id, op }],
      now: t.clock.now(),
      actorUserId: f.user.id,
    });
  };
  const rowOf = async (f: Awaited<ReturnType<typeof fam>>) => {
    const [r] = await t.db
      .select()
      .from(bookings)
      .where(and(eq(bookings.childId, f.child.id), eq(bookings.day, DAY)));
    return r!;
  };
  const remaining = async () => {
    const [c] = await t.db.select().from(bookingCapacity).where(eq(bookingCapacity.unitId, cat.journee.id));
    return c?.remaining;
  };
  return { tenant, cat, fam, manager, client, book, rowOf, remaining };
}

describe('staff bookings: day view', () => {
  it('shows booked vs capacity, the waiting list with ranks and the children of the day', async () => {
    const s = await setup({ capacity: 1 });
    const a = await s.fam();
    const b = await s.fam();
    await s.book(a);
    await s.book(b);
    const res = await s.client.get(`/ville/gestion/reservations?site=${s.cat.facility.id}&jour=${DAY}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /1 \/ 1 places/);
    assert.match(res.body, /1 réservé\(s\) · 1 en liste d’attente/);
    assert.match(res.body, /Liste d’attente, rang 1/);
    assert.ok(res.body.includes(a.child.lastName));
    // Another day: nothing booked; an unknown facility or unit is not found.
    const other = await s.client.get(`/ville/gestion/reservations?site=${s.cat.facility.id}&jour=2026-12-09`);
    assert.match(other.body, /0 \/ 1 places/);
    const bad = await s.client.get(`/ville/gestion/reservations?site=00000000-0000-0000-0000-000000000000`);
    assert.equal(bad.statusCode, 404);
  });
});

describe('staff bookings: requests to validate', () => {
  it('accepting a staff-validated request takes a place; the family is e-mailed; the queue counts it', async () => {
    const s = await setup({ capacity: 1, validation: 'staff' });
    const a = await s.fam();
    assert.equal((await s.book(a)).summary.counts.requested, 1);
    const queue = await s.client.get('/ville/gestion/reservations/a-valider');
    assert.match(queue.body, /Réservations à valider \(1\)/);
    const home = await s.client.get('/ville/gestion');
    assert.match(home.body, /Réservations à valider/);
    const row = await s.rowOf(a);
    const res = await s.client.post(`/ville/gestion/reservations/demandes/${row.id}/accepter`);
    assert.equal(res.statusCode, 303);
    assert.equal((await s.rowOf(a)).status, 'confirmed');
    assert.equal(await s.remaining(), 0);
    // A second decision on the same request is a conflict, nothing changes.
    const again = await s.client.post(`/ville/gestion/reservations/demandes/${row.id}/accepter`);
    assert.equal(again.statusCode, 409);
    assert.equal(await s.remaining(), 0);
    await t.worker.tick();
    assert.ok(t.mailer.sent.some((m) => /Demande de réservation/.test(m.subject) && /acceptée/.test(m.text)));
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.action, 'booking.request-accepted'));
    assert.equal(audits.length, 1);
  });

  it('a full day sends an accepted request to the waiting list, or refuses it without waiting list', async () => {
    const s = await setup({ capacity: 1, validation: 'staff' });
    const a = await s.fam();
    const b = await s.fam();
    await s.book(a);
    await s.book(b);
    await s.client.post(`/ville/gestion/reservations/demandes/${(await s.rowOf(a)).id}/accepter`);
    await s.client.post(`/ville/gestion/reservations/demandes/${(await s.rowOf(b)).id}/accepter`);
    assert.equal((await s.rowOf(b)).status, 'waiting');
    assert.equal(await s.remaining(), 0);
  });

  it('refusing needs a reason, then stores it', async () => {
    const s = await setup({ validation: 'staff' });
    const a = await s.fam();
    await s.book(a);
    const row = await s.rowOf(a);
    const empty = await s.client.post(`/ville/gestion/reservations/demandes/${row.id}/refuser`, {
      reason: ' ',
    });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Indiquez le motif/);
    assert.equal((await s.rowOf(a)).status, 'requested');
    const ok = await s.client.post(`/ville/gestion/reservations/demandes/${row.id}/refuser`, {
      reason: 'Sortie complète',
    });
    assert.equal(ok.statusCode, 303);
    const after = await s.rowOf(a);
    assert.equal(after.status, 'refused');
    assert.equal(after.reason, 'Sortie complète');
  });

  it('accepting a cancellation request frees the place and enqueues a promotion; refusing keeps the booking', async () => {
    const s = await setup({ capacity: 1 });
    const a = await s.fam();
    const b = await s.fam();
    await s.book(a);
    await s.book(b); // waiting
    const row = await s.rowOf(a);
    await t.db.update(bookings).set({ status: 'cancel-requested' }).where(eq(bookings.id, row.id));
    const res = await s.client.post(`/ville/gestion/reservations/demandes/${row.id}/accepter`);
    assert.equal(res.statusCode, 303);
    assert.equal((await s.rowOf(a)).status, 'cancelled');
    const promotions = await t.db.select().from(jobs).where(eq(jobs.kind, 'bookings.promote-waiting'));
    assert.equal(promotions.length, 1);
    await t.worker.tick();
    assert.equal((await s.rowOf(b)).status, 'confirmed');
    assert.equal(await s.remaining(), 0);

    const rowB = await s.rowOf(b);
    await t.db.update(bookings).set({ status: 'cancel-requested' }).where(eq(bookings.id, rowB.id));
    await s.client.post(`/ville/gestion/reservations/demandes/${rowB.id}/refuser`, { reason: 'Trop tard' });
    assert.equal((await s.rowOf(b)).status, 'confirmed');
    assert.equal(await s.remaining(), 0);
  });

  it('a director of another facility cannot decide (404)', async () => {
    const s = await setup({ validation: 'staff' });
    const a = await s.fam();
    await s.book(a);
    const director = await createStaff(t.db, s.tenant.id, ['director'], []);
    const c = await signedInClient(t, director.id, s.tenant.id);
    const res = await c.post(`/ville/gestion/reservations/demandes/${(await s.rowOf(a)).id}/accepter`);
    assert.equal(res.statusCode, 404);
    assert.equal((await s.rowOf(a)).status, 'requested');
  });
});

describe('staff bookings: waiting lists', () => {
  it('promotes by hand when a place is free and removes an entry with a reason (family e-mailed)', async () => {
    const s = await setup({ capacity: 1 });
    const [a, b, c] = [await s.fam(), await s.fam(), await s.fam()];
    await s.book(a);
    await s.book(b);
    await s.book(c);
    // A place appears (capacity raised outside the catalogue): the manager gives it to rank 1.
    await t.db
      .update(bookingCapacity)
      .set({ capacity: 2, remaining: 1 })
      .where(eq(bookingCapacity.unitId, s.cat.journee.id));
    const rb = await s.rowOf(b);
    const res = await s.client.post(`/ville/gestion/reservations/attente/${rb.id}/promouvoir`);
    assert.equal(res.statusCode, 303);
    assert.equal((await s.rowOf(b)).status, 'confirmed');
    assert.equal((await s.rowOf(c)).status, 'waiting');
    const rc = await s.rowOf(c);
    const removed = await s.client.post(`/ville/gestion/reservations/attente/${rc.id}/retirer`, {
      reason: 'Doublon',
    });
    assert.equal(removed.statusCode, 303);
    const after = await s.rowOf(c);
    assert.equal(after.status, 'refused');
    assert.equal(after.reason, 'Doublon');
    await t.worker.tick();
    assert.ok(t.mailer.sent.some((m) => /Liste d’attente/.test(m.subject) && /Doublon/.test(m.text)));
  });
});

describe('staff bookings: booking for a family', () => {
  it('books past the deadline but not past capacity, audited, with a summary', async () => {
    const s = await setup({ capacity: 1 });
    const a = await s.fam();
    const b = await s.fam();
    await s.book(a);
    const page = await s.client.get(`/ville/gestion/reservations/familles/${b.household.id}`);
    assert.equal(page.statusCode, 200);
    const key = /name="key" value="([^"]+)"/.exec(page.body)![1]!;
    // Today (Wednesday 25 November, 10:00) has started: only staff can still book it.
    const form = {
      key,
      childId: b.child.id,
      unitId: s.cat.journee.id,
      op: 'add',
      from: '2026-11-25',
      to: '2026-12-02',
    };
    const res = await s.client.post(`/ville/gestion/reservations/familles/${b.household.id}`, form);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Résultat de la demande R2026-/);
    assert.match(res.body, /Réservation confirmée/);
    assert.match(res.body, /Liste d(&#39;|')attente, rang 1/);
    const rows = await t.db.select().from(bookings).where(eq(bookings.childId, b.child.id));
    assert.deepEqual(rows.map((r) => `${r.day}:${r.status}:${r.byStaff}`).sort(), [
      '2026-11-25:confirmed:true',
      '2026-12-02:waiting:true',
    ]);
    // The same form posted twice answers the first result and writes nothing more.
    const again = await s.client.post(`/ville/gestion/reservations/familles/${b.household.id}`, form);
    assert.equal(again.statusCode, 200);
    assert.equal((await t.db.select().from(bookings).where(eq(bookings.childId, b.child.id))).length, 2);
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.action, 'booking.staff-confirm'));
    assert.equal(audits.length, 1);
  });

  it('refuses an invalid form with a French message next to the field', async () => {
    const s = await setup();
    const a = await s.fam();
    const res = await s.client.post(`/ville/gestion/reservations/familles/${a.household.id}`, {
      key: '00000000-0000-4000-8000-000000000000',
      childId: a.child.id,
      unitId: s.cat.journee.id,
      op: 'add',
      from: '2026-12-10',
      to: '2026-12-01',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /La date de fin précède la date de début/);
    assert.equal((await t.db.select().from(bookings)).length, 0);
  });
});
