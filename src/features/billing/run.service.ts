import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { AppConfig } from '../../config';
import { addDays, endOfMonth, formatMonthFr, parseIsoDay, todayIn } from '../../platform/calendar/days';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import type { StaffActor } from '../../platform/http/policies';
import { enqueueJob } from '../../platform/jobs/jobs';
import { enqueueEmail } from '../../platform/mail/outbox';
import { formatCents, parseEurosToCents } from '../../platform/money';
import { fieldErrors, writeAudit } from '../messaging/kit';
import { tenantUrl } from '../messaging/messaging.service';
import type { InvoiceIssuer } from './billing.schema';
import { applyAdjustments, buildDraft, type DraftLine, totalOf } from './domain/run';
import { insertIssuedInvoice } from './invoices.repository';
import {
  adjustmentsOf,
  countIssued,
  draftInputs,
  findOrCreateRun,
  householdsToIssue,
  issuerOf,
  linesOf,
  lockRun,
  payersOf,
  paymentDelayDays,
  replaceDraft,
  toAdjustment,
} from './run.repository';
import { type BillingRun, billingRunAdjustments, billingRunHouseholds, billingRuns } from './run.schema';

export const BILLING_RUN_JOB = 'billing.issue-run';
/** Households issued per batch: their lines are read in one query, each is written in its own transaction. */
export const ISSUE_BATCH = 200;

const validation = (errors: Record<string, string>) =>
  new AppError('VALIDATION', 'Formulaire invalide', errors);

/** Test hook: throw from here to simulate a crash after N households (the job must resume cleanly). */
export const runHooks: { afterHousehold?: (issuedInThisPass: number) => void } = {};

const isUniqueViolation = (err: unknown) =>
  (err as { code?: string }).code === '23505' ||
  (err as { cause?: { code?: string } }).cause?.code === '23505';

const ZMonth = z.object({
  month: z
    .string({ error: 'Choisissez le mois.' })
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Choisissez le mois (AAAA-MM).'),
});

export function monthLabel(run: Pick<BillingRun, 'periodStart'>): string {
  const { year, month } = parseIsoDay(run.periodStart);
  return formatMonthFr(year, month);
}

/** Computes the draft of a run and writes it (lines + household totals after adjustments). */
async function computeDraft(db: Db, tenantId: string, run: BillingRun) {
  const inputs = await draftInputs(db, tenantId, run.periodStart, run.periodEnd);
  const draft = buildDraft(inputs);
  const adjustments = await adjustmentsOf(db, tenantId, run.id);
  const adjByHousehold = new Map<string, typeof adjustments>();
  for (const a of adjustments)
    adjByHousehold.set(a.householdId, [...(adjByHousehold.get(a.householdId) ?? []), a]);
  const byHousehold = new Map<string, DraftLine[]>();
  for (const l of draft.lines) byHousehold.set(l.householdId, [...(byHousehold.get(l.householdId) ?? []), l]);
  const totals = [...byHousehold].map(([householdId, lines]) => ({
    householdId,
    householdName: inputs.householdNames.get(householdId) ?? '',
    computedCents: totalOf(lines),
    totalCents: Math.max(
      0,
      totalOf(applyAdjustments(lines, (adjByHousehold.get(householdId) ?? []).map(toAdjustment))),
    ),
    lineCount: lines.length,
  }));
  await replaceDraft(db, tenantId, run.id, draft.lines, totals);
  await db.update(billingRuns).set({ computedAt: new Date() }).where(eq(billingRuns.id, run.id));
  return { unpriced: draft.unpriced.length };
}

/**
 * Opens the run of a month that has ended in the tenant's time zone, creating and computing it the first
 * time. Opening it again (or twice at once) finds the same run.
 */
export async function openRun(
  db: Db,
  args: { staff: StaffActor; now: Date; input: unknown },
): Promise<BillingRun> {
  const { staff, now } = args;
  const parsed = ZMonth.safeParse(args.input);
  if (!parsed.success) throw validation(fieldErrors(parsed.error));
  const periodStart = `${parsed.data.month}-01`;
  const periodEnd = endOfMonth(periodStart);
  const today = todayIn(staff.tenant.timeZone, now);
  if (periodEnd >= today)
    throw validation({ month: 'La facturation est à terme échu : choisissez un mois terminé.' });
  return db.transaction(async (tx) => {
    const { run, created } = await findOrCreateRun(tx, {
      tenantId: staff.tenant.id,
      periodStart,
      periodEnd,
      createdAt: now,
      createdByUserId: staff.actor.userId,
    });
    if (created) {
      await computeDraft(tx, staff.tenant.id, run);
      await writeAudit(tx, {
        tenantId: staff.tenant.id,
        at: now,
        actorUserId: staff.actor.userId,
        action: 'billing_run.create',
        subjectType: 'billing_run',
        subjectId: run.id,
        details: { periodStart },
      });
    }
    return run;
  });
}

