import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { and, asc, eq } from 'drizzle-orm';
import { useTestApp } from '../../../test/helpers/app';
import { signedInClient, type TestClient } from '../../../test/helpers/client';
import { createCatalogue, createHousehold, createStaff, createTenant } from '../../../test/helpers/factories';
import { auditLog } from '../../platform/audit/audit.schema';
import { enrollments } from '../enrollments/enrollments.schema';
import {
  activityGroups,
  facilities,
  periods,
  unitCalendarExceptions,
  unitCapacities,
  units,
} from './catalogue.schema';

const t = useTestApp();

describe('catalogue back office: edits, deletions, unfreezing', () => {
  let slug: string;
  let tenantId: string;
  let manager: TestClient;
  let admin: TestClient;
  let cat: Awaited<ReturnType<typeof createCatalogue>>;
  let other: Awaited<ReturnType<typeof createCatalogue>>;
  let otherTenantId: string;
  let group: typeof activityGroups.$inferSelect;
  let matin: typeof units.$inferSelect;
  let journee: typeof units.$inferSelect;

  const actions = async (tid = tenantId) =>
    (await t.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.tenantId, tid))).map(
      (r) => r.action,
    );

  beforeEach(async () => {
    const tenant = await createTenant(t.db);
    const tenant2 = await createTenant(t.db);
    await t.app.tenants.refresh();
    slug = tenant.slug;
    tenantId = tenant.id;
    otherTenantId = tenant2.id;
    cat = await createCatalogue(t.db, tenant.id);
    other = await createCatalogue(t.db, tenant2.id);
    manager = await signedInClient(t, (await createStaff(t.db, tenant.id, ['manager'])).id, tenant.id);
    admin = await signedInClient(t, (await createStaff(t.db, tenant.id, ['admin'])).id, tenant.id);
    group = (
      await t.db
        .insert(activityGroups)
        .values({
          tenantId,
          activityId: cat.activity.id,
          name: '3-5 ans',
          minAge: 3,
          maxAge: 5,
          capacity: 20,
        })
        .returning()
    )[0]!;
    matin = (
      await t.db
        .insert(units)
        .values({
          tenantId,
          activityId: cat.activity.id,
          name: 'Matin',
          kind: 'half_day',
          startTime: '08:00',
          endTime: '12:00',
        })
        .returning()
    )[0]!;
    journee = (
      await t.db
        .insert(units)
        .values({
          tenantId,
          activityId: cat.activity.id,
          name: 'Journée',
          kind: 'day',
          startTime: '08:00',
          endTime: '18:00',
          incompatibleUnitIds: [matin.id],
        })
        .returning()
    )[0]!;
    await t.db
      .update(units)
      .set({ incompatibleUnitIds: [journee.id] })
      .where(eq(units.id, matin!.id));
  });

  it('edits a facility with its form prefilled; bad input is 400, another tenant’s facility 404', async () => {
    const url = `/${slug}/gestion/catalogue/structures/${cat.facility.id}`;
    const page = await manager.get(url);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /value="Centre de loisirs"/);
    const bad = await manager.post(url, { f_name: '  ', f_address: 'x' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /id="f-f_name-error"/);
    assert.match(bad.body, /Indiquez un nom/);
    const ok = await manager.post(url, { f_name: 'Centre Jules Verne', f_address: '2 rue des Écoles' });
    assert.equal(ok.statusCode, 303);
    const [f] = await t.db.select().from(facilities).where(eq(facilities.id, cat.facility.id));
    assert.equal(f!.name, 'Centre Jules Verne');
    assert.equal(f!.address, '2 rue des Écoles');
    assert.deepEqual(await actions(), ['catalogue.facility.update']);

    const hostile = await manager.post(`/${slug}/gestion/catalogue/structures/${other.facility.id}`, {
      f_name: 'Piratée',
    });
    assert.equal(hostile.statusCode, 404);
    const [o] = await t.db.select().from(facilities).where(eq(facilities.id, other.facility.id));
    assert.equal(o!.name, 'Centre de loisirs');
    assert.deepEqual(await actions(otherTenantId), []);
  });

  it('edits a group with its form prefilled and validates it', async () => {
    const url = `/${slug}/gestion/catalogue/groupes/${group.id}`;
    const page = await manager.get(url);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /value="3-5 ans"/);
    assert.match(page.body, /value="20"/);
    const bad = await manager.post(url, { g_name: 'G', g_minAge: '8', g_maxAge: '6', g_capacity: '-1' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /La capacité ne peut pas être négative/);
    assert.match(bad.body, /L’âge maximum doit être au moins l’âge minimum/);
    const ok = await manager.post(url, { g_name: '3-6 ans', g_minAge: '3', g_maxAge: '6', g_capacity: '24' });
    assert.equal(ok.statusCode, 303);
    const [g] = await t.db.select().from(activityGroups).where(eq(activityGroups.id, group.id));
    assert.equal(g!.name, '3-6 ans');
    assert.equal(g!.capacity, 24);
    assert.deepEqual(await actions(), ['catalogue.group.update']);
  });

  it('edits a unit (times, kind, rules, opening, deadlines) keeping incompatibilities symmetric', async () => {
    const url = `/${slug}/gestion/catalogue/unites/${journee.id}`;
    const page = await manager.get(url);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /name="u_name"[^>]*value="Journée"|value="Journée"[^>]*name="u_name"/);
    const [repas] = await t.db
      .insert(units)
      .values({
        tenantId,
        activityId: cat.activity.id,
        name: 'Repas',
        kind: 'meal',
        startTime: '12:00',
        endTime: '13:30',
      })
      .returning();
    const bad = await manager.post(url, {
      u_name: 'Journée',
      u_kind: 'day',
      u_startTime: '18:00',
      u_endTime: '08:00',
      u_weekdays: '3',
      u_dayType: 'both',
      u_incompatible: [journee.id],
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /L’heure de fin doit être après l’heure de début/);
    // A unit cannot be incompatible with itself, nor with another tenant's unit.
    const self = await manager.post(url, {
      u_name: 'Journée',
      u_kind: 'day',
      u_startTime: '08:00',
      u_endTime: '18:00',
      u_weekdays: '3',
      u_dayType: 'both',
      u_incompatible: [journee.id],
    });
    assert.equal(self.statusCode, 400);
    assert.match(self.body, /Choisissez d’autres unités de cette activité/);
    const ok = await manager.post(url, {
      u_name: 'Journée complète',
      u_kind: 'day',
      u_startTime: '08:30',
      u_endTime: '17:30',
      u_weekdays: ['3', '1'],
      u_dayType: 'school_holidays',
      u_openOnPublicHolidays: 'on',
      u_capacity: '40',
      u_incompatible: [repas!.id],
      u_required: [],
      ubook_kind: 'days_before',
      ubook_days: '2',
      ubook_working: 'on',
      ubook_time: '10:00',
    });
    assert.equal(ok.statusCode, 303, ok.body);
    const rows = await t.db.select().from(units).where(eq(units.tenantId, tenantId));
    const by = (n: string) => rows.find((u) => u.name === n)!;
    const j = by('Journée complète');
    assert.deepEqual(j.weekdays, [1, 3]);
    assert.equal(j.capacity, 40);
    assert.equal(j.openOnPublicHolidays, true);
    assert.deepEqual(j.incompatibleUnitIds, [repas!.id]);
    assert.deepEqual(j.bookingDeadline, { kind: 'days_before', days: 2, workingDays: true, time: '10:00' });
    assert.deepEqual(by('Matin').incompatibleUnitIds, [], 'no longer incompatible with Matin');
    assert.deepEqual(by('Repas').incompatibleUnitIds, [j.id], 'symmetric');
    assert.deepEqual(await actions(), ['catalogue.unit.update']);
  });

  it('deletes a calendar exception and a capacity override; another tenant’s ids are not found', async () => {
    const [x] = await t.db
      .insert(unitCalendarExceptions)
      .values({ tenantId, unitId: journee.id, day: '2027-04-23', kind: 'closed' })
      .returning();
    const [c] = await t.db
      .insert(unitCapacities)
      .values({ tenantId, unitId: journee.id, groupId: group.id, day: null, capacity: 12 })
      .returning();
    const base = `/${slug}/gestion/catalogue/unites/${journee.id}`;
    const page = await manager.get(base);
    assert.match(page.body, new RegExp(`exceptions/${x!.id}/supprimer`));
    assert.match(page.body, new RegExp(`capacites/${c!.id}/supprimer`));
    // Wrong unit for the row: 404, nothing deleted.
    assert.equal(
      (await manager.post(`/${slug}/gestion/catalogue/unites/${matin.id}/exceptions/${x!.id}/supprimer`, {}))
        .statusCode,
      404,
    );
    assert.equal((await manager.post(`${base}/exceptions/${x!.id}/supprimer`, {})).statusCode, 303);
    assert.equal((await manager.post(`${base}/capacites/${c!.id}/supprimer`, {})).statusCode, 303);
    assert.equal((await t.db.select().from(unitCalendarExceptions)).length, 0);
    assert.equal((await t.db.select().from(unitCapacities)).length, 0);
    assert.deepEqual((await actions()).sort(), [
      'catalogue.unit.capacity.delete',
      'catalogue.unit.exception.delete',
    ]);
    // Twice: already gone.
    assert.equal((await manager.post(`${base}/capacites/${c!.id}/supprimer`, {})).statusCode, 404);
  });

  it('deletes a group or a unit only when no enrollment uses it (else 409 with a French message)', async () => {
    const h = await createHousehold(t.db, tenantId);
    await t.db.insert(enrollments).values({
      tenantId,
      householdId: h.household.id,
      childId: h.child.id,
      activityId: cat.activity.id,
      periodId: cat.period.id,
      groupId: group.id,
      status: 'accepted',
      typicalWeek: { '3': [journee.id] },
      requestedAt: t.clock.now(),
    });
    const g = await manager.post(`/${slug}/gestion/catalogue/groupes/${group.id}/supprimer`, {});
    assert.equal(g.statusCode, 409);
    assert.match(g.body, /Le groupe « 3-5 ans » ne peut pas être supprimé : 1 inscription l’utilise/);
    const u = await manager.post(`/${slug}/gestion/catalogue/unites/${journee.id}/supprimer`, {});
    assert.equal(u.statusCode, 409);
    assert.match(u.body, /L’unité « Journée » ne peut pas être supprimée/);
    assert.equal(
      (await t.db.select().from(activityGroups).where(eq(activityGroups.tenantId, tenantId))).length,
      1,
    );
    assert.deepEqual(await actions(), []);

    // Matin is not used: deleted, and removed from Journée's incompatibilities.
    const m = await manager.post(`/${slug}/gestion/catalogue/unites/${matin.id}/supprimer`, {});
    assert.equal(m.statusCode, 303);
    const [j] = await t.db.select().from(units).where(eq(units.id, journee.id));
    assert.deepEqual(j!.incompatibleUnitIds, []);
    // Once the enrollment is gone, the group can go too.
    await t.db.delete(enrollments);
    assert.equal(
      (await manager.post(`/${slug}/gestion/catalogue/groupes/${group.id}/supprimer`, {})).statusCode,
      303,
    );
    assert.deepEqual((await actions()).sort(), ['catalogue.group.delete', 'catalogue.unit.delete']);
    // Another tenant's group: not found.
    const [og] = await t.db
      .insert(activityGroups)
      .values({ tenantId: otherTenantId, activityId: other.activity.id, name: 'Autre', capacity: 1 })
      .returning();
    assert.equal(
      (await manager.post(`/${slug}/gestion/catalogue/groupes/${og!.id}/supprimer`, {})).statusCode,
      404,
    );
    assert.equal((await t.db.select().from(activityGroups).where(eq(activityGroups.id, og!.id))).length, 1);
  });

  it('lets an administrator unfreeze a period after confirming, audited; managers cannot', async () => {
    await t.db.update(periods).set({ frozen: true }).where(eq(periods.id, cat.period.id));
    const url = `/${slug}/gestion/catalogue/periodes/${cat.period.id}`;
    assert.doesNotMatch((await manager.get(url)).body, /Rouvrir la période/);
    assert.match((await admin.get(url)).body, /Rouvrir la période/);
    assert.equal((await manager.post(`${url}/degeler`, { confirm: 'on' })).statusCode, 403);
    const unconfirmed = await admin.post(`${url}/degeler`, {});
    assert.equal(unconfirmed.statusCode, 400);
    assert.match(unconfirmed.body, /Cochez la case pour confirmer/);
    const frozen = async () =>
      (await t.db.select().from(periods).where(eq(periods.id, cat.period.id)))[0]!.frozen;
    assert.equal(await frozen(), true);
    assert.equal((await admin.post(`${url}/degeler`, { confirm: 'on' })).statusCode, 303);
    assert.equal(await frozen(), false);
    assert.deepEqual(await actions(), ['catalogue.period.unfreeze']);
    // Not frozen any more: a second unfreeze is a conflict; the period can be edited again.
    assert.equal((await admin.post(`${url}/degeler`, { confirm: 'on' })).statusCode, 409);
    const edit = await manager.post(url, {
      p_name: 'Année 2026-2027 (corrigée)',
      p_firstDay: '2026-09-02',
      p_lastDay: '2027-07-03',
      p_allocationMode: 'first_come',
      p_visible: 'on',
    });
    assert.equal(edit.statusCode, 303);
    const [p] = await t.db.select().from(periods).where(eq(periods.id, cat.period.id));
    assert.equal(p!.name, 'Année 2026-2027 (corrigée)');
    assert.equal(p!.visible, true);
  });

  it('reorders a waiting list by hand, one place at a time, audited', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const h = await createHousehold(t.db, tenantId, `Famille ${i}`);
      const [e] = await t.db
        .insert(enrollments)
        .values({
          tenantId,
          householdId: h.household.id,
          childId: h.child.id,
          activityId: cat.activity.id,
          periodId: cat.period.id,
          status: 'waiting',
          // Two entries joined at the same instant: the tie is broken by the move.
          waitingSince: new Date(i === 2 ? 1_000 : 0),
          requestedAt: t.clock.now(),
        })
        .returning();
      ids.push(e!.id);
    }
    const order = async () =>
      (
        await t.db
          .select({ id: enrollments.id })
          .from(enrollments)
          .where(and(eq(enrollments.tenantId, tenantId), eq(enrollments.status, 'waiting')))
          .orderBy(asc(enrollments.waitingSince), asc(enrollments.id))
      ).map((r) => r.id);
    const start = await order();
    const q = `/${slug}/gestion/inscriptions`;
    const queue = await manager.get(q);
    assert.match(queue.body, new RegExp(`${start[1]}/monter`));
    assert.doesNotMatch(queue.body, new RegExp(`${start[0]}/monter`));
    // First one cannot go up: 409 with a message.
    const top = await manager.post(`${q}/${start[0]}/monter`, {});
    assert.equal(top.statusCode, 409);
    assert.match(top.body, /déjà en tête de liste/);
    assert.equal((await manager.post(`${q}/${start[2]}/monter`, {})).statusCode, 303);
    assert.deepEqual(await order(), [start[0], start[2], start[1]]);
    assert.equal((await manager.post(`${q}/${start[0]}/descendre`, {})).statusCode, 303);
    assert.deepEqual(await order(), [start[2], start[0], start[1]]);
    assert.deepEqual(await actions(), ['enrollment.waitlist.move', 'enrollment.waitlist.move']);
    const page = await manager.get(q);
    assert.ok(page.body.indexOf(`e-${start[2]}`) < page.body.indexOf(`e-${start[1]}`));
    // A frozen period's list cannot be reordered.
    await t.db.update(periods).set({ frozen: true }).where(eq(periods.id, cat.period.id));
    assert.equal((await manager.post(`${q}/${start[1]}/monter`, {})).statusCode, 409);
    assert.deepEqual(await order(), [start[2], start[0], start[1]]);
  });
});
