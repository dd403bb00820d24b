import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { useTestApp } from '../../../test/helpers/app';
import { createIssuedInvoice } from '../../../test/helpers/billing-factories';
import { createBookableActivity, enroll } from '../../../test/helpers/booking-factories';
import { signedInClient } from '../../../test/helpers/client';
import { createHousehold, createStaff, createTenant } from '../../../test/helpers/factories';
import { absenceDeclarations } from '../absences/absences.schema';
import { attendanceMarks } from '../attendance/attendance.schema';
import { settleInvoice } from '../billing/invoices.repository';
import { bookings } from '../bookings/bookings.schema';
import { facilities } from '../catalogue/catalogue.schema';
import { documentSubmissions, documentTypes, uploadedFiles } from '../documents/documents.schema';
import { enrollments } from '../enrollments/enrollments.schema';

// The back-office home (issue 11): work queues limited to a director's facilities, today's occupancy
// per facility, alerts (overdue invoices, documents to renew). The test clock is Wednesday 2026-11-25.
const t = useTestApp();
const TODAY = '2026-11-25';

async function setup() {
  const tenant = await createTenant(t.db, { slug: 'ville-a' });
  const other = await createTenant(t.db, { slug: 'ville-b' });
  await t.app.tenants.refresh();
  const a = await createBookableActivity(t.db, tenant.id, { capacity: 20 });
  const b = await createBookableActivity(t.db, tenant.id, { capacity: 8 });
  await t.db.update(facilities).set({ name: 'Centre Alpha' }).where(eq(facilities.id, a.facility.id));
  await t.db.update(facilities).set({ name: 'Centre Bêta' }).where(eq(facilities.id, b.facility.id));
  const [f1, f2, f3, f4] = [
    await createHousehold(t.db, tenant.id),
    await createHousehold(t.db, tenant.id),
    await createHousehold(t.db, tenant.id),
    await createHousehold(t.db, tenant.id),
  ];
  const e1 = await enroll(t.db, tenant.id, f1!.household.id, f1!.child.id, a.activity.id, a.period.id);
  const e2 = await enroll(t.db, tenant.id, f2!.household.id, f2!.child.id, b.activity.id, b.period.id);
  // One enrollment request waiting in each facility.
  for (const [f, act] of [
    [f3!, a],
    [f4!, b],
  ] as const)
    await t.db.insert(enrollments).values({
      tenantId: tenant.id,
      householdId: f.household.id,
      childId: f.child.id,
      activityId: act.activity.id,
      periodId: act.period.id,
      status: 'pending',
      requestedAt: t.clock.now(),
    });
  const book = (f: typeof f1, e: typeof e1, act: typeof a, day: string, status: string) =>
    t.db.insert(bookings).values({
      tenantId: tenant.id,
      householdId: f!.household.id,
      childId: f!.child.id,
      enrollmentId: e.id,
      activityId: act.activity.id,
      periodId: act.period.id,
      unitId: act.journee.id,
      day,
      status: status as 'confirmed',
      requestedAt: t.clock.now(),
      updatedAt: t.clock.now(),
    });
  // Today: one child booked and present at Alpha, two booked at Bêta (one of them present).
  await book(f1, e1, a, TODAY, 'confirmed');
  await book(f2, e2, b, TODAY, 'confirmed');
  await t.db.insert(attendanceMarks).values({
    tenantId: tenant.id,
    childId: f1!.child.id,
    unitId: a.journee.id,
    day: TODAY,
    activityId: a.activity.id,
    state: 'present',
    unbooked: false,
    updatedAt: t.clock.now(),
  });
  // A late booking request in each facility next Wednesday.
  await book(f1, e1, a, '2026-12-02', 'requested');
  await book(f2, e2, b, '2026-12-02', 'requested');
  // A pending absence for a child of each facility.
  for (const f of [f1!, f2!])
    await t.db.insert(absenceDeclarations).values({
      tenantId: tenant.id,
      householdId: f.household.id,
      childId: f.child.id,
      firstDay: '2026-12-02',
      lastDay: '2026-12-02',
      reason: 'maladie',
      status: 'pending',
      formToken: randomUUID(),
      declaredAt: t.clock.now(),
    });
  const staff = {
    manager: await createStaff(t.db, tenant.id, ['manager']),
    director: await createStaff(t.db, tenant.id, ['director'], [a.facility.id]),
    accountant: await createStaff(t.db, tenant.id, ['accountant']),
    animator: await createStaff(t.db, tenant.id, ['animator'], [a.facility.id]),
    directorBoth: await createStaff(t.db, tenant.id, ['director', 'manager'], [a.facility.id]),
  };
  const home = async (id: string) => {
    const c = await signedInClient(t, id, tenant.id);
    const res = await c.get('/ville-a/gestion');
    assert.equal(res.statusCode, 200);
    return res.body;
  };
  return { tenant, other, a, b, f1: f1!, f2: f2!, staff, home };
}
let w: Awaited<ReturnType<typeof setup>>;
beforeEach(async () => {
  w = await setup();
});

