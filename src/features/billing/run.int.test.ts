import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { and, asc, eq } from 'drizzle-orm';
import { useTestApp } from '../../../test/helpers/app';
import { signedInClient } from '../../../test/helpers/client';
import { createFamily, createStaff, createTenant } from '../../../test/helpers/factories';
import { pdfText } from '../../../test/helpers/pdf-text';
import { auditLog } from '../../platform/audit/audit.schema';
import { jobs } from '../../platform/jobs/jobs.schema';
import { households } from '../households/households.schema';
import { invoiceLines, invoices } from './billing.schema';
import { billingRuns } from './run.schema';
import { runHooks } from './run.service';
import { billingWorld } from './run.test-support';
import { tariffVersions } from './tariffs.schema';

const t = useTestApp();

async function world(n = 3) {
  const w = await billingWorld(t.db, n);
  await t.app.tenants.refresh();
  const accountant = await createStaff(t.db, w.tenant.id, ['accountant']);
  const manager = await createStaff(t.db, w.tenant.id, ['manager']);
  const acc = await signedInClient(t, accountant.id, w.tenant.id);
  const man = await signedInClient(t, manager.id, w.tenant.id);
  const base = `/${w.tenant.slug}/gestion`;
  return { ...w, acc, man, base };
}

async function openOctober(w: Awaited<ReturnType<typeof world>>) {
  const res = await w.acc.post(`${w.base}/facturation`, { month: '2026-10' });
  assert.equal(res.statusCode, 303, res.body);
  const runId = /facturation\/([0-9a-f-]{36})$/.exec(res.headers.location as string)![1]!;
  return runId;
}

/** Runs the worker until the job queue is idle (each tick claims due jobs). */
async function drainJobs() {
  for (let i = 0; i < 5; i++) await t.worker.tick();
}

beforeEach(() => {
  runHooks.afterHousehold = undefined;
});

describe('tariffs pages', () => {
  it('the accountant creates a version; errors come back in French with 400; managers read only', async () => {
    const w = await world(1);
    const url = `${w.base}/tarifs/${w.cat.repas.id}`;
    const list = await w.man.get(`${w.base}/tarifs`);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Tranches de quotient familial/);
    assert.equal((await w.man.get(url)).statusCode, 200);
    assert.doesNotMatch((await w.man.get(url)).body, /Créer la version/);
    assert.equal((await w.man.post(url, { validFrom: '2026-09-01', mode: 'flat' })).statusCode, 403);

    const common = {
      sibling2Percent: '0',
      sibling3Percent: '0',
      unjustifiedPercent: '100',
      withoutBookingKind: 'amount',
      withoutBookingValue: '0',
      lateCancellationKind: 'amount',
      lateCancellationValue: '0',
    };
    const overlap = await w.acc.post(url, {
      ...common,
      validFrom: '2026-09-01',
      mode: 'brackets',
      b0_qfMin: '0',
      b0_qfMax: '800',
      b0_resident: '3',
      b0_nonResident: '4',
      b1_qfMin: '700',
      b1_qfMax: '',
      b1_resident: '5',
      b1_nonResident: '6',
    });
    assert.equal(overlap.statusCode, 400);
    assert.match(overlap.body, /chevauche une autre tranche/);
    const clamp = await w.acc.post(url, {
      ...common,
      validFrom: '2026-09-01',
      mode: 'effort',
      rate: '0,85',
      floorPrice: '5',
      capPrice: '2',
      nonResidentPrice: '6',
    });
    assert.equal(clamp.statusCode, 400);
    assert.match(clamp.body, /plafond doit être supérieur ou égal au plancher/);
    const negative = await w.acc.post(url, {
      ...common,
      validFrom: '2026-09-01',
      mode: 'flat',
      residentPrice: '-3',
      nonResidentPrice: '4',
    });
    assert.equal(negative.statusCode, 400);
    assert.match(negative.body, /ne peut pas être négatif/);
    const script = await w.acc.post(url, {
      ...common,
      validFrom: '<script>x</script>',
      mode: 'flat',
      residentPrice: '3',
      nonResidentPrice: '4',
    });
    assert.equal(script.statusCode, 400);
    // Only ever inside a quoted attribute (inert there), never as markup.
    assert.equal(script.body.split('<script>x</script>').length, 2);
    assert.match(script.body, /value="<script>x<\/script>"/);

    const ok = await w.acc.post(url, {
      ...common,
      validFrom: '2026-09-01',
      mode: 'flat',
      residentPrice: '3,20',
      nonResidentPrice: '4,10',
    });
    assert.equal(ok.statusCode, 303, ok.body);
    const again = await w.acc.post(url, {
      ...common,
      validFrom: '2026-09-01',
      mode: 'flat',
      residentPrice: '3',
      nonResidentPrice: '4',
    });
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /Une version commence déjà ce jour-là/);
    const [v] = await t.db.select().from(tariffVersions).where(eq(tariffVersions.unitId, w.cat.repas.id));
    assert.deepEqual(
      v!.rule.mode === 'flat' && [v!.rule.residentCents, v!.rule.nonResidentCents],
      [320, 410],
    );
    assert.equal((await t.db.select().from(auditLog).where(eq(auditLog.action, 'tariff.create'))).length, 1);
    // A unit of another tenant does not exist here.
    const other = await createTenant(t.db);
    await t.app.tenants.refresh();
    const w2 = await billingWorld(t.db, 0, { slug: 'autre-ville' });
    assert.ok(other);
    assert.equal((await w.acc.get(`${w.base}/tarifs/${w2.cat.journee.id}`)).statusCode, 404);
  });
});

