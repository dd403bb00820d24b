import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { useTestApp } from '../../../test/helpers/app';
import { signedInClient, TestClient } from '../../../test/helpers/client';
import { createFamily, createHousehold, createTenant, TEST_PASSWORD } from '../../../test/helpers/factories';
import { platformSessions } from '../../platform/http/sessions.schema';
import { memberships, platformUsers } from './accounts.schema';
import { sendActivation } from './accounts.service';
import { linkIn, mailsTo, stable } from './test-support';

const t = useTestApp();
const NEW_PASSWORD = 'trois petits chats blancs';

async function setup() {
  const tenant = await createTenant(t.db);
  const other = await createTenant(t.db);
  await t.app.tenants.refresh();
  return { tenant, other };
}

describe('activation', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    s = await setup();
  });

  async function activate(email = 'Nouveau.Parent@Exemple.test') {
    const { household } = await createHousehold(t.db, s.tenant.id);
    await t.db.transaction((tx) =>
      sendActivation(tx, { tenantId: s.tenant.id, email, householdId: household.id, now: t.clock.now() }),
    );
    return { household, link: await linkIn(t.db, email) };
  }

  it('creates the login without password, its membership and an e-mail with a 48 h link (no password in it)', async () => {
    const { household, link } = await activate();
    assert.match(link, new RegExp(`^/${s.tenant.slug}/activation/[A-Za-z0-9_-]{40,}$`));
    const [user] = await t.db
      .select()
      .from(platformUsers)
      .where(eq(platformUsers.email, 'Nouveau.Parent@Exemple.test'));
    assert.equal(user!.passwordHash, null);
    const [m] = await t.db.select().from(memberships).where(eq(memberships.userId, user!.id));
    assert.equal(m!.householdId, household.id);
    const [mail] = await mailsTo(t.db, 'Nouveau.Parent@Exemple.test');
    assert.match(mail!.textBody, /48 heures/);
    assert.match(mail!.textBody, /^http:\/\/localhost:3000\//m);
  });

  it('lets the guardian choose a password once, then sign in', async () => {
    const { link } = await activate();
    const c = new TestClient(t.app);
    const page = await c.get(link);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Activer mon compte/);
    const weak = await c.post(link, { password: 'azertyuiop', confirmation: 'azertyuiop' });
    assert.equal(weak.statusCode, 400);
    assert.match(weak.body, /plus courants/);
    const same = await c.post(link, {
      password: 'nouveau.parent@exemple.test',
      confirmation: 'nouveau.parent@exemple.test',
    });
    assert.equal(same.statusCode, 400);
    const mismatch = await c.post(link, { password: NEW_PASSWORD, confirmation: `${NEW_PASSWORD}!` });
    assert.equal(mismatch.statusCode, 400);
    assert.match(mismatch.body, /pas identiques/);
    const tooLong = await c.post(link, { password: 'a'.repeat(129), confirmation: 'a'.repeat(129) });
    assert.equal(tooLong.statusCode, 400);
    const ok = await c.post(link, { password: NEW_PASSWORD, confirmation: NEW_PASSWORD });
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, `/${s.tenant.slug}/connexion`);
    const signIn = await c.post(`/${s.tenant.slug}/connexion`, {
      email: 'nouveau.parent@exemple.test',
      password: NEW_PASSWORD,
    });
    assert.equal(signIn.statusCode, 303);
    assert.equal(signIn.headers.location, `/${s.tenant.slug}/espace`);
    // The link is used: it says so and points to sign-in; a replay changes nothing.
    const again = await new TestClient(t.app).get(link);
    assert.equal(again.statusCode, 200);
    assert.match(again.body, /déjà été utilisé/);
    assert.match(again.body, /connexion/);
    const replay = await new TestClient(t.app).post(link, {
      password: 'un autre mot de passe long',
      confirmation: 'un autre mot de passe long',
    });
    assert.match(replay.body, /déjà été utilisé/);
    const stillOld = await new TestClient(t.app).post(`/${s.tenant.slug}/connexion`, {
      email: 'nouveau.parent@exemple.test',
      password: NEW_PASSWORD,
    });
    assert.equal(stillOld.statusCode, 303);
  });

  it('answers 404 for the link of another tenant or a made-up token', async () => {
    const { link } = await activate();
    const foreign = link.replace(`/${s.tenant.slug}/`, `/${s.other.slug}/`);
    const c = new TestClient(t.app);
    assert.equal((await c.get(foreign)).statusCode, 404);
    assert.equal(
      (await c.post(foreign, { password: NEW_PASSWORD, confirmation: NEW_PASSWORD })).statusCode,
      404,
    );
    assert.equal((await c.get(`/${s.tenant.slug}/activation/${'a'.repeat(43)}`)).statusCode, 404);
    assert.equal((await c.get(`/${s.tenant.slug}/activation/%3Cscript%3E`)).statusCode, 404);
    const [u] = await t.db
      .select()
      .from(platformUsers)
      .where(eq(platformUsers.email, 'Nouveau.Parent@Exemple.test'));
    assert.equal(u!.passwordHash, null);
  });

  it('says an expired link expired and sends a new one on request', async () => {
    const { link } = await activate('expire@exemple.test');
    t.clock.advanceMs(48 * 3_600_000 + 1000);
    const c = new TestClient(t.app);
    const page = await c.get(link);
    assert.match(page.body, /expiré/);
    const refused = await c.post(link, { password: NEW_PASSWORD, confirmation: NEW_PASSWORD });
    assert.match(refused.body, /expiré/);
    const resend = await c.post(link, { intent: 'renvoyer' });
    assert.equal(resend.statusCode, 200);
    assert.match(resend.body, /nouveau lien/);
    assert.equal((await mailsTo(t.db, 'expire@exemple.test')).length, 2);
    const fresh = await linkIn(t.db, 'expire@exemple.test');
    assert.notEqual(fresh, link);
    const ok = await c.post(fresh, { password: NEW_PASSWORD, confirmation: NEW_PASSWORD });
    assert.equal(ok.statusCode, 303);
    // The old link cannot ask for more e-mails.
    await c.post(link, { intent: 'renvoyer' });
    assert.equal((await mailsTo(t.db, 'expire@exemple.test')).length, 2);
  });
});

