import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { useTestApp } from '../../../test/helpers/app';
import { signedInClient, type TestClient } from '../../../test/helpers/client';
import { createCatalogue, createFamily, createStaff, createTenant } from '../../../test/helpers/factories';
import { pdfOfSize, SAMPLE } from '../../../test/helpers/sample-files';
import { auditLog } from '../../platform/audit/audit.schema';
import { outboxEmails } from '../../platform/mail/mail.schema';
import { enrollments } from '../enrollments/enrollments.schema';
import { justifiedAbsenceDays } from './absences.repository';
import { absenceDeclarations } from './absences.schema';

// The test clock: Wednesday 25 November 2026, 10:00 in Paris.
const t = useTestApp();

async function setup() {
  const tenant = await createTenant(t.db);
  const other = await createTenant(t.db);
  await t.app.tenants.refresh();
  const cat = await createCatalogue(t.db, tenant.id);
  const manager = await createStaff(t.db, tenant.id, ['manager']);
  const admin = await createStaff(t.db, tenant.id, ['admin']);
  const director = await createStaff(t.db, tenant.id, ['director'], [cat.facility.id]);
  const animator = await createStaff(t.db, tenant.id, ['animator'], [cat.facility.id]);
  const a = await createFamily(t.db, tenant.id);
  const b = await createFamily(t.db, tenant.id);
  const c = await createFamily(t.db, other.id);
  const otherManager = await createStaff(t.db, other.id, ['manager']);
  return {
    tenant,
    other,
    cat,
    a,
    b,
    c,
    base: `/${tenant.slug}`,
    fa: await signedInClient(t, a.user.id, tenant.id),
    fb: await signedInClient(t, b.user.id, tenant.id),
    fc: await signedInClient(t, c.user.id, other.id),
    m: await signedInClient(t, manager.id, tenant.id),
    adm: await signedInClient(t, admin.id, tenant.id),
    dir: await signedInClient(t, director.id, tenant.id),
    anim: await signedInClient(t, animator.id, tenant.id),
    om: await signedInClient(t, otherManager.id, other.id),
  };
}
type S = Awaited<ReturnType<typeof setup>>;

/** Opens the form (as a browser would: it carries the CSRF and one-time tokens), then posts it. */
async function declare(
  s: S,
  fields: Record<string, string>,
  file?: { filename: string; content: Buffer },
  client: TestClient = s.fa,
  base = s.base,
) {
  const page = await client.get(`${base}/absences/declarer`);
  const token = /name="formToken" value="([^"]+)"/.exec(page.body)?.[1] ?? randomUUID();
  return client.postMultipart(`${base}/absences/declarer`, { formToken: token, ...fields }, file);
}

