import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  creerPaiementSecuriseRequest,
  PAYFIP_PAYMENT_PAGE,
  parseCreerResponse,
  parseDetailResponse,
  payfipObjet,
  payfipProvider,
  payfipRefdet,
  type SoapTransport,
  xmlValue,
} from './payfip';
import { ProviderError } from './provider';

// Recorded answers written from the DGFiP PayFiP web-service specification (no network in tests).
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const ID_OP = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

/** A transport that answers from fixtures and records what it was sent. */
function recorded(answers: string[]): SoapTransport & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    async post(_url, envelope) {
      sent.push(envelope);
      const next = answers.shift();
      if (next === undefined) throw new Error('no more recorded answers');
      return next;
    },
  };
}

const start = {
  payment: {
    id: '0f7e6d5c-4b3a-2918-1716-151413121110',
    amountCents: 5000,
    createdAt: new Date('2026-11-25T09:00:00Z'),
  },
  invoices: [{ id: 'x', number: 'ENF-2026-000001', amountCents: 5000 }],
  payer: { email: 'parent@exemple.test', name: 'Alex' },
  urls: {
    notify: 'https://portail.test/ville/paiements/notification/payfip',
    return: 'https://portail.test/ville/paiements/p/retour',
  },
};

describe('PayFiP requests', () => {
  it('builds creerPaiementSecurise with every field of the spec', () => {
    const xml = creerPaiementSecuriseRequest({
      numcli: '012345',
      exer: 2026,
      refdet: 'ABC123',
      objet: 'Factures 2026 000001',
      montantCents: 5000,
      mel: 'a&b@exemple.test',
      urlnotif: 'https://x.test/n?a=1&b=2',
      urlredirect: 'https://x.test/r',
      saisie: 'T',
    });
    assert.match(xml, /<pai:creerPaiementSecurise><arg0>/);
    for (const [k, v] of [
      ['exer', '2026'],
      ['numcli', '012345'],
      ['refdet', 'ABC123'],
      ['objet', 'Factures 2026 000001'],
      ['montant', '5000'],
      ['saisie', 'T'],
      ['urlredirect', 'https://x.test/r'],
    ])
      assert.equal(xmlValue(xml, k!), v);
    // Escaped in the XML, intact once read back.
    assert.match(xml, /<mel>a&amp;b@exemple.test<\/mel>/);
    assert.equal(xmlValue(xml, 'urlnotif'), 'https://x.test/n?a=1&b=2');
  });

  it('refuses values outside the spec', () => {
    const ok = {
      numcli: '012345',
      exer: 2026,
      refdet: 'ABC',
      objet: 'x',
      montantCents: 1,
      mel: 'm@x.test',
      urlnotif: 'u',
      urlredirect: 'u',
      saisie: 'W' as const,
    };
    assert.throws(() => creerPaiementSecuriseRequest({ ...ok, numcli: '12345' }), ProviderError);
    assert.throws(() => creerPaiementSecuriseRequest({ ...ok, refdet: 'A-B' }), ProviderError);
    assert.throws(() => creerPaiementSecuriseRequest({ ...ok, refdet: 'A'.repeat(31) }), ProviderError);
    assert.throws(() => creerPaiementSecuriseRequest({ ...ok, objet: 'é' }), ProviderError);
    assert.throws(() => creerPaiementSecuriseRequest({ ...ok, montantCents: 0 }), ProviderError);
    assert.throws(() => creerPaiementSecuriseRequest({ ...ok, montantCents: 1.5 }), ProviderError);
  });

  it('refdet and objet are cleaned to the allowed characters and lengths', () => {
    assert.equal(payfipRefdet('0f7e6d5c-4b3a-2918-1716-151413121110'), '0f7e6d5c4b3a291817161514131211');
    assert.equal(payfipRefdet('0f7e6d5c-4b3a-2918-1716-151413121110').length, 30);
    assert.equal(
      payfipObjet('Factures ENF-2026-000001, Éléonore & Zoé'),
      'Factures ENF 2026 000001 Eleonore Zoe',
    );
    assert.equal(payfipObjet('x'.repeat(150)).length, 100);
  });
});