describe('forgotten password', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    s = await setup();
  });

  it('gives the same answer whether the address exists or not, and mails only a known one', async () => {
    const family = await createFamily(t.db, s.tenant.id);
    const c = new TestClient(t.app);
    const url = `/${s.tenant.slug}/mot-de-passe-oublie`;
    const known = await c.post(url, { email: family.user.email.toUpperCase() });
    const unknown = await c.post(url, { email: 'personne.inconnue@exemple.test' });
    assert.equal(known.statusCode, 200);
    assert.equal(unknown.statusCode, 200);
    assert.equal(stable(known.body), stable(unknown.body));
    assert.equal((await mailsTo(t.db, family.user.email)).length, 1);
    assert.equal((await mailsTo(t.db, 'personne.inconnue@exemple.test')).length, 0);
    const bad = await c.post(url, { email: 'pas une adresse' });
    assert.equal(bad.statusCode, 400);
    const long = await c.post(url, { email: `${'a'.repeat(3000)}@exemple.test` });
    assert.equal(long.statusCode, 400);
  });

  it('resets once with a 1 h link, ends every session and lifts the lock', async () => {
    const family = await createFamily(t.db, s.tenant.id);
    const other = await signedInClient(t, family.user.id, s.tenant.id);
    await t.db
      .update(platformUsers)
      .set({ lockedUntil: new Date(t.clock.now().getTime() + 10 * 60_000) })
      .where(eq(platformUsers.id, family.user.id));
    const c = new TestClient(t.app);
    await c.post(`/${s.tenant.slug}/mot-de-passe-oublie`, { email: family.user.email });
    const link = await linkIn(t.db, family.user.email);
    assert.match(link, new RegExp(`^/${s.tenant.slug}/reinitialisation/`));
    const ok = await c.post(link, { password: NEW_PASSWORD, confirmation: NEW_PASSWORD });
    assert.equal(ok.statusCode, 303);
    assert.equal(
      (await t.db.select().from(platformSessions).where(eq(platformSessions.userId, family.user.id))).length,
      0,
    );
    assert.equal((await other.get(`/${s.tenant.slug}/mon-compte`)).statusCode, 303);
    const [u] = await t.db.select().from(platformUsers).where(eq(platformUsers.id, family.user.id));
    assert.equal(u!.lockedUntil, null);
    const signIn = await c.post(`/${s.tenant.slug}/connexion`, {
      email: family.user.email,
      password: NEW_PASSWORD,
    });
    assert.equal(signIn.statusCode, 303);
    const replay = await new TestClient(t.app).post(link, {
      password: 'encore un autre mot de passe',
      confirmation: 'encore un autre mot de passe',
    });
    assert.match(replay.body, /déjà servi/);
  });

  it('refuses a reset link after 1 hour, and one of another tenant', async () => {
    const family = await createFamily(t.db, s.tenant.id);
    const c = new TestClient(t.app);
    await c.post(`/${s.tenant.slug}/mot-de-passe-oublie`, { email: family.user.email });
    const link = await linkIn(t.db, family.user.email);
    assert.equal((await c.get(link.replace(`/${s.tenant.slug}/`, `/${s.other.slug}/`))).statusCode, 404);
    t.clock.advanceMs(3_600_000 + 1000);
    const expired = await c.post(link, { password: NEW_PASSWORD, confirmation: NEW_PASSWORD });
    assert.match(expired.body, /expiré/);
    const signIn = await c.post(`/${s.tenant.slug}/connexion`, {
      email: family.user.email,
      password: TEST_PASSWORD,
    });
    assert.equal(signIn.statusCode, 303);
  });

  it('lets a locked-out family back in through the reset', async () => {
    const family = await createFamily(t.db, s.tenant.id);
    const c = new TestClient(t.app);
    for (let i = 0; i < 10; i++)
      await c.post(`/${s.tenant.slug}/connexion`, {
        email: family.user.email,
        password: `faux-${i}-faux-faux`,
      });
    const locked = await c.post(`/${s.tenant.slug}/connexion`, {
      email: family.user.email,
      password: TEST_PASSWORD,
    });
    assert.equal(locked.statusCode, 400);
    await c.post(`/${s.tenant.slug}/mot-de-passe-oublie`, { email: family.user.email });
    await c.post(await linkIn(t.db, family.user.email), {
      password: NEW_PASSWORD,
      confirmation: NEW_PASSWORD,
    });
    const back = await c.post(`/${s.tenant.slug}/connexion`, {
      email: family.user.email,
      password: NEW_PASSWORD,
    });
    assert.equal(back.statusCode, 303);
  });
});

