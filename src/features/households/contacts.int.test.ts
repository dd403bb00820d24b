import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { useTestApp } from '../../../test/helpers/app';
import { signedInClient } from '../../../test/helpers/client';
import { createFamily, createStaff, createTenant } from '../../../test/helpers/factories';
import { auditLog } from '../../platform/audit/audit.schema';
import { householdRequests } from '../requests/requests.schema';
import { householdContacts } from './households.schema';

const t = useTestApp();

async function setup() {
  const tenant = await createTenant(t.db, { slug: 'ville-a' });
  const other = await createTenant(t.db, { slug: 'ville-b' });
  await t.app.tenants.refresh();
  const a = await createFamily(t.db, tenant.id);
  const b = await createFamily(t.db, tenant.id);
  const c = await createFamily(t.db, other.id);
  const manager = await createStaff(t.db, tenant.id, ['manager']);
  const accountant = await createStaff(t.db, tenant.id, ['accountant']);
  const otherManager = await createStaff(t.db, other.id, ['manager']);
  const [contact] = await t.db
    .insert(householdContacts)
    .values({
      tenantId: tenant.id,
      householdId: a.household.id,
      name: 'Mamie Jeanne',
      relation: 'Grand-mère',
      mobilePhone: '06 00 00 00 01',
      mayPickUp: false,
      emergency: true,
    })
    .returning();
  return {
    tenant,
    a,
    b,
    c,
    contact: contact!,
    clientA: await signedInClient(t, a.user.id, tenant.id),
    clientB: await signedInClient(t, b.user.id, tenant.id),
    clientC: await signedInClient(t, c.user.id, other.id),
    manager: await signedInClient(t, manager.id, tenant.id),
    managerId: manager.id,
    accountant: await signedInClient(t, accountant.id, tenant.id),
    otherManager: await signedInClient(t, otherManager.id, other.id),
  };
}

const FULL = {
  name: 'Mamie Jeanne',
  relation: 'Grand-mère',
  mobilePhone: '06 00 00 00 01',
  otherPhone: '',
  mayPickUp: 'false',
  emergency: ['false', 'true'],
};
const contactRow = async (id: string) =>
  (await t.db.select().from(householdContacts).where(eq(householdContacts.id, id)))[0];
const requestsOf = (householdId: string) =>
  t.db.select().from(householdRequests).where(eq(householdRequests.householdId, householdId));

describe('contacts: family side (per the field policy)', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    s = await setup();
  });

  it('a phone change applies at once; "may pick up" becomes a request the manager accepts', async () => {
    const url = `/ville-a/famille/contacts/${s.contact.id}`;
    const page = await s.clientA.get(url);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Mamie Jeanne/);
    assert.match((await s.clientA.get('/ville-a/famille')).body, new RegExp(url));
    const res = await s.clientA.post(url, {
      ...FULL,
      otherPhone: '04 72 00 00 00',
      mayPickUp: ['false', 'true'],
    });
    assert.equal(res.statusCode, 303);
    const after = await contactRow(s.contact.id);
    assert.equal(after!.otherPhone, '04 72 00 00 00');
    assert.equal(after!.mayPickUp, false, 'may pick up waits for staff');
    const [req] = await requestsOf(s.a.household.id);
    assert.equal(req!.kind, 'change');
    assert.equal(req!.subjectType, 'contact');
    assert.deepEqual(req!.changes, [{ field: 'contact.mayPickUp', before: 'false', after: 'true' }]);
    assert.match((await s.clientA.get(url)).body, /Demande en attente de validation : Oui/);
    const request = await s.manager.get(`/ville-a/gestion/demandes/${req!.id}`);
    assert.match(request.body, /Contact : Mamie Jeanne/);
    const ok = await s.manager.post(`/ville-a/gestion/demandes/${req!.id}/accepter`, { comment: '' });
    assert.equal(ok.statusCode, 303);
    assert.equal((await contactRow(s.contact.id))!.mayPickUp, true);
  });

  it('removing a contact is a request (not duplicated); acceptance removes it', async () => {
    const url = `/ville-a/famille/contacts/${s.contact.id}/supprimer`;
    assert.equal((await s.clientA.post(url)).statusCode, 303);
    assert.equal((await s.clientA.post(url)).statusCode, 303);
    const reqs = await requestsOf(s.a.household.id);
    assert.equal(reqs.length, 1);
    assert.equal(reqs[0]!.kind, 'remove_contact');
    assert.ok(await contactRow(s.contact.id), 'still there until staff decide');
    assert.match(
      (await s.clientA.get(`/ville-a/famille/contacts/${s.contact.id}`)).body,
      /retrait en attente/,
    );
    const shown = await s.manager.get(`/ville-a/gestion/demandes/${reqs[0]!.id}`);
    assert.match(shown.body, /Retrait d’un contact/);
    await s.manager.post(`/ville-a/gestion/demandes/${reqs[0]!.id}/accepter`, { comment: '' });
    assert.equal(await contactRow(s.contact.id), undefined);
  });

  it('re-renders with 400 on invalid values, changing nothing', async () => {
    const res = await s.clientA.post(`/ville-a/famille/contacts/${s.contact.id}`, {
      ...FULL,
      name: '',
      mobilePhone: 'abc',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Indiquez le nom du contact/);
    assert.match(res.body, /chiffres, espaces et \+ uniquement/);
    assert.equal((await contactRow(s.contact.id))!.mobilePhone, '06 00 00 00 01');
    assert.equal((await requestsOf(s.a.household.id)).length, 0);
  });

  it('another household or tenant gets 404 and nothing changes', async () => {
    for (const [client, slug] of [
      [s.clientB, 'ville-a'],
      [s.clientC, 'ville-b'],
    ] as const) {
      const url = `/${slug}/famille/contacts/${s.contact.id}`;
      assert.equal((await client.get(url)).statusCode, 404);
      assert.equal((await client.post(url, { ...FULL, name: 'Pirate' })).statusCode, 404);
      assert.equal((await client.post(`${url}/supprimer`)).statusCode, 404);
    }
    assert.equal((await contactRow(s.contact.id))!.name, 'Mamie Jeanne');
    assert.equal((await requestsOf(s.b.household.id)).length, 0);
    assert.equal((await requestsOf(s.a.household.id)).length, 0);
  });
});

