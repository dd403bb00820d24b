import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { useTestApp } from '../../../test/helpers/app';
import { signedInClient } from '../../../test/helpers/client';
import { createCatalogue, createFamily, createStaff, createTenant } from '../../../test/helpers/factories';
import { auditLog } from '../../platform/audit/audit.schema';
import { outboxEmails } from '../../platform/mail/mail.schema';
import { enrollments } from '../enrollments/enrollments.schema';
import { householdRequests } from '../requests/requests.schema';
import {
  childHealth,
  children,
  familyQuotients,
  guardians,
  householdChildren,
  householdContacts,
  households,
} from './households.schema';

const t = useTestApp();

async function setup() {
  const tenant = await createTenant(t.db, { slug: 'ville-a' });
  const other = await createTenant(t.db, { slug: 'ville-b' });
  await t.app.tenants.refresh();
  const a = await createFamily(t.db, tenant.id);
  const b = await createFamily(t.db, tenant.id);
  const c = await createFamily(t.db, other.id);
  await t.db
    .update(households)
    .set({ email: 'foyer-a@exemple.test', addressLine: '1 rue A', postalCode: '00000', city: 'Démo' })
    .where(eq(households.id, a.household.id));
  const manager = await createStaff(t.db, tenant.id, ['manager']);
  const accountant = await createStaff(t.db, tenant.id, ['accountant']);
  return {
    tenant,
    other,
    a,
    b,
    c,
    manager,
    accountant,
    clientA: await signedInClient(t, a.user.id, tenant.id),
    clientB: await signedInClient(t, b.user.id, tenant.id),
    clientC: await signedInClient(t, c.user.id, other.id),
    managerClient: await signedInClient(t, manager.id, tenant.id),
    accountantClient: await signedInClient(t, accountant.id, tenant.id),
  };
}

const getHousehold = async (id: string) =>
  (await t.db.select().from(households).where(eq(households.id, id)))[0]!;
const requestsOf = (householdId: string) =>
  t.db.select().from(householdRequests).where(eq(householdRequests.householdId, householdId));

const HOUSEHOLD_FORM = (over: Record<string, string> = {}) => ({
  addressLine: '1 rue A',
  postalCode: '00000',
  city: 'Démo',
  phone: '',
  phone2: '',
  email: 'foyer-a@exemple.test',
  allocataireRegime: '',
  allocataireNumber: '',
  familyQuotient: '',
  qfValidFrom: '',
  familySituation: '',
  professionalSituation: '',
  paperlessInvoices: 'true',
  ...over,
});

