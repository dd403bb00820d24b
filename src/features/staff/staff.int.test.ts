import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { and, desc, eq } from 'drizzle-orm';
import { useTestApp } from '../../../test/helpers/app';
import { signedInClient, TestClient } from '../../../test/helpers/client';
import {
  createCatalogue,
  createStaff,
  createTenant,
  createUser,
  TEST_PASSWORD,
} from '../../../test/helpers/factories';
import { auditLog } from '../../platform/audit/audit.schema';
import { outboxEmails } from '../../platform/mail/mail.schema';
import { accountTokens, memberships, platformUsers } from '../accounts/accounts.schema';
import { verifyPassword } from '../accounts/passwords';
import { households } from '../households/households.schema';

const t = useTestApp();

async function setup() {
  const tenant = await createTenant(t.db, { slug: 'ville-a', name: 'Ville A' });
  const other = await createTenant(t.db, { slug: 'ville-b', name: 'Ville B' });
  await t.app.tenants.refresh();
  const cat = await createCatalogue(t.db, tenant.id);
  const otherCat = await createCatalogue(t.db, other.id);
  const admin = await createStaff(t.db, tenant.id, ['admin']);
  const manager = await createStaff(t.db, tenant.id, ['manager']);
  return { tenant, other, cat, otherCat, admin, manager };
}

async function lastLink(to: string): Promise<string> {
  const [mail] = await t.db
    .select()
    .from(outboxEmails)
    .where(eq(outboxEmails.toAddress, to))
    .orderBy(desc(outboxEmails.createdAt));
  assert.ok(mail, `no e-mail to ${to}`);
  const m = /https?:\/\/[^\s]+/.exec(mail.textBody);
  assert.ok(m, 'no link in the e-mail');
  return new URL(m[0]).pathname;
}

async function membershipOf(tenantId: string, userId: string) {
  const [m] = await t.db
    .select()
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)));
  return m;
}

describe('staff home', () => {
  it('shows work-queue counts to staff, refuses families, sends anonymous visitors to sign in', async () => {
    const s = await setup();
    await t.db.insert(households).values([
      { tenantId: s.tenant.id, name: 'En attente 1', status: 'pending' },
      { tenantId: s.tenant.id, name: 'En attente 2', status: 'pending' },
      { tenantId: s.other.id, name: 'Autre structure', status: 'pending' },
    ]);
    const manager = await signedInClient(t, s.manager.id, s.tenant.id);
    const res = await manager.get('/ville-a/gestion');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /class="queue-count">2</);
    assert.match(res.body, /Comptes famille en attente de validation/);
    const anonymous = await new TestClient(t.app).get('/ville-a/gestion');
    assert.equal(anonymous.statusCode, 303);
    assert.match(String(anonymous.headers.location), /\/ville-a\/connexion\?retour=/);
  });

  it('hides the sign-up queue from an animator', async () => {
    const s = await setup();
    const animator = await createStaff(t.db, s.tenant.id, ['animator'], [s.cat.facility.id]);
    const res = await (await signedInClient(t, animator.id, s.tenant.id)).get('/ville-a/gestion');
    assert.equal(res.statusCode, 200);
    assert.doesNotMatch(res.body, /queue-count/);
  });
});

