import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invoiceStatusFr, monthFr } from './billing-sections';

describe('invoice section words', () => {
  it('an unpaid invoice is late only after its due day', () => {
    assert.equal(invoiceStatusFr('unpaid', '2026-11-25', '2026-11-25'), 'À payer');
    assert.equal(invoiceStatusFr('unpaid', '2026-11-24', '2026-11-25'), 'En retard');
    assert.equal(invoiceStatusFr('unpaid', '2026-12-31', '2027-01-01'), 'En retard');
    assert.equal(invoiceStatusFr('paid', '2020-01-01', '2026-11-25'), 'Payée');
    assert.equal(invoiceStatusFr('in_collection', '2020-01-01', '2026-11-25'), 'En recouvrement');
  });
  it('names the billed month in French', () => {
    assert.equal(monthFr('2026-01-01'), 'janvier 2026');
    assert.equal(monthFr('2026-08-01'), 'août 2026');
    assert.equal(monthFr('2027-12-01'), 'décembre 2027');
  });
});