/** Recomputes a draft from the latest attendance and tariffs (adjustments are kept). */
export async function recomputeRun(db: Db, args: { staff: StaffActor; now: Date; runId: string }) {
  const tenantId = args.staff.tenant.id;
  return db.transaction(async (tx) => {
    const run = await lockRun(tx, tenantId, args.runId);
    if (!run) throw new AppError('NOT_FOUND');
    if (run.status !== 'draft') throw new AppError('CONFLICT', 'La facturation de ce mois est déjà émise.');
    return computeDraft(tx, tenantId, run);
  });
}

const ZAdjust = z.discriminatedUnion(
  'action',
  [
    z.object({
      action: z.literal('exclude'),
      reason: z
        .string()
        .trim()
        .min(3, 'Indiquez le motif (3 caractères au moins).')
        .max(500, '500 caractères au plus.'),
    }),
    z.object({
      action: z.literal('amount'),
      amount: z.preprocess(
        (v) => (typeof v === 'string' && v.trim() !== '' ? parseEurosToCents(v) : null),
        z
          .number({ error: 'Indiquez le montant en euros (par exemple 12,50).' })
          .int()
          .min(0, 'Le montant ne peut pas être négatif.')
          .max(10_000_000, 'Montant trop élevé.'),
      ),
      reason: z
        .string()
        .trim()
        .min(3, 'Indiquez le motif (3 caractères au moins).')
        .max(500, '500 caractères au plus.'),
    }),
    z.object({ action: z.literal('reset') }),
  ],
  { error: 'Choisissez une action.' },
);

/**
 * Excludes a line group of a draft, bills it at another amount, or cancels the decision; the reason is
 * mandatory and the change audited. Keyed by (household, child, unit, kind): recomputing keeps it.
 */
export async function adjustLine(
  db: Db,
  args: { staff: StaffActor; now: Date; runId: string; householdId: string; input: unknown },
) {
  const { staff, now } = args;
  const tenantId = staff.tenant.id;
  const f = (args.input ?? {}) as Record<string, unknown>;
  // The form names the line group as "child|unit|kind" (one select); API-style fields are accepted too.
  const parts = typeof f.line === 'string' ? f.line.split('|') : [f.childId, f.unitId, f.kind];
  const childId = typeof parts[0] === 'string' ? parts[0] : '';
  const unitId = typeof parts[1] === 'string' ? parts[1] : '';
  const kind = parts[2] === 'service' || parts[2] === 'surcharge' ? parts[2] : null;
  return db.transaction(async (tx) => {
    const run = await lockRun(tx, tenantId, args.runId);
    if (!run) throw new AppError('NOT_FOUND');
    const lines = (await linesOf(tx, tenantId, run.id, [args.householdId])).filter(
      (l) => l.childId === childId && l.unitId === unitId && l.kind === kind,
    );
    // Only a line of this run and household can be adjusted: anything else does not exist here.
    if (lines.length === 0 || !kind) throw new AppError('NOT_FOUND');
    if (run.status !== 'draft') throw new AppError('CONFLICT', 'La facturation de ce mois est déjà émise.');
    const parsed = ZAdjust.safeParse(f);
    if (!parsed.success) throw validation(fieldErrors(parsed.error));
    const key = { tenantId, runId: run.id, householdId: args.householdId, childId, unitId, kind };
    const v = parsed.data;
    if (v.action === 'reset') {
      await tx
        .delete(billingRunAdjustments)
        .where(
          and(
            eq(billingRunAdjustments.tenantId, tenantId),
            eq(billingRunAdjustments.runId, run.id),
            eq(billingRunAdjustments.householdId, args.householdId),
            eq(billingRunAdjustments.childId, childId),
            eq(billingRunAdjustments.unitId, unitId),
            eq(billingRunAdjustments.kind, kind),
          ),
        );
    } else {
      const values = {
        ...key,
        action: v.action,
        amountCents: v.action === 'amount' ? v.amount : null,
        reason: v.reason,
        updatedAt: now,
        updatedByUserId: staff.actor.userId,
      };
      await tx
        .insert(billingRunAdjustments)
        .values(values)
        .onConflictDoUpdate({
          target: [
            billingRunAdjustments.tenantId,
            billingRunAdjustments.runId,
            billingRunAdjustments.householdId,
            billingRunAdjustments.childId,
            billingRunAdjustments.unitId,
            billingRunAdjustments.kind,
          ],
          set: {
            action: values.action,
            amountCents: values.amountCents,
            reason: values.reason,
            updatedAt: now,
            updatedByUserId: staff.actor.userId,
          },
        });
    }
    // The household's total after its adjustments.
    const all = await linesOf(tx, tenantId, run.id, [args.householdId]);
    const adj = (await adjustmentsOf(tx, tenantId, run.id, [args.householdId])).map(toAdjustment);
    const total = Math.max(0, totalOf(applyAdjustments(all as DraftLine[], adj)));
    await tx
      .update(billingRunHouseholds)
      .set({ totalCents: total })
      .where(
        and(
          eq(billingRunHouseholds.tenantId, tenantId),
          eq(billingRunHouseholds.runId, run.id),
          eq(billingRunHouseholds.householdId, args.householdId),
        ),
      );
    await writeAudit(tx, {
      tenantId,
      at: now,
      actorUserId: staff.actor.userId,
      action: `billing_run.adjust.${v.action}`,
      subjectType: 'billing_run',
      subjectId: run.id,
      details: {
        householdId: args.householdId,
        childId,
        unitId,
        kind,
        ...(v.action === 'reset' ? {} : { reason: v.reason }),
        ...(v.action === 'amount' ? { amountCents: v.amount, computedCents: totalOf(lines) } : {}),
      },
    });
    return { totalCents: total };
  });
}

