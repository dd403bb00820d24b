/**
 * The built-in simulated bank (default in development, tests and the demo). The hosted page
 * `/<slug>/paiement-simule/:ref` lets the payer accept, refuse or abandon; a signed server-to-server
 * notification follows — at once, late, twice or never (chosen on the page), so idempotency and polling
 * are exercised. `fetchStatus` reads the simulated bank's own table.
 */
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import type { ProviderStatus } from '../domain/online';
import { simulatorSignature, verifySimulatorSignature } from '../domain/signature';
import { paymentSimulations, type SimulatorNotifyMode } from '../online.schema';
import type { NotificationRequest, PaymentProviderAdapter, PaymentRedirect, PaymentStart } from './provider';

let processKey: Uint8Array = randomBytes(32);

/**
 * The simulator's HMAC key: random per process unless configured (the app derives it from the cookie
 * secret, which instances share, so a notification signed by one instance verifies on another).
 */
export function configureSimulatorKey(key: Uint8Array): void {
  processKey = key;
}
export const simulatorKey = () => processKey;

export const SIMULATOR_REF = /^SIM-[A-Za-z0-9_-]{16}$/;

export function simulatorPagePath(base: string, ref: string): string {
  return `${base}/paiement-simule/${encodeURIComponent(ref)}`;
}

/** The notification the simulated bank posts (form fields), signed. */
export function signedNotice(
  sim: { ref: string; status: string; amountCents: number },
  sentAt: Date,
): Record<string, string> {
  const notice = {
    ref: sim.ref,
    status: sim.status,
    amountCents: sim.amountCents,
    sentAt: sentAt.toISOString(),
  };
  return {
    ref: notice.ref,
    status: notice.status,
    amount: String(notice.amountCents),
    sentAt: notice.sentAt,
    signature: simulatorSignature(notice, processKey),
  };
}

export function simulatorProvider(deps: {
  db: Db;
  tenantId: string;
  base: string;
  now: () => Date;
}): PaymentProviderAdapter {
  const { db, tenantId } = deps;
  return {
    name: 'simulator',
    lifetimeMinutes: 15,
    async createPayment(input: PaymentStart): Promise<PaymentRedirect> {
      const ref = `SIM-${randomBytes(12).toString('base64url')}`;
      await db.insert(paymentSimulations).values({
        tenantId,
        ref,
        amountCents: input.payment.amountCents,
        label: `Factures ${input.invoices.map((i) => i.number).join(', ')}`.slice(0, 300),
        notifyUrl: input.urls.notify,
        returnUrl: input.urls.return,
        createdAt: deps.now(),
      });
      return { providerRef: ref, redirectUrl: simulatorPagePath(deps.base, ref) };
    },
    async parseNotification(req: NotificationRequest) {
      const b = req.body;
      const amount = /^[0-9]{1,9}$/.test(b.amount ?? '') ? Number(b.amount) : null;
      const status = (['PAID', 'DENIED', 'CANCELLED', 'WAITING', 'EXPIRED', 'ERROR'] as const).find(
        (s) => s === b.status,
      );
      const ref = b.ref ?? '';
      const authentic =
        status !== undefined &&
        amount !== null &&
        typeof b.sentAt === 'string' &&
        verifySimulatorSignature(
          { ref, status, amountCents: amount, sentAt: b.sentAt },
          b.signature ?? '',
          processKey,
        );
      return { providerRef: ref, status: status ?? 'ERROR', amountCents: amount, authentic };
    },
    async fetchStatus(providerRef: string) {
      const [sim] = await db
        .select()
        .from(paymentSimulations)
        .where(and(eq(paymentSimulations.tenantId, tenantId), eq(paymentSimulations.ref, providerRef)));
      if (!sim) return { status: 'ERROR' as ProviderStatus, amountCents: null };
      return { status: sim.status as ProviderStatus, amountCents: sim.amountCents };
    },
  };
}

export async function findSimulation(db: Db, tenantId: string, ref: string) {
  if (!SIMULATOR_REF.test(ref)) return null;
  const [sim] = await db
    .select()
    .from(paymentSimulations)
    .where(and(eq(paymentSimulations.tenantId, tenantId), eq(paymentSimulations.ref, ref)));
  return sim ?? null;
}

/** The payer's decision on the hosted page, once (conditional on WAITING). */
export async function decideSimulation(
  db: Db,
  input: {
    tenantId: string;
    ref: string;
    status: 'PAID' | 'DENIED' | 'CANCELLED';
    mode: SimulatorNotifyMode;
    at: Date;
  },
) {
  const [row] = await db
    .update(paymentSimulations)
    .set({ status: input.status, notifyMode: input.mode, decidedAt: input.at })
    .where(
      and(
        eq(paymentSimulations.tenantId, input.tenantId),
        eq(paymentSimulations.ref, input.ref),
        eq(paymentSimulations.status, 'WAITING'),
      ),
    )
    .returning();
  return row ?? null;
}
