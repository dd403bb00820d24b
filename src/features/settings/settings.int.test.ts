import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { useTestApp } from '../../../test/helpers/app';
import { signedInClient, TestClient } from '../../../test/helpers/client';
import { createStaff, createTenant } from '../../../test/helpers/factories';
import { SAMPLE } from '../../../test/helpers/sample-files';
import { auditLog } from '../../platform/audit/audit.schema';
import { deriveKey, openSecret } from '../../platform/secrets';
import { tenants } from '../tenants/tenants.schema';
import { tenantSettings } from './settings.schema';

const t = useTestApp();

const valid = {
  name: 'Ville A',
  legalName: 'Commune de Ville A',
  siret: '21750001600019',
  address: '1 place de la Mairie, 29200 Brest',
  contactEmail: 'enfance@ville-a.test',
  contactPhone: '02 98 00 00 00',
  primaryColor: '#1f4e8c',
  timeZone: 'Europe/Paris',
  schoolZone: 'B',
  holidayRegion: 'metropole',
  rulesText: '',
  a11yStatus: 'partiel',
  a11yStatement: '',
  sepaCreditorId: '',
  invoicePrefix: '',
  paymentProvider: 'simulator',
  payfipNumcli: '',
  systempaySiteId: '',
  systempayKey: '',
};

async function setup() {
  const tenant = await createTenant(t.db, {
    slug: 'ville-a',
    name: 'Ville A',
    legalName: 'Commune de Ville A',
  });
  await t.app.tenants.refresh();
  const admin = await createStaff(t.db, tenant.id, ['admin']);
  const manager = await createStaff(t.db, tenant.id, ['manager']);
  return {
    tenant,
    admin: await signedInClient(t, admin.id, tenant.id),
    manager: await signedInClient(t, manager.id, tenant.id),
  };
}

const tenantRow = async (id: string) => (await t.db.select().from(tenants).where(eq(tenants.id, id)))[0]!;