describe('contacts: staff side (direct, audited)', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    s = await setup();
  });

  it('a manager edits every field at once and removes the contact, each with an audit row', async () => {
    const url = `/ville-a/gestion/familles/${s.a.household.id}/contacts/${s.contact.id}`;
    assert.match(
      (await s.manager.get(`/ville-a/gestion/familles/${s.a.household.id}`)).body,
      new RegExp(url),
    );
    assert.equal((await s.manager.get(url)).statusCode, 200);
    const res = await s.manager.post(url, { ...FULL, relation: 'Voisine', mayPickUp: ['false', 'true'] });
    assert.equal(res.statusCode, 303);
    const after = await contactRow(s.contact.id);
    assert.equal(after!.relation, 'Voisine');
    assert.equal(after!.mayPickUp, true);
    assert.equal((await requestsOf(s.a.household.id)).length, 0);
    const bad = await s.manager.post(url, { ...FULL, mobilePhone: 'x'.repeat(30) });
    assert.equal(bad.statusCode, 400);
    assert.equal((await s.manager.post(`${url}/supprimer`)).statusCode, 303);
    assert.equal(await contactRow(s.contact.id), undefined);
    const audit = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectType, 'contact'), eq(auditLog.subjectId, s.contact.id)));
    assert.deepEqual(audit.map((r) => r.action).sort(), ['contact.remove', 'contact.update']);
    assert.ok(audit.every((r) => r.actorUserId === s.managerId));
  });

  it('refuses other roles (403), other tenants and mismatched households (404)', async () => {
    const url = `/ville-a/gestion/familles/${s.a.household.id}/contacts/${s.contact.id}`;
    assert.equal((await s.accountant.post(`${url}/supprimer`)).statusCode, 403);
    assert.equal((await s.otherManager.post(`${url}/supprimer`)).statusCode, 404);
    const crossTenant = `/ville-b/gestion/familles/${s.a.household.id}/contacts/${s.contact.id}`;
    assert.equal((await s.otherManager.post(`${crossTenant}/supprimer`)).statusCode, 404);
    const mismatched = `/ville-a/gestion/familles/${s.b.household.id}/contacts/${s.contact.id}`;
    assert.equal((await s.manager.get(mismatched)).statusCode, 404);
    assert.equal((await s.manager.post(`${mismatched}/supprimer`)).statusCode, 404);
    assert.ok(await contactRow(s.contact.id));
  });
});
