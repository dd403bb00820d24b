import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { useTestApp } from '../../../test/helpers/app';
import { signedInClient } from '../../../test/helpers/client';
import { createFamily, createStaff, createTenant } from '../../../test/helpers/factories';
import { pdfOfSize, SAMPLE } from '../../../test/helpers/sample-files';
import { auditLog } from '../../platform/audit/audit.schema';
import { jobs } from '../../platform/jobs/jobs.schema';
import { outboxEmails } from '../../platform/mail/mail.schema';
import { documentSubmissions, documentTypes, tenantDocuments, uploadedFiles } from './documents.schema';
import {
  countDocumentsToReview,
  documentsNeedingAttention,
  missingMandatoryDocuments,
  runExpiryReminders,
} from './documents.service';

const t = useTestApp();

async function setup() {
  const tenant = await createTenant(t.db);
  const other = await createTenant(t.db);
  await t.app.tenants.refresh();
  const manager = await createStaff(t.db, tenant.id, ['manager']);
  const a = await createFamily(t.db, tenant.id);
  const b = await createFamily(t.db, tenant.id);
  const c = await createFamily(t.db, other.id);
  const now = t.clock.now();
  const [insurance] = await t.db
    .insert(documentTypes)
    .values({
      tenantId: tenant.id,
      name: 'Attestation d’assurance',
      scope: 'child',
      mandatoryFor: ['Mercredis'],
      validityKind: 'fixed_date',
      validUntil: '2027-08-31',
      acceptedKinds: ['pdf', 'jpeg', 'png'],
      createdAt: now,
    })
    .returning();
  const [address] = await t.db
    .insert(documentTypes)
    .values({
      tenantId: tenant.id,
      name: 'Justificatif de domicile',
      scope: 'household',
      validityKind: 'months',
      validityMonths: 3,
      createdAt: now,
    })
    .returning();
  const [theirs] = await t.db
    .insert(documentTypes)
    .values({ tenantId: other.id, name: 'Autre', scope: 'household', createdAt: now })
    .returning();
  const fa = await signedInClient(t, a.user.id, tenant.id);
  const m = await signedInClient(t, manager.id, tenant.id);
  return {
    tenant,
    other,
    manager,
    a,
    b,
    c,
    insurance: insurance!,
    address: address!,
    theirs: theirs!,
    fa,
    m,
    base: `/${tenant.slug}`,
  };
}

type S = Awaited<ReturnType<typeof setup>>;

async function upload(
  s: S,
  fields: Record<string, string>,
  file: { filename: string; content: Buffer },
  client = s.fa,
) {
  await client.get(`${s.base}/documents`);
  return client.postMultipart(`${s.base}/documents/deposer`, fields, file);
}

