import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestApp } from '../../../test/helpers/app';
import { createBookableActivity, enroll } from '../../../test/helpers/booking-factories';
import { signedInClient } from '../../../test/helpers/client';
import { createFamily, createStaff, createTenant } from '../../../test/helpers/factories';
import { unitCalendarExceptions } from '../catalogue/catalogue.schema';
import { bookings } from './bookings.schema';

// The staff day view honours the units' calendar exceptions (issue 11 leftovers): a closed day shows
// « Fermé » and offers no booking; an exceptional opening on a day the unit does not usually open shows.
const t = useTestApp();
const WEDNESDAY = '2026-12-02';
const THURSDAY = '2026-12-03';

async function setup() {
  const tenant = await createTenant(t.db, { slug: 'ville' });
  await t.app.tenants.refresh();
  const cat = await createBookableActivity(t.db, tenant.id, { capacity: 10 });
  const f = await createFamily(t.db, tenant.id);
  const e = await enroll(t.db, tenant.id, f.household.id, f.child.id, cat.activity.id, cat.period.id);
  await t.db.insert(bookings).values({
    tenantId: tenant.id,
    householdId: f.household.id,
    childId: f.child.id,
    enrollmentId: e.id,
    activityId: cat.activity.id,
    periodId: cat.period.id,
    unitId: cat.journee.id,
    day: WEDNESDAY,
    status: 'confirmed',
    requestedAt: t.clock.now(),
    updatedAt: t.clock.now(),
  });
  const manager = await createStaff(t.db, tenant.id, ['manager']);
  const client = await signedInClient(t, manager.id, tenant.id);
  const day = async (d: string) => {
    const res = await client.get(`/ville/gestion/reservations?site=${cat.facility.id}&jour=${d}`);
    assert.equal(res.statusCode, 200);
    return res.body;
  };
  return { tenant, cat, day };
}

/** The card of one unit in the day view. */
function unitCard(html: string, unitId: string): string {
  const from = html.indexOf(`id="u-${unitId}"`);
  if (from < 0) return '';
  const end = html.indexOf('</section>', from);
  return html.slice(from, end);
}

describe('staff bookings day view: calendar exceptions', () => {
  it('a closed day shows « Fermé » with its label and offers no booking', async () => {
    const s = await setup();
    const open = unitCard(await s.day(WEDNESDAY), s.cat.journee.id);
    assert.match(open, /Réserver ou annuler/);
    assert.doesNotMatch(open, /Fermé/);
    await t.db.insert(unitCalendarExceptions).values({
      tenantId: s.tenant.id,
      unitId: s.cat.journee.id,
      day: WEDNESDAY,
      kind: 'closed',
      label: 'Journée pédagogique',
    });
    const html = await s.day(WEDNESDAY);
    const closed = unitCard(html, s.cat.journee.id);
    assert.match(closed, />Fermé</);
    assert.match(closed, /Journée pédagogique/);
    assert.doesNotMatch(closed, /Réserver ou annuler/);
    // The other units of the day are untouched.
    const matin = unitCard(html, s.cat.matin.id);
    assert.ok(matin.length > 0);
    assert.doesNotMatch(matin, /Fermé/);
  });

  it('an exceptional opening shows a unit on a day it does not usually open', async () => {
    const s = await setup();
    assert.equal(unitCard(await s.day(THURSDAY), s.cat.journee.id), '');
    await t.db.insert(unitCalendarExceptions).values({
      tenantId: s.tenant.id,
      unitId: s.cat.journee.id,
      day: THURSDAY,
      kind: 'open',
      label: '',
    });
    const html = await s.day(THURSDAY);
    const card = unitCard(html, s.cat.journee.id);
    assert.match(card, /Ouverture exceptionnelle\./);
    assert.match(card, /0 \/ 10 places/);
    assert.equal(unitCard(html, s.cat.matin.id), '');
  });

  it('an exception on another day changes nothing', async () => {
    const s = await setup();
    await t.db.insert(unitCalendarExceptions).values({
      tenantId: s.tenant.id,
      unitId: s.cat.journee.id,
      day: '2026-12-09',
      kind: 'closed',
      label: 'Plus tard',
    });
    const card = unitCard(await s.day(WEDNESDAY), s.cat.journee.id);
    assert.doesNotMatch(card, /Fermé/);
    assert.match(card, /Réserver ou annuler/);
  });
});
