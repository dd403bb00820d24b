import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { useTestApp } from '../../../test/helpers/app';
import { createIssuedInvoice } from '../../../test/helpers/billing-factories';
import { signedInClient, type TestClient } from '../../../test/helpers/client';
import { createFamily, createStaff, createTenant } from '../../../test/helpers/factories';
import { pdfText } from '../../../test/helpers/pdf-text';
import { SAMPLE } from '../../../test/helpers/sample-files';
import {
  createMandate,
  OTHER_IBAN,
  setUpSepa,
  TEST_IBAN,
  TEST_ICS,
} from '../../../test/helpers/sepa-factories';
import { outboxEmails } from '../../platform/mail/mail.schema';
import { invoices } from '../billing/billing.schema';
import { payments } from './payments.schema';
import { ibanKey } from './sepa.routes';
import { sepaCollectionItems, sepaCollections, sepaMandateRequests, sepaMandates } from './sepa.schema';
import { directDebitNoticeOf } from './sepa.service';

// The test clock: Wednesday 25 November 2026, 10:00 in Paris.
const t = useTestApp();

async function setup(format: 'pain.008.001.02' | 'pain.008.001.08' = 'pain.008.001.02') {
  const tenant = await createTenant(t.db);
  const other = await createTenant(t.db);
  await t.app.tenants.refresh();
  await setUpSepa(t.db, tenant.id, { format });
  await setUpSepa(t.db, other.id);
  const accountant = await createStaff(t.db, tenant.id, ['accountant']);
  const manager = await createStaff(t.db, tenant.id, ['manager']);
  const otherAcc = await createStaff(t.db, other.id, ['accountant']);
  const a = await createFamily(t.db, tenant.id);
  const b = await createFamily(t.db, tenant.id);
  const c = await createFamily(t.db, other.id);
  return {
    tenant,
    other,
    a,
    b,
    c,
    base: `/${tenant.slug}`,
    accountantId: accountant.id,
    acc: await signedInClient(t, accountant.id, tenant.id),
    m: await signedInClient(t, manager.id, tenant.id),
    oacc: await signedInClient(t, otherAcc.id, other.id),
    fa: await signedInClient(t, a.user.id, tenant.id),
    fb: await signedInClient(t, b.user.id, tenant.id),
    fc: await signedInClient(t, c.user.id, other.id),
  };
}
type S = Awaited<ReturnType<typeof setup>>;

async function requestMandate(
  s: S,
  fields: Record<string, string>,
  client: TestClient = s.fa,
  withFile = true,
) {
  const page = await client.get(`${s.base}/prelevement/demande`);
  assert.equal(page.statusCode, 200);
  const token = /name="formToken" value="([^"]+)"/.exec(page.body)?.[1] ?? randomUUID();
  return client.postMultipart(
    `${s.base}/prelevement/demande`,
    {
      formToken: token,
      accountHolder: 'Zoé & Jérôme <script>',
      bankName: 'Banque Démo',
      iban: 'FR76 3000 6000 0112 3456 7890 189',
      bic: '',
      accept: 'yes',
      ...fields,
    },
    withFile ? { filename: 'rib.pdf', contentType: 'application/pdf', content: SAMPLE.pdf } : undefined,
  );
}

