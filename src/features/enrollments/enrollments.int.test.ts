import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { and, count, eq } from 'drizzle-orm';
import { useTestApp } from '../../../test/helpers/app';
import { signedInClient } from '../../../test/helpers/client';
import {
  addChild,
  createCatalogue,
  createFamily,
  createStaff,
  createTenant,
} from '../../../test/helpers/factories';
import { auditLog } from '../../platform/audit/audit.schema';
import { outboxEmails } from '../../platform/mail/mail.schema';
import { activities, activityGroups, periods, units } from '../catalogue/catalogue.schema';
import { children } from '../households/households.schema';
import { enrollments } from './enrollments.schema';

// Clock: 2026-11-25 10:00 Paris.
const t = useTestApp();

async function setup() {
  const tenant = await createTenant(t.db);
  const other = await createTenant(t.db);
  await t.app.tenants.refresh();
  const cat = await createCatalogue(t.db, tenant.id);
  const cat2 = await createCatalogue(t.db, other.id);
  await t.db
    .update(periods)
    .set({ enrollmentFirstDay: '2026-11-01', enrollmentLastDay: '2026-11-30' })
    .where(eq(periods.id, cat.period.id));
  const [small, big] = await t.db
    .insert(activityGroups)
    .values([
      {
        tenantId: tenant.id,
        activityId: cat.activity.id,
        name: '3-5 ans',
        minAge: 3,
        maxAge: 5,
        capacity: 1,
      },
      {
        tenantId: tenant.id,
        activityId: cat.activity.id,
        name: '6-11 ans',
        minAge: 6,
        maxAge: 11,
        capacity: 2,
      },
    ])
    .returning();
  const [journee, matin, repas] = await t.db
    .insert(units)
    .values([
      {
        tenantId: tenant.id,
        activityId: cat.activity.id,
        name: 'Journée',
        kind: 'day',
        startTime: '08:00',
        endTime: '18:00',
      },
      {
        tenantId: tenant.id,
        activityId: cat.activity.id,
        name: 'Matin',
        kind: 'half_day',
        startTime: '08:00',
        endTime: '12:00',
      },
      {
        tenantId: tenant.id,
        activityId: cat.activity.id,
        name: 'Repas',
        kind: 'meal',
        startTime: '12:00',
        endTime: '13:30',
      },
    ])
    .returning();
  await t.db
    .update(units)
    .set({ incompatibleUnitIds: [matin!.id] })
    .where(eq(units.id, journee!.id));
  await t.db
    .update(units)
    .set({ incompatibleUnitIds: [journee!.id] })
    .where(eq(units.id, matin!.id));
  await t.db
    .update(units)
    .set({ requiredUnitIds: [matin!.id] })
    .where(eq(units.id, repas!.id));
  const fam = await createFamily(t.db, tenant.id);
  // A sibling born 2018 (8 years old on 2026-09-01), the first child born 2019-05-04 (7).
  const sibling = await addChild(t.db, tenant.id, fam.household.id, {
    firstName: 'Noé',
    lastName: 'Famille',
    birthDate: '2022-03-01',
    sex: 'M',
  });
  const otherFam = await createFamily(t.db, tenant.id);
  const manager = await createStaff(t.db, tenant.id, ['manager']);
  const parent = await signedInClient(t, fam.user.id, tenant.id);
  const staff = await signedInClient(t, manager.id, tenant.id);
  return {
    tenant,
    other,
    cat,
    cat2,
    small: small!,
    big: big!,
    journee: journee!,
    matin: matin!,
    repas: repas!,
    fam,
    sibling: sibling!,
    otherFam,
    manager,
    parent,
    staff,
  };
}

const countEnrollments = async () => Number((await t.db.select({ n: count() }).from(enrollments))[0]!.n);

