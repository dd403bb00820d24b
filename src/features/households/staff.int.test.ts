import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { useTestApp } from '../../../test/helpers/app';
import { signedInClient, TestClient } from '../../../test/helpers/client';
import { createFamily, createStaff, createTenant } from '../../../test/helpers/factories';
import { auditLog } from '../../platform/audit/audit.schema';
import { platformUsers } from '../accounts/accounts.schema';
import { linkIn, mailsTo } from '../accounts/test-support';
import { children, guardians, householdChildren, households } from './households.schema';

const t = useTestApp();
const PASSWORD = 'trois petits chats blancs';

async function setup() {
  const tenant = await createTenant(t.db, { slug: 'ville-a' });
  const other = await createTenant(t.db, { slug: 'ville-b' });
  await t.app.tenants.refresh();
  const manager = await createStaff(t.db, tenant.id, ['manager']);
  const accountant = await createStaff(t.db, tenant.id, ['accountant']);
  const otherManager = await createStaff(t.db, other.id, ['manager']);
  const family = await createFamily(t.db, tenant.id);
  return {
    tenant,
    other,
    family,
    manager: await signedInClient(t, manager.id, tenant.id),
    accountant: await signedInClient(t, accountant.id, tenant.id),
    otherManager: await signedInClient(t, otherManager.id, other.id),
  };
}

const FORM = {
  h_name: 'Durand',
  h_addressLine: '3 place de la Mairie',
  h_postalCode: '69001',
  h_city: 'Lyon',
  h_phone: '04 00 00 00 00',
  g1_firstName: 'Claire',
  g1_lastName: 'Durand',
  g1_email: 'Claire.Durand@exemple.test',
  g1_mobilePhone: '06 11 22 33 44',
  g2_firstName: 'Paul',
  g2_lastName: 'Durand',
  g2_email: 'paul.durand@exemple.test',
  c1_firstName: 'Léa',
  c1_lastName: 'Durand',
  c1_birthDate: '2018-02-28',
  c1_sex: 'F',
  c1_school: 'École Jean Moulin',
  c1_schoolClass: 'CE1',
  c2_firstName: 'Tom',
  c2_lastName: 'Durand',
  c2_birthDate: '2020-02-29',
  c2_sex: 'M',
};

const countHouseholds = async (tenantId: string) =>
  (await t.db.select().from(households).where(eq(households.tenantId, tenantId))).length;