/** The count shown on the card whose label starts with `label`. */
function queueCount(html: string, label: string): number | null {
  const m = new RegExp(`<span class="queue-count">(\\d+)</span><span class="queue-label">${label}`).exec(
    html,
  );
  return m ? Number(m[1]) : null;
}

describe('staff home: work queues of a director', () => {
  it('counts only the director’s facilities for enrollments, booking requests and absences', async () => {
    const director = await w.home(w.staff.director.id);
    assert.equal(queueCount(director, 'Demandes d’inscription à traiter'), 1);
    assert.equal(queueCount(director, 'Réservations à valider'), 1);
    assert.equal(queueCount(director, 'Absences à traiter'), 1);
    const manager = await w.home(w.staff.manager.id);
    assert.equal(queueCount(manager, 'Demandes d’inscription à traiter'), 2);
    assert.equal(queueCount(manager, 'Réservations à valider'), 2);
    assert.equal(queueCount(manager, 'Absences à traiter'), 2);
    // A director who is also a manager sees the whole tenant.
    const both = await w.home(w.staff.directorBoth.id);
    assert.equal(queueCount(both, 'Demandes d’inscription à traiter'), 2);
  });

  it('a director without facilities counts nothing', async () => {
    const none = await createStaff(t.db, w.tenant.id, ['director'], []);
    const html = await w.home(none.id);
    assert.equal(queueCount(html, 'Demandes d’inscription à traiter'), 0);
    assert.equal(queueCount(html, 'Réservations à valider'), 0);
    assert.equal(queueCount(html, 'Absences à traiter'), 0);
  });
});

describe('staff home: today’s occupancy', () => {
  it('shows each facility the staff member sees, with booked / present / capacity and links', async () => {
    const manager = await w.home(w.staff.manager.id);
    assert.match(manager, /<h2 id="occupancy-title">Occupation du jour<\/h2>/);
    assert.match(manager, /<h3>Centre Alpha<\/h3>/);
    assert.match(manager, /<h3>Centre Bêta<\/h3>/);
    const alpha = manager.slice(
      manager.indexOf('<h3>Centre Alpha</h3>'),
      manager.indexOf('<h3>Centre Bêta</h3>'),
    );
    const beta = manager.slice(manager.indexOf('<h3>Centre Bêta</h3>'));
    assert.match(
      alpha,
      /Mercredis · Journée<\/span><\/td><td data-label="Réservés" class="num"><span>1<\/span><\/td><td data-label="Présents" class="num"><span>1<\/span><\/td><td data-label="Capacité" class="num"><span>20 \(5 %\)<\/span>/,
    );
    assert.match(
      beta,
      /<span>1<\/span><\/td><td data-label="Présents" class="num"><span>0<\/span><\/td><td data-label="Capacité" class="num"><span>8 \(13 %\)<\/span>/,
    );
    assert.match(manager, /href="\/ville-a\/gestion\/appel"/);
    assert.match(manager, new RegExp(`href="/ville-a/gestion/occupation\\?site=${w.a.facility.id}"`));
    assert.match(manager, new RegExp(`href="/ville-a/gestion/occupation\\?site=${w.b.facility.id}"`));
  });

  it('a director sees only their facility; roles without the occupancy page see none', async () => {
    const director = await w.home(w.staff.director.id);
    assert.match(director, /<h3>Centre Alpha<\/h3>/);
    assert.doesNotMatch(director, /Centre Bêta/);
    for (const id of [w.staff.accountant.id, w.staff.animator.id]) {
      const html = await w.home(id);
      assert.doesNotMatch(html, /Occupation du jour/);
    }
  });

  it('a unit that does not open today is not listed (next day: Thursday)', async () => {
    t.clock.set('2026-11-26T09:00:00Z');
    const manager = await w.home(w.staff.manager.id);
    assert.match(manager, /Aucune unité ouverte aujourd’hui\./);
    assert.doesNotMatch(manager, /Mercredis · Journée/);
  });
});