describe('staff invitations', () => {
  it('invites a new person who chooses a name and a password; the link works once', async () => {
    const s = await setup();
    const admin = await signedInClient(t, s.admin.id, s.tenant.id);
    const page = await admin.get('/ville-a/gestion/agents');
    assert.equal(page.statusCode, 200);
    const res = await admin.post('/ville-a/gestion/agents', {
      email: 'Nouvelle.Directrice@Exemple.test',
      roles: ['director', 'manager'],
      facilityIds: [s.cat.facility.id],
    });
    assert.equal(res.statusCode, 303);
    const link = await lastLink('nouvelle.directrice@exemple.test');
    assert.match(link, /^\/ville-a\/invitation\//);
    const listed = await admin.get('/ville-a/gestion/agents');
    assert.match(listed.body, /Invitations en attente de réponse/);
    assert.match(listed.body, /nouvelle.directrice@exemple.test/);

    const invitee = new TestClient(t.app);
    const form = await invitee.get(link);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /name="displayName"/);
    const short = await invitee.post(link, {
      displayName: 'Nadia Directrice',
      password: 'court',
      passwordConfirm: 'court',
    });
    assert.equal(short.statusCode, 400);
    assert.match(short.body, /au moins 8 caractères/);
    const ok = await invitee.post(link, {
      displayName: 'Nadia Directrice',
      password: 'une phrase de passe',
      passwordConfirm: 'une phrase de passe',
    });
    assert.equal(ok.statusCode, 303);
    const [user] = await t.db
      .select()
      .from(platformUsers)
      .where(eq(platformUsers.email, 'nouvelle.directrice@exemple.test'));
    assert.ok(user);
    assert.equal(await verifyPassword(user.passwordHash!, 'une phrase de passe'), true);
    const m = await membershipOf(s.tenant.id, user.id);
    assert.deepEqual(m?.roles, ['manager', 'director']);
    assert.deepEqual(m?.facilityIds, [s.cat.facility.id]);

    // Replay: the link is used.
    const replay = await invitee.post(link, {
      displayName: 'X',
      password: 'une autre phrase',
      passwordConfirm: 'une autre phrase',
    });
    assert.equal(replay.statusCode, 404);
    assert.equal((await invitee.get(link)).statusCode, 404);

    const actions = (await t.db.select().from(auditLog).where(eq(auditLog.tenantId, s.tenant.id))).map(
      (a) => a.action,
    );
    assert.ok(actions.includes('staff.invite'));
    assert.ok(actions.includes('staff.invitation_accepted'));
  });

  it('lets an existing login confirm with its password (wrong password: 400, nothing written)', async () => {
    const s = await setup();
    const person = await createUser(t.db, { email: 'deja@exemple.test' });
    const admin = await signedInClient(t, s.admin.id, s.tenant.id);
    await admin.post('/ville-a/gestion/agents', { email: 'deja@exemple.test', roles: 'accountant' });
    const link = await lastLink('deja@exemple.test');
    const c = new TestClient(t.app);
    const form = await c.get(link);
    assert.match(form.body, /confirmez avec votre mot de passe/);
    assert.doesNotMatch(form.body, /name="displayName"/);
    const bad = await c.post(link, { password: 'pas le bon' });
    assert.equal(bad.statusCode, 400);
    assert.equal(await membershipOf(s.tenant.id, person.id), undefined);
    const good = await c.post(link, { password: TEST_PASSWORD });
    assert.equal(good.statusCode, 303);
    assert.deepEqual((await membershipOf(s.tenant.id, person.id))?.roles, ['accountant']);
  });

  it("refuses another tenant's invitation token and an expired one", async () => {
    const s = await setup();
    const admin = await signedInClient(t, s.admin.id, s.tenant.id);
    await admin.post('/ville-a/gestion/agents', { email: 'x@exemple.test', roles: 'manager' });
    const link = await lastLink('x@exemple.test');
    const token = link.split('/').pop()!;
    const c = new TestClient(t.app);
    assert.equal((await c.get(`/ville-b/invitation/${token}`)).statusCode, 404);
    const post = await c.post(`/ville-b/invitation/${token}`, {
      displayName: 'Pirate',
      password: 'une phrase de passe',
      passwordConfirm: 'une phrase de passe',
    });
    assert.equal(post.statusCode, 404);
    const [row] = await t.db.select().from(accountTokens);
    assert.equal(row?.usedAt, null);

    t.clock.advanceMs(7 * 24 * 3_600_000 + 1000);
    const expired = await c.get(link);
    assert.equal(expired.statusCode, 410);
    assert.match(expired.body, /expiré/);
  });

  it('refuses invitations from non-admins and invalid role choices', async () => {
    const s = await setup();
    const manager = await signedInClient(t, s.manager.id, s.tenant.id);
    const res = await manager.post('/ville-a/gestion/agents', { email: 'y@exemple.test', roles: 'admin' });
    assert.equal(res.statusCode, 403);
    assert.equal((await t.db.select().from(accountTokens)).length, 0);

    const admin = await signedInClient(t, s.admin.id, s.tenant.id);
    const noFacility = await admin.post('/ville-a/gestion/agents', {
      email: 'y@exemple.test',
      roles: 'animator',
    });
    assert.equal(noFacility.statusCode, 400);
    assert.match(noFacility.body, /au moins une structure/);
    const foreign = await admin.post('/ville-a/gestion/agents', {
      email: 'y@exemple.test',
      roles: 'animator',
      facilityIds: s.otherCat.facility.id,
    });
    assert.equal(foreign.statusCode, 400);
    assert.match(foreign.body, /Structure inconnue/);
    const noRole = await admin.post('/ville-a/gestion/agents', { email: 'y@exemple.test' });
    assert.equal(noRole.statusCode, 400);
    const oversize = await admin.post('/ville-a/gestion/agents', {
      email: `${'a'.repeat(5000)}@exemple.test`,
      roles: 'manager',
    });
    assert.equal(oversize.statusCode, 400);
    const already = await admin.post('/ville-a/gestion/agents', {
      email: (await t.db.select().from(platformUsers).where(eq(platformUsers.id, s.manager.id)))[0]!.email,
      roles: 'manager',
    });
    assert.equal(already.statusCode, 400);
    assert.match(already.body, /déjà partie des agents/);
    assert.equal((await t.db.select().from(accountTokens)).length, 0);
  });
});

