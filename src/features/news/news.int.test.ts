import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { useTestApp } from '../../../test/helpers/app';
import { signedInClient } from '../../../test/helpers/client';
import { createCatalogue, createFamily, createStaff, createTenant } from '../../../test/helpers/factories';
import { auditLog } from '../../platform/audit/audit.schema';
import { enrollments } from '../enrollments/enrollments.schema';
import { news } from './news.schema';
import { currentNews } from './news.service';

const t = useTestApp();

async function setup() {
  const tenant = await createTenant(t.db);
  const other = await createTenant(t.db);
  await t.app.tenants.refresh();
  const cat = await createCatalogue(t.db, tenant.id);
  const manager = await createStaff(t.db, tenant.id, ['manager']);
  const family = await createFamily(t.db, tenant.id);
  const otherManager = await createStaff(t.db, other.id, ['manager']);
  return { tenant, other, cat, manager, family, otherManager };
}

describe('news', () => {
  it('a manager publishes a news item that families see between its dates only', async () => {
    const s = await setup();
    const m = await signedInClient(t, s.manager.id, s.tenant.id);
    const res = await m.post(`/${s.tenant.slug}/gestion/actualites`, {
      title: 'Fermeture <b>exceptionnelle</b>',
      body: 'Le centre sera fermé.\n\nMerci de votre compréhension <script>alert(1)</script>',
      publishAt: '2026-11-26T08:00',
      unpublishAt: '2026-11-30T18:00',
      facilityId: '',
    });
    assert.equal(res.statusCode, 303);
    const [row] = await t.db.select().from(news);
    assert.equal(row!.publishAt.toISOString(), '2026-11-26T07:00:00.000Z'); // Paris wall-clock time
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.action, 'news.create'));
    assert.equal(audits.length, 1);

    const f = await signedInClient(t, s.family.user.id, s.tenant.id);
    let page = await f.get(`/${s.tenant.slug}/actualites`);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /Fermeture/); // not yet
    t.clock.set('2026-11-27T09:00:00Z');
    const f2 = await signedInClient(t, s.family.user.id, s.tenant.id);
    page = await f2.get(`/${s.tenant.slug}/actualites`);
    assert.match(page.body, /Fermeture &lt;b>exceptionnelle&lt;\/b>/);
    assert.doesNotMatch(page.body, /<script>alert/);
    assert.equal((await currentNews(t.db, s.tenant.id, t.clock.now())).length, 1);
    assert.equal((await currentNews(t.db, s.other.id, t.clock.now())).length, 0);
    assert.equal((await currentNews(t.db, s.tenant.id, new Date('2026-11-30T17:00:00Z'))).length, 0);
  });

  it('filters by facility when asked', async () => {
    const s = await setup();
    const now = t.clock.now();
    await t.db.insert(news).values([
      { tenantId: s.tenant.id, title: 'Tous', body: 'x', publishAt: now, createdAt: now, updatedAt: now },
      {
        tenantId: s.tenant.id,
        title: 'Centre',
        body: 'x',
        publishAt: now,
        facilityId: s.cat.facility.id,
        createdAt: now,
        updatedAt: now,
      },
    ]);
    assert.equal((await currentNews(t.db, s.tenant.id, now)).length, 2);
    const other = await createCatalogue(t.db, s.tenant.id);
    assert.deepEqual(
      (await currentNews(t.db, s.tenant.id, now, [other.facility.id])).map((n) => n.title),
      ['Tous'],
    );
  });

  it('shows a family the news for every facility and for those of its accepted enrollments only', async () => {
    const s = await setup();
    const now = t.clock.now();
    const elsewhere = await createCatalogue(t.db, s.tenant.id);
    const pendingCat = await createCatalogue(t.db, s.tenant.id);
    const item = (title: string, facilityId: string | null) => ({
      tenantId: s.tenant.id,
      title,
      body: `Texte ${title}`,
      publishAt: now,
      facilityId,
      createdAt: now,
      updatedAt: now,
    });
    await t.db
      .insert(news)
      .values([
        item('Info-Tous', null),
        item('Info-Mon-Centre', s.cat.facility.id),
        item('Info-Autre-Centre', elsewhere.facility.id),
        item('Info-Centre-En-Attente', pendingCat.facility.id),
      ]);
    const enrol = (cat: typeof s.cat, status: string) => ({
      tenantId: s.tenant.id,
      householdId: s.family.household.id,
      childId: s.family.child.id,
      activityId: cat.activity.id,
      periodId: cat.period.id,
      status,
      requestedAt: now,
    });
    await t.db.insert(enrollments).values([enrol(s.cat, 'accepted'), enrol(pendingCat, 'pending')]);
    const f = await signedInClient(t, s.family.user.id, s.tenant.id);
    for (const page of ['actualites', 'espace']) {
      const res = await f.get(`/${s.tenant.slug}/${page}`);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Info-Tous/);
      assert.match(res.body, /Info-Mon-Centre/);
      assert.doesNotMatch(res.body, /Info-Autre-Centre/);
      assert.doesNotMatch(res.body, /Info-Centre-En-Attente/);
    }
    // A household with no accepted enrollment: news for every facility only.
    const other = await createFamily(t.db, s.tenant.id);
    const o = await signedInClient(t, other.user.id, s.tenant.id);
    const res = await o.get(`/${s.tenant.slug}/actualites`);
    assert.match(res.body, /Info-Tous/);
    assert.doesNotMatch(res.body, /Info-Mon-Centre/);
  });

  it('re-renders the form with field errors and writes nothing when invalid', async () => {
    const s = await setup();
    const m = await signedInClient(t, s.manager.id, s.tenant.id);
    const res = await m.post(`/${s.tenant.slug}/gestion/actualites`, {
      title: '',
      body: 'Texte <i>gardé</i>',
      publishAt: '2026-11-26T08:00',
      unpublishAt: '2026-11-25T08:00',
      facilityId: 'pas-un-uuid',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /error-summary/);
    assert.match(res.body, /Indiquez un titre/);
    assert.match(res.body, /après le début/);
    assert.match(res.body, /Texte &lt;i>gardé&lt;\/i>/);
    assert.equal((await t.db.select().from(news)).length, 0);
  });

  it('refuses another tenant’s facility and another tenant’s news', async () => {
    const s = await setup();
    const otherCat = await createCatalogue(t.db, s.other.id);
    const m = await signedInClient(t, s.manager.id, s.tenant.id);
    const res = await m.post(`/${s.tenant.slug}/gestion/actualites`, {
      title: 'Titre',
      body: 'Texte',
      publishAt: '2026-11-26T08:00',
      facilityId: otherCat.facility.id,
    });
    assert.equal(res.statusCode, 400);
    const now = t.clock.now();
    const [theirs] = await t.db
      .insert(news)
      .values({
        tenantId: s.other.id,
        title: 'Autre',
        body: 'x',
        publishAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    assert.equal((await m.get(`/${s.tenant.slug}/gestion/actualites/${theirs!.id}`)).statusCode, 404);
    const del = await m.post(`/${s.tenant.slug}/gestion/actualites/${theirs!.id}/supprimer`);
    assert.equal(del.statusCode, 404);
    assert.equal((await t.db.select().from(news)).length, 1);
  });

  it('edits and deletes, each audited', async () => {
    const s = await setup();
    const m = await signedInClient(t, s.manager.id, s.tenant.id);
    await m.post(`/${s.tenant.slug}/gestion/actualites`, {
      title: 'Menu',
      body: 'Texte',
      publishAt: '2026-11-20T08:00',
    });
    const [row] = await t.db.select().from(news);
    const edit = await m.get(`/${s.tenant.slug}/gestion/actualites/${row!.id}`);
    assert.match(edit.body, /value="2026-11-20T08:00"/);
    const up = await m.post(`/${s.tenant.slug}/gestion/actualites/${row!.id}`, {
      title: 'Menu de décembre',
      body: 'Texte',
      publishAt: '2026-11-20T08:00',
    });
    assert.equal(up.statusCode, 303);
    assert.equal((await t.db.select().from(news))[0]!.title, 'Menu de décembre');
    const del = await m.post(`/${s.tenant.slug}/gestion/actualites/${row!.id}/supprimer`);
    assert.equal(del.statusCode, 303);
    assert.equal((await t.db.select().from(news)).length, 0);
    const actions = (await t.db.select().from(auditLog)).map((a) => a.action).sort();
    assert.deepEqual(actions, ['news.create', 'news.delete', 'news.update']);
  });
});