describe('tenant settings', () => {
  it('shows the form to administrators only', async () => {
    const s = await setup();
    const page = await s.admin.get('/ville-a/gestion/parametres');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Paramètres de la structure/);
    assert.match(page.body, /value="#1f4e8c"/);
    assert.equal((await s.manager.get('/ville-a/gestion/parametres')).statusCode, 403);
    assert.match((await s.admin.get('/ville-a/gestion')).body, /gestion\/parametres/);
  });

  it('saves every field, audits the changed field names and seals the Systempay key', async () => {
    const s = await setup();
    const res = await s.admin.post('/ville-a/gestion/parametres', {
      ...valid,
      name: 'Ville A Renommée',
      siret: '217 500 016 00019',
      primaryColor: '#0B3D2E',
      timeZone: 'America/Cayenne',
      schoolZone: 'C',
      rulesText: 'Article 1 <b>gras</b>',
      sepaCreditorId: 'fr72 zzz 123456',
      invoicePrefix: 'enf-',
      paymentProvider: 'systempay',
      systempaySiteId: '12345678',
      systempayKey: 'cle-secrete-de-production',
    });
    assert.equal(res.statusCode, 303);
    const row = await tenantRow(s.tenant.id);
    assert.equal(row.name, 'Ville A Renommée');
    assert.equal(row.primaryColor, '#0b3d2e');
    assert.equal(row.timeZone, 'America/Cayenne');
    assert.equal(row.schoolZone, 'C');
    const [settings] = await t.db.select().from(tenantSettings);
    assert.equal(settings?.sepaCreditorId, 'FR72ZZZ123456');
    assert.equal(settings?.invoicePrefix, 'ENF-');
    assert.equal(settings?.systempaySiteId, '12345678');
    assert.ok(settings?.systempayKeySealed && !settings.systempayKeySealed.includes('secrete'));
    const key = deriveKey('test-cookie-secret-that-is-long-enough-000', 'tenant-settings');
    assert.equal(openSecret(key, settings!.systempayKeySealed!), 'cle-secrete-de-production');

    const audits = await t.db.select().from(auditLog).where(eq(auditLog.action, 'tenant.settings_update'));
    assert.equal(audits.length, 1);
    const fields = (audits[0]!.details as { fields: string[] }).fields;
    assert.ok(fields.includes('name') && fields.includes('systempayKey') && fields.includes('primaryColor'));
    assert.ok(!JSON.stringify(audits[0]!.details).includes('secrete'));

    // The key is never shown back, only its date; an empty key keeps it.
    const page = await s.admin.get('/ville-a/gestion/parametres');
    assert.doesNotMatch(page.body, /cle-secrete/);
    assert.match(page.body, /Clé définie le 25 novembre 2026/);
    const again = await s.admin.post('/ville-a/gestion/parametres', {
      ...valid,
      name: 'Ville A Renommée',
      primaryColor: '#0b3d2e',
      timeZone: 'America/Cayenne',
      schoolZone: 'C',
      rulesText: 'Article 1 <b>gras</b>',
      sepaCreditorId: 'FR72ZZZ123456',
      invoicePrefix: 'ENF-',
      paymentProvider: 'systempay',
      systempaySiteId: '12345678',
    });
    assert.equal(again.statusCode, 303);
    const [kept] = await t.db.select().from(tenantSettings);
    assert.equal(kept?.systempayKeySealed, settings?.systempayKeySealed);
    // Nothing changed: no second audit row.
    assert.equal(
      (await t.db.select().from(auditLog).where(eq(auditLog.action, 'tenant.settings_update'))).length,
      1,
    );
    // The rules page shows the text escaped.
    const rules = await new TestClient(t.app).get('/ville-a/reglement');
    assert.match(rules.body, /Article 1 &lt;b>gras&lt;\/b>/);
    // The tenant's colour sheet follows, under a new versioned URL.
    const home = await new TestClient(t.app).get('/ville-a/');
    assert.match(home.body, /\/assets\/tenant\/ville-a\.css\?v=0b3d2e/);
    assert.match((await new TestClient(t.app).get('/assets/tenant/ville-a.css')).body, /--brand:#0b3d2e/);
  });

  it('refuses a too-light colour with the contrast message, and writes nothing', async () => {
    const s = await setup();
    const res = await s.admin.post('/ville-a/gestion/parametres', {
      ...valid,
      primaryColor: '#f5c400',
      name: 'Autre',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Couleur trop claire : contraste de 1,\d:1/);
    assert.match(res.body, /value="Autre"/);
    assert.equal((await tenantRow(s.tenant.id)).name, 'Ville A');
    assert.equal((await t.db.select().from(tenantSettings)).length, 0);
    assert.equal((await t.db.select().from(auditLog)).length, 0);
  });

  it('checks SIRET, ICS, time zone, e-mail, phone, prefix and the provider fields', async () => {
    const s = await setup();
    const cases: [Record<string, string>, RegExp][] = [
      [{ siret: '21000000000019' }, /SIRET invalide/],
      [{ sepaCreditorId: 'FR73ZZZ123456' }, /ICS invalide/],
      [{ timeZone: 'Europe/Atlantis' }, /Fuseau horaire inconnu/],
      [{ contactEmail: 'pas-une-adresse' }, /Adresse e-mail invalide/],
      [{ contactPhone: 'appelez' }, /Numéro de téléphone invalide/],
      [{ invoicePrefix: 'FACT/2026' }, /majuscules, chiffres et tirets/],
      [{ paymentProvider: 'payfip' }, /numéro client PayFiP/],
      [{ paymentProvider: 'payfip', payfipNumcli: '12a' }, /6 chiffres/],
      [{ paymentProvider: 'systempay', systempaySiteId: '12345678' }, /clé de production Systempay/],
      [{ paymentProvider: 'paypal' }, /Prestataire inconnu/],
      [{ schoolZone: 'Z' }, /zone A, B ou C/],
      [{ a11yStatus: 'peut-être' }, /État de conformité inconnu/],
    ];
    for (const [change, message] of cases) {
      const res = await s.admin.post('/ville-a/gestion/parametres', { ...valid, ...change });
      assert.equal(res.statusCode, 400, JSON.stringify(change));
      assert.match(res.body, message);
      assert.match(res.body, /field-error/);
    }
    assert.equal((await t.db.select().from(tenantSettings)).length, 0);
    const payfip = await s.admin.post('/ville-a/gestion/parametres', {
      ...valid,
      paymentProvider: 'payfip',
      payfipNumcli: '012345',
      payfipMode: 'W',
    });
    assert.equal(payfip.statusCode, 303);
    const [saved] = await t.db.select().from(tenantSettings);
    assert.equal(saved!.payfipMode, 'W');
    assert.match((await s.admin.get('/ville-a/gestion/parametres')).body, /<option value="W" selected/);
    const bad = await s.admin.post('/ville-a/gestion/parametres', { ...valid, payfipMode: 'Z' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Mode PayFiP inconnu/);
  });

  it('publishes the accessibility statement with the RGAA wording and the escaped text', async () => {
    const s = await setup();
    const before = await new TestClient(t.app).get('/ville-a/accessibilite');
    assert.match(before.body, /partiellement conforme/);
    await s.admin.post('/ville-a/gestion/parametres', {
      ...valid,
      a11yStatus: 'non',
      a11yStatement: 'Les PDF anciens ne sont pas balisés.\n\n<script>alert(1)</script>',
    });
    const page = await new TestClient(t.app).get('/ville-a/accessibilite');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<strong>non conforme<\/strong>/);
    assert.match(page.body, /Accessibilité : non conforme/);
    assert.match(page.body, /RGAA\), version 4\.1/);
    assert.match(page.body, /Défenseur des droits/);
    assert.match(page.body, /Les PDF anciens ne sont pas balisés/);
    assert.doesNotMatch(page.body, /<script>alert/);
    assert.match(page.body, /href="\/ville-a\/accessibilite"/);
  });
});