describe('enrollment requests', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    s = await setup();
  });

  it('enrolls two siblings in one step, each in the group of their age, with a typical week', async () => {
    const page = await s.parent.get(
      `/${s.tenant.slug}/espace/inscriptions/nouvelle?enfant=${s.fam.child.id}&periode=${s.cat.period.id}`,
    );
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Faire la même demande pour/);
    assert.match(page.body, /6-11 ans \(6 à 11 ans\) – suggéré/);
    const res = await s.parent.post(`/${s.tenant.slug}/espace/inscriptions`, {
      childId: s.fam.child.id,
      periodId: s.cat.period.id,
      groupId: s.big.id,
      siblingIds: [s.sibling.id],
      week: [`3:${s.matin.id}`, `3:${s.repas.id}`],
      memo: 'Allergie aux arachides <b>',
    });
    assert.equal(res.statusCode, 303, res.body);
    const rows = await t.db.select().from(enrollments);
    assert.equal(rows.length, 2);
    const mine = rows.find((r) => r.childId === s.fam.child.id)!;
    const sib = rows.find((r) => r.childId === s.sibling.id)!;
    assert.equal(mine.status, 'pending');
    assert.equal(mine.groupId, s.big.id);
    assert.equal(sib.groupId, s.small.id, 'the sibling goes to the group of their age');
    assert.deepEqual(mine.typicalWeek, { '3': [s.matin.id, s.repas.id] });
    const list = await s.parent.get(`/${s.tenant.slug}/espace/inscriptions`);
    assert.match(list.body, /En attente de validation/);
    assert.doesNotMatch(list.body, /<b>/);
    const mails = await t.db.select().from(outboxEmails);
    assert.ok(mails.length >= 1);
  });

  it('refuses an incompatible typical week with a French message and writes nothing', async () => {
    const res = await s.parent.post(`/${s.tenant.slug}/espace/inscriptions`, {
      childId: s.fam.child.id,
      periodId: s.cat.period.id,
      week: [`3:${s.journee.id}`, `3:${s.matin.id}`],
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /ne peuvent pas être choisis ensemble/);
    const res2 = await s.parent.post(`/${s.tenant.slug}/espace/inscriptions`, {
      childId: s.fam.child.id,
      periodId: s.cat.period.id,
      week: [`3:${s.repas.id}`],
    });
    assert.equal(res2.statusCode, 400);
    assert.match(res2.body, /demande aussi « Matin »/);
    assert.equal(await countEnrollments(), 0);
  });

  it('answers 404 for another household’s child or another tenant’s period, and writes nothing', async () => {
    const a = await s.parent.post(`/${s.tenant.slug}/espace/inscriptions`, {
      childId: s.otherFam.child.id,
      periodId: s.cat.period.id,
    });
    assert.equal(a.statusCode, 404);
    const b = await s.parent.post(`/${s.tenant.slug}/espace/inscriptions`, {
      childId: s.fam.child.id,
      periodId: s.cat.period.id,
      siblingIds: [s.otherFam.child.id],
    });
    assert.equal(b.statusCode, 404);
    const c = await s.parent.post(`/${s.tenant.slug}/espace/inscriptions`, {
      childId: s.fam.child.id,
      periodId: s.cat2.period.id,
    });
    assert.equal(c.statusCode, 404);
    const d = await s.parent.get(
      `/${s.tenant.slug}/espace/inscriptions/nouvelle?enfant=${s.fam.child.id}&periode=${s.cat2.period.id}`,
    );
    assert.equal(d.statusCode, 404);
    assert.equal(await countEnrollments(), 0);
  });

  it('refuses outside the enrollment window with 400 and a French message', async () => {
    t.clock.set('2026-11-30T23:30:00Z'); // 1 December 00:30 in Paris: the window closed at the end of 30 November.
    const late = await signedInClient(t, s.fam.user.id, s.tenant.id);
    const res = await late.post(`/${s.tenant.slug}/espace/inscriptions`, {
      childId: s.fam.child.id,
      periodId: s.cat.period.id,
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Les inscriptions sont ouvertes du 01\/11\/2026 au 30\/11\/2026/);
    assert.equal(await countEnrollments(), 0);
    t.clock.set('2026-11-30T22:59:00Z'); // 23:59 on 30 November in Paris: still open.
    const inTime = await signedInClient(t, s.fam.user.id, s.tenant.id);
    const ok = await inTime.post(`/${s.tenant.slug}/espace/inscriptions`, {
      childId: s.fam.child.id,
      periodId: s.cat.period.id,
    });
    assert.equal(ok.statusCode, 303);
  });

  it('treats a replayed form as the same request (unique child × period)', async () => {
    const form = { childId: s.fam.child.id, periodId: s.cat.period.id };
    const results = await Promise.all(
      [1, 2, 3].map(() => s.parent.post(`/${s.tenant.slug}/espace/inscriptions`, form)),
    );
    for (const r of results) assert.equal(r.statusCode, 303);
    assert.equal(await countEnrollments(), 1);
  });

  it('accepts automatically while places last, then fills the waiting list in order', async () => {
    await t.db
      .update(activities)
      .set({ enrollmentValidation: 'auto' })
      .where(eq(activities.id, s.cat.activity.id));
    await t.db.update(activityGroups).set({ capacity: 1 }).where(eq(activityGroups.id, s.big.id));
    const kids = [];
    for (const n of ['A', 'B'])
      kids.push(
        await addChild(t.db, s.tenant.id, s.fam.household.id, {
          firstName: n,
          lastName: 'X',
          birthDate: '2019-01-01',
          sex: 'F',
        }),
      );
    for (const id of [s.fam.child.id, kids[0]!.id, kids[1]!.id]) {
      t.clock.advanceMs(1000);
      const r = await s.parent.post(`/${s.tenant.slug}/espace/inscriptions`, {
        childId: id,
        periodId: s.cat.period.id,
        groupId: s.big.id,
      });
      assert.equal(r.statusCode, 303);
    }
    const list = await s.parent.get(`/${s.tenant.slug}/espace/inscriptions`);
    assert.match(list.body, /Acceptée/);
    assert.match(list.body, /Rang 1/);
    assert.match(list.body, /Rang 2/);
    const accepted = await t.db.select().from(enrollments).where(eq(enrollments.status, 'accepted'));
    assert.equal(accepted.length, 1);
    assert.equal(accepted[0]!.childId, s.fam.child.id);
  });
});

