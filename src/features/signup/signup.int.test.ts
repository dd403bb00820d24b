import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { desc, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { useTestApp } from '../../../test/helpers/app';
import { signedInClient, TestClient } from '../../../test/helpers/client';
import { createStaff, createTenant } from '../../../test/helpers/factories';
import { auditLog } from '../../platform/audit/audit.schema';
import { loadActor } from '../../platform/http/actor';
import { AppError } from '../../platform/http/errors';
import { requireFamily } from '../../platform/http/policies';
import { outboxEmails } from '../../platform/mail/mail.schema';
import { memberships, platformUsers } from '../accounts/accounts.schema';
import { verifyPassword } from '../accounts/passwords';
import { children, guardians, households } from '../households/households.schema';
import { tenants } from '../tenants/tenants.schema';
import { signupDrafts } from './signup.schema';

const t = useTestApp();

async function setup() {
  const tenant = await createTenant(t.db, { slug: 'ville-a', name: 'Ville A' });
  const other = await createTenant(t.db, { slug: 'ville-b', name: 'Ville B' });
  await t.app.tenants.refresh();
  const manager = await createStaff(t.db, tenant.id, ['manager']);
  return { tenant, other, manager };
}

const HOUSEHOLD = {
  addressLine: '3 rue des Lilas',
  postalCode: '35000',
  city: 'Rennes',
  phone: '02 99 00 00 00',
};
const GUARDIANS = {
  g0_firstName: 'Inès',
  g0_lastName: 'Lambert',
  g0_email: 'Ines.Lambert@Exemple.test',
  g0_mobile: '06 11 22 33 44',
};
const CHILD = {
  blocks: '1',
  c0_firstName: 'Paul',
  c0_lastName: 'Lambert',
  c0_birthDate: '2019-03-12',
  c0_sex: 'M',
  c0_school: 'École du Centre',
  c0_schoolClass: 'CE1',
};

async function verificationLink(to: string): Promise<string> {
  const [mail] = await t.db
    .select()
    .from(outboxEmails)
    .where(eq(outboxEmails.toAddress, to))
    .orderBy(desc(outboxEmails.createdAt));
  assert.ok(mail, `no e-mail to ${to}`);
  return new URL(/https?:\/\/\S+/.exec(mail.textBody)![0]).pathname;
}

/** Walks the wizard to the e-mail; returns the browser client. */
async function signUp(slug = 'ville-a', guardians: Record<string, string> = GUARDIANS): Promise<TestClient> {
  const c = new TestClient(t.app);
  assert.equal((await c.post(`/${slug}/inscription`)).statusCode, 303);
  assert.equal((await c.post(`/${slug}/inscription/foyer`, HOUSEHOLD)).statusCode, 303);
  assert.equal((await c.post(`/${slug}/inscription/responsables`, guardians)).statusCode, 303);
  assert.equal((await c.post(`/${slug}/inscription/enfants`, { ...CHILD, action: 'next' })).statusCode, 303);
  const done = await c.post(`/${slug}/inscription/recapitulatif`, {
    password: 'ma phrase secrète',
    passwordConfirm: 'ma phrase secrète',
  });
  assert.equal(done.statusCode, 200);
  assert.match(done.body, /Vérifiez votre messagerie/);
  return c;
}

describe('sign-up wizard', () => {
  it('creates a pending household once the e-mail is verified; the link works once', async () => {
    const s = await setup();
    const c = await signUp();
    const link = await verificationLink('ines.lambert@exemple.test');
    assert.match(link, /^\/ville-a\/inscription\/verification\//);
    assert.equal((await t.db.select().from(households)).length, 0);
    const confirm = await c.get(link);
    assert.equal(confirm.statusCode, 200);
    assert.equal((await t.db.select().from(households)).length, 0, 'GET changes nothing');
    const verified = await c.post(link);
    assert.equal(verified.statusCode, 200);
    assert.match(verified.body, /Adresse confirmée/);

    const [hh] = await t.db.select().from(households);
    assert.equal(hh?.status, 'pending');
    assert.equal(hh?.tenantId, s.tenant.id);
    assert.equal(hh?.postalCode, '35000');
    assert.equal((await t.db.select().from(guardians)).length, 1);
    const [child] = await t.db.select().from(children);
    assert.equal(child?.birthDate, '2019-03-12');
    assert.equal(child?.schoolClass, 'CE1');
    const [user] = await t.db
      .select()
      .from(platformUsers)
      .where(eq(platformUsers.email, 'ines.lambert@exemple.test'));
    assert.equal(await verifyPassword(user!.passwordHash!, 'ma phrase secrète'), true);
    const [m] = await t.db.select().from(memberships).where(eq(memberships.userId, user!.id));
    assert.equal(m?.householdId, hh?.id);
    assert.equal((await t.db.select().from(signupDrafts)).length, 0);

    // The family can sign in, but its family area waits for staff validation.
    const actor = await loadActor(t.db, user!.id, s.tenant.id);
    assert.equal(actor?.membership?.householdStatus, 'pending');
    assert.throws(
      () => requireFamily({ tenant: s.tenant, actor } as unknown as FastifyRequest),
      (e: unknown) =>
        e instanceof AppError && e.code === 'FORBIDDEN' && /attend la validation/.test(e.message),
    );

    // Replay and another tenant's address: 404, nothing more created.
    assert.equal((await c.post(link)).statusCode, 404);
    assert.equal((await c.get(link.replace('/ville-a/', '/ville-b/'))).statusCode, 404);
    assert.equal((await t.db.select().from(households)).length, 1);
  });

  it("refuses another tenant's verification token without consuming it", async () => {
    await setup();
    const c = await signUp();
    const link = await verificationLink('ines.lambert@exemple.test');
    const foreign = await c.post(link.replace('/ville-a/', '/ville-b/'));
    assert.equal(foreign.statusCode, 404);
    assert.equal((await c.post(link)).statusCode, 200);
  });

  it('keeps each step on back and forward, and opens no step out of order', async () => {
    await setup();
    const c = new TestClient(t.app);
    assert.equal((await c.get('/ville-a/inscription/foyer')).statusCode, 303, 'no draft yet');
    await c.post('/ville-a/inscription');
    const early = await c.get('/ville-a/inscription/enfants');
    assert.equal(early.statusCode, 303);
    assert.equal(early.headers.location, '/ville-a/inscription/foyer');
    const earlyPost = await c.post('/ville-a/inscription/recapitulatif', {
      password: 'x',
      passwordConfirm: 'x',
    });
    assert.equal(earlyPost.statusCode, 303);
    await c.post('/ville-a/inscription/foyer', HOUSEHOLD);
    const back = await c.get('/ville-a/inscription/foyer');
    assert.match(back.body, /value="3 rue des Lilas"/);
    assert.equal(
      (await c.get('/ville-a/inscription/enfants')).headers.location,
      '/ville-a/inscription/responsables',
    );
    await c.post('/ville-a/inscription/responsables', GUARDIANS);
    const g = await c.get('/ville-a/inscription/responsables');
    assert.match(g.body, /value="ines.lambert@exemple.test"/);
    const intro = await c.get('/ville-a/inscription');
    assert.match(intro.body, /Reprendre mon inscription/);
  });

  it('validates each step with messages next to the fields (400) and writes nothing invalid', async () => {
    await setup();
    const c = new TestClient(t.app);
    await c.post('/ville-a/inscription');
    const bad = await c.post('/ville-a/inscription/foyer', { ...HOUSEHOLD, postalCode: '3500' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Code postal : 5 chiffres/);
    assert.match(bad.body, /error-summary/);
    const oversize = await c.post('/ville-a/inscription/foyer', { ...HOUSEHOLD, city: 'x'.repeat(100_000) });
    assert.equal(oversize.statusCode, 400);
    const [draft] = await t.db.select().from(signupDrafts);
    assert.deepEqual(draft?.data, {});

    await c.post('/ville-a/inscription/foyer', HOUSEHOLD);
    const half = await c.post('/ville-a/inscription/responsables', { ...GUARDIANS, g1_firstName: 'Marc' });
    assert.equal(half.statusCode, 400);
    assert.match(half.body, /Indiquez le nom/);
    const same = await c.post('/ville-a/inscription/responsables', {
      ...GUARDIANS,
      g1_firstName: 'Marc',
      g1_lastName: 'Lambert',
      g1_email: 'ines.lambert@exemple.test',
      g1_mobile: '06 00 00 00 00',
    });
    assert.equal(same.statusCode, 400);
    assert.match(same.body, /propre adresse e-mail/);
    await c.post('/ville-a/inscription/responsables', GUARDIANS);

    const future = await c.post('/ville-a/inscription/enfants', { ...CHILD, c0_birthDate: '2030-01-01' });
    assert.equal(future.statusCode, 400);
    assert.match(future.body, /futur/);
    const none = await c.post('/ville-a/inscription/enfants', { blocks: '1' });
    assert.equal(none.statusCode, 400);
    // "Add a child" keeps the first and shows a second, empty block.
    const add = await c.post('/ville-a/inscription/enfants', { ...CHILD, action: 'add' });
    assert.equal(add.statusCode, 200);
    assert.match(add.body, /name="c1_firstName"/);
    assert.match(add.body, /value="Paul"/);
    const two = await c.post('/ville-a/inscription/enfants', {
      ...CHILD,
      blocks: '2',
      c1_firstName: 'Lina',
      c1_lastName: 'Lambert',
      c1_birthDate: '2024-02-29',
      c1_sex: 'F',
      c1_school: '',
      c1_schoolClass: '',
    });
    assert.equal(two.statusCode, 303);
    const review = await c.get('/ville-a/inscription/recapitulatif');
    assert.match(review.body, /Lina Lambert/);
    const mismatch = await c.post('/ville-a/inscription/recapitulatif', {
      password: 'ma phrase secrète',
      passwordConfirm: 'autre phrase',
    });
    assert.equal(mismatch.statusCode, 400);
    assert.match(mismatch.body, /pas identiques/);
    assert.equal((await t.db.select().from(outboxEmails)).length, 0);
  });

  it('is not offered when the tenant does not allow sign-ups', async () => {
    const s = await setup();
    await t.db.update(tenants).set({ allowSignup: false }).where(eq(tenants.id, s.tenant.id));
    await t.app.tenants.refresh();
    const c = new TestClient(t.app);
    assert.equal((await c.get('/ville-a/inscription')).statusCode, 404);
    assert.equal((await c.post('/ville-a/inscription')).statusCode, 404);
  });
});

describe('pending sign-ups queue', () => {
  it('lets a manager accept (e-mail, active household) or refuse with a comment (archived)', async () => {
    const s = await setup();
    const a = await signUp();
    await a.post(await verificationLink('ines.lambert@exemple.test'));
    const b = await signUp('ville-a', { ...GUARDIANS, g0_lastName: 'Roux', g0_email: 'roux@exemple.test' });
    await b.post(await verificationLink('roux@exemple.test'));
    const rows = await t.db.select().from(households);
    const lambert = rows.find((h) => h.name === 'Lambert')!;
    const roux = rows.find((h) => h.name === 'Roux')!;

    const manager = await signedInClient(t, s.manager.id, s.tenant.id);
    const home = await manager.get('/ville-a/gestion');
    assert.match(home.body, /class="queue-count">2</);
    const queue = await manager.get('/ville-a/gestion/comptes-en-attente');
    assert.equal(queue.statusCode, 200);
    assert.match(queue.body, /Foyer Lambert/);
    assert.match(queue.body, /Paul Lambert/);

    const ok = await manager.post(`/ville-a/gestion/comptes-en-attente/${lambert.id}/accepter`);
    assert.equal(ok.statusCode, 303);
    const again = await manager.post(`/ville-a/gestion/comptes-en-attente/${lambert.id}/accepter`);
    assert.equal(again.statusCode, 404);
    const [accepted] = await t.db.select().from(households).where(eq(households.id, lambert.id));
    assert.equal(accepted?.status, 'active');
    const [mail] = await t.db
      .select()
      .from(outboxEmails)
      .where(eq(outboxEmails.toAddress, 'ines.lambert@exemple.test'))
      .orderBy(desc(outboxEmails.createdAt));
    assert.match(mail!.subject, /validée/);

    const noComment = await manager.post(`/ville-a/gestion/comptes-en-attente/${roux.id}/refuser`, {
      comment: '',
    });
    assert.equal(noComment.statusCode, 400);
    assert.match(noComment.body, /motif du refus/);
    const refused = await manager.post(`/ville-a/gestion/comptes-en-attente/${roux.id}/refuser`, {
      comment: 'Adresse hors de la commune.',
    });
    assert.equal(refused.statusCode, 303);
    const [archived] = await t.db.select().from(households).where(eq(households.id, roux.id));
    assert.equal(archived?.status, 'archived');
    const [refusal] = await t.db
      .select()
      .from(outboxEmails)
      .where(eq(outboxEmails.toAddress, 'roux@exemple.test'))
      .orderBy(desc(outboxEmails.createdAt));
    assert.match(refusal!.textBody, /Adresse hors de la commune\./);
    const actions = (await t.db.select().from(auditLog)).map((r) => r.action);
    assert.ok(actions.includes('signup.accept') && actions.includes('signup.refuse'));
  });

  it("refuses other tenants' staff and other tenants' households", async () => {
    const s = await setup();
    const a = await signUp();
    await a.post(await verificationLink('ines.lambert@exemple.test'));
    const [hh] = await t.db.select().from(households);
    const foreignManager = await createStaff(t.db, s.other.id, ['manager']);
    const foreign = await signedInClient(t, foreignManager.id, s.other.id);
    assert.equal(
      (await foreign.post(`/ville-a/gestion/comptes-en-attente/${hh!.id}/accepter`)).statusCode,
      403,
    );
    assert.equal(
      (await foreign.post(`/ville-b/gestion/comptes-en-attente/${hh!.id}/accepter`)).statusCode,
      404,
    );
    const accountant = await createStaff(t.db, s.tenant.id, ['accountant']);
    const acc = await signedInClient(t, accountant.id, s.tenant.id);
    assert.equal((await acc.post(`/ville-a/gestion/comptes-en-attente/${hh!.id}/accepter`)).statusCode, 403);
    const [still] = await t.db.select().from(households);
    assert.equal(still?.status, 'pending');
  });
});

describe('sign-up limits', () => {
  it('answers 429 in French after too many drafts from one address', async () => {
    await setup();
    const c = new TestClient(t.app);
    let last = 0;
    for (let i = 0; i < 40 && last !== 429; i++) {
      c.setCookie('signup_ville_a', '');
      last = (await c.post('/ville-a/inscription')).statusCode;
    }
    assert.equal(last, 429);
  });
});
