import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { desc, eq } from 'drizzle-orm';
import { useTestApp } from '../../../test/helpers/app';
import { signedInClient, TestClient } from '../../../test/helpers/client';
import {
  createFamily,
  createStaff,
  createTenant,
  createUser,
  TEST_PASSWORD,
} from '../../../test/helpers/factories';
import { auditLog } from '../../platform/audit/audit.schema';
import { outboxEmails } from '../../platform/mail/mail.schema';
import { memberships } from '../accounts/accounts.schema';
import { uploadedFiles } from '../documents/documents.schema';
import { tenants } from '../tenants/tenants.schema';
import { usageByTenant } from './operator.service';

const t = useTestApp();

const valid = {
  slug: 'ville-de-test',
  name: 'Ville de Test',
  legalName: 'Commune de Test',
  siret: '217 500 016 00019',
  contactEmail: 'enfance@test.test',
  schoolZone: 'C',
  holidayRegion: 'metropole',
};

async function setup() {
  const tenant = await createTenant(t.db, { slug: 'ville-a', name: 'Ville A' });
  await t.app.tenants.refresh();
  const operator = await createUser(t.db, { email: 'ops@exemple.test', isOperator: true });
  return { tenant, operator, client: await signedInClient(t, operator.id, null) };
}

describe('operator sign-in', () => {
  it('signs the operator in; wrong password or a non-operator get one generic message', async () => {
    await setup();
    const plain = await createUser(t.db, { email: 'simple@exemple.test' });
    const c = new TestClient(t.app);
    assert.equal((await c.get('/operateur')).statusCode, 303);
    assert.equal((await c.get('/operateur/connexion')).statusCode, 200);
    const wrong = await c.post('/operateur/connexion', { email: 'ops@exemple.test', password: 'mauvais' });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /Adresse e-mail ou mot de passe incorrect/);
    const notOperator = await c.post('/operateur/connexion', { email: plain.email, password: TEST_PASSWORD });
    assert.equal(notOperator.statusCode, 400);
    assert.match(notOperator.body, /Adresse e-mail ou mot de passe incorrect/);
    const ok = await c.post('/operateur/connexion', { email: 'OPS@exemple.test', password: TEST_PASSWORD });
    assert.equal(ok.statusCode, 303);
    assert.equal((await c.get('/operateur')).statusCode, 200);
    const audit = (await t.db.select().from(auditLog)).map((a) => a.action).sort();
    assert.deepEqual(audit, ['operator.sign_in', 'operator.sign_in_failed', 'operator.sign_in_failed']);
    const out = await c.post('/operateur/deconnexion');
    assert.equal(out.statusCode, 303);
    assert.equal((await c.get('/operateur')).statusCode, 303);
  });
});

