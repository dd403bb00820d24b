import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { and, eq, like } from 'drizzle-orm';
import { useTestApp } from '../../../test/helpers/app';
import { createBookableActivity, enroll } from '../../../test/helpers/booking-factories';
import { signedInClient } from '../../../test/helpers/client';
import { createCatalogue, createFamily, createStaff, createTenant } from '../../../test/helpers/factories';
import { auditLog } from '../../platform/audit/audit.schema';
import { absenceDeclarations } from '../absences/absences.schema';
import { bookings } from '../bookings/bookings.schema';
import { childHealth, householdContacts } from '../households/households.schema';
import { outcomesOf } from './attendance.repository';
import { attendanceMarks } from './attendance.schema';
import { registerJustifiedAbsenceSource } from './justified-absences';

const t = useTestApp();
const TODAY = '2026-11-25'; // the test clock's day, a Wednesday

const dir = mkdtempSync(join(tmpdir(), 'maisonnee-reg-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function setup() {
  const tenant = await createTenant(t.db);
  await t.app.tenants.refresh();
  const cat = await createBookableActivity(t.db, tenant.id);
  const fam = async () => {
    const f = await createFamily(t.db, tenant.id);
    const e = await enroll(t.db, tenant.id, f.household.id, f.child.id, cat.activity.id, cat.period.id);
    return { ...f, enrollment: e };
  };
  const fams = [await fam(), await fam(), await fam()];
  const book = async (f: (typeof fams)[number], day: string, status = 'confirmed', late = false) =>
    t.db.insert(bookings).values({
      tenantId: tenant.id,
      householdId: f.household.id,
      childId: f.child.id,
      enrollmentId: f.enrollment.id,
      activityId: cat.activity.id,
      periodId: cat.period.id,
      unitId: cat.journee.id,
      day,
      status: status as 'confirmed',
      lateCancellation: late,
      requestedAt: t.clock.now(),
      updatedAt: t.clock.now(),
    });
  // Two booked children today; the third is enrolled but not booked (a walk-in candidate).
  await book(fams[0]!, TODAY);
  await book(fams[1]!, TODAY);
  await t.db.insert(childHealth).values({
    tenantId: tenant.id,
    childId: fams[0]!.child.id,
    allergies: 'Arachide',
    pai: true,
    paiNotes: 'Trousse PAI',
  });
  await t.db.insert(householdContacts).values({
    tenantId: tenant.id,
    householdId: fams[0]!.household.id,
    name: 'Mamie Jeanne',
    relation: 'Grand-mère',
    mobilePhone: '06 11 22 33 44',
    mayPickUp: true,
  });
  const animator = await createStaff(t.db, tenant.id, ['animator'], [cat.facility.id]);
  const url = `/${tenant.slug}/gestion/appel?site=${cat.facility.id}&jour=${TODAY}&unite=${cat.journee.id}`;
  return { tenant, cat, fams, book, animator, url };
}

function postBatch(
  client: Awaited<ReturnType<typeof signedInClient>>,
  slug: string,
  actions: object[],
  csrf: string,
) {
  return client.postJson(`/${slug}/gestion/appel/actions`, { actions }, { csrf: csrf || false });
}

/** The CSRF token rendered in a page (the tablet's module reads it from the body's hx-headers). */
function csrfOf(html: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
}

describe('daily register', () => {
  it('lists booked children with counts, pick-up people and the health flags an animator may see (audited)', async () => {
    const s = await setup();
    const c = await signedInClient(t, s.animator.id, s.tenant.id);
    const res = await c.get(s.url);
    assert.equal(res.statusCode, 200);
    const html = res.body;
    assert.match(html, new RegExp(s.fams[0]!.child.lastName.toUpperCase()));
    assert.match(html, new RegExp(s.fams[1]!.child.lastName.toUpperCase()));
    assert.doesNotMatch(html, new RegExp(`${s.fams[2]!.child.lastName.toUpperCase()}<`));
    assert.match(html, /data-count="expected">2</);
    assert.match(html, /data-count="unmarked">2</);
    assert.match(html, /Allergies : Arachide/);
    assert.match(html, /PAI</, 'an animator sees the PAI flag');
    assert.doesNotMatch(html, /Trousse PAI/, 'but not the PAI notes');
    assert.match(html, /Mamie Jeanne/);
    assert.match(html, /tel:0611223344/);
    const audits = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, s.tenant.id), eq(auditLog.action, 'health.view')));
    assert.deepEqual(
      audits.map((a) => a.subjectId),
      [s.fams[0]!.child.id],
    );
  });

  it('shows an accepted absence declaration of the day as « Absence justifiée »', async () => {
    const s = await setup();
    const f = s.fams[1]!;
    await t.db.insert(absenceDeclarations).values({
      tenantId: s.tenant.id,
      householdId: f.household.id,
      childId: f.child.id,
      firstDay: '2026-11-24',
      lastDay: TODAY,
      reason: 'maladie',
      status: 'accepted',
      formToken: randomUUID(),
      declaredAt: t.clock.now(),
    });
    const c = await signedInClient(t, s.animator.id, s.tenant.id);
    const html = (await c.get(s.url)).body;
    const line = html.slice(html.indexOf(`id="c-${f.child.id}"`));
    assert.match(line.slice(0, line.indexOf('</li>')), /Absence justifiée/);
    const other = html.slice(html.indexOf(`id="c-${s.fams[0]!.child.id}"`));
    assert.doesNotMatch(other.slice(0, other.indexOf('</li>')), /Absence justifiée/);
  });

  it('applies a JSON batch once, however many times the tablet sends it', async () => {
    const s = await setup();
    const c = await signedInClient(t, s.animator.id, s.tenant.id);
    const csrf = csrfOf((await c.get(s.url)).body);
    const [a, b] = s.fams;
    const cell = { unitId: s.cat.journee.id, day: TODAY };
    const batch = [
      { id: randomUUID(), kind: 'check-in', childId: a!.child.id, ...cell, at: '2026-11-25T07:40:00Z' },
      { id: randomUUID(), kind: 'check-in', childId: b!.child.id, ...cell, at: '2026-11-25T07:42:00Z' },
      {
        id: randomUUID(),
        kind: 'note',
        childId: b!.child.id,
        ...cell,
        at: '2026-11-25T07:43:00Z',
        note: 'Doudou',
      },
      { id: randomUUID(), kind: 'check-out', childId: a!.child.id, ...cell, at: '2026-11-25T08:50:00Z' },
    ];
    const first = await postBatch(c, s.tenant.slug, batch, csrf);
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(
      first.json().results.map((r: { status: string }) => r.status),
      ['applied', 'applied', 'applied', 'applied'],
    );
    const again = await postBatch(c, s.tenant.slug, batch, csrf);
    assert.deepEqual(
      again.json().results.map((r: { status: string; result: string }) => `${r.status}:${r.result}`),
      ['duplicate:applied', 'duplicate:applied', 'duplicate:applied', 'duplicate:applied'],
    );
    const marks = await t.db.select().from(attendanceMarks).where(eq(attendanceMarks.tenantId, s.tenant.id));
    assert.equal(marks.length, 2);
    const ma = marks.find((m) => m.childId === a!.child.id)!;
    assert.equal(ma.state, 'present');
    assert.equal(ma.arrivedAt?.toISOString(), '2026-11-25T07:40:00.000Z', 'the tap time, not the sync time');
    assert.equal(ma.leftAt?.toISOString(), '2026-11-25T08:50:00.000Z');
    assert.equal(marks.find((m) => m.childId === b!.child.id)!.note, 'Doudou');
    const audits = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, s.tenant.id), like(auditLog.action, 'attendance.%')));
    assert.equal(audits.length, 4, 'one audit row per applied action, none for replays');
    const page = await c.get(s.url);
    assert.match(page.body, /data-count="present">2</);
    assert.match(page.body, /Arrivé à 08 h 40 · parti à 09 h 50/);
  });

  it('handles duplicate ids inside a batch and actions arriving out of order', async () => {
    const s = await setup();
    const c = await signedInClient(t, s.animator.id, s.tenant.id);
    const csrf = csrfOf((await c.get(s.url)).body);
    const a = s.fams[0]!;
    const cell = { childId: a.child.id, unitId: s.cat.journee.id, day: TODAY };
    const checkIn = { id: randomUUID(), kind: 'check-in', ...cell, at: '2026-11-25T08:00:00Z' };
    // A second tablet, offline since 07:50, marked the child absent: it syncs after the check-in.
    const staleAbsent = { id: randomUUID(), kind: 'absent', ...cell, at: '2026-11-25T07:50:00Z' };
    const r1 = await postBatch(c, s.tenant.slug, [checkIn, checkIn], csrf);
    assert.deepEqual(
      r1.json().results.map((r: { status: string }) => r.status),
      ['applied', 'duplicate'],
    );
    const r2 = await postBatch(c, s.tenant.slug, [staleAbsent, checkIn], csrf);
    const [stale, dup] = r2.json().results;
    assert.equal(stale.status, 'rejected');
    assert.equal(stale.reason, 'superseded');
    assert.equal(dup.status, 'duplicate');
    // Replaying the rejected action gives the same answer, and still changes nothing.
    const r3 = await postBatch(c, s.tenant.slug, [staleAbsent], csrf);
    assert.equal(r3.json().results[0].status, 'duplicate');
    assert.equal(r3.json().results[0].result, 'rejected');
    const [m] = await t.db.select().from(attendanceMarks).where(eq(attendanceMarks.childId, a.child.id));
    assert.equal(m!.state, 'present');
    // Another tenant's unit, a child not booked, a future day: rejected one by one, the rest applies.
    const other = await createTenant(t.db);
    const otherCat = await createCatalogue(t.db, other.id);
    const r4 = await postBatch(
      c,
      s.tenant.slug,
      [
        { id: randomUUID(), kind: 'check-in', ...cell, unitId: s.cat.matin.id },
        { id: randomUUID(), kind: 'check-in', ...cell, unitId: otherCat.activity.id },
        { id: randomUUID(), kind: 'check-in', ...cell, day: '2026-12-02' },
        { id: randomUUID(), kind: 'check-in', ...cell, childId: s.fams[1]!.child.id },
      ].map((x) => ({ at: '2026-11-25T08:05:00Z', ...x })),
      csrf,
    );
    assert.deepEqual(
      r4.json().results.map((r: { status: string; reason?: string }) => r.reason ?? r.status),
      ['not-booked', 'not-found', 'future-day', 'applied'],
    );
    // A malformed batch is refused whole, with nothing applied.
    const bad = await postBatch(c, s.tenant.slug, [{ id: 'x', kind: 'check-in' }], csrf);
    assert.equal(bad.statusCode, 400);
    // Without the CSRF header: refused.
    const noCsrf = await postBatch(c, s.tenant.slug, [checkIn], '');
    assert.equal(noCsrf.statusCode, 403);
  });

  it('works without JavaScript: plain forms, a double submit applied once', async () => {
    const s = await setup();
    const c = await signedInClient(t, s.animator.id, s.tenant.id);
    const page = await c.get(s.url);
    const a = s.fams[0]!;
    const form = {
      action_id: randomUUID(),
      kind: 'check-in',
      child: a.child.id,
      site: s.cat.facility.id,
      unite: s.cat.journee.id,
      jour: TODAY,
    };
    assert.equal(page.statusCode, 200);
    const r1 = await c.post(`/${s.tenant.slug}/gestion/appel/actions`, form);
    assert.equal(r1.statusCode, 303);
    assert.match(r1.headers.location as string, new RegExp(`#c-${a.child.id}$`));
    const after1 = await c.get(r1.headers.location as string);
    assert.match(after1.body, /Pointage enregistré/);
    assert.match(after1.body, /Arrivé à 10 h 00/);
    const r2 = await c.post(`/${s.tenant.slug}/gestion/appel/actions`, form);
    assert.equal(r2.statusCode, 303);
    assert.match((await c.get(r2.headers.location as string)).body, /déjà été enregistrée/);
    const note = await c.post(`/${s.tenant.slug}/gestion/appel/actions`, {
      ...form,
      action_id: randomUUID(),
      kind: 'note',
      note: 'Part avec sa tante',
    });
    assert.equal(note.statusCode, 303);
    assert.match((await c.get(s.url)).body, /Note : Part avec sa tante/);
  });

  it('adds an enrolled child present without booking, and refuses one who is not enrolled', async () => {
    const s = await setup();
    const c = await signedInClient(t, s.animator.id, s.tenant.id);
    const walk = s.fams[2]!;
    const search = await c.get(`${s.url}&q=${encodeURIComponent(walk.child.lastName)}`);
    assert.match(search.body, /Ajouter présent/);
    const form = {
      action_id: randomUUID(),
      kind: 'walk-in',
      child: walk.child.id,
      site: s.cat.facility.id,
      unite: s.cat.journee.id,
      jour: TODAY,
    };
    assert.equal((await c.post(`/${s.tenant.slug}/gestion/appel/actions`, form)).statusCode, 303);
    const page = await c.get(s.url);
    assert.match(page.body, /Sans réservation/);
    assert.match(page.body, /data-count="present">1</);
    const stranger = await createFamily(t.db, s.tenant.id);
    await c.post(`/${s.tenant.slug}/gestion/appel/actions`, {
      ...form,
      action_id: randomUUID(),
      child: stranger.child.id,
    });
    assert.match((await c.get(s.url)).body, /pas inscrit à cette activité/);
  });

  it('hides other facilities (404) and keeps accountants read-only', async () => {
    const s = await setup();
    const otherCat = await createBookableActivity(t.db, s.tenant.id);
    const elsewhere = await createStaff(t.db, s.tenant.id, ['animator'], [otherCat.facility.id]);
    const e = await signedInClient(t, elsewhere.id, s.tenant.id);
    assert.equal((await e.get(s.url)).statusCode, 404);
    const form = {
      action_id: randomUUID(),
      kind: 'check-in',
      child: s.fams[0]!.child.id,
      site: s.cat.facility.id,
      unite: s.cat.journee.id,
      jour: TODAY,
    };
    assert.equal((await e.post(`/${s.tenant.slug}/gestion/appel/actions`, form)).statusCode, 404);
    // A unit of this facility named under another facility is not found either.
    const wrongSite = `/${s.tenant.slug}/gestion/appel?site=${otherCat.facility.id}&jour=${TODAY}&unite=${s.cat.journee.id}`;
    assert.equal((await e.get(wrongSite)).statusCode, 404);
    const overview = await e.get(`/${s.tenant.slug}/gestion/appel?jour=${TODAY}`);
    assert.equal(overview.statusCode, 200);
    assert.doesNotMatch(overview.body, new RegExp(s.cat.journee.id));
    const accountant = await createStaff(t.db, s.tenant.id, ['accountant']);
    const a = await signedInClient(t, accountant.id, s.tenant.id);
    const page = await a.get(s.url);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /data-register-form/);
    assert.doesNotMatch(page.body, /Arachide/, 'accountants see no health data');
    assert.equal((await a.post(`/${s.tenant.slug}/gestion/appel/actions`, form)).statusCode, 403);
  });

  it('prints the register as a PDF: children by group, arrival/departure/signature columns, allergies flagged', async () => {
    const s = await setup();
    const manager = await createStaff(t.db, s.tenant.id, ['manager']);
    const c = await signedInClient(t, manager.id, s.tenant.id);
    const res = await c.get(
      `/${s.tenant.slug}/gestion/appel/pdf?site=${s.cat.facility.id}&jour=${TODAY}&unite=${s.cat.journee.id}`,
    );
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    const file = join(dir, 'register.pdf');
    writeFileSync(file, res.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    assert.match(text, /Registre de présence/);
    assert.match(text, /Arrivée\s+Départ\s+Signature/);
    assert.match(text, new RegExp(s.fams[0]!.child.lastName.toUpperCase()));
    assert.match(text, new RegExp(s.fams[1]!.child.lastName.toUpperCase()));
    assert.match(text, /ALLERGIES : Arachide/);
    assert.match(text, /PAI : Trousse PAI/, 'a manager reads the PAI notes');
    assert.match(text, /Attendus : 2/);
  });

  it('shows occupancy (booked, present, capacity) as a chart and a table', async () => {
    const s = await setup();
    const manager = await createStaff(t.db, s.tenant.id, ['manager']);
    const c = await signedInClient(t, manager.id, s.tenant.id);
    const csrf = csrfOf((await c.get(s.url)).body);
    await postBatch(
      c,
      s.tenant.slug,
      [
        {
          id: randomUUID(),
          kind: 'check-in',
          childId: s.fams[0]!.child.id,
          unitId: s.cat.journee.id,
          day: TODAY,
          at: '2026-11-25T08:00:00Z',
        },
      ],
      csrf,
    );
    const res = await c.get(
      `/${s.tenant.slug}/gestion/occupation?site=${s.cat.facility.id}&du=${TODAY}&au=2026-12-02`,
    );
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<svg class="occ-chart"/);
    assert.match(res.body, /role="img"/);
    // Today's Journée: 2 booked, 1 present, capacity 20 (10 %).
    assert.match(
      res.body,
      /25\/11\/2026<\/td><td data-label="Unité"[^>]*>Mercredis · Journée<\/td><td[^>]*>2<\/td><td[^>]*>1<\/td><td[^>]*>20<\/td><td[^>]*>10 %/,
    );
    assert.match(res.body, /02\/12\/2026/);
    const bad = await c.get(
      `/${s.tenant.slug}/gestion/occupation?site=${s.cat.facility.id}&du=2026-12-02&au=2026-11-01`,
    );
    assert.equal(bad.statusCode, 400);
    const animator = await signedInClient(t, s.animator.id, s.tenant.id);
    assert.equal(
      (await animator.get(`/${s.tenant.slug}/gestion/occupation?site=${s.cat.facility.id}`)).statusCode,
      403,
    );
  });
});

