import type { AppConfig } from '../../config';
import { BILLING_RUN_JOB, isRunPayload, issueRun } from '../../features/billing/run.service';
import { ALLOCATE_JOB, runAllocations } from '../../features/bookings/allocation';
import { PROMOTE_JOB } from '../../features/bookings/confirm';
import { isPromotionCell, promoteWaiting } from '../../features/bookings/promotion';
import { BOOKING_REMINDER_JOB, runBookingReminders } from '../../features/bookings/reminders.job';
import { REMINDER_JOB, runExpiryReminders } from '../../features/documents/documents.service';
import { DUNNING_JOB, runDunning } from '../../features/payments/dunning.job';
import { onlinePaymentJobs } from '../../features/payments/poll.job';
import { purgeExpiredSessions } from '../http/session';
import type { JobHandler } from './jobs';

/** Every job kind the worker knows, by name. Features add theirs here. */
export function jobHandlers(config: AppConfig): Record<string, JobHandler> {
  return {
    [REMINDER_JOB]: async (_payload, { db, now }) => {
      await runExpiryReminders(db, config, now);
    },
    [PROMOTE_JOB]: async (payload, { db, now }) => {
      if (isPromotionCell(payload)) await promoteWaiting(db, payload, now);
    },
    [ALLOCATE_JOB]: async (_payload, { db, now }) => {
      await runAllocations(db, now);
    },
    [BOOKING_REMINDER_JOB]: async (_payload, { db, now }) => {
      await runBookingReminders(db, now);
    },
    [BILLING_RUN_JOB]: async (payload, { db, now, progress }) => {
      if (isRunPayload(payload)) await issueRun(db, { ...payload, now, config, progress });
    },
    [DUNNING_JOB]: async (_payload, { db, now }) => {
      await runDunning(db, config, now);
    },
    'sessions.purge': async (_payload, { db, now }) =>
      purgeExpiredSessions(db, now, {
        idleMinutes: config.SESSION_IDLE_MINUTES,
        absoluteHours: config.SESSION_ABSOLUTE_HOURS,
      }),
    ...onlinePaymentJobs(config),
  };
}