/**
 * Starts issuing a draft: recomputes it one last time, freezes it (issue and due dates, households to
 * bill) and enqueues the job, all in one transaction. On a run already issuing or issued it does nothing.
 */
export async function startIssue(
  db: Db,
  args: { staff: StaffActor; now: Date; runId: string },
): Promise<'started' | 'already'> {
  const { staff, now } = args;
  const tenantId = staff.tenant.id;
  return db.transaction(async (tx) => {
    const run = await lockRun(tx, tenantId, args.runId);
    if (!run) throw new AppError('NOT_FOUND');
    if (run.status !== 'draft') return 'already';
    await computeDraft(tx, tenantId, run);
    const issuedOn = todayIn(staff.tenant.timeZone, now);
    const dueOn = addDays(issuedOn, await paymentDelayDays(tx, tenantId));
    const toIssue = await householdsToIssue(tx, tenantId, run.id, 1_000_000);
    await tx
      .update(billingRuns)
      .set({
        status: 'issuing',
        issuedOn,
        dueOn,
        householdsTotal: toIssue.length,
        householdsDone: 0,
        issueStartedAt: now,
        issueStartedByUserId: staff.actor.userId,
      })
      .where(eq(billingRuns.id, run.id));
    await enqueueJob(tx, {
      kind: BILLING_RUN_JOB,
      tenantId,
      payload: { tenantId, runId: run.id },
      dedupeKey: `${BILLING_RUN_JOB}:${run.id}`,
      maxAttempts: 20,
    });
    await writeAudit(tx, {
      tenantId,
      at: now,
      actorUserId: staff.actor.userId,
      action: 'billing_run.issue',
      subjectType: 'billing_run',
      subjectId: run.id,
      details: { households: toIssue.length, issuedOn, dueOn },
    });
    return 'started';
  });
}

export function isRunPayload(p: unknown): p is { tenantId: string; runId: string } {
  const o = p as Record<string, unknown> | null;
  return !!o && typeof o.tenantId === 'string' && typeof o.runId === 'string';
}

/**
 * The issue job: households without an invoice, in batches; each household in its own transaction
 * (gap-free number taken there). Resumable: the (tenant, run, household) unique index on invoices and
 * the `invoice_id` of the run's household row make a resumed or concurrent pass skip what is done.
 */