describe('e-mail change', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    s = await setup();
  });

  it('sends a link to the new address, tells the old one, and changes the login only when the link is used', async () => {
    const family = await createFamily(t.db, s.tenant.id);
    const c = await signedInClient(t, family.user.id, s.tenant.id);
    await c.get(`/${s.tenant.slug}/mon-compte`);
    const wrong = await c.post(`/${s.tenant.slug}/mon-compte/email`, {
      newEmail: 'nouvelle@exemple.test',
      emailPassword: 'pas le bon',
    });
    assert.equal(wrong.statusCode, 400);
    const res = await c.post(`/${s.tenant.slug}/mon-compte/email`, {
      newEmail: 'nouvelle@exemple.test',
      emailPassword: TEST_PASSWORD,
    });
    assert.equal(res.statusCode, 303);
    assert.equal((await mailsTo(t.db, 'nouvelle@exemple.test')).length, 1);
    const [notice] = await mailsTo(t.db, family.user.email);
    assert.match(notice!.textBody, /nouvelle@exemple\.test/);
    assert.doesNotMatch(notice!.textBody, /changement-email\//);
    let [u] = await t.db.select().from(platformUsers).where(eq(platformUsers.id, family.user.id));
    assert.equal(u!.email, family.user.email);
    const link = await linkIn(t.db, 'nouvelle@exemple.test');
    const anon = new TestClient(t.app);
    const page = await anon.get(link);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /nouvelle@exemple\.test/);
    [u] = await t.db.select().from(platformUsers).where(eq(platformUsers.id, family.user.id));
    assert.equal(u!.email, family.user.email, 'a GET changes nothing');
    const done = await anon.post(link);
    assert.equal(done.statusCode, 303);
    [u] = await t.db.select().from(platformUsers).where(eq(platformUsers.id, family.user.id));
    assert.equal(u!.email, 'nouvelle@exemple.test');
    const signIn = await anon.post(`/${s.tenant.slug}/connexion`, {
      email: 'Nouvelle@Exemple.test',
      password: TEST_PASSWORD,
    });
    assert.equal(signIn.statusCode, 303);
    const replay = await new TestClient(t.app).post(link);
    assert.match(replay.body, /déjà servi/);
  });

  it('refuses an address already used by another login', async () => {
    const a = await createFamily(t.db, s.tenant.id);
    const b = await createFamily(t.db, s.tenant.id);
    const c = await signedInClient(t, a.user.id, s.tenant.id);
    const res = await c.post(`/${s.tenant.slug}/mon-compte/email`, {
      newEmail: b.user.email.toUpperCase(),
      emailPassword: TEST_PASSWORD,
    });
    assert.equal(res.statusCode, 400);
    assert.equal((await mailsTo(t.db, b.user.email.toUpperCase())).length, 0);
  });
});

describe('second guardian', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    s = await setup();
  });

  it('adds the guardian to the same household and sends an activation link', async () => {
    const family = await createFamily(t.db, s.tenant.id);
    const c = await signedInClient(t, family.user.id, s.tenant.id);
    const res = await c.post(`/${s.tenant.slug}/mon-compte/second-responsable`, {
      firstName: 'Sam',
      lastName: 'Parent',
      guardianEmail: 'sam@exemple.test',
    });
    assert.equal(res.statusCode, 303);
    const link = await linkIn(t.db, 'sam@exemple.test');
    const anon = new TestClient(t.app);
    assert.equal(
      (await anon.post(link, { password: NEW_PASSWORD, confirmation: NEW_PASSWORD })).statusCode,
      303,
    );
    const [sam] = await t.db.select().from(platformUsers).where(eq(platformUsers.email, 'sam@exemple.test'));
    const [m] = await t.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.userId, sam!.id), eq(memberships.tenantId, s.tenant.id)));
    assert.equal(m!.householdId, family.household.id);
  });

  it('refuses an address that belongs to another household', async () => {
    const a = await createFamily(t.db, s.tenant.id);
    const b = await createFamily(t.db, s.tenant.id);
    const c = await signedInClient(t, a.user.id, s.tenant.id);
    const res = await c.post(`/${s.tenant.slug}/mon-compte/second-responsable`, {
      firstName: 'Sam',
      lastName: 'Parent',
      guardianEmail: b.user.email,
    });
    assert.equal(res.statusCode, 400);
    assert.equal((await mailsTo(t.db, b.user.email)).length, 0);
  });
});