describe('operator area', () => {
  it('lists tenants with usage counts', async () => {
    const s = await setup();
    await createFamily(t.db, s.tenant.id);
    await createFamily(t.db, s.tenant.id);
    const admin = await createStaff(t.db, s.tenant.id, ['admin']);
    await signedInClient(t, admin.id, s.tenant.id);
    const fam = await createFamily(t.db, s.tenant.id);
    await t.db.insert(uploadedFiles).values({
      tenantId: s.tenant.id,
      householdId: fam.household.id,
      purpose: 'document',
      storageKey: '0123456789abcdef0123456789abcdef',
      originalName: 'a.pdf',
      kind: 'pdf',
      sizeBytes: 2048,
      createdAt: t.clock.now(),
    });
    const signedInAt = new Date('2026-11-24T08:30:00Z');
    await t.db.insert(auditLog).values({
      tenantId: s.tenant.id,
      actorUserId: fam.user.id,
      action: 'auth.sign_in',
      subjectType: 'user',
      subjectId: fam.user.id,
      at: signedInAt,
    });
    const usage = (await usageByTenant(t.db, t.clock.now())).get(s.tenant.id);
    assert.deepEqual(usage, {
      households: 3,
      children: 3,
      staff: 1,
      activeSessions: 1,
      fileBytes: 2048,
      lastSignInAt: signedInAt,
    });
    const page = await s.client.get('/operateur');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Ville A/);
    assert.match(page.body, /2 Ko/);
    assert.match(page.body, /24\/11\/2026 09:30/);
  });

  it('creates a tenant, refusing bad SIRET, reserved or taken slugs and oversize fields', async () => {
    const s = await setup();
    const bad = await s.client.post('/operateur/structures', { ...valid, siret: '21750001600018' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /SIRET invalide/);
    const reserved = await s.client.post('/operateur/structures', { ...valid, slug: 'operateur' });
    assert.equal(reserved.statusCode, 400);
    assert.match(reserved.body, /réservé/);
    const taken = await s.client.post('/operateur/structures', { ...valid, slug: 'ville-a' });
    assert.equal(taken.statusCode, 400);
    assert.match(taken.body, /déjà utilisé/);
    const oversize = await s.client.post('/operateur/structures', { ...valid, name: 'x'.repeat(10_000) });
    assert.equal(oversize.statusCode, 400);
    const zone = await s.client.post('/operateur/structures', { ...valid, schoolZone: 'D' });
    assert.equal(zone.statusCode, 400);
    assert.equal((await t.db.select().from(tenants)).length, 1);

    const ok = await s.client.post('/operateur/structures', valid);
    assert.equal(ok.statusCode, 303);
    const [created] = await t.db.select().from(tenants).where(eq(tenants.slug, 'ville-de-test'));
    assert.equal(created?.siret, '21750001600019');
    assert.equal(created?.schoolZone, 'C');
    assert.equal((await new TestClient(t.app).get('/ville-de-test/')).statusCode, 200);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, 'tenant.create'));
    assert.equal(audit.length, 1);
  });

  it('suspends a tenant (its pages answer « service suspendu », except to the operator) and reactivates it', async () => {
    const s = await setup();
    const family = await createFamily(t.db, s.tenant.id);
    const staff = await createStaff(t.db, s.tenant.id, ['admin']);
    const anonymous = new TestClient(t.app);
    const familyClient = await signedInClient(t, family.user.id, s.tenant.id);
    const staffClient = await signedInClient(t, staff.id, s.tenant.id);
    assert.equal((await anonymous.get('/ville-a/')).statusCode, 200);
    const r = await s.client.post(`/operateur/structures/${s.tenant.id}/statut`, { status: 'suspended' });
    assert.equal(r.statusCode, 303);
    for (const [c, path] of [
      [anonymous, '/ville-a/'],
      [anonymous, '/ville-a/inscription'],
      [familyClient, '/ville-a/espace'],
      [staffClient, '/ville-a/gestion'],
    ] as const) {
      const gone = await c.get(path);
      assert.equal(gone.statusCode, 503, path);
      assert.match(gone.body, /Service suspendu/);
      assert.equal(gone.headers['retry-after'], '3600');
    }
    // Forms are refused too (nothing written while suspended).
    assert.equal((await staffClient.post('/ville-a/gestion/parametres', { name: 'X' })).statusCode, 503);
    // The operator still sees the tenant's pages; the public list hides it.
    assert.equal((await s.client.get('/ville-a/')).statusCode, 200);
    assert.doesNotMatch((await anonymous.get('/')).body, /Ville A/);
    await s.client.post(`/operateur/structures/${s.tenant.id}/statut`, { status: 'active' });
    assert.equal((await anonymous.get('/ville-a/')).statusCode, 200);
    assert.equal((await familyClient.get('/ville-a/espace')).statusCode, 200);
    const bad = await s.client.post(`/operateur/structures/${s.tenant.id}/statut`, { status: 'deleted' });
    assert.equal(bad.statusCode, 400);
  });

  it("invites a tenant's first administrator, who accepts", async () => {
    const s = await setup();
    const bad = await s.client.post(`/operateur/structures/${s.tenant.id}/administrateur`, {
      email: 'pas-valide',
    });
    assert.equal(bad.statusCode, 400);
    const res = await s.client.post(`/operateur/structures/${s.tenant.id}/administrateur`, {
      email: 'maire@ville-a.test',
    });
    assert.equal(res.statusCode, 303);
    const [mail] = await t.db.select().from(outboxEmails).orderBy(desc(outboxEmails.createdAt));
    assert.equal(mail?.toAddress, 'maire@ville-a.test');
    const link = new URL(/https?:\/\/\S+/.exec(mail!.textBody)![0]).pathname;
    assert.match(link, /^\/ville-a\/invitation\//);
    const c = new TestClient(t.app);
    const accept = await c.post(link, {
      displayName: 'Madame la Maire',
      password: 'une phrase de passe',
      passwordConfirm: 'une phrase de passe',
    });
    assert.equal(accept.statusCode, 303);
    const rows = await t.db.select().from(memberships).where(eq(memberships.tenantId, s.tenant.id));
    assert.deepEqual(
      rows.map((m) => m.roles),
      [['admin']],
    );
  });

  it("refuses a tenant's administrator on every operator route", async () => {
    const s = await setup();
    const admin = await createStaff(t.db, s.tenant.id, ['admin']);
    const c = await signedInClient(t, admin.id, s.tenant.id);
    assert.equal((await c.get('/operateur')).statusCode, 403);
    assert.equal((await c.post('/operateur/structures', valid)).statusCode, 403);
    assert.equal(
      (await c.post(`/operateur/structures/${s.tenant.id}/statut`, { status: 'suspended' })).statusCode,
      403,
    );
    assert.equal(
      (await c.post(`/operateur/structures/${s.tenant.id}/administrateur`, { email: 'a@b.test' })).statusCode,
      403,
    );
    const [row] = await t.db.select().from(tenants).where(eq(tenants.id, s.tenant.id));
    assert.equal(row?.status, 'active');
    assert.equal((await t.db.select().from(tenants)).length, 1);
  });
});
