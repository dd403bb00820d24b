import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestApp } from '../../../test/helpers/app';
import { createBookableActivity, enroll } from '../../../test/helpers/booking-factories';
import { addChild, createFamily, createTenant } from '../../../test/helpers/factories';
import type { AppError } from '../../platform/http/errors';
import { bulkChange, confirmOpenBasket, copyToSiblings, reviewOpenBasket, tapCell } from './basket.service';

const t = useTestApp();

async function setup() {
  const tenant = await createTenant(t.db);
  const cat = await createBookableActivity(t.db, tenant.id, { capacity: 10 });
  const f = await createFamily(t.db, tenant.id);
  const e = await enroll(t.db, tenant.id, f.household.id, f.child.id, cat.activity.id, cat.period.id);
  const s = { db: t.db, tenant, householdId: f.household.id, now: t.clock.now() };
  return { tenant, cat, f, e, s };
}

describe('basket use cases', () => {
  it('a tap adds, a second tap removes; a closed day cannot be added', async () => {
    const { cat, e, s } = await setup();
    const a = await tapCell(s, { enrollmentId: e.id, day: '2026-12-02', unitId: cat.journee.id });
    assert.equal(a.pending, 'add');
    const b = await tapCell(s, { enrollmentId: e.id, day: '2026-12-02', unitId: cat.journee.id });
    assert.equal(b.pending, null);
    assert.equal(b.stored.basket.lines.length, 0);
    await assert.rejects(
      tapCell(s, { enrollmentId: e.id, day: '2026-12-03', unitId: cat.journee.id }),
      (err: AppError) => err.code === 'VALIDATION',
    );
  });

  it('another household’s enrollment is not found', async () => {
    const { tenant, cat, s } = await setup();
    const other = await createFamily(t.db, tenant.id);
    const oe = await enroll(
      t.db,
      tenant.id,
      other.household.id,
      other.child.id,
      cat.activity.id,
      cat.period.id,
    );
    await assert.rejects(
      tapCell(s, { enrollmentId: oe.id, day: '2026-12-02', unitId: cat.journee.id }),
      (err: AppError) => err.code === 'NOT_FOUND',
    );
  });

  it('bulk typical week, same for a sibling, review and confirm once', async () => {
    const { tenant, cat, f, e, s } = await setup();
    const sib = await addChild(t.db, tenant.id, f.household.id, {
      firstName: 'Noé',
      lastName: 'Test',
      birthDate: '2018-02-01',
      sex: 'M',
    });
    await enroll(t.db, tenant.id, f.household.id, sib.id, cat.activity.id, cat.period.id);
    const r = await bulkChange(s, {
      enrollmentId: e.id,
      op: 'add',
      from: '2026-12-01',
      to: '2026-12-31',
      pattern: [{ weekday: 3, unitId: cat.journee.id }],
    });
    // Wednesdays 2, 9, 16, 23, 30 December.
    assert.equal(r.changed.length, 5);
    const copy = await copyToSiblings(s, { enrollmentId: e.id });
    assert.equal(copy.copied.length, 5);
    const review = await reviewOpenBasket(s);
    assert.equal(review.review.additions, 10);
    assert.equal(review.review.children.length, 2);
    const done = await confirmOpenBasket(s, { basketId: review.basketId, actorUserId: f.user.id });
    assert.equal(done.summary.counts.confirmed, 10);
    const replay = await confirmOpenBasket(s, { basketId: review.basketId, actorUserId: f.user.id });
    assert.equal(replay.replay, true);
    assert.equal(replay.summary.requestNumber, done.summary.requestNumber);
  });
});
