/**
 * Online payment use cases: a family starts a payment (pending row + allocations written before the
 * redirect), providers answer by notification or polling, and both end in `applyAnswer`, which moves
 * a payment once (row lock + conditional updates): a repeated or concurrent answer changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { AppConfig } from '../../config';
import { auditLog } from '../../platform/audit/audit.schema';
import { todayIn } from '../../platform/calendar/days';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import type { FamilyActor } from '../../platform/http/policies';
import { enqueueJob } from '../../platform/jobs/jobs';
import { enqueueEmail } from '../../platform/mail/outbox';
import { formatCents } from '../../platform/money';
import { amountDue, invoicesOfHousehold } from '../billing/invoices.repository';
import { writeAudit } from '../messaging/kit';
import { householdEmails } from '../messaging/messaging.repository';
import { findTenantSettings } from '../settings/settings.repository';
import { asList } from '../staff/forms';
import { type Tenant, tenants } from '../tenants/tenants.schema';
import {
  invoiceRefusal,
  MAX_INVOICES_PER_PAYMENT,
  PENDING_HOLD_MINUTES,
  type ProviderStatus,
  RECEIPT_PREFIX,
  refusalText,
  transitionFor,
} from './domain/online';
import {
  allocationsOf,
  findPayment,
  findPaymentByFormToken,
  findPaymentByRef,
  lockInvoicesOfHousehold,
  lockPayment,
  markChecked,
  pendingOnlineSince,
  setPaymentStatus,
  setProviderRef,
} from './online.repository';
import { type Payment, type PaymentStatus, paymentAllocations, payments } from './payments.schema';
import { providerFor } from './providers';
import type { NotificationRequest, PaymentRedirect, ProviderName } from './providers/provider';
import { takeReceiptNumber } from './receipt-number';
import { markPaymentPaid, OverPaymentError } from './settle';

export const POLL_JOB = 'payments.poll-online';
export const SIMULATOR_NOTIFY_JOB = 'payments.simulator-notify';
/** Pending online payments older than this are asked about (and re-asked at this interval). */
export const POLL_AFTER_MINUTES = 3;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const validation = (errors: Record<string, string>) =>
  new AppError('VALIDATION', 'Formulaire invalide', errors);

function isUniqueViolation(err: unknown) {
  return (
    (err as { code?: string }).code === '23505' ||
    (err as { cause?: { code?: string } }).cause?.code === '23505'
  );
}

/** The absolute origin for provider callbacks and e-mail links: PUBLIC_URL, else the request's. */
export function originOf(config: AppConfig, fallback?: string): string {
  return config.PUBLIC_URL?.replace(/\/$/, '') ?? fallback ?? `http://${config.HOST}:${config.PORT}`;
}

/**
 * Whether the simulated bank may take payments: it settles invoices without any money, so in production
 * a tenant left on the default provider gets no online payment at all unless PAYMENT_SIMULATOR=on (a demo).
 */
export function simulatorAllowed(config: AppConfig): boolean {
  return config.PAYMENT_SIMULATOR === 'on' || (config.PAYMENT_SIMULATOR === 'auto' && !config.isProduction);
}

export interface PayableInvoice {
  id: string;
  number: string;
  issuedOn: string;
  dueOn: string;
  periodStart: string;
  dueCents: number;
  /** Why it cannot be paid online now (French), or null. */
  blocked: string | null;
}

/** The household's unpaid invoices (not in collection) for the pay form, with those on hold marked. */
export async function payableInvoices(db: Db, fam: FamilyActor, now: Date): Promise<PayableInvoice[]> {
  const open = (await invoicesOfHousehold(db, fam.tenant.id, fam.householdId, { open: true })).filter(
    (i) => i.status === 'unpaid' && amountDue(i) > 0,
  );
  const held = await pendingOnlineSince(
    db,
    fam.tenant.id,
    open.map((i) => i.id),
  );
  return open
    .map((i) => {
      const why = invoiceRefusal(i, held.get(i.id) ?? null, now);
      return {
        id: i.id,
        number: i.number,
        issuedOn: i.issuedOn,
        dueOn: i.dueOn,
        periodStart: i.periodStart,
        dueCents: amountDue(i),
        blocked: why ? refusalText(i.number, why) : null,
      };
    })
    .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.number < b.number ? -1 : 1));
}

