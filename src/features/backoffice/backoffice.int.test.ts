import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { useTestApp } from '../../../test/helpers/app';
import { signedInClient, type TestClient } from '../../../test/helpers/client';
import {
  addChild,
  createCatalogue,
  createFamily,
  createStaff,
  createTenant,
} from '../../../test/helpers/factories';
import { auditLog } from '../../platform/audit/audit.schema';
import { memberships } from '../accounts/accounts.schema';
import { enrollments } from '../enrollments/enrollments.schema';
import {
  childHealth,
  children,
  guardians,
  householdChildren,
  householdContacts,
  households,
} from '../households/households.schema';

const t = useTestApp();

async function setup() {
  const tenant = await createTenant(t.db, { slug: 'ville-a' });
  const other = await createTenant(t.db, { slug: 'ville-b' });
  await t.app.tenants.refresh();
  const cat = await createCatalogue(t.db, tenant.id);
  const catB = await createCatalogue(t.db, other.id);
  const manager = await createStaff(t.db, tenant.id, ['manager']);
  const director = await createStaff(t.db, tenant.id, ['director'], [cat.facility.id]);
  const elsewhere = await createStaff(t.db, tenant.id, ['director'], [catB.facility.id]);
  const family = await createFamily(t.db, tenant.id);
  const familyB = await createFamily(t.db, other.id);
  await t.db
    .update(households)
    .set({ name: 'Lefèvre', phone: '04 72 10 20 30' })
    .where(eq(households.id, family.household.id));
  await t.db
    .update(guardians)
    .set({
      firstName: 'Éloïse',
      lastName: 'Lefèvre',
      mobilePhone: '06 11 22 33 44',
      email: 'eloise@exemple.test',
    })
    .where(eq(guardians.id, family.guardian.id));
  await t.db
    .update(children)
    .set({ firstName: 'Noël', lastName: 'Lefèvre' })
    .where(eq(children.id, family.child.id));
  return {
    tenant,
    other,
    cat,
    catB,
    family,
    familyB,
    manager: await signedInClient(t, manager.id, tenant.id),
    director: await signedInClient(t, director.id, tenant.id),
    elsewhere: await signedInClient(t, elsewhere.id, tenant.id),
    parent: await signedInClient(t, family.user.id, tenant.id),
  };
}
let w: Awaited<ReturnType<typeof setup>>;
beforeEach(async () => {
  w = await setup();
});

const search = async (c: TestClient, q: string) =>
  (await c.get(`/ville-a/gestion/familles?q=${encodeURIComponent(q)}`)).body;

describe('family search', () => {
  it('finds a household by its name, a guardian, a child, an e-mail or a phone, ignoring accents and case', async () => {
    for (const q of [
      'lefevre',
      'LEFÈVRE',
      'eloise',
      'noel lefevre',
      'eloise@exemple',
      '0611223344',
      '06 11 22',
      '+33 4 72 10',
    ])
      assert.match(await search(w.manager, q), /href="\/ville-a\/gestion\/familles\/[0-9a-f-]+">Lefèvre</, q);
    assert.match(await search(w.manager, 'zzzz'), /Aucun foyer trouvé/);
  });
  it('never shows another tenant’s households', async () => {
    const body = await search(w.manager, w.familyB.household.name);
    assert.doesNotMatch(body, new RegExp(w.familyB.household.id));
  });
  it('answers htmx with the results fragment only', async () => {
    const res = await w.manager.get('/ville-a/gestion/familles?q=noel', {
      'hx-request': 'true',
      'hx-target': 'resultats',
    });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /^<div id="resultats"/);
    assert.doesNotMatch(res.body, /<html/);
  });
});

const HEADER = 'type;reference_foyer;reference;nom;prenom;email;telephone;date_naissance;sexe;qf;qf_depuis';
const FILE_OK = [
  HEADER,
  'foyer;F1;;Moreau;;moreau@exemple.fr;04 72 00 00 01;;;620;01/09/2026',
  'responsable;F1;R1;Moreau;Inès;ines@exemple.fr;06 01 02 03 04;;;;',
  'enfant;F1;E1;Moreau;Jules;;;12/03/2019;M;;',
  'foyer;F2;;Petit;;;;;;;',
  'responsable;F2;R2;Petit;Yann;;;;;;',
].join('\r\n');