describe('staff create a household from a paper file', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    s = await setup();
  });

  it('creates the household, guardians, children, an audit row and one activation e-mail per guardian', async () => {
    const page = await s.manager.get('/ville-a/gestion/familles/nouvelle');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Nouveau foyer/);
    const res = await s.manager.post('/ville-a/gestion/familles/nouvelle', FORM);
    assert.equal(res.statusCode, 303);
    const id = /\/gestion\/familles\/([0-9a-f-]{36})$/.exec(String(res.headers.location))?.[1];
    assert.ok(id);
    const [h] = await t.db.select().from(households).where(eq(households.id, id));
    assert.equal(h!.status, 'active');
    assert.equal(h!.city, 'Lyon');
    const gs = await t.db.select().from(guardians).where(eq(guardians.householdId, id));
    assert.equal(gs.length, 2);
    const kids = await t.db
      .select({ c: children })
      .from(householdChildren)
      .innerJoin(children, eq(children.id, householdChildren.childId))
      .where(eq(householdChildren.householdId, id));
    assert.deepEqual(kids.map((k) => k.c.birthDate).sort(), ['2018-02-28', '2020-02-29']);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.subjectId, id));
    assert.equal(audit[0]!.action, 'household.create');
    const [mail] = await mailsTo(t.db, 'Claire.Durand@exemple.test');
    assert.match(mail!.textBody, /48 heures/);
    assert.equal((await mailsTo(t.db, 'paul.durand@exemple.test')).length, 1);

    // The household page says so and offers to resend the link.
    const shown = await s.manager.get(String(res.headers.location));
    assert.equal(shown.statusCode, 200);
    assert.match(shown.body, /lien\(s\) d’activation envoyé\(s\)/);
    assert.equal((shown.body.match(/Renvoyer le lien d'activation/g) ?? []).length, 2);

    // The guardian activates the account and signs in.
    const link = await linkIn(t.db, 'Claire.Durand@exemple.test');
    const parent = new TestClient(t.app);
    assert.equal((await parent.get(link)).statusCode, 200);
    const set = await parent.post(link, { password: PASSWORD, confirmation: PASSWORD });
    assert.ok([200, 303].includes(set.statusCode), `activation answered ${set.statusCode}`);
    const signIn = await new TestClient(t.app).post('/ville-a/connexion', {
      email: 'claire.durand@exemple.test',
      password: PASSWORD,
    });
    assert.equal(signIn.statusCode, 303);

    // Resend: only the guardian still without a password gets a new link.
    const gClaire = gs.find((g) => g.firstName === 'Claire')!;
    const gPaul = gs.find((g) => g.firstName === 'Paul')!;
    const again = await s.manager.get(`/ville-a/gestion/familles/${id}`);
    assert.equal((again.body.match(/Renvoyer le lien d'activation/g) ?? []).length, 1);
    const r1 = await s.manager.post(`/ville-a/gestion/familles/${id}/responsables/${gPaul.id}/activation`);
    assert.equal(r1.statusCode, 303);
    assert.equal((await mailsTo(t.db, 'paul.durand@exemple.test')).length, 2);
    const r2 = await s.manager.post(`/ville-a/gestion/familles/${id}/responsables/${gClaire.id}/activation`);
    assert.equal(r2.statusCode, 303);
    assert.equal((await mailsTo(t.db, 'Claire.Durand@exemple.test')).length, 1);
    const resendAudit = await t.db.select().from(auditLog).where(eq(auditLog.subjectId, gPaul.id));
    assert.equal(resendAudit[0]!.action, 'guardian.activation_resend');
  });

  it('re-renders with 400 and French messages next to the fields, writing nothing', async () => {
    const before = await countHouseholds(s.tenant.id);
    const res = await s.manager.post('/ville-a/gestion/familles/nouvelle', {
      ...FORM,
      h_name: '',
      h_postalCode: '6900',
      g1_email: 'pas-une-adresse',
      c1_birthDate: '2019-02-29',
      c2_sex: 'X',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Indiquez le nom du foyer/);
    assert.match(res.body, /Code postal : 5 chiffres/);
    assert.match(res.body, /Adresse e-mail invalide/);
    assert.match(res.body, /Indiquez la date de naissance/);
    assert.match(res.body, /Indiquez fille ou garçon/);
    assert.match(res.body, /id="f-g1_email-error"/);
    assert.match(res.body, /value="Claire"/);
    const empty = await s.manager.post('/ville-a/gestion/familles/nouvelle', { h_name: 'Vide' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /au moins un responsable/);
    assert.match(empty.body, /au moins un enfant/);
    assert.equal(await countHouseholds(s.tenant.id), before);
    assert.equal((await mailsTo(t.db, 'Claire.Durand@exemple.test')).length, 0);
  });

  it('refuses an e-mail that belongs to another household: 400, nothing written', async () => {
    const before = await countHouseholds(s.tenant.id);
    const [u] = await t.db.select().from(platformUsers).where(eq(platformUsers.id, s.family.user.id));
    const res = await s.manager.post('/ville-a/gestion/familles/nouvelle', { ...FORM, g2_email: u!.email });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /déjà celle d’un autre foyer/);
    assert.equal(await countHouseholds(s.tenant.id), before);
    assert.equal((await mailsTo(t.db, 'Claire.Durand@exemple.test')).length, 0);
    const dup = await s.manager.post('/ville-a/gestion/familles/nouvelle', {
      ...FORM,
      g2_email: 'claire.durand@exemple.test',
    });
    assert.equal(dup.statusCode, 400);
    assert.match(dup.body, /même adresse e-mail/);
  });

  it('is for managers: an accountant gets 403, another tenant’s manager 404; ids of others 404', async () => {
    assert.equal((await s.accountant.post('/ville-a/gestion/familles/nouvelle', FORM)).statusCode, 403);
    assert.equal((await s.otherManager.post('/ville-a/gestion/familles/nouvelle', FORM)).statusCode, 404);
    const g = (
      await t.db.select().from(guardians).where(eq(guardians.householdId, s.family.household.id))
    )[0]!;
    // Another tenant's manager, in their own tenant, with this tenant's ids: 404.
    const cross = await s.otherManager.post(
      `/ville-b/gestion/familles/${s.family.household.id}/responsables/${g.id}/activation`,
    );
    assert.equal(cross.statusCode, 404);
    // A guardian id of another household under this household: 404.
    const other = await createFamily(t.db, s.tenant.id);
    const wrong = await s.manager.post(
      `/ville-a/gestion/familles/${other.household.id}/responsables/${g.id}/activation`,
    );
    assert.equal(wrong.statusCode, 404);
    assert.equal(await countHouseholds(s.other.id), 0);
  });
});