describe('households: family changes and requests', () => {
  it('applies a direct change at once, with an audit row, and turns a validated one into a request', async () => {
    const s = await setup();
    const res = await s.clientA.post(
      '/ville-a/coordonnees',
      HOUSEHOLD_FORM({ phone: '06 11 22 33 44', city: 'Lyon' }),
    );
    assert.equal(res.statusCode, 303);
    const h = await getHousehold(s.a.household.id);
    assert.equal(h.phone, '06 11 22 33 44');
    assert.equal(h.city, 'Démo', 'validated field not applied yet');
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.action, 'household.change'));
    assert.equal(audits.length, 1);
    const reqs = await requestsOf(s.a.household.id);
    assert.equal(reqs.length, 1);
    assert.deepEqual(reqs[0]!.changes, [{ field: 'household.city', before: 'Démo', after: 'Lyon' }]);
    const page = await s.clientA.get('/ville-a/coordonnees');
    assert.match(page.body, /Demande en attente de validation : Lyon/);
    const dash = await s.clientA.get('/ville-a/espace');
    assert.match(dash.body, /1 demande en attente de validation/);
    assert.match(dash.body, /Commune : Démo → Lyon/);
  });

  it('ignores whitespace-only edits and fields the form did not send', async () => {
    const s = await setup();
    await s.clientA.post('/ville-a/coordonnees', HOUSEHOLD_FORM({ city: '  Démo ' }));
    await s.clientA.post('/ville-a/coordonnees', { phone: '01 02 03 04 05' });
    assert.equal((await requestsOf(s.a.household.id)).length, 0);
    const h = await getHousehold(s.a.household.id);
    assert.equal(h.city, 'Démo');
    assert.equal(h.email, 'foyer-a@exemple.test');
    assert.equal(h.phone, '01 02 03 04 05');
  });

  it('a later change of the same field replaces the pending one, visibly', async () => {
    const s = await setup();
    await s.clientA.post('/ville-a/coordonnees', HOUSEHOLD_FORM({ city: 'Lyon', postalCode: '69001' }));
    const res = await s.clientA.post('/ville-a/coordonnees', HOUSEHOLD_FORM({ city: 'Nantes' }));
    assert.equal(res.statusCode, 303);
    const page = await s.clientA.get('/ville-a/espace');
    assert.match(page.body, /Elle remplace votre demande précédente/);
    assert.match(page.body, /Cette demande remplace une demande précédente/);
    const reqs = await requestsOf(s.a.household.id);
    const pending = reqs.filter((r) => r.status === 'pending');
    assert.equal(pending.length, 2, 'the earlier keeps the postal code, the later holds the city');
    const earlier = pending.find((r) => r.replacesId === null)!;
    assert.deepEqual(
      (earlier.changes as { field: string }[]).map((c) => c.field),
      ['household.postalCode'],
    );
    // A third change on the postal code empties the first request: it is marked replaced.
    await s.clientA.post('/ville-a/coordonnees', HOUSEHOLD_FORM({ postalCode: '44000' }));
    const after = await requestsOf(s.a.household.id);
    assert.equal(after.find((r) => r.id === earlier.id)!.status, 'replaced');
  });

  it('re-renders with 400, messages next to fields, and nothing written on invalid input', async () => {
    const s = await setup();
    const res = await s.clientA.post(
      '/ville-a/coordonnees',
      HOUSEHOLD_FORM({ postalCode: 'abc', phone: 'x'.repeat(5000), email: 'pas-un-mail', city: 'Lyon' }),
    );
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Code postal : 5 chiffres/);
    assert.match(res.body, /E-mail du foyer : adresse e-mail invalide/);
    assert.match(res.body, /class="error-summary"/);
    assert.equal((await requestsOf(s.a.household.id)).length, 0);
    assert.equal((await getHousehold(s.a.household.id)).phone, '');
  });

  it('escapes script input everywhere it is shown', async () => {
    const s = await setup();
    const evil = '<script>alert(1)</script>';
    await s.clientA.post('/ville-a/coordonnees', HOUSEHOLD_FORM({ city: evil }));
    const dash = await s.clientA.get('/ville-a/espace');
    assert.ok(!dash.body.includes(evil));
    assert.match(dash.body, /&lt;script>alert\(1\)&lt;\/script>/);
    const [r] = await requestsOf(s.a.household.id);
    const staff = await s.managerClient.get(`/ville-a/gestion/demandes/${r!.id}`);
    assert.equal(staff.statusCode, 200);
    assert.ok(!staff.body.includes(evil));
    const bad = await s.clientA.post('/ville-a/famille/contacts/nouveau', {
      name: evil,
      mobilePhone: '0600000000',
    });
    assert.equal(bad.statusCode, 303);
    const queue = await s.managerClient.get('/ville-a/gestion/demandes');
    assert.ok(!queue.body.includes(evil));
  });

  it('ignores staff-only fields a hostile form sends', async () => {
    const s = await setup();
    const res = await s.clientA.post(`/ville-a/famille/enfants/${s.a.child.id}`, {
      firstName: 'Pirate',
      birthDate: '2000-01-01',
      imageRights: 'true',
    });
    assert.equal(res.statusCode, 303);
    const [c] = await t.db.select().from(children).where(eq(children.id, s.a.child.id));
    assert.equal(c!.firstName, 'Lou');
    assert.equal(c!.birthDate, '2019-05-04');
    assert.equal(c!.imageRights, true, 'the direct field did apply');
  });
});