async function upload(c: TestClient, text: string | Buffer, name = 'familles.csv') {
  return c.postMultipart(
    '/ville-a/gestion/import',
    { action: 'apercu' },
    {
      field: 'fichier',
      filename: name,
      contentType: 'text/csv',
      content: typeof text === 'string' ? Buffer.from(text, 'utf8') : text,
    },
  );
}
async function confirm(c: TestClient, text: string) {
  return c.postMultipart('/ville-a/gestion/import', {
    action: 'importer',
    nom_fichier: 'familles.csv',
    contenu: text,
  });
}
const countHouseholds = async () =>
  (await t.db.select().from(households).where(eq(households.tenantId, w.tenant.id))).length;

describe('CSV import', () => {
  it('shows per-row errors in French and writes nothing; the fixed file imports once', async () => {
    const before = await countHouseholds();
    const bad = FILE_OK.replace('12/03/2019', '31/02/2019').replace('Yann', '');
    let res = await upload(w.manager, `\uFEFF${bad}`);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /date invalide/);
    assert.match(res.body, /prénom manquant/);
    assert.doesNotMatch(res.body, />Importer</);
    assert.equal(await countHouseholds(), before);
    // Even a forged "Importer" with the bad text writes nothing.
    res = await confirm(w.manager, bad);
    assert.equal(res.statusCode, 400);
    assert.equal(await countHouseholds(), before);

    res = await upload(w.manager, `\uFEFF${FILE_OK}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Foyers à créer<\/dt>\s*<dd>2</);
    assert.equal(await countHouseholds(), before, 'the preview is a dry run');
    res = await confirm(w.manager, FILE_OK);
    assert.equal(res.statusCode, 303);
    assert.equal(await countHouseholds(), before + 2);
    const [moreau] = await t.db.select().from(households).where(eq(households.externalRef, 'F1'));
    assert.equal(moreau!.familyQuotient, 620);
    assert.equal(moreau!.qfValidFrom, '2026-09-01');
    const kids = await t.db
      .select()
      .from(householdChildren)
      .where(eq(householdChildren.householdId, moreau!.id));
    assert.equal(kids.length, 1);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, 'household.import_create'));
    assert.equal(audit.length, 2);

    // Re-importing the same file changes nothing; a changed row updates its household.
    res = await upload(w.manager, FILE_OK);
    assert.match(res.body, /Foyers inchangés<\/dt>\s*<dd>2</);
    assert.match(res.body, /ne change rien/);
    res = await confirm(w.manager, FILE_OK);
    assert.equal(await countHouseholds(), before + 2);
    res = await confirm(w.manager, FILE_OK.replace('Inès', 'Agnès').replace('620', '700'));
    assert.equal(res.statusCode, 303);
    const [ines] = await t.db.select().from(guardians).where(eq(guardians.externalRef, 'R1'));
    assert.equal(ines!.firstName, 'Agnès');
    const [again] = await t.db.select().from(households).where(eq(households.externalRef, 'F1'));
    assert.equal(again!.familyQuotient, 700);
    assert.equal(await countHouseholds(), before + 2);
  });
  it('refuses a file that is not UTF-8, an empty upload and a file over the size limit', async () => {
    let res = await upload(w.manager, Buffer.from([0x6e, 0x6f, 0x6d, 0x0a, 0xe9, 0x0a]));
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /CSV UTF-8/);
    res = await w.manager.postMultipart('/ville-a/gestion/import', { action: 'apercu' });
    assert.equal(res.statusCode, 400);
    res = await upload(w.manager, Buffer.alloc(2 * 1024 * 1024 + 10, 0x61));
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /trop volumineux/);
  });
  it('refuses a reference already used by another household of the tenant', async () => {
    await t.db.update(guardians).set({ externalRef: 'R1' }).where(eq(guardians.id, w.family.guardian.id));
    const res = await upload(w.manager, FILE_OK);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /appartient déjà à un autre foyer/);
  });
  it('is for managers: a director gets 403, without a CSRF token 403', async () => {
    assert.equal((await upload(w.director, FILE_OK)).statusCode, 403);
    const res = await w.manager.postMultipart('/ville-a/gestion/import', { action: 'apercu' }, undefined, {
      csrf: false,
    });
    assert.equal(res.statusCode, 403);
  });
});

describe('CSV exports', () => {
  beforeEach(async () => {
    await t.db.insert(enrollments).values({
      tenantId: w.tenant.id,
      householdId: w.family.household.id,
      childId: w.family.child.id,
      activityId: w.cat.activity.id,
      periodId: w.cat.period.id,
      status: 'accepted',
      requestedAt: t.clock.now(),
    });
    await t.db
      .insert(childHealth)
      .values({ tenantId: w.tenant.id, childId: w.family.child.id, allergies: '=arachide', pai: true });
    await t.db.insert(householdContacts).values({
      tenantId: w.tenant.id,
      householdId: w.family.household.id,
      name: 'Mamie Jo',
      relation: 'Grand-mère',
      mobilePhone: '06 99 88 77 66',
      mayPickUp: true,
    });
  });
  it('writes Excel-FR files: BOM, semicolons, formula-safe cells', async () => {
    const res = await w.manager.get(`/ville-a/gestion/exports/allergies.csv?periode=${w.cat.period.id}`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /text\/csv/);
    assert.match(String(res.headers['content-disposition']), /attachment; filename="allergies-/);
    assert.ok(res.body.startsWith('\uFEFFNom;Prénom;'));
    assert.match(res.body, /Lefèvre;Noël;;;;'=arachide;Oui;/);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, 'health.export'));
    assert.equal(audit.length, 1);
    assert.deepEqual((audit[0]!.details as { children: string[] }).children, [w.family.child.id]);
  });
  it('lists enrolled children, pick-up authorisations and contacts', async () => {
    const kids = await w.director.get(`/ville-a/gestion/exports/enfants.csv?periode=${w.cat.period.id}`);
    assert.match(kids.body, /Lefèvre;Noël;/);
    const pick = await w.manager.get(`/ville-a/gestion/exports/autorisations.csv?periode=${w.cat.period.id}`);
    assert.match(pick.body, /Lefèvre;Noël;Éloïse Lefèvre;Responsable légal;06 11 22 33 44/);
    assert.match(pick.body, /Lefèvre;Noël;Mamie Jo;Grand-mère;06 99 88 77 66/);
    const contacts = await w.manager.get('/ville-a/gestion/exports/contacts.csv');
    assert.match(contacts.body, /Lefèvre;Lefèvre;Éloïse;eloise@exemple\.test;06 11 22 33 44/);
  });
  it('answers 404 for another facility’s period or another tenant’s period', async () => {
    assert.equal(
      (await w.elsewhere.get(`/ville-a/gestion/exports/allergies.csv?periode=${w.cat.period.id}`)).statusCode,
      404,
    );
    assert.equal(
      (await w.manager.get(`/ville-a/gestion/exports/enfants.csv?periode=${w.catB.period.id}`)).statusCode,
      404,
    );
    assert.equal((await w.manager.get('/ville-a/gestion/exports/enfants.csv?periode=x')).statusCode, 404);
  });
});

describe('household 360° view', () => {
  it('shows enrollments, documents, messages and a paginated audit trail', async () => {
    for (let i = 0; i < 25; i++)
      await t.db.insert(auditLog).values({
        tenantId: w.tenant.id,
        at: new Date(t.clock.now().getTime() - i * 60_000),
        action: 'household.change',
        subjectType: 'household',
        subjectId: w.family.household.id,
      });
    const res = await w.manager.get(`/ville-a/gestion/familles/${w.family.household.id}`);
    assert.equal(res.statusCode, 200);
    for (const title of ['Inscriptions', 'Justificatifs déposés', 'Conversations', 'Journal des opérations'])
      assert.match(res.body, new RegExp(`<h2 id="section-[a-z]+-title">${title}</h2>`), title);
    assert.match(res.body, /Page 1 \(26 au total\)/);
    assert.match(res.body, /Fusionner un doublon/);
    const page2 = await w.manager.get(`/ville-a/gestion/familles/${w.family.household.id}?journal=2`);
    assert.match(page2.body, /Page 2 \(\d+ au total\)/);
    // Directors read the household but neither its audit trail nor the manager actions.
    const director = await w.director.get(`/ville-a/gestion/familles/${w.family.household.id}`);
    assert.equal(director.statusCode, 200);
    assert.doesNotMatch(director.body, /Journal des opérations|Fusionner un doublon/);
  });
});

describe('merge and archive', () => {
  it('merges a duplicate: members and records move, the duplicate is archived, both audited', async () => {
    const dup = await createFamily(t.db, w.tenant.id);
    const shared = await addChild(t.db, w.tenant.id, dup.household.id, {
      firstName: 'Zoé',
      lastName: 'Lefèvre',
      birthDate: '2020-01-01',
      sex: 'F',
    });
    await t.db
      .insert(householdChildren)
      .values({ tenantId: w.tenant.id, householdId: w.family.household.id, childId: shared.id });
    await t.db.insert(enrollments).values({
      tenantId: w.tenant.id,
      householdId: dup.household.id,
      childId: dup.child.id,
      activityId: w.cat.activity.id,
      periodId: w.cat.period.id,
      requestedAt: t.clock.now(),
    });
    const base = `/ville-a/gestion/familles/${w.family.household.id}/fusion`;
    const preview = await w.manager.get(`${base}?avec=${dup.household.id}`);
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, /Enfants rattachés<\/dt>\s*<dd>2</);
    // Another tenant's household cannot be merged.
    assert.equal((await w.manager.get(`${base}?avec=${w.familyB.household.id}`)).statusCode, 404);
    assert.equal((await w.manager.post(base, { avec: w.familyB.household.id })).statusCode, 404);
    const res = await w.manager.post(base, { avec: dup.household.id });
    assert.equal(res.statusCode, 303);
    const links = await t.db
      .select()
      .from(householdChildren)
      .where(eq(householdChildren.householdId, w.family.household.id));
    assert.equal(links.length, 3, 'own child, the duplicate’s child, the shared child once');
    const moved = await t.db.select().from(guardians).where(eq(guardians.householdId, w.family.household.id));
    assert.equal(moved.length, 2);
    const [e] = await t.db.select().from(enrollments).where(eq(enrollments.childId, dup.child.id));
    assert.equal(e!.householdId, w.family.household.id);
    const [m] = await t.db.select().from(memberships).where(eq(memberships.userId, dup.user.id));
    assert.equal(m!.householdId, w.family.household.id);
    const [archived] = await t.db.select().from(households).where(eq(households.id, dup.household.id));
    assert.equal(archived!.status, 'archived');
    assert.equal(archived!.mergedIntoId, w.family.household.id);
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.action, 'household.merge'));
    assert.equal(audits.length, 1);
    // The archived duplicate cannot be merged again.
    assert.equal((await w.manager.post(base, { avec: dup.household.id })).statusCode, 400);
  });

  it('archives and anonymises after confirmation; the family loses its access; shared children stay', async () => {
    const other = await createFamily(t.db, w.tenant.id);
    await t.db
      .insert(householdChildren)
      .values({ tenantId: w.tenant.id, householdId: other.household.id, childId: w.family.child.id });
    const own = await addChild(t.db, w.tenant.id, w.family.household.id, {
      firstName: 'Hugo',
      lastName: 'Lefèvre',
      birthDate: '2017-06-15',
      sex: 'M',
    });
    await t.db.insert(childHealth).values({ tenantId: w.tenant.id, childId: own.id, allergies: 'œufs' });
    assert.equal((await w.parent.get('/ville-a/espace')).statusCode, 200);
    const url = `/ville-a/gestion/familles/${w.family.household.id}/archiver`;
    let res = await w.manager.post(url, { confirmation: 'Martin' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Saisissez exactement le nom du foyer/);
    res = await w.manager.post(url, { confirmation: '  lefèvre ' });
    assert.equal(res.statusCode, 303);
    const [h] = await t.db.select().from(households).where(eq(households.id, w.family.household.id));
    assert.equal(h!.name, 'Foyer anonymisé');
    assert.equal(h!.phone, '');
    assert.equal(h!.status, 'archived');
    assert.ok(h!.anonymisedAt);
    const [g] = await t.db.select().from(guardians).where(eq(guardians.id, w.family.guardian.id));
    assert.deepEqual([g!.firstName, g!.email, g!.mobilePhone], ['Responsable', '', '']);
    const [hugo] = await t.db.select().from(children).where(eq(children.id, own.id));
    assert.deepEqual([hugo!.firstName, hugo!.birthDate], ['Enfant', '2017-01-01']);
    assert.equal((await t.db.select().from(childHealth).where(eq(childHealth.childId, own.id))).length, 0);
    // The shared child keeps its name and its other household; only this link is gone.
    const [noel] = await t.db.select().from(children).where(eq(children.id, w.family.child.id));
    assert.equal(noel!.firstName, 'Noël');
    const links = await t.db
      .select()
      .from(householdChildren)
      .where(and(eq(householdChildren.childId, w.family.child.id)));
    assert.deepEqual(
      links.map((l) => l.householdId),
      [other.household.id],
    );
    assert.equal(
      (await t.db.select().from(memberships).where(eq(memberships.householdId, w.family.household.id)))
        .length,
      0,
    );
    assert.notEqual((await w.parent.get('/ville-a/espace')).statusCode, 200);
    assert.equal(
      (await t.db.select().from(auditLog).where(eq(auditLog.action, 'household.anonymise'))).length,
      1,
    );
    // Irreversible and done once: the page is gone.
    assert.equal((await w.manager.get(url)).statusCode, 404);
    // Another tenant's household: 404.
    assert.equal(
      (
        await w.manager.post(`/ville-a/gestion/familles/${w.familyB.household.id}/archiver`, {
          confirmation: 'x',
        })
      ).statusCode,
      404,
    );
  });
});