export async function issueRun(
  db: Db,
  args: {
    tenantId: string;
    runId: string;
    now: Date;
    config?: AppConfig;
    progress?: (p: number) => Promise<void>;
    batchSize?: number;
  },
): Promise<{ issued: number }> {
  const { tenantId, now } = args;
  const [run] = await db
    .select()
    .from(billingRuns)
    .where(and(eq(billingRuns.tenantId, tenantId), eq(billingRuns.id, args.runId)));
  if (run?.status !== 'issuing') return { issued: 0 };
  const issuerRow = await issuerOf(db, tenantId);
  if (!issuerRow) return { issued: 0 };
  const t = issuerRow.tenant;
  const issuer: InvoiceIssuer = {
    name: t.name,
    legalName: t.legalName,
    siret: t.siret,
    address: t.address,
    contactEmail: t.contactEmail,
    contactPhone: t.contactPhone,
  };
  const prefix = issuerRow.prefix ?? '';
  let issued = 0;
  for (;;) {
    const batch = await householdsToIssue(db, tenantId, run.id, args.batchSize ?? ISSUE_BATCH);
    if (batch.length === 0) break;
    const ids = batch.map((b) => b.householdId);
    const [lines, adjustments, payers] = await Promise.all([
      linesOf(db, tenantId, run.id, ids),
      adjustmentsOf(db, tenantId, run.id, ids),
      payersOf(db, tenantId, ids),
    ]);
    const linesBy = new Map<string, DraftLine[]>();
    for (const l of lines)
      linesBy.set(l.householdId, [...(linesBy.get(l.householdId) ?? []), l as DraftLine]);
    const adjBy = new Map<string, ReturnType<typeof toAdjustment>[]>();
    for (const a of adjustments)
      adjBy.set(a.householdId, [...(adjBy.get(a.householdId) ?? []), toAdjustment(a)]);
    for (const h of batch) {
      const payer = payers.get(h.householdId);
      const invoiceLines = applyAdjustments(linesBy.get(h.householdId) ?? [], adjBy.get(h.householdId) ?? []);
      if (!payer || totalOf(invoiceLines) <= 0) {
        // Nothing to bill after all (household gone, lines changed): leave the queue, no invoice.
        await db
          .update(billingRunHouseholds)
          .set({ totalCents: 0 })
          .where(
            and(
              eq(billingRunHouseholds.tenantId, tenantId),
              eq(billingRunHouseholds.runId, run.id),
              eq(billingRunHouseholds.householdId, h.householdId),
            ),
          );
        continue;
      }
      try {
        await db.transaction(async (tx) => {
          const invoice = await insertIssuedInvoice(tx, {
            tenantId,
            householdId: h.householdId,
            prefix,
            periodStart: run.periodStart,
            periodEnd: run.periodEnd,
            issuedOn: run.issuedOn!,
            dueOn: run.dueOn!,
            payerName: payer.payerName,
            payerAddress: payer.payerAddress,
            issuer,
            paperless: payer.paperless,
            runId: run.id,
            lines: invoiceLines.map((l) => ({
              kind: l.kind,
              childId: l.childId,
              childName: l.childName,
              childBirthDate: l.childBirthDate,
              activityId: l.activityId,
              unitId: l.unitId,
              label: l.label,
              days: l.days,
              quantity: l.quantity,
              unitPriceCents: l.unitPriceCents,
              amountCents: l.amountCents,
              pricingNote: l.pricingNote,
              taxEligible: l.taxEligible,
            })),
          });
          await tx
            .update(billingRunHouseholds)
            .set({ invoiceId: invoice.id })
            .where(
              and(
                eq(billingRunHouseholds.tenantId, tenantId),
                eq(billingRunHouseholds.runId, run.id),
                eq(billingRunHouseholds.householdId, h.householdId),
                isNull(billingRunHouseholds.invoiceId),
              ),
            );
          if (payer.paperless && args.config)
            for (const to of payer.emails)
              await enqueueEmail(tx, {
                tenantId,
                to,
                subject: `Votre facture ${invoice.number} (${monthLabel(run)})`,
                text:
                  `Bonjour,\n\nVotre facture n° ${invoice.number} de ${monthLabel(run)} est disponible : ` +
                  `${formatCents(invoice.totalCents)}, à régler avant le ${invoice.dueOn.split('-').reverse().join('/')}.\n\n` +
                  `Consultez-la et téléchargez-la ici : ${tenantUrl(args.config, t, `/factures/${invoice.id}`)}\n\n${t.name}`,
              });
        });
      } catch (err) {
        // Another pass of the job issued this household meanwhile: its number was given back by the rollback.
        if (isUniqueViolation(err)) continue;
        throw err;
      }
      issued += 1;
      runHooks.afterHousehold?.(issued);
    }
    const done = await countIssued(db, tenantId, run.id);
    await db
      .update(billingRuns)
      .set({ householdsDone: Math.min(done, run.householdsTotal) })
      .where(eq(billingRuns.id, run.id));
    if (args.progress && run.householdsTotal > 0) await args.progress((100 * done) / run.householdsTotal);
  }
  await db.transaction(async (tx) => {
    const [finished] = await tx
      .update(billingRuns)
      .set({ status: 'issued', issuedAt: now, householdsDone: run.householdsTotal })
      .where(and(eq(billingRuns.id, run.id), eq(billingRuns.status, 'issuing')))
      .returning({ id: billingRuns.id });
    if (finished && run.issueStartedByUserId)
      await writeAudit(tx, {
        tenantId,
        at: now,
        actorUserId: run.issueStartedByUserId,
        action: 'billing_run.issued',
        subjectType: 'billing_run',
        subjectId: run.id,
        details: { households: run.householdsTotal },
      });
  });
  return { issued };
}
