import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { historyRange, invoiceRefusal, pendingHolds, transitionFor } from './online';

const pending = { status: 'pending', amountCents: 5000 };

describe('transitionFor', () => {
  it('pays a pending payment when the provider says PAID with the same amount', () => {
    assert.deepEqual(transitionFor(pending, { status: 'PAID', amountCents: 5000 }), { kind: 'pay' });
  });

  it('flags a PAID answer with another amount (more, less, unknown)', () => {
    for (const amountCents of [5001, 4999, 0, null])
      assert.equal(transitionFor(pending, { status: 'PAID', amountCents }).kind, 'flag');
  });

  it('maps the refusals of a pending payment', () => {
    assert.deepEqual(transitionFor(pending, { status: 'DENIED', amountCents: 5000 }), {
      kind: 'set',
      status: 'refused',
    });
    assert.deepEqual(transitionFor(pending, { status: 'CANCELLED', amountCents: null }), {
      kind: 'set',
      status: 'abandoned',
    });
    assert.deepEqual(transitionFor(pending, { status: 'EXPIRED', amountCents: null }), {
      kind: 'set',
      status: 'expired',
    });
    assert.deepEqual(transitionFor(pending, { status: 'ERROR', amountCents: null }), {
      kind: 'set',
      status: 'error',
    });
  });

  it('does nothing while the provider waits, nor to a final payment', () => {
    assert.equal(transitionFor(pending, { status: 'WAITING', amountCents: null }).kind, 'none');
    for (const status of ['paid', 'flagged', 'cancelled', 'returned'])
      for (const s of ['PAID', 'DENIED', 'CANCELLED'] as const)
        assert.equal(
          transitionFor({ status, amountCents: 5000 }, { status: s, amountCents: 5000 }).kind,
          'none',
        );
  });

  it('flags a PAID answer that comes after we gave up on the payment', () => {
    for (const status of ['expired', 'abandoned', 'refused', 'error'])
      assert.equal(
        transitionFor({ status, amountCents: 5000 }, { status: 'PAID', amountCents: 5000 }).kind,
        'flag',
      );
    assert.equal(
      transitionFor({ status: 'expired', amountCents: 5000 }, { status: 'DENIED', amountCents: 5000 }).kind,
      'none',
    );
  });
});

describe('pending hold', () => {
  const t0 = new Date('2026-11-25T09:00:00Z');
  it('holds for 15 minutes, half-open', () => {
    assert.equal(pendingHolds(t0, t0), true);
    assert.equal(pendingHolds(t0, new Date(t0.getTime() + 15 * 60_000 - 1)), true);
    assert.equal(pendingHolds(t0, new Date(t0.getTime() + 15 * 60_000)), false);
  });

  it('invoiceRefusal', () => {
    const inv = { status: 'unpaid', totalCents: 1000, creditedCents: 0, settledCents: 0 };
    assert.equal(invoiceRefusal(inv, null, t0), null);
    assert.equal(invoiceRefusal({ ...inv, status: 'paid', settledCents: 1000 }, null, t0), 'paid');
    assert.equal(invoiceRefusal({ ...inv, status: 'in_collection' }, null, t0), 'in_collection');
    assert.equal(invoiceRefusal({ ...inv, totalCents: 0 }, null, t0), 'nothing_due');
    assert.equal(invoiceRefusal(inv, t0, new Date(t0.getTime() + 60_000)), 'pending_online');
    assert.equal(invoiceRefusal(inv, t0, new Date(t0.getTime() + 16 * 60_000)), null);
  });
});

describe('historyRange', () => {
  it('a week starts on Monday at local midnight', () => {
    const r = historyRange('semaine', '2026-11-25', 'Europe/Paris')!;
    assert.equal(r.firstDay, '2026-11-23');
    assert.equal(r.lastDay, '2026-11-29');
    assert.equal(r.from.toISOString(), '2026-11-22T23:00:00.000Z');
    assert.equal(r.to.toISOString(), '2026-11-29T23:00:00.000Z');
  });

  it('a month across the DST change keeps local midnights', () => {
    const r = historyRange('mois', '2026-03-15', 'Europe/Paris')!;
    assert.equal(r.from.toISOString(), '2026-02-28T23:00:00.000Z');
    assert.equal(r.to.toISOString(), '2026-03-31T22:00:00.000Z');
    assert.equal(r.lastDay, '2026-03-31');
  });

  it('February of a leap year, the year, and everything', () => {
    assert.equal(historyRange('mois', '2028-02-10', 'Europe/Paris')!.lastDay, '2028-02-29');
    const y = historyRange('annee', '2026-12-31', 'Europe/Paris')!;
    assert.equal(y.firstDay, '2026-01-01');
    assert.equal(y.lastDay, '2026-12-31');
    assert.equal(historyRange('tout', '2026-12-31', 'Europe/Paris'), null);
  });

  it('a week across the new year', () => {
    const r = historyRange('semaine', '2027-01-01', 'Europe/Paris')!;
    assert.equal(r.firstDay, '2026-12-28');
    assert.equal(r.lastDay, '2027-01-03');
  });
});