describe('staff decisions', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    s = await setup();
    await s.parent.post(`/${s.tenant.slug}/espace/inscriptions`, {
      childId: s.fam.child.id,
      periodId: s.cat.period.id,
      siblingIds: [s.sibling.id],
    });
  });
  const enrollmentOf = async (childId: string) =>
    (await t.db.select().from(enrollments).where(eq(enrollments.childId, childId)))[0]!;

  it('accepts one, waitlists the other, e-mails the family and serves the certificate', async () => {
    const queue = await s.staff.get(`/${s.tenant.slug}/gestion/inscriptions`);
    assert.equal(queue.statusCode, 200);
    assert.match(queue.body, /Demandes à traiter \(2\)/);
    const e1 = await enrollmentOf(s.fam.child.id);
    const e2 = await enrollmentOf(s.sibling.id);
    const a = await s.staff.post(`/${s.tenant.slug}/gestion/inscriptions/${e1.id}/accepter`, {
      groupId: s.big.id,
    });
    assert.equal(a.statusCode, 303, a.body);
    const w = await s.staff.post(`/${s.tenant.slug}/gestion/inscriptions/${e2.id}/attente`, {});
    assert.equal(w.statusCode, 303);
    assert.equal((await enrollmentOf(s.fam.child.id)).status, 'accepted');
    assert.equal((await enrollmentOf(s.sibling.id)).status, 'waiting');
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.actorUserId, s.manager.id));
    assert.deepEqual(audits.map((x) => x.action).sort(), ['enrollment.accept', 'enrollment.waitlist']);
    const mails = await t.db.select().from(outboxEmails);
    assert.ok(mails.some((m) => /Acceptée/.test(m.subject)));
    assert.ok(mails.some((m) => /Liste d'attente/.test(m.subject)));
    const list = await s.parent.get(`/${s.tenant.slug}/espace/inscriptions`);
    assert.match(list.body, /Rang 1/);
    const pdf = await s.parent.get(`/${s.tenant.slug}/espace/inscriptions/${e1.id}/attestation.pdf`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const { execFileSync } = await import('node:child_process');
    const text = execFileSync('pdftotext', ['-', '-'], { input: pdf.rawPayload, encoding: 'utf8' }).replace(
      /\s+/g,
      ' ',
    );
    assert.match(text, /Attestation d'inscription/);
    assert.match(text, /Lou Famille/);
    assert.match(text, /« Mercredis »/);
    assert.match(text, /du 01\/09\/2026 au 02\/07\/2027/);
    // No certificate for a waiting enrollment, nor for another household.
    assert.equal(
      (await s.parent.get(`/${s.tenant.slug}/espace/inscriptions/${e2.id}/attestation.pdf`)).statusCode,
      404,
    );
    const intruder = await signedInClient(t, s.otherFam.user.id, s.tenant.id);
    assert.equal(
      (await intruder.get(`/${s.tenant.slug}/espace/inscriptions/${e1.id}/attestation.pdf`)).statusCode,
      404,
    );
  });

  it('refuses a full group with 409, and a refusal without reason with 400', async () => {
    const e1 = await enrollmentOf(s.fam.child.id);
    const e2 = await enrollmentOf(s.sibling.id);
    assert.equal(
      (
        await s.staff.post(`/${s.tenant.slug}/gestion/inscriptions/${e2.id}/accepter`, {
          groupId: s.small.id,
        })
      ).statusCode,
      303,
    );
    const full = await s.staff.post(`/${s.tenant.slug}/gestion/inscriptions/${e1.id}/accepter`, {
      groupId: s.small.id,
    });
    assert.equal(full.statusCode, 409);
    assert.match(full.body, /est complet/);
    const noReason = await s.staff.post(`/${s.tenant.slug}/gestion/inscriptions/${e1.id}/refuser`, {
      reason: '  ',
    });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Indiquez le motif du refus/);
    const refused = await s.staff.post(`/${s.tenant.slug}/gestion/inscriptions/${e1.id}/refuser`, {
      reason: 'Hors secteur',
    });
    assert.equal(refused.statusCode, 303);
    const list = await s.parent.get(`/${s.tenant.slug}/espace/inscriptions`);
    assert.match(list.body, /Motif : Hors secteur/);
  });

  it('keeps another tenant’s staff and groups out', async () => {
    const e1 = await enrollmentOf(s.fam.child.id);
    const otherManager = await createStaff(t.db, s.other.id, ['manager']);
    const c = await signedInClient(t, otherManager.id, s.other.id);
    const r = await c.post(`/${s.other.slug}/gestion/inscriptions/${e1.id}/accepter`, { groupId: s.big.id });
    assert.equal(r.statusCode, 404);
    const [g2] = await t.db
      .insert(activityGroups)
      .values({ tenantId: s.other.id, activityId: s.cat2.activity.id, name: 'Autre', capacity: 5 })
      .returning();
    const r2 = await s.staff.post(`/${s.tenant.slug}/gestion/inscriptions/${e1.id}/accepter`, {
      groupId: g2!.id,
    });
    assert.equal(r2.statusCode, 400);
    assert.equal((await enrollmentOf(s.fam.child.id)).status, 'pending');
  });

  it('shows a director only the enrollments of their facilities', async () => {
    const e1 = await enrollmentOf(s.fam.child.id);
    const elsewhere = await createStaff(t.db, s.tenant.id, ['director'], [s.cat2.facility.id]);
    const d1 = await signedInClient(t, elsewhere.id, s.tenant.id);
    const page = await d1.get(`/${s.tenant.slug}/gestion/inscriptions`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Demandes à traiter \(0\)/);
    assert.equal(
      (await d1.post(`/${s.tenant.slug}/gestion/inscriptions/${e1.id}/attente`, {})).statusCode,
      404,
    );
    const here = await createStaff(t.db, s.tenant.id, ['director'], [s.cat.facility.id]);
    const d2 = await signedInClient(t, here.id, s.tenant.id);
    assert.match((await d2.get(`/${s.tenant.slug}/gestion/inscriptions`)).body, /Demandes à traiter \(2\)/);
    assert.equal(
      (await d2.post(`/${s.tenant.slug}/gestion/inscriptions/${e1.id}/attente`, {})).statusCode,
      303,
    );
  });

  it('refuses decisions in a frozen period', async () => {
    await t.db
      .update(periods)
      .set({ frozen: true })
      .where(and(eq(periods.id, s.cat.period.id)));
    const e1 = await enrollmentOf(s.fam.child.id);
    const r = await s.staff.post(`/${s.tenant.slug}/gestion/inscriptions/${e1.id}/attente`, {});
    assert.equal(r.statusCode, 409);
    assert.equal((await enrollmentOf(s.fam.child.id)).status, 'pending');
  });
});