describe('monthly run', () => {
  it('previews, adjusts with a reason (kept on recompute), issues with a progress bar and does nothing twice', async () => {
    const w = await world(3);
    // The third family has paper invoices; the second gets a 100 % exclusion → zero total, not invoiced.
    await t.db
      .update(households)
      .set({ paperlessInvoices: false })
      .where(eq(households.id, w.fams[2]!.household.id));
    const notEnded = await w.acc.post(`${w.base}/facturation`, { month: '2026-11' });
    assert.equal(notEnded.statusCode, 400);
    assert.match(notEnded.body, /choisissez un mois terminé/);
    assert.equal((await w.man.post(`${w.base}/facturation`, { month: '2026-10' })).statusCode, 403);

    const runId = await openOctober(w);
    assert.equal(await openOctober(w), runId, 'opening the month again finds the same run');
    const runUrl = `${w.base}/facturation/${runId}`;
    const page = await w.man.get(runUrl);
    assert.equal(page.statusCode, 200);
    // 4 days × 12 € × 3 families (the unmarked-absent day of family 1 is an unjustified absence: billed).
    assert.match(page.body, /144,00\s€/);
    assert.doesNotMatch(page.body, /Émettre les/, 'managers read only');

    const f1 = `${runUrl}/foyers/${w.fams[0]!.household.id}`;
    const detail = await w.acc.get(f1);
    assert.equal(detail.statusCode, 200);
    assert.match(detail.body, /QF 820 : tranche 701–1\u00a0000/);
    assert.match(detail.body, /absences non justifiées/);
    const key = { childId: w.fams[0]!.child.id, unitId: w.cat.journee.id, kind: 'service' };
    const noReason = await w.acc.post(`${f1}/ajuster`, {
      ...key,
      action: 'amount',
      amount: '30',
      reason: '',
    });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Indiquez le motif/);
    const adjusted = await w.acc.post(`${f1}/ajuster`, {
      ...key,
      action: 'amount',
      amount: '30',
      reason: 'Geste <b>commercial</b>',
    });
    assert.equal(adjusted.statusCode, 303);
    const f2 = `${runUrl}/foyers/${w.fams[1]!.household.id}`;
    const excl = await w.acc.post(`${f2}/ajuster`, {
      childId: w.fams[1]!.child.id,
      unitId: w.cat.journee.id,
      kind: 'service',
      action: 'exclude',
      reason: 'Erreur de pointage',
    });
    assert.equal(excl.statusCode, 303);
    // Someone else's line, or a line of another household through this household's URL: 404.
    assert.equal(
      (await w.acc.post(`${f2}/ajuster`, { ...key, action: 'exclude', reason: 'Intrus' })).statusCode,
      404,
    );
    assert.equal((await w.acc.get(`${runUrl}/foyers/00000000-0000-4000-8000-000000000000`)).statusCode, 404);
    // Recompute keeps the decisions.
    assert.equal((await w.acc.post(`${runUrl}/recalculer`)).statusCode, 303);
    const after = await w.acc.get(f1);
    assert.match(
      after.body,
      /Facturé 30,00\s€ au lieu de 48,00\s€ \(Geste &lt;b>commercial&lt;\/b>\)|Facturé 30,00\s€ au lieu de 48,00\s€ \(Geste &lt;b&gt;commercial&lt;\/b&gt;\)/,
    );
    assert.equal(
      (await t.db.select().from(auditLog).where(eq(auditLog.action, 'billing_run.adjust.amount'))).length,
      1,
    );

    // Issue.
    const issue = await w.acc.post(`${runUrl}/emettre`);
    assert.equal(issue.statusCode, 303);
    const progress = await w.acc.get(runUrl);
    assert.equal(progress.headers.refresh, '2');
    assert.match(progress.body, /<progress/);
    assert.match(progress.body, /hx-trigger="every 2s"/);
    assert.match(progress.body, /Émission en cours : 0 facture\(s\) sur 2/);
    await drainJobs();
    const [run] = await t.db.select().from(billingRuns).where(eq(billingRuns.id, runId));
    assert.equal(run!.status, 'issued');
    assert.equal(run!.dueOn, '2026-12-25');
    const issued = await t.db
      .select()
      .from(invoices)
      .where(eq(invoices.runId, runId))
      .orderBy(asc(invoices.sequence));
    assert.deepEqual(
      issued.map((i) => i.number),
      ['2026-000001', '2026-000002'],
    );
    assert.deepEqual(
      issued.map((i) => i.householdId).sort(),
      [w.fams[0]!.household.id, w.fams[2]!.household.id].sort(),
    );
    const inv1 = issued.find((i) => i.householdId === w.fams[0]!.household.id)!;
    assert.equal(inv1.totalCents, 3000);
    assert.equal(inv1.dueOn, '2026-12-25');
    const lines1 = await t.db
      .select()
      .from(invoiceLines)
      .where(eq(invoiceLines.invoiceId, inv1.id))
      .orderBy(asc(invoiceLines.position));
    assert.deepEqual(
      lines1.map((l) => [l.kind, l.amountCents]),
      [
        ['service', 3600],
        ['service', 1200],
        ['adjustment', -1800],
      ],
    );
    // The paperless family got an e-mail with a link to its invoice page; the paper one is listed.
    const mails = t.mailer.sent.filter((m) => m.subject.includes('2026-0000'));
    assert.equal(mails.length, 1);
    assert.match(mails[0]!.text, new RegExp(`/${w.tenant.slug}/factures/${inv1.id}`));
    const done = await w.acc.get(runUrl);
    assert.equal(done.headers.refresh, undefined);
    assert.match(done.body, /Émission terminée : 2 facture\(s\)/);
    const print = await w.acc.get(`${runUrl}/impression`);
    assert.equal(print.statusCode, 200);
    const paper = issued.find((i) => i.householdId === w.fams[2]!.household.id)!;
    assert.match(print.body, new RegExp(paper.number));
    const pdf = await w.acc.get(`${runUrl}/impression.pdf`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.match(pdfText(pdf.rawPayload), new RegExp(paper.number));

    // Issuing again does nothing; adjustments are refused once issued.
    const twice = await w.acc.post(`${runUrl}/emettre`);
    assert.equal(twice.statusCode, 303);
    await drainJobs();
    assert.equal((await t.db.select().from(invoices)).length, 2);
    assert.equal(
      (await w.acc.post(`${f1}/ajuster`, { ...key, action: 'exclude', reason: 'Trop tard' })).statusCode,
      409,
    );
  });

  it('a crash mid-run resumes without duplicate or gap', async () => {
    const w = await world(5);
    const runId = await openOctober(w);
    runHooks.afterHousehold = (n) => {
      if (n === 2) throw new Error('crash simulé');
    };
    await w.acc.post(`${w.base}/facturation/${runId}/emettre`);
    await t.worker.tick();
    assert.equal((await t.db.select().from(invoices)).length, 2);
    const [job] = await t.db.select().from(jobs).where(eq(jobs.kind, 'billing.issue-run'));
    assert.equal(job!.status, 'pending');
    assert.match(job!.lastError ?? '', /crash simulé/);
    const mid = await w.acc.get(`${w.base}/facturation/${runId}/progression`);
    assert.match(mid.body, /2 facture\(s\) sur 5|0 facture\(s\) sur 5/);
    runHooks.afterHousehold = undefined;
    t.clock.advanceMs(60_000);
    await drainJobs();
    const all = await t.db.select().from(invoices).orderBy(asc(invoices.sequence));
    assert.deepEqual(
      all.map((i) => i.sequence),
      [1, 2, 3, 4, 5],
    );
    assert.equal(new Set(all.map((i) => i.householdId)).size, 5);
    const [run] = await t.db
      .select()
      .from(billingRuns)
      .where(and(eq(billingRuns.id, runId)));
    assert.equal(run!.status, 'issued');
    assert.equal(run!.householdsDone, 5);
  });

  it('another tenant’s run is not found; families cannot see the pages', async () => {
    const w = await world(1);
    const runId = await openOctober(w);
    const other = await createTenant(t.db, { slug: 'ville-c' });
    await t.app.tenants.refresh();
    const otherAcc = await signedInClient(
      t,
      (await createStaff(t.db, other.id, ['accountant'])).id,
      other.id,
    );
    assert.equal((await otherAcc.get(`/${other.slug}/gestion/facturation/${runId}`)).statusCode, 404);
    const fam = await createFamily(t.db, w.tenant.id);
    const famClient = await signedInClient(t, fam.user.id, w.tenant.id);
    assert.equal((await famClient.get(`${w.base}/facturation/${runId}`)).statusCode, 403);
  });
});