describe('PayFiP answers', () => {
  it('reads the idOp, or fails on a SOAP fault with its code', () => {
    assert.equal(parseCreerResponse(fixture('payfip-creer-response.xml')), ID_OP);
    assert.throws(
      () => parseCreerResponse(fixture('payfip-creer-fault.xml')),
      /R3 Le format du parametre REFDET/,
    );
    assert.throws(() => parseCreerResponse('<html>502 Bad Gateway</html>'), ProviderError);
  });

  it('maps resultrans: P and V paid, R and Z refused, A abandoned; unknown idOp waits', () => {
    const expected = { P: 'PAID', V: 'PAID', R: 'DENIED', Z: 'DENIED', A: 'CANCELLED' } as const;
    for (const [r, status] of Object.entries(expected)) {
      const d = parseDetailResponse(fixture(`payfip-detail-${r}.xml`));
      assert.equal(d.status, status, r);
      assert.equal(d.amountCents, 5000);
      assert.equal(d.idOp, ID_OP);
    }
    const unknown = parseDetailResponse(fixture('payfip-detail-unknown.xml'));
    assert.equal(unknown.status, 'WAITING');
    assert.equal(unknown.known, false);
  });
});

describe('PayFiP provider', () => {
  it('creates the payment (mode from the tenant) and redirects to the payment page with the idOp', async () => {
    const transport = recorded([fixture('payfip-creer-response.xml')]);
    const p = payfipProvider({ numcli: '012345', mode: 'X', transport, now: () => new Date() });
    const r = await p.createPayment(start);
    assert.equal(r.providerRef, ID_OP);
    assert.ok('redirectUrl' in r);
    assert.equal(r.redirectUrl, `${PAYFIP_PAYMENT_PAGE}?idop=${ID_OP}`);
    const sent = transport.sent[0]!;
    assert.equal(xmlValue(sent, 'saisie'), 'X');
    assert.equal(xmlValue(sent, 'montant'), '5000');
    assert.equal(xmlValue(sent, 'refdet'), '0f7e6d5c4b3a291817161514131211');
    assert.equal(xmlValue(sent, 'objet'), 'Factures ENF 2026 000001');
    assert.equal(xmlValue(sent, 'urlnotif'), start.urls.notify);
    assert.equal(xmlValue(sent, 'mel'), 'parent@exemple.test');
  });

  it('without a numcli it refuses before any call', async () => {
    const transport = recorded([]);
    const p = payfipProvider({ numcli: null, mode: 'T', transport, now: () => new Date() });
    await assert.rejects(p.createPayment(start), ProviderError);
    assert.equal(transport.sent.length, 0);
  });

  it('a notification carries only the idOp: it is confirmed with recupererDetailPaiementSecurise', async () => {
    const transport = recorded([fixture('payfip-detail-P.xml')]);
    const p = payfipProvider({ numcli: '012345', mode: 'T', transport, now: () => new Date() });
    const a = await p.parseNotification({ body: { idOp: ID_OP }, query: {} });
    assert.deepEqual(a, { providerRef: ID_OP, status: 'PAID', amountCents: 5000, authentic: true });
    assert.match(transport.sent[0]!, /recupererDetailPaiementSecurise/);
    assert.equal(xmlValue(transport.sent[0]!, 'idOp'), ID_OP);
  });

  it('a notification with an idOp PayFiP does not know, or garbage, is not authentic', async () => {
    const p = payfipProvider({
      numcli: '012345',
      mode: 'T',
      transport: recorded([fixture('payfip-detail-unknown.xml')]),
      now: () => new Date(),
    });
    assert.equal((await p.parseNotification({ body: { idOp: 'nope' }, query: {} })).authentic, false);
    assert.equal((await p.parseNotification({ body: { idOp: '<script>' }, query: {} })).authentic, false);
    assert.equal((await p.parseNotification({ body: {}, query: {} })).authentic, false);
  });

  it('fetchStatus asks the same web service (polling)', async () => {
    const p = payfipProvider({
      numcli: '012345',
      mode: 'T',
      transport: recorded([fixture('payfip-detail-A.xml'), fixture('payfip-detail-unknown.xml')]),
      now: () => new Date(),
    });
    assert.deepEqual(await p.fetchStatus(ID_OP), { status: 'CANCELLED', amountCents: 5000 });
    assert.deepEqual(await p.fetchStatus(ID_OP), { status: 'WAITING', amountCents: null });
    assert.equal(p.lifetimeMinutes, 15);
  });
});