const XSD_DIR = new URL('../../../test/fixtures/sepa/', import.meta.url).pathname;
function validateXsd(xml: string, format: string) {
  const dir = mkdtempSync(join(tmpdir(), 'sepa-int-'));
  try {
    writeFileSync(join(dir, 'f.xml'), xml);
    execFileSync('xmllint', ['--noout', '--schema', join(XSD_DIR, `${format}.xsd`), join(dir, 'f.xml')], {
      stdio: 'pipe',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('SEPA mandates', () => {
  it('a family asks; bad input is told next to the fields; the accountant accepts; the IBAN is sealed', async () => {
    const s = await setup();
    const form = await s.fa.get(`${s.base}/prelevement/demande`);
    assert.ok(form.body.includes(TEST_ICS), 'the mandate text shows the ICS');
    assert.ok(form.body.includes('Régie Enfance &amp; Jeunesse'));
    const bad = await requestMandate(s, { iban: 'FR76 3000 6000 0112 3456 7890 188', accept: '' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Cet IBAN n’est pas valide|clé RIB/);
    assert.match(bad.body, /Cochez la case pour accepter le mandat/);
    const noFile = await requestMandate(s, {}, s.fa, false);
    assert.equal(noFile.statusCode, 400);
    assert.match(noFile.body, /Joignez votre RIB/);
    const badBic = await requestMandate(s, { bic: 'XX' });
    assert.equal(badBic.statusCode, 400);
    assert.equal((await t.db.select().from(sepaMandateRequests)).length, 0);

    const ok = await requestMandate(s, {});
    assert.equal(ok.statusCode, 303);
    const [req] = await t.db.select().from(sepaMandateRequests);
    assert.equal(req!.status, 'pending');
    assert.equal(req!.ibanMasked, 'FR76 **** **** 0189');
    assert.ok(!req!.ibanSealed.includes('30006000'), 'sealed, not plain');
    // A second request while one waits: refused next to the form.
    const twice = await requestMandate(s, {});
    assert.equal(twice.statusCode, 400);
    assert.match(twice.body, /déjà en attente/);

    // Staff queue (work queue on the staff home), detail with the RIB, hostile ids.
    const home = await s.acc.get(`${s.base}/gestion`);
    assert.match(home.body, /Demandes de prélèvement/);
    const queue = await s.acc.get(`${s.base}/gestion/prelevements/demandes`);
    assert.equal(queue.statusCode, 200);
    assert.ok(queue.body.includes('FR76 **** **** 0189'));
    assert.ok(!queue.body.includes('30006000'));
    const detail = await s.acc.get(`${s.base}/gestion/prelevements/demandes/${req!.id}`);
    assert.ok(detail.body.includes('Zoé &amp; Jérôme &lt;script'));
    const rib = await s.acc.get(`${s.base}/gestion/prelevements/demandes/${req!.id}/rib`);
    assert.equal(rib.statusCode, 200);
    assert.equal(
      (await s.oacc.get(`/${s.tenant.slug}/gestion/prelevements/demandes/${req!.id}`)).statusCode,
      404,
    );
    assert.equal(
      (await s.oacc.post(`/${s.other.slug}/gestion/prelevements/demandes/${req!.id}/accepter`)).statusCode,
      404,
    );
    assert.equal(
      (await s.m.post(`${s.base}/gestion/prelevements/demandes/${req!.id}/accepter`)).statusCode,
      403,
    );
    assert.equal((await s.fa.get(`${s.base}/gestion/prelevements/demandes`)).statusCode, 403);

    const acc = await s.acc.post(`${s.base}/gestion/prelevements/demandes/${req!.id}/accepter`);
    assert.equal(acc.statusCode, 303);
    assert.equal(
      (await s.acc.post(`${s.base}/gestion/prelevements/demandes/${req!.id}/accepter`)).statusCode,
      409,
    );
    const [m] = await t.db.select().from(sepaMandates);
    assert.equal(m!.status, 'active');
    assert.equal(m!.signedOn, '2026-11-25');
    assert.match(m!.rum, /^MND-2026-[A-Z2-9]{8}$/);
    assert.ok(m!.needsFirst);
    const family = await s.fa.get(`${s.base}/prelevement`);
    assert.ok(family.body.includes(m!.rum));
    assert.ok(family.body.includes('FR76 **** **** 0189'));
    const mails = await t.db.select().from(outboxEmails);
    assert.ok(mails.some((x) => x.textBody.includes(m!.rum)));

    // A change of bank details: an amendment keeps the RUM, next debit FRST.
    const change = await requestMandate(s, { iban: OTHER_IBAN });
    assert.equal(change.statusCode, 303);
    const amend = (await t.db.select().from(sepaMandateRequests)).find((r) => r.status === 'pending')!;
    assert.equal(amend.kind, 'amendment');
    await s.acc.post(`${s.base}/gestion/prelevements/demandes/${amend.id}/accepter`);
    const [m2] = await t.db.select().from(sepaMandates);
    assert.equal(m2!.rum, m!.rum);
    assert.equal(m2!.amendments, 1);
    assert.equal(m2!.ibanMasked, 'DE89 **** **** 3000');

    // The family stops direct debit.
    assert.equal((await s.fa.post(`${s.base}/prelevement/arreter`)).statusCode, 303);
    assert.equal((await t.db.select().from(sepaMandates))[0]!.status, 'revoked');
    assert.equal((await s.fa.post(`${s.base}/prelevement/arreter`)).statusCode, 409);
  });

  it('a refusal needs a comment the family sees; a replayed request makes one row', async () => {
    const s = await setup();
    const page = await s.fb.get(`${s.base}/prelevement/demande`);
    const token = /name="formToken" value="([^"]+)"/.exec(page.body)![1]!;
    const fields = {
      formToken: token,
      accountHolder: 'B',
      bankName: 'Banque',
      iban: TEST_IBAN,
      accept: 'yes',
    };
    fields.accountHolder = 'Bea';
    const file = { filename: 'rib.png', contentType: 'image/png', content: SAMPLE.png };
    const r1 = await s.fb.postMultipart(`${s.base}/prelevement/demande`, fields, file);
    const r2 = await s.fb.postMultipart(`${s.base}/prelevement/demande`, fields, file);
    assert.equal(r1.statusCode, 303);
    assert.equal(r2.statusCode, 303);
    const rows = await t.db.select().from(sepaMandateRequests);
    assert.equal(rows.length, 1);
    const noComment = await s.acc.post(`${s.base}/gestion/prelevements/demandes/${rows[0]!.id}/refuser`, {
      comment: '',
    });
    assert.equal(noComment.statusCode, 400);
    assert.match(noComment.body, /Indiquez le motif du refus/);
    const refused = await s.acc.post(`${s.base}/gestion/prelevements/demandes/${rows[0]!.id}/refuser`, {
      comment: 'RIB illisible <b>',
    });
    assert.equal(refused.statusCode, 303);
    const fam = await s.fb.get(`${s.base}/prelevement`);
    assert.ok(fam.body.includes('RIB illisible &lt;b'));
    // Family A does not see family B's requests.
    assert.ok(!(await s.fa.get(`${s.base}/prelevement`)).body.includes('RIB illisible'));
  });
});

describe('SEPA collections', () => {
  for (const format of ['pain.008.001.02', 'pain.008.001.08'] as const) {
    it(`${format}: preview, create, download (XSD-valid, with the RUM), settle, return`, async () => {
      const s = await setup(format);
      const key = ibanKey(t.app);
      const mA = await createMandate(t.db, s.tenant.id, s.a.household.id, key, {
        holder: 'Zoé & Jérôme Lefèvre',
      });
      const invA = await createIssuedInvoice(t.db, s.tenant.id, s.a.household.id, { issuedOn: '2026-11-20' });
      const invA2 = await createIssuedInvoice(t.db, s.tenant.id, s.a.household.id, { month: '2026-09-01' });
      // Family B has no mandate: not collected.
      await createIssuedInvoice(t.db, s.tenant.id, s.b.household.id);
      // A date too early is told next to the field.
      const early = await s.acc.get(`${s.base}/gestion/prelevements?date=2026-11-25`);
      assert.equal(early.statusCode, 400);
      assert.match(early.body, /jour ouvré à partir du jeudi 26 novembre 2026/);
      const preview = await s.acc.get(`${s.base}/gestion/prelevements?date=2026-12-01`);
      assert.equal(preview.statusCode, 200);
      assert.ok(preview.body.includes(mA.rum));
      assert.match(preview.body, /moins de 14 jours/);
      const token = /name="formToken" value="([^"]+)"/.exec(preview.body)![1]!;
      const created = await s.acc.post(`${s.base}/gestion/prelevements`, {
        date: '2026-12-01',
        formToken: token,
      });
      assert.equal(created.statusCode, 303, created.body.slice(0, 400));
      const replay = await s.acc.post(`${s.base}/gestion/prelevements`, {
        date: '2026-12-01',
        formToken: token,
      });
      assert.equal(replay.headers.location, created.headers.location);
      const again = await s.acc.post(`${s.base}/gestion/prelevements`, {
        date: '2026-12-01',
        formToken: randomUUID(),
      });
      assert.equal(again.statusCode, 400);
      assert.match(again.body, /Aucune facture à prélever/);
      const [col] = await t.db.select().from(sepaCollections);
      assert.equal(col!.count, 2);
      assert.equal(col!.totalCents, 10000);
      assert.equal(col!.format, format);
      for (const id of [invA.id, invA2.id])
        assert.equal(
          (await t.db.select().from(invoices).where(eq(invoices.id, id)))[0]!.status,
          'in_collection',
        );
      const pays = await t.db.select().from(payments);
      assert.deepEqual(
        pays.map((p) => [p.method, p.status]),
        [
          ['direct_debit', 'pending'],
          ['direct_debit', 'pending'],
        ],
      );
      // The pre-notification for the lead to print on the invoice.
      const notice = await directDebitNoticeOf(t.db, s.tenant.id, invA.id);
      assert.match(notice!, /Sera prélevée le mardi 1er décembre 2026 : 50,00\s€/);
      assert.ok(notice!.includes(mA.rum) && notice!.includes(TEST_ICS));
      assert.equal(await directDebitNoticeOf(t.db, s.other.id, invA.id), null);
      // …and the family sees it on the invoice page and in its PDF (wired in wiring.ts).
      const page = await s.fa.get(`${s.base}/factures/${invA.id}`);
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes(mA.rum), 'the invoice page shows the pre-notification');
      const pdf = await s.fa.get(`${s.base}/factures/${invA.id}/pdf`);
      assert.match(pdfText(pdf.rawPayload).replace(/\s+/g, ' '), /Sera prélevée le mardi 1er décembre 2026/);

      const file = await s.acc.get(`${s.base}/gestion/prelevements/${col!.id}/fichier`);
      assert.equal(file.statusCode, 200);
      assert.match(String(file.headers['content-type']), /application\/xml/);
      validateXsd(file.body, format);
      assert.ok(file.body.includes(`<MndtId>${mA.rum}</MndtId>`));
      assert.ok(file.body.includes(`<IBAN>${TEST_IBAN}</IBAN>`));
      assert.ok(file.body.includes('<Nm>Zoe et Jerome Lefevre</Nm>'));
      assert.ok(file.body.includes('<SeqTp>FRST</SeqTp>'));
      assert.ok(file.body.includes('<CtrlSum>100.00</CtrlSum>'));
      // Other tenant, manager (read only), family: no file.
      assert.equal(
        (await s.oacc.get(`/${s.other.slug}/gestion/prelevements/${col!.id}/fichier`)).statusCode,
        404,
      );
      assert.equal((await s.m.get(`${s.base}/gestion/prelevements/${col!.id}/fichier`)).statusCode, 403);
      assert.equal((await s.m.get(`${s.base}/gestion/prelevements/${col!.id}`)).statusCode, 200);
      assert.equal((await s.fa.get(`${s.base}/gestion/prelevements/${col!.id}`)).statusCode, 403);

      // Settling before the date is refused; after it the invoices are paid.
      assert.equal((await s.acc.post(`${s.base}/gestion/prelevements/${col!.id}/regler`)).statusCode, 409);
      t.clock.set(new Date('2026-12-02T09:00:00Z'));
      // A week later: a new session (the first one is idle-expired).
      const acc = await signedInClient(t, s.accountantId, s.tenant.id);
      try {
        assert.equal((await acc.post(`${s.base}/gestion/prelevements/${col!.id}/regler`)).statusCode, 303);
        assert.equal((await acc.post(`${s.base}/gestion/prelevements/${col!.id}/regler`)).statusCode, 409);
        assert.equal((await t.db.select().from(invoices).where(eq(invoices.id, invA.id)))[0]!.status, 'paid');
        assert.match((await directDebitNoticeOf(t.db, s.tenant.id, invA.id))!, /^Prélevée le/);

        // The bank returns one debit (insufficient funds): the invoice is due again, the family told.
        const item = (await t.db.select().from(sepaCollectionItems)).find((i) => i.invoiceId === invA.id)!;
        const payUrl = `${s.base}/gestion/paiements/${item.paymentId}`;
        const noCode = await acc.post(`${payUrl}/rejet`, { code: 'XX99' });
        assert.equal(noCode.statusCode, 400);
        assert.equal((await acc.post(`${payUrl}/rejet`, { code: 'AM04' })).statusCode, 303);
        assert.equal((await acc.post(`${payUrl}/rejet`, { code: 'AM04' })).statusCode, 409);
        const inv = (await t.db.select().from(invoices).where(eq(invoices.id, invA.id)))[0]!;
        assert.equal(inv.status, 'unpaid');
        assert.equal(inv.settledCents, 0);
        assert.equal(
          (await t.db.select().from(payments).where(eq(payments.id, item.paymentId)))[0]!.status,
          'returned',
        );
        assert.equal(await directDebitNoticeOf(t.db, s.tenant.id, invA.id), null);
        assert.ok(
          (await t.db.select().from(outboxEmails)).some((x) => x.subject.startsWith('Prélèvement rejeté')),
        );
        // AM04 keeps the sequence: the next collection of that invoice is RCUR.
        assert.equal((await t.db.select().from(sepaMandates))[0]!.needsFirst, false);
        const p2 = await acc.get(`${s.base}/gestion/prelevements?date=2026-12-10`);
        const tok2 = /name="formToken" value="([^"]+)"/.exec(p2.body)![1]!;
        const c2 = await acc.post(`${s.base}/gestion/prelevements`, { date: '2026-12-10', formToken: tok2 });
        assert.equal(c2.statusCode, 303);
        const id2 = (c2.headers.location as string).split('/').pop()!;
        const f2 = await acc.get(`${s.base}/gestion/prelevements/${id2}/fichier`);
        validateXsd(f2.body, format);
        assert.ok(f2.body.includes('<SeqTp>RCUR</SeqTp>') && !f2.body.includes('<SeqTp>FRST</SeqTp>'));
        // Returned before settlement (MD01): the invoice leaves the collection, next debit FRST.
        const item2 = (await t.db.select().from(sepaCollectionItems)).find((i) => i.collectionId === id2)!;
        assert.equal(
          (await acc.post(`${s.base}/gestion/paiements/${item2.paymentId}/rejet`, { code: 'MD01' }))
            .statusCode,
          303,
        );
        assert.equal(
          (await t.db.select().from(invoices).where(eq(invoices.id, invA.id)))[0]!.status,
          'unpaid',
        );
        assert.equal((await t.db.select().from(sepaMandates))[0]!.needsFirst, true);
      } finally {
        t.clock.set(new Date('2026-11-25T09:00:00Z'));
      }
    });
  }

  it('settings: the accountant sets the creditor account; bad IBAN told; without setup nothing is offered', async () => {
    const tenant = await createTenant(t.db);
    await t.app.tenants.refresh();
    const acc = await signedInClient(t, (await createStaff(t.db, tenant.id, ['accountant'])).id, tenant.id);
    const fam = await createFamily(t.db, tenant.id);
    const fc = await signedInClient(t, fam.user.id, tenant.id);
    const base = `/${tenant.slug}`;
    assert.match((await fc.get(`${base}/prelevement`)).body, /ne propose pas le prélèvement/);
    assert.equal((await fc.get(`${base}/prelevement/demande`)).statusCode, 404);
    assert.match((await acc.get(`${base}/gestion/prelevements`)).body, /Renseignez le compte créancier/);
    const bad = await acc.post(`${base}/gestion/prelevements/reglages`, {
      creditorName: 'Régie',
      creditorIban: 'FR00 1234',
      format: 'pain.008.001.02',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /IBAN/);
    const ok = await acc.post(`${base}/gestion/prelevements/reglages`, {
      creditorName: 'Régie',
      creditorIban: TEST_IBAN,
      creditorBic: 'agrifrpp',
      format: 'pain.008.001.08',
    });
    assert.equal(ok.statusCode, 303);
    assert.equal(
      (await acc.post(`${base}/gestion/prelevements/reglages`, { format: 'pain.008.001.99' })).statusCode,
      400,
    );
  });
});
