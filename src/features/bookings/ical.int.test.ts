import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestApp } from '../../../test/helpers/app';
import { createBookableActivity, enroll } from '../../../test/helpers/booking-factories';
import { signedInClient } from '../../../test/helpers/client';
import { createFamily, createStaff, createTenant } from '../../../test/helpers/factories';
import { loadBookingSettings } from './bookings.repository';
import { confirmBasket } from './confirm';
import { ICAL_CONTENT_TYPE } from './domain/ical';

const t = useTestApp();

describe('iCalendar feed', () => {
  it('creates a secret address shown once, serves confirmed bookings, and 404s once revoked', async () => {
    const tenant = await createTenant(t.db, { slug: 'ville' });
    const other = await createTenant(t.db, { slug: 'autre' });
    await t.app.tenants.refresh();
    const cat = await createBookableActivity(t.db, tenant.id);
    const f = await createFamily(t.db, tenant.id);
    await enroll(t.db, tenant.id, f.household.id, f.child.id, cat.activity.id, cat.period.id);
    await confirmBasket({
      db: t.db,
      tenant,
      householdId: f.household.id,
      idempotencyKey: 'k',
      basketId: null,
      lines: [{ childId: f.child.id, day: '2026-12-02', unitId: cat.journee.id, op: 'add' }],
      now: t.clock.now(),
      actorUserId: f.user.id,
    });
    const c = await signedInClient(t, f.user.id, tenant.id);
    const empty = await c.get('/ville/reservations/calendrier');
    assert.equal(empty.statusCode, 200);
    assert.match(empty.body, /Aucun abonnement actif/);
    const created = await c.post('/ville/reservations/calendrier');
    assert.equal(created.statusCode, 200);
    const url = /value="(http[^"]+\/ville\/calendrier\/([A-Za-z0-9_-]{43})\.ics)"/.exec(created.body);
    assert.ok(url, 'the address is shown');
    const path = `/ville/calendrier/${url[2]}.ics`;
    // Shown once: the page no longer contains it.
    const again = await c.get('/ville/reservations/calendrier');
    assert.ok(!again.body.includes(url[2]!));
    assert.match(again.body, /Un abonnement est actif/);

    const feed = await t.app.inject({ method: 'GET', url: path });
    assert.equal(feed.statusCode, 200);
    assert.equal(feed.headers['content-type'], ICAL_CONTENT_TYPE);
    assert.match(feed.body, /BEGIN:VCALENDAR/);
    assert.match(feed.body, /DTSTART;TZID=Europe\/Paris:20261202T083000/);
    assert.equal(
      (await t.app.inject({ method: 'GET', url: `/autre/calendrier/${url[2]}.ics` })).statusCode,
      404,
    );
    assert.equal((await t.app.inject({ method: 'GET', url: '/ville/calendrier/abc.ics' })).statusCode, 404);

    // A new address revokes the old one; revoking leaves none.
    await c.post('/ville/reservations/calendrier');
    assert.equal((await t.app.inject({ method: 'GET', url: path })).statusCode, 404);
    const revoked = await c.post('/ville/reservations/calendrier/revoquer');
    assert.equal(revoked.statusCode, 303);
    assert.match((await c.get('/ville/reservations/calendrier')).body, /Aucun abonnement actif/);
    void other;
  });
});

describe('booking settings', () => {
  it('administrators change the waiting list, reminder days, criteria order and mode; errors are 400', async () => {
    const tenant = await createTenant(t.db, { slug: 'ville' });
    await t.app.tenants.refresh();
    const admin = await createStaff(t.db, tenant.id, ['admin']);
    const c = await signedInClient(t, admin.id, tenant.id);
    assert.equal((await c.get('/ville/gestion/reservations/parametres')).statusCode, 200);
    const bad = await c.post('/ville/gestion/reservations/parametres', {
      reminderDays: '99',
      criterion1: 'resident',
      criterion2: 'resident',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /entre 0 et 60/);
    assert.match(bad.body, /qu’une fois/);
    const ok = await c.post('/ville/gestion/reservations/parametres', {
      reminderDays: '3',
      criterion1: 'sibling-placed',
      criterion2: 'resident',
      criterion3: '',
      allocationMode: 'line',
    });
    assert.equal(ok.statusCode, 303);
    assert.deepEqual(await loadBookingSettings(t.db, tenant.id), {
      waitingList: false,
      reminderDays: 3,
      priorityCriteria: ['sibling-placed', 'resident'],
      allocationMode: 'line',
    });
    const manager = await createStaff(t.db, tenant.id, ['manager']);
    const m = await signedInClient(t, manager.id, tenant.id);
    assert.equal((await m.get('/ville/gestion/reservations/parametres')).statusCode, 403);
  });
});