describe('tenant logo', () => {
  it('stores a PNG, shows it in the header and serves it with caching', async () => {
    const s = await setup();
    const res = await s.admin.postMultipart(
      '/ville-a/gestion/parametres/logo',
      {},
      {
        filename: 'logo.png',
        contentType: 'image/png',
        content: SAMPLE.png,
      },
    );
    assert.equal(res.statusCode, 303);
    const row = await tenantRow(s.tenant.id);
    assert.ok(row.logoFile);
    const home = await new TestClient(t.app).get('/ville-a/');
    const src = /<img class="brand-logo" src="([^"]+)"/.exec(home.body)?.[1];
    assert.equal(src, `/ville-a/logo?v=${row.logoFile!.slice(0, 12)}`);
    const logo = await new TestClient(t.app).get(src!);
    assert.equal(logo.statusCode, 200);
    assert.equal(logo.headers['content-type'], 'image/png');
    assert.match(String(logo.headers['cache-control']), /immutable/);
    assert.deepEqual(logo.rawPayload, SAMPLE.png);
    const unversioned = await new TestClient(t.app).get('/ville-a/logo');
    assert.equal(unversioned.headers['cache-control'], 'public, max-age=300');
    const cached = await new TestClient(t.app).get('/ville-a/logo', { 'if-none-match': `"${row.logoFile}"` });
    assert.equal(cached.statusCode, 304);
    // A new logo replaces the old one (old file removed), with an audit row each time.
    await s.admin.postMultipart(
      '/ville-a/gestion/parametres/logo',
      {},
      {
        filename: 'logo.jpg',
        content: SAMPLE.jpeg,
      },
    );
    const after = await tenantRow(s.tenant.id);
    assert.notEqual(after.logoFile, row.logoFile);
    await assert.rejects(t.storage.get(row.logoFile!));
    assert.equal((await new TestClient(t.app).get('/ville-a/logo')).headers['content-type'], 'image/jpeg');
    const removed = await s.admin.post('/ville-a/gestion/parametres/logo/supprimer');
    assert.equal(removed.statusCode, 303);
    assert.equal((await tenantRow(s.tenant.id)).logoFile, null);
    assert.equal((await new TestClient(t.app).get('/ville-a/logo')).statusCode, 404);
    const actions = (await t.db.select().from(auditLog)).map((a) => a.action).sort();
    assert.deepEqual(actions, ['tenant.logo_remove', 'tenant.logo_update', 'tenant.logo_update']);
  });

  it('refuses other types (by magic bytes), files over 1 MB, empty files and forged requests', async () => {
    const s = await setup();
    const cases: [Buffer, string, RegExp][] = [
      [SAMPLE.pdf, 'logo.png', /PNG ou JPEG/],
      [SAMPLE.html, 'logo.png', /PNG ou JPEG/],
      [SAMPLE.heic, 'logo.heic', /PNG ou JPEG/],
      [Buffer.concat([SAMPLE.png, Buffer.alloc(1_048_577 - SAMPLE.png.length)]), 'big.png', /dépasse 1 Mo/],
    ];
    for (const [content, filename, message] of cases) {
      const res = await s.admin.postMultipart('/ville-a/gestion/parametres/logo', {}, { filename, content });
      assert.equal(res.statusCode, 400, filename);
      assert.match(res.body, message);
    }
    const none = await s.admin.postMultipart('/ville-a/gestion/parametres/logo', {});
    assert.equal(none.statusCode, 400);
    const forged = await s.admin.postMultipart(
      '/ville-a/gestion/parametres/logo',
      {},
      { filename: 'logo.png', content: SAMPLE.png },
      { csrf: false },
    );
    assert.equal(forged.statusCode, 403);
    const byManager = await s.manager.postMultipart(
      '/ville-a/gestion/parametres/logo',
      {},
      {
        filename: 'logo.png',
        content: SAMPLE.png,
      },
    );
    assert.equal(byManager.statusCode, 403);
    assert.equal((await tenantRow(s.tenant.id)).logoFile, null);
    assert.equal((await t.db.select().from(auditLog)).length, 0);
  });
});