describe('editing and removing staff members', () => {
  it('edits roles and facilities with an audit row', async () => {
    const s = await setup();
    const admin = await signedInClient(t, s.admin.id, s.tenant.id);
    const m = await membershipOf(s.tenant.id, s.manager.id);
    const page = await admin.get(`/ville-a/gestion/agents/${m!.id}`);
    assert.equal(page.statusCode, 200);
    const res = await admin.post(`/ville-a/gestion/agents/${m!.id}`, {
      roles: ['animator'],
      facilityIds: [s.cat.facility.id],
    });
    assert.equal(res.statusCode, 303);
    const after = await membershipOf(s.tenant.id, s.manager.id);
    assert.deepEqual(after?.roles, ['animator']);
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.action, 'staff.update'));
    assert.equal(audits.length, 1);
  });

  it('keeps the last administrator and refuses removing oneself', async () => {
    const s = await setup();
    const admin = await signedInClient(t, s.admin.id, s.tenant.id);
    const mine = await membershipOf(s.tenant.id, s.admin.id);
    const demote = await admin.post(`/ville-a/gestion/agents/${mine!.id}`, { roles: 'manager' });
    assert.equal(demote.statusCode, 400);
    assert.match(demote.body, /au moins un administrateur/);
    const self = await admin.post(`/ville-a/gestion/agents/${mine!.id}/retirer`);
    assert.equal(self.statusCode, 400);
    assert.match(self.body, /vous retirer vous-même/);

    // With two administrators, one may remove the other.
    const second = await createStaff(t.db, s.tenant.id, ['admin']);
    const secondMembership = await membershipOf(s.tenant.id, second.id);
    const removed = await admin.post(`/ville-a/gestion/agents/${secondMembership!.id}/retirer`);
    assert.equal(removed.statusCode, 303);
    assert.equal(await membershipOf(s.tenant.id, second.id), undefined);
    // Someone whose admin role was taken away since sign-in is refused (roles are read on every request).
    const third = await createStaff(t.db, s.tenant.id, ['manager']);
    await t.db
      .update(memberships)
      .set({ roles: ['admin'] })
      .where(eq(memberships.userId, third.id));
    const thirdClient = await signedInClient(t, third.id, s.tenant.id);
    await t.db
      .update(memberships)
      .set({ roles: ['manager'] })
      .where(eq(memberships.userId, third.id));
    const refused = await thirdClient.post(`/ville-a/gestion/agents/${mine!.id}/retirer`);
    assert.equal(refused.statusCode, 403);
    assert.ok(await membershipOf(s.tenant.id, s.admin.id));
  });

  it('refuses removing the last administrator', async () => {
    const s = await setup();
    // Two admins; one is removed by the other, then the remaining one cannot be removed by anybody.
    const other = await createStaff(t.db, s.tenant.id, ['admin', 'manager']);
    const otherClient = await signedInClient(t, other.id, s.tenant.id);
    const adminMembership = await membershipOf(s.tenant.id, s.admin.id);
    const ok = await otherClient.post(`/ville-a/gestion/agents/${adminMembership!.id}/retirer`);
    assert.equal(ok.statusCode, 303);
    // The tenant now has one admin: demoting it through the edit form is refused.
    const mine = await membershipOf(s.tenant.id, other.id);
    const demote = await otherClient.post(`/ville-a/gestion/agents/${mine!.id}`, { roles: 'manager' });
    assert.equal(demote.statusCode, 400);
    const count = await t.db.select().from(memberships).where(eq(memberships.tenantId, s.tenant.id));
    assert.equal(count.filter((m) => m.roles.includes('admin')).length, 1);
  });

  it("answers 404 for another tenant's member or a malformed id", async () => {
    const s = await setup();
    const foreignStaff = await createStaff(t.db, s.other.id, ['manager']);
    const foreign = await membershipOf(s.other.id, foreignStaff.id);
    const admin = await signedInClient(t, s.admin.id, s.tenant.id);
    assert.equal((await admin.get(`/ville-a/gestion/agents/${foreign!.id}`)).statusCode, 404);
    assert.equal((await admin.post(`/ville-a/gestion/agents/${foreign!.id}/retirer`)).statusCode, 404);
    assert.equal(
      (await admin.post(`/ville-a/gestion/agents/${foreign!.id}`, { roles: 'admin' })).statusCode,
      404,
    );
    assert.ok(await membershipOf(s.other.id, foreignStaff.id));
    assert.equal((await admin.get('/ville-a/gestion/agents/pas-un-uuid')).statusCode, 404);
  });
});