/**
 * Writes the pending online payment and its allocations (each invoice's whole amount due), before any
 * redirect. The household's selected invoices are locked, so two guardians paying the same invoice at
 * once queue: the second finds the first one's pending payment and is refused. Invoices of another
 * household or tenant do not exist (404). A replayed form (same one-time token) returns the first payment.
 */
export async function startOnlinePayment(
  db: Db,
  args: { fam: FamilyActor; now: Date; body: unknown; provider: ProviderName },
): Promise<{ payment: Payment; replayed: boolean }> {
  const { fam, now } = args;
  const tenantId = fam.tenant.id;
  const body = (args.body && typeof args.body === 'object' ? args.body : {}) as Record<string, unknown>;
  const raw = asList(body.factures);
  if (raw.length > MAX_INVOICES_PER_PAYMENT)
    throw validation({ factures: `Choisissez ${MAX_INVOICES_PER_PAYMENT} factures au plus par paiement.` });
  if (raw.some((v) => typeof v !== 'string' || !UUID_RE.test(v))) throw new AppError('NOT_FOUND');
  const ids = [...new Set((raw as string[]).map((v) => v.toLowerCase()))];
  const formToken =
    typeof body.formToken === 'string' && UUID_RE.test(body.formToken) ? body.formToken : null;
  if (!formToken) throw validation({ factures: 'Formulaire expiré : rechargez la page.' });
  if (ids.length === 0) throw validation({ factures: 'Choisissez au moins une facture à payer.' });

  const replay = await findPaymentByFormToken(db, tenantId, fam.householdId, formToken);
  if (replay) return { payment: replay, replayed: true };

  try {
    return await db.transaction(async (tx) => {
      const locked = await lockInvoicesOfHousehold(tx, tenantId, fam.householdId, ids);
      // Another household's or tenant's invoice (or none at all): it does not exist for this family.
      if (locked.length !== ids.length) throw new AppError('NOT_FOUND');
      const twin = await findPaymentByFormToken(tx, tenantId, fam.householdId, formToken);
      if (twin) return { payment: twin, replayed: true };
      const held = await pendingOnlineSince(tx, tenantId, ids);
      const problems = locked
        .map((i) => {
          const why = invoiceRefusal(i, held.get(i.id) ?? null, now);
          return why ? refusalText(i.number, why) : null;
        })
        .filter((m): m is string => m !== null);
      if (problems.length > 0) throw validation({ factures: problems.join(' ') });
      const total = locked.reduce((s, i) => s + amountDue(i), 0);
      const [payment] = await tx
        .insert(payments)
        .values({
          tenantId,
          householdId: fam.householdId,
          method: 'online',
          provider: args.provider,
          status: 'pending',
          amountCents: total,
          createdAt: now,
          formToken,
          createdByUserId: fam.actor.userId,
        })
        .returning();
      await tx.insert(paymentAllocations).values(
        locked.map((i) => ({
          tenantId,
          paymentId: payment!.id,
          invoiceId: i.id,
          amountCents: amountDue(i),
        })),
      );
      await writeAudit(tx, {
        tenantId,
        at: now,
        actorUserId: fam.actor.userId,
        action: 'payment.online.start',
        subjectType: 'payment',
        subjectId: payment!.id,
        details: { provider: args.provider, amountCents: total, invoices: locked.map((i) => i.number) },
      });
      await schedulePoll(tx, new Date(now.getTime() + POLL_AFTER_MINUTES * 60_000));
      return { payment: payment!, replayed: false };
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      const first = await findPaymentByFormToken(db, tenantId, fam.householdId, formToken);
      if (first) return { payment: first, replayed: true };
    }
    throw err;
  }
}

/** One polling pass per 5-minute slot at most, whatever the number of payments started. */
export async function schedulePoll(db: Db, runAt: Date): Promise<void> {
  const slot = Math.ceil(runAt.getTime() / 300_000);
  await enqueueJob(db, { kind: POLL_JOB, runAt: new Date(slot * 300_000), dedupeKey: `${POLL_JOB}:${slot}` });
}

/**
 * Asks the provider to start the payment and records its reference. A provider that fails leaves the
 * payment in `error` (nothing was paid; the invoices are free again) and returns null.
 */
export async function launchPayment(
  db: Db,
  args: {
    tenant: Tenant;
    base: string;
    payment: Payment;
    payerName: string;
    urls: { notify: string; return: string };
    now: () => Date;
  },
): Promise<PaymentRedirect | null> {
  const { tenant, payment } = args;
  const allocations = await allocationsOf(db, tenant.id, [payment.id]);
  const emails = await householdEmails(db, tenant.id, payment.householdId);
  try {
    const adapter = await providerFor(db, tenant, payment.provider as ProviderName, {
      base: args.base,
      now: args.now,
    });
    const redirect = await adapter.createPayment({
      payment: { id: payment.id, amountCents: payment.amountCents, createdAt: payment.createdAt },
      invoices: allocations.map((a) => ({ id: a.invoiceId, number: a.number, amountCents: a.amountCents })),
      payer: { email: emails[0] ?? tenant.contactEmail, name: args.payerName },
      urls: args.urls,
    });
    await setProviderRef(db, tenant.id, payment.id, redirect.providerRef);
    return redirect;
  } catch (err) {
    await setPaymentStatus(db, {
      tenantId: tenant.id,
      id: payment.id,
      from: ['pending'],
      status: 'error',
      reason: `Prestataire injoignable : ${String((err as Error).message ?? err).slice(0, 300)}`,
      at: args.now(),
    });
    return null;
  }
}

export type AnswerOutcome = 'paid' | 'flagged' | 'refused' | 'abandoned' | 'expired' | 'error' | 'unchanged';

/**
 * The one place a provider's answer changes a payment (notification, polling, expiry). The payment row
 * is locked first, so concurrent duplicates queue and the later ones find it final ('unchanged').
 * Paid: receipt number (gap-free, same transaction), invoices settled, receipt e-mail in the outbox.
 * An invoice meanwhile paid by other means (OverPaymentError) rolls that back and flags the payment.
 */
export async function applyAnswer(
  db: Db,
  args: {
    tenant: Tenant;
    paymentId: string;
    answer: { status: ProviderStatus; amountCents: number | null };
    now: Date;
    source: 'notification' | 'poll' | 'expiry';
    config: AppConfig;
  },
): Promise<AnswerOutcome> {
  const { tenant, now } = args;
  const tenantId = tenant.id;
  // The provider acts, not a person: no actor on these audit rows.
  const audit = (tx: Db, action: string, details: Record<string, unknown>) =>
    tx.insert(auditLog).values({
      tenantId,
      at: now,
      actorUserId: null,
      action,
      subjectType: 'payment',
      subjectId: args.paymentId,
      details: { source: args.source, ...details },
    });
  try {
    return await db.transaction(async (tx) => {
      const p = await lockPayment(tx, tenantId, args.paymentId);
      if (!p) return 'unchanged';
      const t = transitionFor(p, args.answer);
      if (t.kind === 'none') {
        if (p.status === 'pending') await markChecked(tx, tenantId, p.id, now);
        return 'unchanged';
      }
      if (t.kind === 'set') {
        if (
          !(await setPaymentStatus(tx, { tenantId, id: p.id, from: ['pending'], status: t.status, at: now }))
        )
          return 'unchanged';
        await audit(tx, `payment.online.${t.status}`, { answer: args.answer.status });
        return t.status as AnswerOutcome;
      }
      if (t.kind === 'flag') {
        await setPaymentStatus(tx, {
          tenantId,
          id: p.id,
          from: [p.status as PaymentStatus],
          status: 'flagged',
          reason: t.reason,
          at: now,
        });
        await audit(tx, 'payment.online.flagged', { reason: t.reason, amountCents: args.answer.amountCents });
        return 'flagged';
      }
      const receipt = await takeReceiptNumber(
        tx,
        tenantId,
        Number(todayIn(tenant.timeZone, now).slice(0, 4)),
      );
      const outcome = await markPaymentPaid(tx, {
        tenantId,
        paymentId: p.id,
        paidAt: now,
        receiptNumber: receipt,
      });
      // The row is locked and was pending: anything else is a bug; roll the number back.
      if (outcome !== 'paid') throw new Error(`payment ${p.id} was not pending under its lock`);
      await audit(tx, 'payment.online.paid', { receipt: receipt, amountCents: p.amountCents });
      await sendReceiptEmail(tx, {
        tenant,
        payment: { ...p, receiptNumber: receipt },
        config: args.config,
      });
      return 'paid';
    });
  } catch (err) {
    if (!(err instanceof OverPaymentError)) throw err;
    return db.transaction(async (tx) => {
      const [inv] = await allocationsOf(tx, tenantId, [args.paymentId]).then((rows) =>
        rows.filter((r) => r.invoiceId === err.invoiceId),
      );
      const reason = `La facture ${inv?.number ?? err.invoiceId} n’avait plus autant à payer (réglée par ailleurs) : à rembourser ou affecter.`;
      const moved = await setPaymentStatus(tx, {
        tenantId,
        id: args.paymentId,
        from: ['pending'],
        status: 'flagged',
        reason,
        at: now,
      });
      if (!moved) return 'unchanged' as const;
      await audit(tx, 'payment.online.flagged', { reason });
      return 'flagged' as const;
    });
  }
}

async function sendReceiptEmail(db: Db, args: { tenant: Tenant; payment: Payment; config: AppConfig }) {
  const { tenant, payment } = args;
  const allocations = await allocationsOf(db, tenant.id, [payment.id]);
  const to = await householdEmails(db, tenant.id, payment.householdId);
  const link = `${originOf(args.config)}/${tenant.slug}/paiements`;
  const text = [
    'Bonjour,',
    '',
    `Nous avons bien reçu votre paiement en ligne de ${formatCents(payment.amountCents)}.`,
    `Reçu n° ${payment.receiptNumber}`,
    '',
    'Factures réglées :',
    ...allocations.map((a) => `- ${a.number} : ${formatCents(a.amountCents)}`),
    '',
    `Le reçu est téléchargeable depuis votre espace : ${link}`,
    '',
    tenant.name,
  ].join('\n');
  for (const address of to)
    await enqueueEmail(db, {
      tenantId: tenant.id,
      to: address,
      subject: `Reçu de paiement ${payment.receiptNumber}`,
      text,
    });
}

export type NotificationOutcome = AnswerOutcome | 'not-authentic' | 'unknown-payment';

/** A provider's server-to-server notification: verified, then the same transition as polling. */
export async function receiveNotification(
  db: Db,
  args: {
    tenant: Tenant;
    provider: ProviderName;
    request: NotificationRequest;
    now: Date;
    config: AppConfig;
  },
): Promise<NotificationOutcome> {
  if (args.provider === 'simulator' && !simulatorAllowed(args.config)) return 'unknown-payment';
  const adapter = await providerFor(db, args.tenant, args.provider, { now: () => args.now });
  const answer = await adapter.parseNotification(args.request);
  if (!answer.authentic) return 'not-authentic';
  const payment = await findPaymentByRef(db, args.tenant.id, args.provider, answer.providerRef);
  if (!payment) return 'unknown-payment';
  return applyAnswer(db, {
    tenant: args.tenant,
    paymentId: payment.id,
    answer,
    now: args.now,
    source: 'notification',
    config: args.config,
  });
}

/** The household's own payment (anything else: 404). */
export async function familyPayment(db: Db, fam: FamilyActor, id: string): Promise<Payment> {
  const p = await findPayment(db, fam.tenant.id, id, fam.householdId);
  if (!p) throw new AppError('NOT_FOUND');
  return p;
}

export async function tenantById(db: Db, id: string): Promise<Tenant | null> {
  const [t] = await db.select().from(tenants).where(eq(tenants.id, id));
  return t ?? null;
}

export const newFormToken = () => randomUUID();
export { PENDING_HOLD_MINUTES };
