import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { count, eq } from 'drizzle-orm';
import { useTestApp } from '../../../test/helpers/app';
import { signedInClient, type TestClient } from '../../../test/helpers/client';
import { createCatalogue, createStaff, createTenant } from '../../../test/helpers/factories';
import { auditLog } from '../../platform/audit/audit.schema';
import {
  activities,
  activityGroups,
  periods,
  unitCalendarExceptions,
  unitCapacities,
  units,
} from './catalogue.schema';

const t = useTestApp();

describe('catalogue back office', () => {
  let slug: string;
  let tenantId: string;
  let manager: TestClient;
  let cat: Awaited<ReturnType<typeof createCatalogue>>;
  beforeEach(async () => {
    const tenant = await createTenant(t.db);
    await t.app.tenants.refresh();
    slug = tenant.slug;
    tenantId = tenant.id;
    cat = await createCatalogue(t.db, tenant.id);
    const m = await createStaff(t.db, tenant.id, ['manager']);
    manager = await signedInClient(t, m.id, tenant.id);
  });

  it('creates an activity with deadlines, a period, groups and units with rules, each audited', async () => {
    const res = await manager.post(`/${slug}/gestion/catalogue/activites`, {
      name: 'Stage multisport',
      facilityId: cat.facility.id,
      kind: 'holidays',
      enrollmentValidation: 'staff',
      bookingValidation: 'auto',
      lateChangePolicy: 'request',
      requiredDocuments: 'Attestation d’assurance\nCertificat médical',
      book_kind: 'days_before',
      book_days: '2',
      book_working: 'on',
      book_time: '10:00',
      cancel_kind: 'weekday_previous_week',
      cancel_weekday: '4',
      cancel_time: '24:00',
    });
    assert.equal(res.statusCode, 303, res.body);
    const [a] = await t.db.select().from(activities).where(eq(activities.name, 'Stage multisport'));
    assert.deepEqual(a!.bookingDeadline, { kind: 'days_before', days: 2, workingDays: true, time: '10:00' });
    assert.deepEqual(a!.requiredDocuments, ['Attestation d’assurance', 'Certificat médical']);
    const page = await manager.get(`/${slug}/gestion/catalogue/activites/${a!.id}`);
    assert.match(
      page.body,
      /Réservable jusqu&#39;à 2 jours ouvrés avant, 10 h 00|Réservable jusqu'à 2 jours ouvrés avant, 10 h 00/,
    );
    assert.match(page.body, /Annulable jusqu(&#39;|')au jeudi de la semaine précédente, minuit/);

    const base = `/${slug}/gestion/catalogue/activites/${a!.id}`;
    const p = await manager.post(`${base}/periodes`, {
      p_name: 'Printemps 2027',
      p_firstDay: '2027-04-19',
      p_lastDay: '2027-04-30',
      p_enrollmentFirstDay: '2027-02-01',
      p_enrollmentLastDay: '2027-03-15',
      p_allocationMode: 'request_window',
      p_requestFirstDay: '2027-02-01',
      p_requestLastDay: '2027-02-28',
      p_visible: 'on',
    });
    assert.equal(p.statusCode, 303, p.body);
    const g = await manager.post(`${base}/groupes`, {
      g_name: '6-8 ans',
      g_minAge: '6',
      g_maxAge: '8',
      g_capacity: '24',
    });
    assert.equal(g.statusCode, 303, g.body);
    const mk = (name: string, extra: Record<string, string | string[]> = {}) =>
      manager.post(`${base}/unites`, {
        u_name: name,
        u_kind: 'half_day',
        u_startTime: '08:00',
        u_endTime: '12:00',
        u_weekdays: ['1', '2', '3', '4', '5'],
        u_dayType: 'school_holidays',
        ...extra,
      });
    assert.equal((await mk('Matin')).statusCode, 303);
    const [matin] = await t.db.select().from(units).where(eq(units.name, 'Matin'));
    const journee = await mk('Journée', {
      u_kind: 'day',
      u_endTime: '18:00',
      u_incompatible: [matin!.id],
      ubook_kind: 'days_before',
      ubook_days: '7',
      ubook_time: '12:00',
    });
    assert.equal(journee.statusCode, 303, journee.body);
    const [j] = await t.db.select().from(units).where(eq(units.name, 'Journée'));
    const [m2] = await t.db.select().from(units).where(eq(units.name, 'Matin'));
    assert.deepEqual(m2!.incompatibleUnitIds, [j!.id], 'incompatibility is made symmetric');
    assert.deepEqual(j!.bookingDeadline, { kind: 'days_before', days: 7, workingDays: false, time: '12:00' });

    const unitBase = `/${slug}/gestion/catalogue/unites/${j!.id}`;
    assert.equal(
      (
        await manager.post(`${unitBase}/exceptions`, {
          x_day: '2027-04-23',
          x_kind: 'closed',
          x_label: 'Inventaire',
        })
      ).statusCode,
      303,
    );
    const [grp] = await t.db.select().from(activityGroups).where(eq(activityGroups.activityId, a!.id));
    assert.equal(
      (await manager.post(`${unitBase}/capacites`, { c_groupId: grp!.id, c_day: '', c_capacity: '12' }))
        .statusCode,
      303,
    );
    // Same key again: updated, not duplicated.
    assert.equal(
      (await manager.post(`${unitBase}/capacites`, { c_groupId: grp!.id, c_day: '', c_capacity: '10' }))
        .statusCode,
      303,
    );
    const caps = await t.db.select().from(unitCapacities);
    assert.equal(caps.length, 1);
    assert.equal(caps[0]!.capacity, 10);
    assert.equal((await t.db.select().from(unitCalendarExceptions)).length, 1);
    const unitPage = await manager.get(unitBase);
    assert.equal(unitPage.statusCode, 200);
    assert.match(unitPage.body, /Réservable jusqu(&#39;|')à 7 jours avant, 12 h 00/);

    const audits = await t.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.tenantId, tenantId));
    assert.deepEqual(audits.map((x) => x.action).sort(), [
      'catalogue.activity.create',
      'catalogue.group.create',
      'catalogue.period.create',
      'catalogue.unit.capacity',
      'catalogue.unit.capacity',
      'catalogue.unit.create',
      'catalogue.unit.create',
      'catalogue.unit.exception',
    ]);
  });

  it('re-renders invalid forms with 400 and French messages next to the fields, writing nothing', async () => {
    const before = Number((await t.db.select({ n: count() }).from(activities))[0]!.n);
    const res = await manager.post(`/${slug}/gestion/catalogue/activites`, {
      name: '',
      facilityId: cat.facility.id,
      kind: 'wednesday',
      enrollmentValidation: 'staff',
      bookingValidation: 'auto',
      lateChangePolicy: 'refuse',
      book_kind: 'days_before',
      book_days: '-1',
      book_time: '25:00',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Indiquez un nom/);
    assert.match(res.body, /id="f-book_days-error"/);
    assert.match(res.body, /Indiquez une heure au format HH:MM/);
    assert.equal(Number((await t.db.select({ n: count() }).from(activities))[0]!.n), before);
    const base = `/${slug}/gestion/catalogue/activites/${cat.activity.id}`;
    const u = await manager.post(`${base}/unites`, {
      u_name: 'X',
      u_kind: 'day',
      u_startTime: '12:00',
      u_endTime: '08:00',
      u_dayType: 'both',
    });
    assert.equal(u.statusCode, 400);
    assert.match(u.body, /L’heure de fin doit être après l’heure de début/);
    assert.match(u.body, /Cochez au moins un jour/);
    const p = await manager.post(`${base}/periodes`, {
      p_name: 'P',
      p_firstDay: '2027-01-10',
      p_lastDay: '2027-01-01',
      p_allocationMode: 'request_window',
    });
    assert.equal(p.statusCode, 400);
    assert.match(p.body, /La fin doit être après le début/);
    assert.match(p.body, /Indiquez le début de la fenêtre de demandes/);
    assert.equal((await t.db.select().from(units)).length, 0);
  });

  it('shows a frozen period read-only and refuses changes to it', async () => {
    await t.db.update(periods).set({ frozen: true }).where(eq(periods.id, cat.period.id));
    const page = await manager.get(`/${slug}/gestion/catalogue/periodes/${cat.period.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /lecture seule/);
    assert.doesNotMatch(page.body, /Enregistrer la période/);
    const res = await manager.post(`/${slug}/gestion/catalogue/periodes/${cat.period.id}`, {
      p_name: 'Renommée',
      p_firstDay: '2026-09-01',
      p_lastDay: '2027-07-02',
      p_allocationMode: 'first_come',
    });
    assert.equal(res.statusCode, 409);
    const [p] = await t.db.select().from(periods).where(eq(periods.id, cat.period.id));
    assert.equal(p!.name, cat.period.name);
  });
});