describe('households: hostile access', () => {
  it('a family reading or changing another household’s child (same tenant or not) gets 404 and nothing changes', async () => {
    const s = await setup();
    for (const client of [s.clientB, s.clientC]) {
      const base = client === s.clientB ? '/ville-a' : '/ville-b';
      assert.equal((await client.get(`${base}/famille/enfants/${s.a.child.id}`)).statusCode, 404);
      assert.equal(
        (await client.post(`${base}/famille/enfants/${s.a.child.id}`, { imageRights: 'true', school: 'X' }))
          .statusCode,
        404,
      );
      assert.equal(
        (
          await client.post(`${base}/famille/enfants/${s.a.child.id}/sante`, {
            doctorName: 'Dr X',
            allergies: 'x',
          })
        ).statusCode,
        404,
      );
      assert.equal((await client.get(`${base}/famille/responsables/${s.a.guardian.id}`)).statusCode, 404);
      assert.equal(
        (await client.post(`${base}/famille/responsables/${s.a.guardian.id}`, { mobilePhone: '0000' }))
          .statusCode,
        404,
      );
    }
    // Family C at tenant A's address: not a member there.
    assert.equal((await s.clientC.get('/ville-a/espace')).statusCode, 404);
    assert.equal((await s.clientC.get(`/ville-a/famille/enfants/${s.a.child.id}`)).statusCode, 404);
    // A malformed id is a 404 too, not a 500.
    assert.equal((await s.clientA.get('/ville-a/famille/enfants/not-a-uuid')).statusCode, 404);
    const [c] = await t.db.select().from(children).where(eq(children.id, s.a.child.id));
    assert.equal(c!.imageRights, false);
    assert.equal(c!.school, '');
    assert.equal((await t.db.select().from(childHealth)).length, 0);
    const [g] = await t.db.select().from(guardians).where(eq(guardians.id, s.a.guardian.id));
    assert.equal(g!.mobilePhone, '');
    assert.equal((await t.db.select().from(householdRequests)).length, 0);
    assert.equal((await t.db.select().from(auditLog)).length, 0);
  });

  it('staff of another tenant cannot see or decide a request', async () => {
    const s = await setup();
    await s.clientA.post('/ville-a/coordonnees', HOUSEHOLD_FORM({ city: 'Lyon' }));
    const [r] = await requestsOf(s.a.household.id);
    const otherManager = await createStaff(t.db, s.other.id, ['manager']);
    const om = await signedInClient(t, otherManager.id, s.other.id);
    assert.equal((await om.get(`/ville-b/gestion/demandes/${r!.id}`)).statusCode, 404);
    assert.equal((await om.post(`/ville-b/gestion/demandes/${r!.id}/accepter`, {})).statusCode, 404);
    assert.equal((await om.get(`/ville-b/gestion/familles/${s.a.household.id}`)).statusCode, 404);
    assert.equal((await requestsOf(s.a.household.id))[0]!.status, 'pending');
  });
});

