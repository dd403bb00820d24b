/**
 * Jobs of online payment. The polling pass asks providers about pending online payments older than
 * POLL_AFTER_MINUTES (notifications can be missing) and applies the same transition as a notification;
 * a payment older than its provider's lifetime (PayFiP: 15 minutes) still unanswered is expired. It is
 * enqueued when a payment starts and re-enqueues itself while pending online payments remain.
 * The simulator's "late" notification is a job too.
 */
import type { AppConfig } from '../../config';
import type { Db } from '../../platform/db/client';
import type { JobHandler } from '../../platform/jobs/jobs';
import type { ProviderStatus } from './domain/online';
import { countPendingOnline, pendingOnlineToPoll } from './online.repository';
import {
  applyAnswer,
  POLL_AFTER_MINUTES,
  POLL_JOB,
  receiveNotification,
  SIMULATOR_NOTIFY_JOB,
  schedulePoll,
  tenantById,
} from './online.service';
import { providerFor } from './providers';
import type { ProviderName } from './providers/provider';
import { findSimulation, signedNotice } from './providers/simulator';

export interface PollReport {
  checked: number;
  changed: number;
  failed: number;
}

export async function pollOnlinePayments(db: Db, config: AppConfig, now: Date): Promise<PollReport> {
  const cutoff = new Date(now.getTime() - POLL_AFTER_MINUTES * 60_000);
  const rows = await pendingOnlineToPoll(db, cutoff, cutoff);
  const report: PollReport = { checked: 0, changed: 0, failed: 0 };
  for (const { payment } of rows) {
    report.checked++;
    try {
      const tenant = await tenantById(db, payment.tenantId);
      if (!tenant) continue;
      const adapter = await providerFor(db, tenant, payment.provider as ProviderName, { now: () => now });
      let answer: { status: ProviderStatus; amountCents: number | null } = payment.providerRef
        ? await adapter.fetchStatus(payment.providerRef)
        : { status: 'WAITING', amountCents: null };
      const ageMinutes = (now.getTime() - payment.createdAt.getTime()) / 60_000;
      if (answer.status === 'WAITING' && ageMinutes >= adapter.lifetimeMinutes)
        answer = { status: 'EXPIRED', amountCents: null };
      const outcome = await applyAnswer(db, {
        tenant,
        paymentId: payment.id,
        answer,
        now,
        source: answer.status === 'EXPIRED' ? 'expiry' : 'poll',
        config,
      });
      if (outcome !== 'unchanged') report.changed++;
    } catch {
      // One provider down must not stop the others; the payment is asked again next pass.
      report.failed++;
    }
  }
  if ((await countPendingOnline(db)) > 0)
    await schedulePoll(db, new Date(now.getTime() + POLL_AFTER_MINUTES * 60_000));
  return report;
}

/** The simulated bank's late notification: the same signed fields the page would have posted. */
export async function sendLateSimulatorNotification(
  db: Db,
  config: AppConfig,
  payload: unknown,
  now: Date,
): Promise<void> {
  const p = payload as { tenantId?: unknown; ref?: unknown };
  if (typeof p?.tenantId !== 'string' || typeof p.ref !== 'string') return;
  const tenant = await tenantById(db, p.tenantId);
  const sim = tenant ? await findSimulation(db, tenant.id, p.ref) : null;
  if (!tenant || !sim || sim.status === 'WAITING') return;
  await receiveNotification(db, {
    tenant,
    provider: 'simulator',
    request: { body: signedNotice(sim, now), query: {} },
    now,
    config,
  });
}

export function onlinePaymentJobs(config: AppConfig): Record<string, JobHandler> {
  return {
    [POLL_JOB]: async (_payload, { db, now }) => {
      await pollOnlinePayments(db, config, now);
    },
    [SIMULATOR_NOTIFY_JOB]: async (payload, { db, now }) => {
      await sendLateSimulatorNotification(db, config, payload, now);
    },
  };
}
