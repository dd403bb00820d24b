import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  safeEqual,
  simulatorSignature,
  systempaySignature,
  verifySimulatorSignature,
  verifySystempaySignature,
} from './signature';

const KEY = '1122334455667788';

// A form as Lyra documents it (test shop values); the expected value is computed independently below.
const FORM: Record<string, string> = {
  vads_action_mode: 'INTERACTIVE',
  vads_amount: '5124',
  vads_ctx_mode: 'TEST',
  vads_currency: '978',
  vads_page_action: 'PAYMENT',
  vads_payment_config: 'SINGLE',
  vads_site_id: '12345678',
  vads_trans_date: '20170129130025',
  vads_trans_id: '123456',
  vads_version: 'V2',
};

describe('Systempay signature', () => {
  it('is Base64(HMAC-SHA-256) of the vads_ values sorted by name, joined by +, then +key', () => {
    const message =
      'INTERACTIVE+5124+TEST+978+PAYMENT+SINGLE+12345678+20170129130025+123456+V2+1122334455667788';
    const expected = createHmac('sha256', KEY).update(message).digest('base64');
    assert.equal(systempaySignature(FORM, KEY), expected);
  });

  it('ignores the order of the fields and the non-vads fields', () => {
    const shuffled = Object.fromEntries(Object.entries(FORM).reverse());
    assert.equal(
      systempaySignature({ ...shuffled, signature: 'x', other: 'y' }, KEY),
      systempaySignature(FORM, KEY),
    );
  });

  it('accepts a valid IPN', () => {
    const ipn = { ...FORM, vads_trans_status: 'AUTHORISED' };
    assert.equal(verifySystempaySignature({ ...ipn, signature: systempaySignature(ipn, KEY) }, KEY), true);
  });

  it('refuses an invalid signature, a missing one, another key and an empty key', () => {
    const sig = systempaySignature(FORM, KEY);
    assert.equal(verifySystempaySignature({ ...FORM, signature: `${sig.slice(0, -2)}AA` }, KEY), false);
    assert.equal(verifySystempaySignature({ ...FORM }, KEY), false);
    assert.equal(verifySystempaySignature({ ...FORM, signature: sig }, 'another-key-0000'), false);
    assert.equal(verifySystempaySignature({ ...FORM, signature: sig }, ''), false);
  });

  it('refuses a tampered field (the amount) and an added vads field', () => {
    const sig = systempaySignature(FORM, KEY);
    assert.equal(verifySystempaySignature({ ...FORM, vads_amount: '1', signature: sig }, KEY), false);
    assert.equal(
      verifySystempaySignature({ ...FORM, vads_trans_status: 'AUTHORISED', signature: sig }, KEY),
      false,
    );
  });
});

describe('Simulator signature', () => {
  const notice = { ref: 'SIM-abc', status: 'PAID', amountCents: 2500, sentAt: '2026-11-25T09:00:00.000Z' };
  const key = Buffer.alloc(32, 7);

  it('verifies what it signed', () => {
    assert.equal(verifySimulatorSignature(notice, simulatorSignature(notice, key), key), true);
  });

  it('refuses a tampered status, amount or reference', () => {
    const sig = simulatorSignature(notice, key);
    assert.equal(verifySimulatorSignature({ ...notice, status: 'DENIED' }, sig, key), false);
    assert.equal(verifySimulatorSignature({ ...notice, amountCents: 2499 }, sig, key), false);
    assert.equal(verifySimulatorSignature({ ...notice, ref: 'SIM-abd' }, sig, key), false);
  });

  it('refuses another key, garbage and an empty signature', () => {
    const sig = simulatorSignature(notice, key);
    assert.equal(verifySimulatorSignature(notice, sig, Buffer.alloc(32, 8)), false);
    assert.equal(verifySimulatorSignature(notice, 'zz', key), false);
    assert.equal(verifySimulatorSignature(notice, '', key), false);
    assert.equal(verifySimulatorSignature(notice, sig.toUpperCase(), key), false);
  });
});

describe('safeEqual', () => {
  it('compares content and length', () => {
    assert.equal(safeEqual('abc', 'abc'), true);
    assert.equal(safeEqual('abc', 'abd'), false);
    assert.equal(safeEqual('abc', 'abcd'), false);
    assert.equal(safeEqual('', ''), true);
    assert.equal(safeEqual('é', 'e'), false);
  });
});