describe('requests: staff decisions', () => {
  it('accepts atomically once: applied, audited, e-mailed; a replayed accept changes nothing', async () => {
    const s = await setup();
    await s.clientA.post(
      '/ville-a/coordonnees',
      HOUSEHOLD_FORM({ addressLine: '9 rue Neuve', city: 'Lyon', postalCode: '69001' }),
    );
    const [r] = await requestsOf(s.a.household.id);
    const page = await s.managerClient.get(`/ville-a/gestion/demandes/${r!.id}`);
    assert.match(page.body, /9 rue Neuve/);
    const ok = await s.managerClient.post(`/ville-a/gestion/demandes/${r!.id}/accepter`, {});
    assert.equal(ok.statusCode, 303);
    const again = await s.managerClient.post(`/ville-a/gestion/demandes/${r!.id}/accepter`, {});
    assert.equal(again.statusCode, 409);
    const refuse = await s.managerClient.post(`/ville-a/gestion/demandes/${r!.id}/refuser`, {
      comment: 'non',
    });
    assert.equal(refuse.statusCode, 409);
    const h = await getHousehold(s.a.household.id);
    assert.deepEqual([h.addressLine, h.postalCode, h.city], ['9 rue Neuve', '69001', 'Lyon']);
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.action, 'request.accept'));
    assert.equal(audits.length, 1);
    const mails = await t.db.select().from(outboxEmails);
    assert.equal(mails.length, 1);
    assert.equal(mails[0]!.toAddress, 'foyer-a@exemple.test');
    assert.match(mails[0]!.subject, /acceptée/);
    const dash = await s.clientA.get('/ville-a/espace');
    assert.match(dash.body, /Acceptée/);
    assert.match(dash.body, /9 rue Neuve/);
  });

  it('refuses with a mandatory comment the family sees and receives', async () => {
    const s = await setup();
    await s.clientA.post(
      '/ville-a/coordonnees',
      HOUSEHOLD_FORM({ familyQuotient: '640', qfValidFrom: '2026-09-01' }),
    );
    const [r] = await requestsOf(s.a.household.id);
    const empty = await s.managerClient.post(`/ville-a/gestion/demandes/${r!.id}/refuser`, { comment: ' ' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Indiquez le motif du refus/);
    assert.equal((await requestsOf(s.a.household.id))[0]!.status, 'pending');
    const res = await s.managerClient.post(`/ville-a/gestion/demandes/${r!.id}/refuser`, {
      comment: 'Justificatif CAF manquant',
    });
    assert.equal(res.statusCode, 303);
    assert.equal((await getHousehold(s.a.household.id)).familyQuotient, null);
    const dash = await s.clientA.get('/ville-a/espace');
    assert.match(dash.body, /Refusée/);
    assert.match(dash.body, /Justificatif CAF manquant/);
    const [mail] = await t.db.select().from(outboxEmails);
    assert.match(mail!.textBody, /Justificatif CAF manquant/);
  });

  it('an accepted QF goes into the history with its start date', async () => {
    const s = await setup();
    await s.clientA.post(
      '/ville-a/coordonnees',
      HOUSEHOLD_FORM({ familyQuotient: '640', qfValidFrom: '2026-09-01' }),
    );
    const [r] = await requestsOf(s.a.household.id);
    await s.managerClient.post(`/ville-a/gestion/demandes/${r!.id}/accepter`, {});
    const h = await getHousehold(s.a.household.id);
    assert.equal(h.familyQuotient, 640);
    assert.equal(h.qfValidFrom, '2026-09-01');
    const hist = await t.db.select().from(familyQuotients).where(eq(familyQuotients.householdId, h.id));
    assert.deepEqual(
      hist.map((q) => [q.value, q.validFrom, q.source]),
      [[640, '2026-09-01', 'manual']],
    );
  });

  it('adding a child or a contact is a request; acceptance creates it in the household', async () => {
    const s = await setup();
    const bad = await s.clientA.post('/ville-a/famille/enfants/nouveau', {
      firstName: '',
      birthDate: '2026-02-30',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Indiquez le prénom/);
    await s.clientA.post('/ville-a/famille/enfants/nouveau', {
      firstName: 'Nina',
      lastName: 'Test',
      birthDate: '2022-03-04',
      sex: 'F',
      allergies: 'Arachide',
    });
    await s.clientA.post('/ville-a/famille/contacts/nouveau', {
      name: 'Mamie',
      relation: 'Grand-mère',
      mobilePhone: '06 00 00 00 00',
      mayPickUp: 'true',
      // Family B's child slipped into the form: dropped on creation, never linked.
      childIds: [s.a.child.id, s.b.child.id],
    });
    const queue = await s.managerClient.get('/ville-a/gestion/demandes?age=0-5');
    assert.match(queue.body, /Nina Test/);
    assert.doesNotMatch(queue.body, /Mamie/);
    const all = await s.managerClient.get('/ville-a/gestion/demandes');
    assert.match(all.body, /2 en attente/);
    for (const r of await requestsOf(s.a.household.id))
      assert.equal(
        (await s.managerClient.post(`/ville-a/gestion/demandes/${r.id}/accepter`, {})).statusCode,
        303,
      );
    const kids = await t.db
      .select()
      .from(householdChildren)
      .where(eq(householdChildren.householdId, s.a.household.id));
    assert.equal(kids.length, 2);
    const [hc] = await t.db
      .select()
      .from(householdContacts)
      .where(eq(householdContacts.householdId, s.a.household.id));
    assert.equal(hc!.name, 'Mamie');
    assert.equal(hc!.mayPickUp, true);
    assert.deepEqual(hc!.childIds, [s.a.child.id]);
    const fam = await s.clientA.get('/ville-a/famille');
    assert.match(fam.body, /Nina/);
    assert.match(fam.body, /Mamie/);
  });
});

