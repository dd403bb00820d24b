import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
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
import { enrollments } from '../enrollments/enrollments.schema';
import { childHealth } from './households.schema';

const t = useTestApp();

describe('health data need-to-know on the staff household page', () => {
  it('a director sees it only for children enrolled (not refused) at their facilities; managers for all', async () => {
    const tenant = await createTenant(t.db, { slug: 'ville-a' });
    await t.app.tenants.refresh();
    const mine = await createCatalogue(t.db, tenant.id);
    const theirs = await createCatalogue(t.db, tenant.id);
    const fam = await createFamily(t.db, tenant.id);
    const enrolledHere = fam.child;
    const enrolledElsewhere = await addChild(t.db, tenant.id, fam.household.id, {
      firstName: 'Noé',
      lastName: 'Ailleurs',
      birthDate: '2017-01-01',
      sex: 'M',
    });
    const refusedHere = await addChild(t.db, tenant.id, fam.household.id, {
      firstName: 'Zoé',
      lastName: 'Refusée',
      birthDate: '2016-01-01',
      sex: 'F',
    });
    await t.db.insert(childHealth).values([
      { tenantId: tenant.id, childId: enrolledHere.id, allergies: 'Arachide-ICI' },
      { tenantId: tenant.id, childId: enrolledElsewhere.id, allergies: 'Kiwi-AILLEURS' },
      { tenantId: tenant.id, childId: refusedHere.id, allergies: 'Lait-REFUSE' },
    ]);
    const base = { tenantId: tenant.id, householdId: fam.household.id, requestedAt: t.clock.now() };
    await t.db.insert(enrollments).values([
      {
        ...base,
        childId: enrolledHere.id,
        activityId: mine.activity.id,
        periodId: mine.period.id,
        status: 'pending',
      },
      {
        ...base,
        childId: enrolledElsewhere.id,
        activityId: theirs.activity.id,
        periodId: theirs.period.id,
        status: 'accepted',
      },
      {
        ...base,
        childId: refusedHere.id,
        activityId: mine.activity.id,
        periodId: mine.period.id,
        status: 'refused',
        refusalReason: 'Complet',
      },
    ]);
    const director = await createStaff(t.db, tenant.id, ['director'], [mine.facility.id]);
    const manager = await createStaff(t.db, tenant.id, ['manager']);
    const accountant = await createStaff(t.db, tenant.id, ['accountant']);
    const url = `/ville-a/gestion/familles/${fam.household.id}`;

    const asDirector = await (await signedInClient(t, director.id, tenant.id)).get(url);
    assert.equal(asDirector.statusCode, 200);
    assert.match(asDirector.body, /Arachide-ICI/);
    assert.doesNotMatch(asDirector.body, /Kiwi-AILLEURS/);
    assert.doesNotMatch(asDirector.body, /Lait-REFUSE/);
    assert.match(asDirector.body, /Non accessible/);
    const views = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'health.view'), eq(auditLog.actorUserId, director.id)));
    assert.deepEqual(
      views.map((v) => v.subjectId),
      [enrolledHere.id],
    );

    const asManager = await (await signedInClient(t, manager.id, tenant.id)).get(url);
    for (const a of ['Arachide-ICI', 'Kiwi-AILLEURS', 'Lait-REFUSE'])
      assert.match(asManager.body, new RegExp(a));

    const asAccountant = await (await signedInClient(t, accountant.id, tenant.id)).get(url);
    assert.equal(asAccountant.statusCode, 200);
    for (const a of ['Arachide-ICI', 'Kiwi-AILLEURS', 'Lait-REFUSE'])
      assert.doesNotMatch(asAccountant.body, new RegExp(a));
    const accountantViews = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'health.view'), eq(auditLog.actorUserId, accountant.id)));
    assert.equal(accountantViews.length, 0);

    // A director of another facility only: nothing, and no audit row.
    const otherDirector = await createStaff(t.db, tenant.id, ['director'], [theirs.facility.id]);
    const asOther = await (await signedInClient(t, otherDirector.id, tenant.id)).get(url);
    assert.match(asOther.body, /Kiwi-AILLEURS/);
    assert.doesNotMatch(asOther.body, /Arachide-ICI/);
  });
});