describe('outcomesOf', () => {
  it('derives one outcome per booked or marked cell, with justified absences from the registered source', async () => {
    const s = await setup();
    const [a, b, walk] = s.fams;
    const extra = await createFamily(t.db, s.tenant.id);
    const ex = await enroll(
      t.db,
      s.tenant.id,
      extra.household.id,
      extra.child.id,
      s.cat.activity.id,
      s.cat.period.id,
    );
    const past = '2026-11-18';
    // a: present on the 18th; b: marked absent, justified; c (extra): booked, never marked; walk: walk-in;
    // a on the 25th (today): booked, no mark yet → no outcome; late cancellation for b on the 25th? b is booked.
    await s.book(a!, past);
    await s.book(b!, past);
    await s.book({ ...extra, enrollment: ex }, past);
    await s.book(walk!, '2026-11-04', 'cancelled', true);
    const mark = (childId: string, day: string, state: 'present' | 'absent', unbooked = false) =>
      t.db.insert(attendanceMarks).values({
        tenantId: s.tenant.id,
        childId,
        unitId: s.cat.journee.id,
        day,
        activityId: s.cat.activity.id,
        state,
        unbooked,
        updatedAt: t.clock.now(),
      });
    await mark(a!.child.id, past, 'present');
    await mark(b!.child.id, past, 'absent');
    await mark(walk!.child.id, past, 'present', true);
    const bChild = b!.child.id;
    registerJustifiedAbsenceSource(async (_db, tenantId, range) =>
      tenantId === s.tenant.id && range.from <= past && past <= range.to
        ? [{ childId: bChild, day: past }]
        : [],
    );
    const rows = await outcomesOf(t.db, s.tenant.id, { from: '2026-11-01', to: '2026-11-30', today: TODAY });
    const by = (childId: string, day: string) => rows.find((r) => r.childId === childId && r.day === day);
    assert.equal(by(a!.child.id, past)?.outcome, 'present');
    assert.equal(by(b!.child.id, past)?.outcome, 'justified-absence');
    assert.deepEqual(
      [by(extra.child.id, past)?.outcome, by(extra.child.id, past)?.unmarked],
      ['unjustified-absence', true],
    );
    assert.equal(by(walk!.child.id, past)?.outcome, 'present-without-booking');
    assert.equal(by(walk!.child.id, '2026-11-04')?.outcome, 'late-cancellation');
    assert.equal(by(a!.child.id, TODAY), undefined, 'today is not over: no outcome yet');
    // Without `today` (a billing run on a past month), every day has ended.
    const all = await outcomesOf(t.db, s.tenant.id, {
      from: TODAY,
      to: TODAY,
      facilityId: s.cat.facility.id,
    });
    assert.equal(all.length, 2);
    assert.ok(all.every((r) => r.outcome === 'unjustified-absence' && r.unmarked));
    const otherFacility = await outcomesOf(t.db, s.tenant.id, {
      from: TODAY,
      to: TODAY,
      facilityId: (await createCatalogue(t.db, s.tenant.id)).facility.id,
    });
    assert.equal(otherFacility.length, 0);
  });
});
