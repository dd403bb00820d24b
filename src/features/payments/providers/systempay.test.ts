import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { systempaySignature, verifySystempaySignature } from '../domain/signature';
import { SYSTEMPAY_FORM_ACTION, systempayProvider, systempayStatus, transDate } from './systempay';

const KEY = 'test-key-1234567890';
const SITE = '12345678';

/** A provider whose trans id allocation is stubbed (the database counter is tested through HTTP). */
function provider(key: string | null = KEY) {
  const fakeDb = {
    insert: () => ({
      values: () => ({ onConflictDoUpdate: () => ({ returning: async () => [{ v: 42 }] }) }),
    }),
  };
  return systempayProvider({
    db: fakeDb as never,
    tenantId: 't',
    siteId: SITE,
    key,
    production: false,
    now: () => new Date('2026-11-25T09:00:05Z'),
  });
}

const start = {
  payment: { id: '0f7e6d5c-4b3a-2918-1716-151413121110', amountCents: 8000, createdAt: new Date() },
  invoices: [{ id: 'x', number: '2026-000001', amountCents: 8000 }],
  payer: { email: 'parent@exemple.test', name: 'Alex' },
  urls: {
    notify: 'https://p.test/v/paiements/notification/systempay',
    return: 'https://p.test/v/paiements/1/retour',
  },
};

/** The IPN the gateway would post for that form. */
function ipn(fields: Record<string, string>, status = 'AUTHORISED', key = KEY) {
  const body: Record<string, string> = {
    ...Object.fromEntries(
      Object.entries(fields).filter(([k]) => k.startsWith('vads_') && k !== 'vads_url_check'),
    ),
    vads_trans_status: status,
    vads_auth_result: '00',
  };
  body.signature = systempaySignature(body, key);
  return body;
}

describe('Systempay provider', () => {
  it('builds a signed vads_ form: amount in cents, euro, 6-digit trans id, UTC trans date', async () => {
    const r = await provider().createPayment(start);
    assert.ok('formFields' in r);
    assert.equal(r.formAction, SYSTEMPAY_FORM_ACTION);
    const f = r.formFields;
    assert.equal(f.vads_amount, '8000');
    assert.equal(f.vads_currency, '978');
    assert.equal(f.vads_trans_id, '000042');
    assert.equal(f.vads_trans_date, '20261125090005');
    assert.equal(f.vads_site_id, SITE);
    assert.equal(f.vads_ctx_mode, 'TEST');
    assert.equal(f.vads_url_check, start.urls.notify);
    assert.equal(r.providerRef, '20261125-000042');
    assert.equal(verifySystempaySignature(f, KEY), true);
  });

  it('accepts a signed IPN and reads reference, status and amount', async () => {
    const { formFields } = (await provider().createPayment(start)) as { formFields: Record<string, string> };
    const a = await provider().parseNotification({ body: ipn(formFields), query: {} });
    assert.deepEqual(a, {
      providerRef: '20261125-000042',
      status: 'PAID',
      amountCents: 8000,
      authentic: true,
    });
    const refused = await provider().parseNotification({ body: ipn(formFields, 'REFUSED'), query: {} });
    assert.equal(refused.status, 'DENIED');
    assert.equal(refused.authentic, true);
  });

  it('refuses a tampered amount, another key, another shop, and a shop without key', async () => {
    const { formFields } = (await provider().createPayment(start)) as { formFields: Record<string, string> };
    const good = ipn(formFields);
    const p = provider();
    assert.equal(
      (await p.parseNotification({ body: { ...good, vads_amount: '1' }, query: {} })).authentic,
      false,
    );
    assert.equal(
      (await p.parseNotification({ body: ipn(formFields, 'AUTHORISED', 'other'), query: {} })).authentic,
      false,
    );
    const otherShop = ipn({ ...formFields, vads_site_id: '87654321' });
    assert.equal((await p.parseNotification({ body: otherShop, query: {} })).authentic, false);
    assert.equal((await provider(null).parseNotification({ body: good, query: {} })).authentic, false);
    await assert.rejects(provider(null).createPayment(start));
  });

  it('another currency is not the amount asked for', async () => {
    const { formFields } = (await provider().createPayment(start)) as { formFields: Record<string, string> };
    const a = await provider().parseNotification({
      body: ipn({ ...formFields, vads_currency: '840' }),
      query: {},
    });
    assert.equal(a.authentic, true);
    assert.equal(a.amountCents, null);
  });

  it('maps the gateway statuses', () => {
    assert.equal(systempayStatus('AUTHORISED'), 'PAID');
    assert.equal(systempayStatus('CAPTURED'), 'PAID');
    assert.equal(systempayStatus('REFUSED'), 'DENIED');
    assert.equal(systempayStatus('ABANDONED'), 'CANCELLED');
    assert.equal(systempayStatus('CANCELLED'), 'CANCELLED');
    assert.equal(systempayStatus('EXPIRED'), 'EXPIRED');
    assert.equal(systempayStatus('AUTHORISED_TO_VALIDATE'), 'WAITING');
    assert.equal(systempayStatus(''), 'ERROR');
  });

  it('trans date is UTC whatever the local zone (a Paris evening is still the UTC day)', () => {
    assert.equal(transDate(new Date('2026-11-25T23:30:00Z')), '20261125233000');
    assert.equal(transDate(new Date('2026-03-29T01:30:00Z')), '20260329013000');
  });
});