describe('documents', () => {
  it('upload → refuse with reason (e-mailed) → new upload → accept: states follow, audited', async () => {
    const s = await setup();
    assert.deepEqual(
      (
        await missingMandatoryDocuments(
          t.db,
          s.tenant.id,
          s.a.household.id,
          s.a.child.id,
          'mercredis',
          t.clock.now(),
        )
      ).map((x) => x.name),
      ['Attestation d’assurance'],
    );
    let page = await s.fa.get(`${s.base}/documents`);
    assert.match(page.body, /Attestation d’assurance/);
    assert.match(page.body, /À fournir/);
    const form = await s.fa.get(`${s.base}/documents/deposer?type=${s.insurance.id}&pour=${s.a.child.id}`);
    assert.equal(form.statusCode, 200);

    let res = await upload(
      s,
      { type: s.insurance.id, pour: s.a.child.id },
      { filename: 'assurance.pdf', content: SAMPLE.pdf },
    );
    assert.equal(res.statusCode, 303);
    assert.equal(await countDocumentsToReview(t.db, s.tenant.id), 1);
    // Pending counts as given for the enrollment gate.
    assert.equal(
      (
        await missingMandatoryDocuments(
          t.db,
          s.tenant.id,
          s.a.household.id,
          s.a.child.id,
          'Mercredis',
          t.clock.now(),
        )
      ).length,
      0,
    );
    const [sub1] = await t.db.select().from(documentSubmissions);
    const queue = await s.m.get(`${s.base}/gestion/documents`);
    assert.match(queue.body, new RegExp(sub1!.id));
    const review = await s.m.get(`${s.base}/gestion/documents/${sub1!.id}`);
    assert.equal(review.statusCode, 200);
    assert.match(review.body, /Télécharger le fichier/);

    const empty = await s.m.post(`${s.base}/gestion/documents/${sub1!.id}/refuser`, { reason: ' ' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /motif du refus/);
    res = await s.m.post(`${s.base}/gestion/documents/${sub1!.id}/refuser`, {
      reason: 'Document illisible <b>',
    });
    assert.equal(res.statusCode, 303);
    const mail = (await t.db.select().from(outboxEmails)).find((x) =>
      x.subject.startsWith('Document refusé'),
    )!;
    assert.equal(mail.toAddress, s.a.user.email);
    assert.match(mail.textBody, /Motif : Document illisible/);
    page = await s.fa.get(`${s.base}/documents`);
    assert.match(page.body, /Refusé/);
    assert.match(page.body, /Document illisible &lt;b>/);
    // Deciding twice is a conflict.
    assert.equal((await s.m.post(`${s.base}/gestion/documents/${sub1!.id}/accepter`)).statusCode, 409);

    res = await upload(
      s,
      { type: s.insurance.id, pour: s.a.child.id },
      { filename: 'assurance2.png', content: SAMPLE.png },
    );
    assert.equal(res.statusCode, 303);
    const sub2 = (await t.db.select().from(documentSubmissions)).find((x) => x.status === 'pending')!;
    const preview = await s.m.get(`${s.base}/gestion/documents/${sub2.id}/apercu`);
    assert.equal(preview.statusCode, 200);
    assert.equal(preview.headers['content-type'], 'image/png');
    assert.match(String(preview.headers['content-security-policy']), /^sandbox/);
    assert.equal(preview.headers['x-content-type-options'], 'nosniff');
    res = await s.m.post(`${s.base}/gestion/documents/${sub2.id}/accepter`);
    assert.equal(res.statusCode, 303);
    const [accepted] = await t.db
      .select()
      .from(documentSubmissions)
      .where(eq(documentSubmissions.id, sub2.id));
    assert.equal(accepted!.validUntil, '2027-08-31');
    page = await s.fa.get(`${s.base}/documents`);
    assert.match(page.body, /Valable jusqu’au 31 août 2027/);
    const actions = (await t.db.select().from(auditLog)).map((x) => x.action).sort();
    // The preview of the second file was a staff read of a family document: audited too.
    assert.deepEqual(actions, ['document.accept', 'document.read', 'document.refuse']);
    assert.equal(
      (await t.db.select().from(jobs)).filter((j) => j.kind === 'documents.expiry-reminders').length,
      1,
    );
    const attention = await documentsNeedingAttention(t.db, s.tenant.id, s.a.household.id, t.clock.now());
    assert.deepEqual(
      attention.map((x) => x.type.name),
      ['Justificatif de domicile'],
    );
  });

  it('reuses a file from the storage space for another request; never another household’s file', async () => {
    const s = await setup();
    await upload(s, { type: s.address.id, pour: 'foyer' }, { filename: 'edf.pdf', content: SAMPLE.pdf });
    const [file] = await t.db.select().from(uploadedFiles);
    const page = await s.fa.get(`${s.base}/documents/deposer?type=${s.insurance.id}&pour=${s.a.child.id}`);
    assert.match(page.body, /edf\.pdf/);
    let res = await s.fa.post(`${s.base}/documents/reutiliser`, {
      type: s.insurance.id,
      pour: s.a.child.id,
      fileId: file!.id,
    });
    assert.equal(res.statusCode, 303);
    assert.equal((await t.db.select().from(documentSubmissions)).length, 2);
    assert.equal((await t.db.select().from(uploadedFiles)).length, 1);
    // Family B: A's file, A's child, the other tenant's type → 404, nothing written.
    const fb = await signedInClient(t, s.b.user.id, s.tenant.id);
    await fb.get(`${s.base}/documents`);
    res = await fb.post(`${s.base}/documents/reutiliser`, {
      type: s.address.id,
      pour: 'foyer',
      fileId: file!.id,
    });
    assert.equal(res.statusCode, 404);
    assert.equal((await fb.get(`${s.base}/documents/fichiers/${file!.id}`)).statusCode, 404);
    assert.equal(
      (await fb.get(`${s.base}/documents/deposer?type=${s.insurance.id}&pour=${s.a.child.id}`)).statusCode,
      404,
    );
    res = await upload(
      s,
      { type: s.insurance.id, pour: s.a.child.id },
      { filename: 'x.pdf', content: SAMPLE.pdf },
      fb,
    );
    assert.equal(res.statusCode, 404);
    res = await upload(
      s,
      { type: s.theirs.id, pour: 'foyer' },
      { filename: 'x.pdf', content: SAMPLE.pdf },
      fb,
    );
    assert.equal(res.statusCode, 404);
    assert.equal((await t.db.select().from(documentSubmissions)).length, 2);
    assert.equal((await t.db.select().from(uploadedFiles)).length, 1);
    // Staff of the other tenant cannot reach the submission through their own tenant.
    const os = await signedInClient(t, (await createStaff(t.db, s.other.id, ['manager'])).id, s.other.id);
    const sub = (await t.db.select().from(documentSubmissions))[0]!;
    assert.equal((await os.get(`/${s.other.slug}/gestion/documents/${sub.id}/fichier`)).statusCode, 404);
    assert.equal((await os.post(`/${s.other.slug}/gestion/documents/${sub.id}/accepter`)).statusCode, 404);
    // The owner downloads its file as an attachment.
    const dl = await s.fa.get(`${s.base}/documents/fichiers/${file!.id}`);
    assert.equal(dl.statusCode, 200);
    assert.match(String(dl.headers['content-disposition']), /^attachment;/);
  });

  it('a second upload withdraws the pending one (one pending per request)', async () => {
    const s = await setup();
    await upload(s, { type: s.address.id, pour: 'foyer' }, { filename: 'a.pdf', content: SAMPLE.pdf });
    await upload(s, { type: s.address.id, pour: 'foyer' }, { filename: 'b.pdf', content: SAMPLE.pdf });
    const subs = await t.db.select().from(documentSubmissions);
    assert.deepEqual(subs.map((x) => x.status).sort(), ['pending', 'withdrawn']);
  });

  it('refuses hostile uploads with a message, stores nothing', async () => {
    const s = await setup();
    const target = { type: s.insurance.id, pour: s.a.child.id };
    const cases: { filename: string; content: Buffer; status: number; message: RegExp }[] = [
      { filename: 'assurance.pdf', content: SAMPLE.exe, status: 400, message: /pas accepté/ },
      { filename: 'photo.png', content: SAMPLE.html, status: 400, message: /pas accepté/ },
      { filename: 'vide.pdf', content: Buffer.alloc(0), status: 400, message: /vide/ },
      { filename: 'gros.pdf', content: pdfOfSize(11 * 1024 * 1024), status: 413, message: /dépasse 10 Mo/ },
      // HEIC is a real image type but this document type does not accept it.
      {
        filename: 'photo.heic',
        content: SAMPLE.heic,
        status: 400,
        message: /formats acceptés : PDF, JPEG, PNG/,
      },
    ];
    for (const c of cases) {
      const res = await upload(s, target, { filename: c.filename, content: c.content });
      assert.equal(res.statusCode, c.status, c.filename);
      assert.match(res.body, c.message, c.filename);
    }
    // No file at all.
    const none = await upload(s, target, { filename: '', content: Buffer.alloc(0) });
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /Choisissez un fichier/);
    assert.equal((await t.db.select().from(uploadedFiles)).length, 0);
    assert.equal((await t.db.select().from(documentSubmissions)).length, 0);
    // Path-like names keep only their last segment.
    const ok = await upload(s, target, {
      filename: '..\\..\\windows\\system32\\a<b>c\u202e.pdf',
      content: SAMPLE.pdf,
    });
    assert.equal(ok.statusCode, 303);
    assert.equal((await t.db.select().from(uploadedFiles))[0]!.originalName, 'abc.pdf');
  });

  it('staff manage types (validated, unique names, audited)', async () => {
    const s = await setup();
    await s.m.get(`${s.base}/gestion/documents/types`);
    let res = await s.m.post(`${s.base}/gestion/documents/types`, {
      name: 'Carnet de vaccination',
      scope: 'child',
      mandatoryFor: 'Mercredis\nVacances',
      validityKind: 'months',
      validityMonths: '',
      reminderDays: '30',
      active: '1',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Indiquez une durée/);
    assert.match(res.body, /Cochez au moins un format/);
    res = await s.m.post(`${s.base}/gestion/documents/types`, {
      name: 'Carnet de vaccination',
      scope: 'child',
      mandatoryFor: 'Mercredis\nVacances',
      validityKind: 'none',
      acceptedKinds: ['pdf', 'jpeg'],
      reminderDays: '30',
      active: '1',
    });
    assert.equal(res.statusCode, 303);
    res = await s.m.post(`${s.base}/gestion/documents/types`, {
      name: 'carnet DE vaccination',
      scope: 'child',
      validityKind: 'none',
      acceptedKinds: 'pdf',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /porte déjà ce nom/);
    const [row] = await t.db
      .select()
      .from(documentTypes)
      .where(eq(documentTypes.name, 'Carnet de vaccination'));
    assert.deepEqual(row!.mandatoryFor, ['Mercredis', 'Vacances']);
    res = await s.m.post(`${s.base}/gestion/documents/types/${row!.id}`, {
      name: 'Carnet de vaccination',
      scope: 'child',
      validityKind: 'none',
      acceptedKinds: 'pdf',
    });
    assert.equal(res.statusCode, 303);
    const [after] = await t.db.select().from(documentTypes).where(eq(documentTypes.id, row!.id));
    assert.equal(after!.active, false);
    assert.equal((await s.m.get(`${s.base}/gestion/documents/types/${s.theirs.id}`)).statusCode, 404);
    const actions = (await t.db.select().from(auditLog)).map((x) => x.action).sort();
    assert.deepEqual(actions, ['document_type.create', 'document_type.update']);
  });

  it('tenant documents: staff publish and remove, members download', async () => {
    const s = await setup();
    await s.m.get(`${s.base}/gestion/documents-structure`);
    let res = await s.m.postMultipart(
      `${s.base}/gestion/documents-structure`,
      { title: 'Règlement', category: 'reglement' },
      {
        filename: 'reglement.pdf',
        content: SAMPLE.pdf,
      },
    );
    assert.equal(res.statusCode, 303);
    const [doc] = await t.db.select().from(tenantDocuments);
    const page = await s.fa.get(`${s.base}/documents-structure`);
    assert.match(page.body, /Règlement/);
    const dl = await s.fa.get(`${s.base}/documents-structure/${doc!.id}`);
    assert.equal(dl.statusCode, 200);
    assert.match(String(dl.headers['content-disposition']), /^attachment; filename="reglement\.pdf"/);
    const fc = await signedInClient(t, s.c.user.id, s.other.id);
    assert.equal((await fc.get(`/${s.other.slug}/documents-structure/${doc!.id}`)).statusCode, 404);
    res = await s.m.post(`${s.base}/gestion/documents-structure/${doc!.id}/supprimer`);
    assert.equal(res.statusCode, 303);
    assert.equal((await t.db.select().from(uploadedFiles)).length, 0);
  });

  it('sends each expiry reminder once, inside the window only', async () => {
    const s = await setup();
    await upload(s, { type: s.insurance.id, pour: s.a.child.id }, { filename: 'a.pdf', content: SAMPLE.pdf });
    const [sub] = await t.db.select().from(documentSubmissions);
    await s.m.post(`${s.base}/gestion/documents/${sub!.id}/accepter`);
    const config = t.app.deps.config;
    await t.db.delete(outboxEmails);
    assert.equal(await runExpiryReminders(t.db, config, new Date('2027-07-31T10:00:00Z')), 0);
    assert.equal(await runExpiryReminders(t.db, config, new Date('2027-08-01T10:00:00Z')), 1);
    assert.equal(await runExpiryReminders(t.db, config, new Date('2027-08-02T10:00:00Z')), 0);
    const mails = await t.db.select().from(outboxEmails);
    assert.equal(mails.length, 1);
    assert.match(mails[0]!.textBody, /arrive à échéance le 31 août 2027/);
    const page = await s.fa.get(`${s.base}/documents`);
    assert.match(page.body, /Valable jusqu’au/);
  });
});