/** Files in the test storage (shared by the file's tests: compare with a count taken before). */
const storedFiles = async () =>
  (await readdir(t.filesDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).length;

const rows = () => t.db.select().from(absenceDeclarations);
const actions = async () => (await t.db.select().from(auditLog)).map((x) => x.action).sort();

describe('absences', () => {
  it('a family declares with a certificate; the manager reads it (audited) and accepts; days are justified', async () => {
    const s = await setup();
    const form = await s.fa.get(`${s.base}/absences/declarer`);
    assert.equal(form.statusCode, 200);
    // The form shows the time limit: Monday's absence can still be justified until Wednesday 23:59.
    assert.match(
      form.body,
      /Vous pouvez justifier une absence commençant le lundi 23 novembre 2026 jusqu’au mercredi 25 novembre 2026 à 23 h 59\./,
    );
    const res = await declare(
      s,
      {
        childId: s.a.child.id,
        firstDay: '2026-11-23',
        lastDay: '2026-11-25',
        reason: 'maladie',
        comment: 'Angine <script>alert(1)</script>',
      },
      { filename: 'certificat.pdf', content: SAMPLE.pdf },
    );
    assert.equal(res.statusCode, 303);
    const [d] = await rows();
    assert.equal(d!.status, 'pending');
    assert.equal(d!.certificateKind, 'pdf');
    // Stored encrypted: the bytes on disk are not the PDF.
    const onDisk = await readdir(t.filesDir, { recursive: true });
    assert.ok(onDisk.some((f) => f.endsWith(d!.certificateKey!)));
    const { readFile } = await import('node:fs/promises');
    const diskPath = onDisk.find((f) => f.endsWith(d!.certificateKey!))!;
    assert.ok(!(await readFile(join(t.filesDir, diskPath))).includes(Buffer.from('%PDF')));

    let list = await s.fa.get(`${s.base}/absences`);
    assert.match(list.body, /En attente de réponse/);
    assert.match(
      list.body,
      /Angine &lt;script&gt;alert\(1\)&lt;\/script&gt;|Angine &lt;script>alert\(1\)&lt;\/script>/,
    );
    assert.doesNotMatch(list.body, /<script>alert/);
    const home = await s.fa.get(`${s.base}/espace`);
    assert.match(home.body, /1 absence en attente de réponse/);

    const queue = await s.m.get(`${s.base}/gestion/absences`);
    assert.equal(queue.statusCode, 200);
    assert.match(queue.body, new RegExp(d!.id));
    const staffHome = await s.m.get(`${s.base}/gestion`);
    assert.match(staffHome.body, /Absences à traiter/);
    const detail = await s.m.get(`${s.base}/gestion/absences/${d!.id}`);
    assert.equal(detail.statusCode, 200);
    assert.doesNotMatch(detail.body, /<script>alert/);
    assert.match(detail.body, /Télécharger le certificat/);
    const dl = await s.m.get(`${s.base}/gestion/absences/${d!.id}/justificatif`);
    assert.equal(dl.statusCode, 200);
    assert.equal(dl.headers['content-type'], 'application/pdf');
    assert.match(String(dl.headers['content-disposition']), /^attachment; filename="certificat\.pdf"/);
    assert.equal(dl.headers['x-content-type-options'], 'nosniff');
    assert.equal(dl.rawPayload.toString('latin1'), SAMPLE.pdf.toString('latin1'));
    // The family downloads its own certificate too (not audited: its own data).
    const own = await s.fa.get(`${s.base}/absences/${d!.id}/justificatif`);
    assert.equal(own.statusCode, 200);
    assert.match(String(own.headers['content-disposition']), /^attachment;/);

    const ok = await s.m.post(`${s.base}/gestion/absences/${d!.id}/accepter`);
    assert.equal(ok.statusCode, 303);
    assert.equal((await s.m.post(`${s.base}/gestion/absences/${d!.id}/accepter`)).statusCode, 409);
    assert.equal(
      (await s.m.post(`${s.base}/gestion/absences/${d!.id}/refuser`, { reason: 'Trop tard' })).statusCode,
      409,
    );
    assert.deepEqual(await actions(), [
      'absence.accept',
      'absence.certificate.view',
      'absence.declare',
      'absence.view',
    ]);
    await t.worker.tick();
    const mail = t.mailer.sent.find((m) => m.subject.startsWith('Absence justifiée'));
    assert.ok(mail);
    assert.equal(mail.to, s.a.user.email);
    assert.match(mail.text, /ces jours sont comptés comme absence justifiée/);

    list = await s.fa.get(`${s.base}/absences`);
    assert.match(list.body, /Absence justifiée/);
    assert.match((await s.fa.get(`${s.base}/espace`)).body, /Absence justifiée/);
    assert.deepEqual(
      await justifiedAbsenceDays(t.db, s.tenant.id, { from: '2026-11-01', to: '2026-11-24' }),
      [
        { childId: s.a.child.id, day: '2026-11-23' },
        { childId: s.a.child.id, day: '2026-11-24' },
      ],
    );
  });

  it('refusal needs a reason, is e-mailed and shown; only accepted declarations count as justified days', async () => {
    const s = await setup();
    await declare(s, { childId: s.a.child.id, firstDay: '2026-11-30', reason: 'raison_familiale' });
    const [d] = await rows();
    assert.equal(d!.lastDay, '2026-11-30');
    let res = await s.m.post(`${s.base}/gestion/absences/${d!.id}/refuser`, { reason: ' ' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /motif du refus/);
    res = await s.m.post(`${s.base}/gestion/absences/${d!.id}/refuser`, { reason: 'Sans certificat <b>' });
    assert.equal(res.statusCode, 303);
    const mail = (await t.db.select().from(outboxEmails)).find((x) =>
      x.subject.startsWith('Absence non justifiée'),
    );
    assert.match(mail!.textBody, /Motif : Sans certificat <b>/);
    const list = await s.fa.get(`${s.base}/absences`);
    assert.match(list.body, /Non justifiée/);
    assert.match(list.body, /Sans certificat &lt;b>/);
    assert.deepEqual(
      await justifiedAbsenceDays(t.db, s.tenant.id, { from: '2026-11-01', to: '2026-12-31' }),
      [],
    );
    // A refused declaration does not block a new one for the same day.
    res = await declare(s, { childId: s.a.child.id, firstDay: '2026-11-30', reason: 'maladie' });
    assert.equal(res.statusCode, 303);
    // But a pending one does.
    res = await declare(s, {
      childId: s.a.child.id,
      firstDay: '2026-11-29',
      lastDay: '2026-12-01',
      reason: 'maladie',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /déjà déclarée/);
  });

  it('refuses outside the time limit with the reason; the administrator can widen the limit', async () => {
    const s = await setup();
    // Friday 20 November: 48 working hours ran out on Tuesday 24 at midnight.
    let res = await declare(s, { childId: s.a.child.id, firstDay: '2026-11-20', reason: 'maladie' });
    assert.equal(res.statusCode, 400);
    assert.match(
      res.body,
      /Délai dépassé : une absence commençant le vendredi 20 novembre 2026 pouvait être déclarée jusqu’au mardi 24 novembre 2026 à 23 h 59 \(48 heures ouvrées après le premier jour d’absence\)/,
    );
    // The form comes back filled in.
    assert.match(res.body, /value="2026-11-20"/);
    // Future absences are fine.
    res = await declare(s, {
      childId: s.a.child.id,
      firstDay: '2027-01-04',
      lastDay: '2027-01-08',
      reason: 'autre',
    });
    assert.equal(res.statusCode, 303);
    // Range checks.
    res = await declare(s, {
      childId: s.a.child.id,
      firstDay: '2026-12-10',
      lastDay: '2026-12-09',
      reason: 'autre',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Le dernier jour doit être le premier jour ou après/);
    res = await declare(s, { childId: s.a.child.id, firstDay: '2026-02-30', reason: '' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /une date valide/);
    assert.match(res.body, /Choisissez le motif/);

    // Settings: administrators only.
    assert.equal((await s.m.get(`${s.base}/gestion/absences/reglages`)).statusCode, 403);
    assert.equal((await s.adm.get(`${s.base}/gestion/absences/reglages`)).statusCode, 200);
    res = await s.adm.post(`${s.base}/gestion/absences/reglages`, { limitHours: '0', limitKind: 'working' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Entre 1 et 720 heures/);
    res = await s.adm.post(`${s.base}/gestion/absences/reglages`, {
      limitHours: '120',
      limitKind: 'calendar',
    });
    assert.equal(res.statusCode, 303);
    const form = await s.fa.get(`${s.base}/absences/declarer`);
    assert.match(form.body, /Délai : 120 heures après le premier jour/);
    res = await declare(s, { childId: s.a.child.id, firstDay: '2026-11-20', reason: 'maladie' });
    assert.equal(res.statusCode, 303);
    assert.equal((await rows()).length, 2);
    assert.ok((await actions()).includes('absence.settings.update'));
  });

  it('refuses hostile files with a message next to the field and stores nothing', async () => {
    const s = await setup();
    const fields = { childId: s.a.child.id, firstDay: '2026-11-25', reason: 'maladie' };
    const before = await storedFiles();
    const cases: { filename: string; content: Buffer; status: number; message: RegExp }[] = [
      // A renamed executable.
      { filename: 'certificat.pdf', content: SAMPLE.exe, status: 400, message: /pas accepté/ },
      // A script page named as an image.
      { filename: 'photo.png', content: SAMPLE.html, status: 400, message: /pas accepté/ },
      // A polyglot: HTML first, a PDF signature later in the file.
      {
        filename: 'poly.pdf',
        content: Buffer.concat([Buffer.from('<html><script>alert(1)</script>'), SAMPLE.pdf]),
        status: 400,
        message: /pas accepté/,
      },
      { filename: 'vide.pdf', content: Buffer.alloc(0), status: 400, message: /vide/ },
      { filename: 'gros.pdf', content: pdfOfSize(11 * 1024 * 1024), status: 413, message: /dépasse 10 Mo/ },
    ];
    for (const c of cases) {
      const res = await declare(s, fields, { filename: c.filename, content: c.content });
      assert.equal(res.statusCode, c.status, c.filename);
      assert.match(res.body, c.message, c.filename);
      assert.match(res.body, /id="f-file-error"/, c.filename);
    }
    assert.equal((await rows()).length, 0);
    assert.equal(await storedFiles(), before);
    // A file with a valid image signature and markup after it is an image: served as one, never rendered.
    let res = await declare(s, fields, {
      filename: '../../../etc/passwd/..\\cert<script>.jpg',
      content: Buffer.concat([SAMPLE.jpeg, Buffer.from('<script>alert(1)</script>')]),
    });
    assert.equal(res.statusCode, 303);
    const [d] = await rows();
    assert.equal(d!.certificateName, 'certscript.jpg');
    res = await s.m.get(`${s.base}/gestion/absences/${d!.id}/justificatif`);
    assert.equal(res.headers['content-type'], 'image/jpeg');
    assert.match(String(res.headers['content-disposition']), /^attachment;/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    // A HEIC photo is accepted.
    res = await declare(
      s,
      { ...fields, firstDay: '2026-11-26' },
      { filename: 'IMG_0001.HEIC', content: SAMPLE.heic },
    );
    assert.equal(res.statusCode, 303);
    // Without a CSRF token: refused before storing anything.
    res = await s.fa.postMultipart(
      `${s.base}/absences/declarer`,
      fields,
      { filename: 'a.pdf', content: SAMPLE.pdf },
      { csrf: false },
    );
    assert.equal(res.statusCode, 403);
    assert.equal((await rows()).length, 2);
  });

  it('a replayed form creates one declaration and keeps one file', async () => {
    const s = await setup();
    const page = await s.fa.get(`${s.base}/absences/declarer`);
    const formToken = /name="formToken" value="([^"]+)"/.exec(page.body)![1]!;
    const fields = { formToken, childId: s.a.child.id, firstDay: '2026-11-25', reason: 'maladie' };
    const before = await storedFiles();
    for (let i = 0; i < 3; i++) {
      const res = await s.fa.postMultipart(`${s.base}/absences/declarer`, fields, {
        filename: 'certificat.pdf',
        content: SAMPLE.pdf,
      });
      assert.equal(res.statusCode, 303, `attempt ${i + 1}`);
    }
    assert.equal((await rows()).length, 1);
    assert.equal(await storedFiles(), before + 1);
    assert.equal((await actions()).filter((a) => a === 'absence.declare').length, 1);
    // The same form reused for other days (browser back, dates edited) is not taken for a replay.
    const reused = await s.fa.postMultipart(`${s.base}/absences/declarer`, {
      ...fields,
      firstDay: '2026-11-30',
    });
    assert.equal(reused.statusCode, 400);
    assert.match(reused.body, /Ce formulaire a déjà servi/);
    assert.doesNotMatch(reused.body, new RegExp(`value="${formToken}"`));
    assert.equal((await rows()).length, 1);
  });

  it('other households, other tenants, animators and directors of other facilities get nothing', async () => {
    const s = await setup();
    await declare(
      s,
      { childId: s.a.child.id, firstDay: '2026-11-25', reason: 'maladie' },
      { filename: 'c.pdf', content: SAMPLE.pdf },
    );
    const [d] = await rows();
    // Family B: A's certificate, A's child → 404; A's declarations are not in B's list.
    assert.equal((await s.fb.get(`${s.base}/absences/${d!.id}/justificatif`)).statusCode, 404);
    let res = await declare(
      s,
      { childId: s.a.child.id, firstDay: '2026-11-26', reason: 'maladie' },
      undefined,
      s.fb,
    );
    assert.equal(res.statusCode, 404);
    assert.equal((await s.fb.get(`${s.base}/absences?enfant=${s.a.child.id}`)).statusCode, 404);
    assert.doesNotMatch((await s.fb.get(`${s.base}/absences`)).body, new RegExp(d!.id));
    assert.match((await s.fa.get(`${s.base}/absences?enfant=${s.a.child.id}`)).body, new RegExp(d!.id));
    // Family C of another tenant: this tenant's pages do not exist for it; its own tenant knows nothing.
    assert.equal((await s.fc.get(`${s.base}/absences`)).statusCode, 404);
    assert.equal((await s.fc.get(`/${s.other.slug}/absences/${d!.id}/justificatif`)).statusCode, 404);
    res = await declare(
      s,
      { childId: s.a.child.id, firstDay: '2026-11-26', reason: 'maladie' },
      undefined,
      s.fc,
      `/${s.other.slug}`,
    );
    assert.equal(res.statusCode, 404);
    // Staff of the other tenant.
    assert.equal((await s.om.get(`/${s.other.slug}/gestion/absences/${d!.id}`)).statusCode, 404);
    assert.equal((await s.om.get(`/${s.other.slug}/gestion/absences/${d!.id}/justificatif`)).statusCode, 404);
    assert.equal((await s.om.post(`/${s.other.slug}/gestion/absences/${d!.id}/accepter`)).statusCode, 404);
    assert.equal((await s.om.get(`${s.base}/gestion/absences/${d!.id}`)).statusCode, 404);
    // Animators: no access at all.
    assert.equal((await s.anim.get(`${s.base}/gestion/absences`)).statusCode, 403);
    assert.equal((await s.anim.get(`${s.base}/gestion/absences/${d!.id}/justificatif`)).statusCode, 403);
    // A director sees only children enrolled at their facility.
    assert.doesNotMatch((await s.dir.get(`${s.base}/gestion/absences`)).body, new RegExp(d!.id));
    assert.equal((await s.dir.get(`${s.base}/gestion/absences/${d!.id}`)).statusCode, 404);
    assert.equal((await s.dir.get(`${s.base}/gestion/absences/${d!.id}/justificatif`)).statusCode, 404);
    assert.equal((await s.dir.post(`${s.base}/gestion/absences/${d!.id}/accepter`)).statusCode, 404);
    await t.db.insert(enrollments).values({
      tenantId: s.tenant.id,
      householdId: s.a.household.id,
      childId: s.a.child.id,
      activityId: s.cat.activity.id,
      periodId: s.cat.period.id,
      status: 'accepted',
      requestedAt: t.clock.now(),
    });
    assert.match((await s.dir.get(`${s.base}/gestion/absences`)).body, new RegExp(d!.id));
    assert.equal((await s.dir.get(`${s.base}/gestion/absences/${d!.id}/justificatif`)).statusCode, 200);
    assert.equal((await s.dir.post(`${s.base}/gestion/absences/${d!.id}/accepter`)).statusCode, 303);
    // Nothing was written by the refused attempts.
    assert.equal((await rows()).length, 1);
    assert.deepEqual(
      (await actions()).filter((a) => a !== 'absence.view'),
      ['absence.accept', 'absence.certificate.view', 'absence.declare'],
    );
  });
});
