/**
 * Daily reminder pass (issue 6): N days (booking_settings.reminder_days) before a holiday period's
 * booking deadline, households with a child enrolled for the period and nothing booked in it get an
 * e-mail. The booking_reminders row (primary key tenant × period × household) is inserted in the same
 * transaction as the outbox e-mail, so a job run twice sends once.
 *
 * The period's deadline: the end of its booking window (`booking_last_day`), else of its request
 * window, else the activity's booking deadline for the period's first day.
 */
import { and, eq, gte, inArray, ne } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { enqueueJob } from '../../platform/jobs/jobs';
import { enqueueEmail } from '../../platform/mail/outbox';
import { type Activity, activities, type Period, periods } from '../catalogue/catalogue.schema';
import { type HolidayRegion, regionHolidays } from '../catalogue/domain/calendar';
import { unitDeadlines } from '../catalogue/domain/deadlines';
import { householdEmails } from '../enrollments/children-lookup';
import { enrollments } from '../enrollments/enrollments.schema';
import { children } from '../households/households.schema';
import { type Tenant, tenants } from '../tenants/tenants.schema';
import { ALLOCATE_JOB } from './allocation';
import { loadBookingSettings } from './bookings.repository';
import { bookingReminders, bookings } from './bookings.schema';
import { addDays, formatDeadlineFr, zonedInstant } from './domain/days';
import { householdsToRemind, reminderDue } from './domain/reminders';

export const BOOKING_REMINDER_JOB = 'bookings.deadline-reminders';

/** The instant from which bookings of the period are late (half-open, as everywhere). */
export function periodDeadline(period: Period, activity: Activity, tenant: Tenant): Date | null {
  const tz = tenant.timeZone;
  const lastDay =
    period.bookingLastDay ??
    (period.allocationMode === 'request_window' ? period.requestWindowLastDay : null);
  if (lastDay) return zonedInstant(addDays(lastDay, 1), '00:00', tz);
  return unitDeadlines({
    day: period.firstDay,
    timeZone: tz,
    holidays: regionHolidays(tenant.holidayRegion as HolidayRegion),
    activity,
  }).bookUntil;
}

export async function scheduleBookingReminders(db: Db, now: Date) {
  const next = new Date(`${addDays(now.toISOString().slice(0, 10), 1)}T06:00:00Z`);
  await enqueueJob(db, {
    kind: BOOKING_REMINDER_JOB,
    runAt: next,
    dedupeKey: `${BOOKING_REMINDER_JOB}:${next.toISOString().slice(0, 10)}`,
  });
}

/** Sends the due reminders; returns how many households were reminded. Reschedules itself. */
export async function runBookingReminders(db: Db, now: Date): Promise<number> {
  const rows = await db
    .select({ period: periods, activity: activities, tenant: tenants })
    .from(periods)
    .innerJoin(activities, eq(activities.id, periods.activityId))
    .innerJoin(tenants, eq(tenants.id, periods.tenantId))
    .where(
      and(
        eq(activities.kind, 'holidays'),
        eq(activities.enrollmentOnly, false),
        eq(periods.frozen, false),
        gte(periods.lastDay, addDays(now.toISOString().slice(0, 10), -1)),
      ),
    );
  let sent = 0;
  for (const { period, activity, tenant } of rows) {
    const deadline = periodDeadline(period, activity, tenant);
    if (!deadline) continue;
    const settings = await loadBookingSettings(db, tenant.id);
    if (
      !reminderDue({
        now,
        deadline,
        daysBefore: settings.reminderDays,
        timeZone: tenant.timeZone,
        alreadySent: false,
      })
    )
      continue;
    sent += await remindPeriod(db, tenant, period, activity, deadline, now);
  }
  await scheduleBookingReminders(db, now);
  return sent;
}

async function remindPeriod(
  db: Db,
  tenant: Tenant,
  period: Period,
  activity: Activity,
  deadline: Date,
  now: Date,
): Promise<number> {
  const enrolled = await db
    .select({ householdId: enrollments.householdId, childId: enrollments.childId })
    .from(enrollments)
    .where(
      and(
        eq(enrollments.tenantId, tenant.id),
        eq(enrollments.periodId, period.id),
        eq(enrollments.status, 'accepted'),
      ),
    );
  if (enrolled.length === 0) return 0;
  const childIds = [...new Set(enrolled.map((e) => e.childId))];
  const [booked, already, names] = await Promise.all([
    db
      .selectDistinct({ childId: bookings.childId })
      .from(bookings)
      .where(
        and(
          eq(bookings.tenantId, tenant.id),
          eq(bookings.periodId, period.id),
          inArray(bookings.childId, childIds),
          inArray(bookings.status, ['confirmed', 'requested', 'waiting', 'cancel-requested']),
        ),
      ),
    db
      .select({ householdId: bookingReminders.householdId })
      .from(bookingReminders)
      .where(and(eq(bookingReminders.tenantId, tenant.id), eq(bookingReminders.periodId, period.id))),
    db
      .select({ id: children.id, firstName: children.firstName })
      .from(children)
      .where(
        and(eq(children.tenantId, tenant.id), inArray(children.id, childIds), ne(children.firstName, '')),
      ),
  ]);
  const bookedSet = new Set(booked.map((b) => b.childId));
  const sentSet = new Set(already.map((a) => a.householdId));
  const byHousehold = new Map<string, string[]>();
  for (const e of enrolled)
    byHousehold.set(e.householdId, [...(byHousehold.get(e.householdId) ?? []), e.childId]);
  const targets = householdsToRemind(
    [...byHousehold].map(([householdId, ids]) => ({
      householdId,
      enrolledChildIds: ids,
      bookedChildIds: ids.filter((id) => bookedSet.has(id)),
    })),
  ).filter((h) => !sentSet.has(h.householdId));
  let sent = 0;
  for (const h of targets) {
    const first = h.childIds.map((id) => names.find((n) => n.id === id)?.firstName ?? '').filter(Boolean);
    const done = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(bookingReminders)
        .values({ tenantId: tenant.id, periodId: period.id, householdId: h.householdId, sentAt: now })
        .onConflictDoNothing()
        .returning({ householdId: bookingReminders.householdId });
      if (!row) return false;
      for (const to of await householdEmails(tx, tenant.id, h.householdId))
        await enqueueEmail(tx, {
          tenantId: tenant.id,
          to,
          subject: `Pensez à réserver – ${activity.name}, ${period.name}`,
          text: [
            'Bonjour,',
            '',
            `${first.join(', ')} ${first.length > 1 ? 'sont inscrits' : 'est inscrit(e)'} pour « ${activity.name} – ${period.name} », mais rien n’est encore réservé.`,
            `Les réservations sont possibles jusqu’au ${formatDeadlineFr(deadline, tenant.timeZone)}.`,
            '',
            tenant.name,
          ].join('\n'),
        });
      return true;
    });
    if (done) sent++;
  }
  return sent;
}

/**
 * At start: today's allocation and reminder passes (once per day whatever the number of processes);
 * each pass then schedules the next day's.
 */
export async function ensureDailyBookingJobs(db: Db, now: Date) {
  const day = now.toISOString().slice(0, 10);
  await enqueueJob(db, { kind: BOOKING_REMINDER_JOB, dedupeKey: `${BOOKING_REMINDER_JOB}:${day}` });
  await enqueueJob(db, { kind: ALLOCATE_JOB, dedupeKey: `${ALLOCATE_JOB}:${day}` });
}