describe('households: shared custody, health, my data', () => {
  it('a child in two households is seen by both; each sees only its own requests', async () => {
    const s = await setup();
    await t.db
      .insert(householdChildren)
      .values({ tenantId: s.tenant.id, householdId: s.b.household.id, childId: s.a.child.id });
    assert.equal((await s.clientB.get(`/ville-a/famille/enfants/${s.a.child.id}`)).statusCode, 200);
    await s.clientA.post(`/ville-a/famille/enfants/${s.a.child.id}`, { school: 'École A' });
    const dashB = await s.clientB.get('/ville-a/espace');
    assert.doesNotMatch(dashB.body, /École A/);
    const dashA = await s.clientA.get('/ville-a/espace');
    assert.match(dashA.body, /École A/);
    const page = await s.clientB.get(`/ville-a/famille/enfants/${s.a.child.id}`);
    assert.match(page.body, /Garde partagée/);
  });

  it('shows health data to managers with an audit row, not to accountants', async () => {
    const s = await setup();
    await t.db
      .insert(childHealth)
      .values({ tenantId: s.tenant.id, childId: s.a.child.id, allergies: 'Gluten' });
    const m = await s.managerClient.get(`/ville-a/gestion/familles/${s.a.household.id}`);
    assert.match(m.body, /Gluten/);
    const acc = await s.accountantClient.get(`/ville-a/gestion/familles/${s.a.household.id}`);
    assert.equal(acc.statusCode, 200);
    assert.doesNotMatch(acc.body, /Gluten/);
    const views = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'health.view'), eq(auditLog.subjectId, s.a.child.id)));
    assert.equal(views.length, 1);
    assert.equal(views[0]!.actorUserId, s.manager.id);
  });

  it('tells a pending household that its account awaits validation', async () => {
    const s = await setup();
    await t.db.update(households).set({ status: 'pending' }).where(eq(households.id, s.a.household.id));
    // The dashboard says so; the rest of the family area waits for staff validation, with a message.
    const dash = await s.clientA.get('/ville-a/espace');
    assert.equal(dash.statusCode, 200);
    assert.match(dash.body, /Votre compte est en attente de validation/);
    const family = await s.clientA.get('/ville-a/famille');
    assert.equal(family.statusCode, 403);
    assert.match(family.body, /Votre inscription attend la validation du service/);
  });

  it('exports the household as JSON and as a PDF', async () => {
    const s = await setup();
    await t.db
      .insert(childHealth)
      .values({ tenantId: s.tenant.id, childId: s.a.child.id, allergies: 'Gluten' });
    const json = await s.clientA.get('/ville-a/mes-donnees/export.json');
    assert.equal(json.statusCode, 200);
    assert.match(String(json.headers['content-disposition']), /attachment/);
    const data = JSON.parse(json.body);
    assert.equal(data.household.id, s.a.household.id);
    assert.equal(data.children[0].health.allergies, 'Gluten');
    assert.equal(data.guardians.length, 1);
    assert.ok(!JSON.stringify(data).includes(s.b.household.id));
    const pdf = await s.clientA.get('/ville-a/mes-donnees/export.pdf');
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const file = join(mkdtempSync(join(tmpdir(), 'mes-donnees-')), 'export.pdf');
    writeFileSync(file, pdf.rawPayload);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    assert.match(text, /Mes données/);
    assert.match(text, /Allergies : Gluten/);
    assert.match(text, /Lou/);
  });

  it('lists households for staff and computes ages with the clock', async () => {
    const s = await setup();
    const list = await s.managerClient.get('/ville-a/gestion/familles?q=Famille');
    assert.equal(list.statusCode, 200);
    const fam = await s.clientA.get('/ville-a/famille');
    // Born 2019-05-04, the clock says 2026-11-25.
    assert.match(fam.body, /7 ans · né\(e\) le 04\/05\/2019/);
  });
});