async function document(
  householdId: string,
  typeId: string,
  status: string,
  validUntil: string | null,
  at: string,
) {
  const [file] = await t.db
    .insert(uploadedFiles)
    .values({
      tenantId: w.tenant.id,
      householdId,
      purpose: 'document',
      storageKey: randomUUID(),
      originalName: 'piece.pdf',
      kind: 'pdf',
      sizeBytes: 100,
      createdAt: new Date(at),
    })
    .returning();
  await t.db.insert(documentSubmissions).values({
    tenantId: w.tenant.id,
    typeId,
    householdId,
    fileId: file!.id,
    status,
    submittedAt: new Date(at),
    validUntil,
  });
}

describe('staff home: alerts', () => {
  it('counts issued invoices not paid and past due (not due today, not paid, not another tenant)', async () => {
    const h = w.f1.household.id;
    await createIssuedInvoice(t.db, w.tenant.id, h, { dueOn: '2026-11-05' }); // late: 50 €
    const partly = await createIssuedInvoice(t.db, w.tenant.id, w.f2.household.id, {
      month: '2026-09-01',
      dueOn: '2026-11-24',
      lines: [{ quantity: 2, unitPriceCents: 1000 }],
    }); // late: 20 €, 5 € paid
    assert.ok(await t.db.transaction((tx) => settleInvoice(tx, w.tenant.id, partly.id, 500)));
    await createIssuedInvoice(t.db, w.tenant.id, h, { month: '2026-11-01', dueOn: TODAY }); // due today
    const paid = await createIssuedInvoice(t.db, w.tenant.id, h, {
      month: '2026-08-01',
      dueOn: '2026-09-05',
    });
    assert.ok(await t.db.transaction((tx) => settleInvoice(tx, w.tenant.id, paid.id, 5000)));
    const otherHousehold = await createHousehold(t.db, w.other.id);
    await createIssuedInvoice(t.db, w.other.id, otherHousehold.household.id, { dueOn: '2026-10-01' });
    const html = await w.home(w.staff.accountant.id);
    assert.match(html, /<h2 id="alerts-title">Alertes<\/h2>/);
    assert.match(
      html,
      /href="\/ville-a\/gestion\/factures\?retard=1" class="queue-link"><span class="queue-count">2<\/span><span class="queue-label">2 factures en retard de paiement : 65,00\s€ restant dus sur 70,00\s€ facturés/,
    );
    // Managers read billing too; directors and animators do not get the alert.
    assert.match(await w.home(w.staff.manager.id), /factures\?retard=1/);
    for (const id of [w.staff.director.id, w.staff.animator.id])
      assert.doesNotMatch(await w.home(id), /factures\?retard=1/);
  });

  it('no overdue invoice: the card says so', async () => {
    const html = await w.home(w.staff.accountant.id);
    assert.match(
      html,
      /<span class="queue-count">0<\/span><span class="queue-label">Aucune facture en retard de paiement/,
    );
  });

  it('counts current accepted documents expired or expiring within 30 days (managers)', async () => {
    const [type] = await t.db
      .insert(documentTypes)
      .values({
        tenantId: w.tenant.id,
        name: 'Attestation d’assurance',
        scope: 'household',
        createdAt: t.clock.now(),
      })
      .returning();
    const [inactive] = await t.db
      .insert(documentTypes)
      .values({
        tenantId: w.tenant.id,
        name: 'Ancien type',
        scope: 'household',
        active: false,
        createdAt: t.clock.now(),
      })
      .returning();
    const id = type!.id;
    await document(w.f1.household.id, id, 'accepted', '2026-12-25', '2026-01-10T10:00:00Z'); // day 30: counted
    await document(w.f2.household.id, id, 'accepted', '2026-12-26', '2026-01-10T10:00:00Z'); // day 31: not
    await document(w.f1.household.id, inactive!.id, 'accepted', '2026-12-01', '2026-01-10T10:00:00Z'); // inactive type
    // Expired, but a newer submission is pending: the family has already sent the new one.
    const f3 = await createHousehold(t.db, w.tenant.id);
    await document(f3.household.id, id, 'accepted', '2026-11-01', '2025-11-01T10:00:00Z');
    await document(f3.household.id, id, 'pending', null, '2026-11-20T10:00:00Z');
    // Expired with nothing newer: counted.
    const f4 = await createHousehold(t.db, w.tenant.id);
    await document(f4.household.id, id, 'accepted', '2026-11-24', '2025-11-01T10:00:00Z');
    const html = await w.home(w.staff.manager.id);
    assert.match(
      html,
      /href="\/ville-a\/gestion\/documents" class="queue-link"><span class="queue-count">2<\/span><span class="queue-label">2 justificatifs expirés ou expirant dans les 30 jours/,
    );
    assert.doesNotMatch(await w.home(w.staff.accountant.id), /justificatifs? expirés? ou expirant/);
  });
});