describe('field policy per tenant', () => {
  it('an administrator makes the phone validated: the family’s next phone change becomes a request', async () => {
    const s = await setup();
    const admin = await createStaff(t.db, s.tenant.id, ['admin']);
    const adminClient = await signedInClient(t, admin.id, s.tenant.id);
    const bad = await adminClient.post('/ville-a/gestion/regles-dossiers', {
      'household.phone': 'sometimes',
    });
    assert.equal(bad.statusCode, 400);
    const ok = await adminClient.post('/ville-a/gestion/regles-dossiers', {
      'household.phone': 'validated',
      'household.city': 'validated',
    });
    assert.equal(ok.statusCode, 303);
    assert.equal(
      (await t.db.select().from(auditLog).where(eq(auditLog.action, 'household.field_policy'))).length,
      1,
    );
    // Managers may not change the rules.
    assert.equal(
      (await s.managerClient.post('/ville-a/gestion/regles-dossiers', { 'household.phone': 'direct' }))
        .statusCode,
      403,
    );
    await s.clientA.post('/ville-a/coordonnees', { phone: '06 00 00 00 01' });
    assert.equal((await getHousehold(s.a.household.id)).phone, '');
    const [r] = await requestsOf(s.a.household.id);
    assert.deepEqual(r!.changes, [{ field: 'household.phone', before: null, after: '06 00 00 00 01' }]);
    // Another tenant keeps the defaults.
    const c = await s.clientC.post('/ville-b/coordonnees', { phone: '06 00 00 00 02' });
    assert.equal(c.statusCode, 303);
    assert.equal((await getHousehold(s.c.household.id)).phone, '06 00 00 00 02');
  });
});

describe('requests queue: facility filter', () => {
  it('shows only requests of households with a child enrolled at the facility', async () => {
    const s = await setup();
    const cat = await createCatalogue(t.db, s.tenant.id);
    await t.db.insert(enrollments).values({
      tenantId: s.tenant.id,
      householdId: s.a.household.id,
      childId: s.a.child.id,
      activityId: cat.activity.id,
      periodId: cat.period.id,
      status: 'accepted',
      requestedAt: t.clock.now(),
    });
    await s.clientA.post('/ville-a/coordonnees', HOUSEHOLD_FORM({ city: 'Enrolled-City' }));
    await s.clientB.post('/ville-a/famille/contacts/nouveau', {
      name: 'Other-Contact',
      mobilePhone: '0600000000',
    });
    const filtered = await s.managerClient.get(`/ville-a/gestion/demandes?facility=${cat.facility.id}`);
    assert.match(filtered.body, /Enrolled-City/);
    assert.doesNotMatch(filtered.body, /Other-Contact/);
    const all = await s.managerClient.get('/ville-a/gestion/demandes?facility=not-a-facility');
    assert.match(all.body, /Other-Contact/);
  });
});
