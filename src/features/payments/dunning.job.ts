/**
 * Daily reminder pass for overdue invoices (issue 9): for each tenant with delays set, every invoice
 * still unpaid (not in a SEPA collection) whose due date is `delay` days past gets one e-mail per
 * level. The `dunning_notices` row (primary key invoice × level) is inserted in the same transaction as
 * the outbox e-mail, so a rerun — or two workers at once — sends nothing twice. Reschedules itself.
 */
import { and, eq, lt, max, sql } from 'drizzle-orm';
import type { AppConfig } from '../../config';
import { auditLog } from '../../platform/audit/audit.schema';
import { addDays, formatDayLongFr, todayIn } from '../../platform/calendar/days';
import type { Db } from '../../platform/db/client';
import { enqueueJob } from '../../platform/jobs/jobs';
import { enqueueEmail } from '../../platform/mail/outbox';
import { formatCents } from '../../platform/money';
import { invoices } from '../billing/billing.schema';
import { amountDue } from '../billing/invoices.repository';
import { householdEmails } from '../messaging/messaging.repository';
import { tenantUrl } from '../messaging/messaging.service';
import { tenants } from '../tenants/tenants.schema';
import { dunningLevelDue } from './domain/dunning';
import { dunningNotices, dunningSettings } from './sepa.schema';

export const DUNNING_JOB = 'payments.dunning';

export async function scheduleDunning(db: Db, now: Date) {
  const next = new Date(`${addDays(now.toISOString().slice(0, 10), 1)}T07:00:00Z`);
  await enqueueJob(db, {
    kind: DUNNING_JOB,
    runAt: next,
    dedupeKey: `${DUNNING_JOB}:${next.toISOString().slice(0, 10)}`,
  });
}

/** Sends the due reminders; returns how many e-mails were queued (one per invoice and level). */
export async function runDunning(db: Db, config: AppConfig, now: Date): Promise<number> {
  const setups = await db
    .select({ tenant: tenants, delays: dunningSettings.delays })
    .from(dunningSettings)
    .innerJoin(tenants, eq(tenants.id, dunningSettings.tenantId));
  let sent = 0;
  for (const { tenant, delays } of setups) {
    if (delays.length === 0) continue;
    const today = todayIn(tenant.timeZone, now);
    const rows = await db
      .select({ invoice: invoices, sentLevel: max(dunningNotices.level) })
      .from(invoices)
      .leftJoin(dunningNotices, eq(dunningNotices.invoiceId, invoices.id))
      .where(
        and(
          eq(invoices.tenantId, tenant.id),
          eq(invoices.status, 'unpaid'),
          lt(invoices.dueOn, today),
          sql`${invoices.totalCents} - ${invoices.creditedCents} - ${invoices.settledCents} > 0`,
        ),
      )
      .groupBy(invoices.id)
      .limit(10_000);
    for (const r of rows) {
      const level = dunningLevelDue(r.invoice.dueOn, today, delays, r.sentLevel ?? 0);
      if (level === 0) continue;
      const inv = r.invoice;
      await db.transaction(async (tx) => {
        const fresh = await tx
          .insert(dunningNotices)
          .values({ tenantId: tenant.id, invoiceId: inv.id, level, sentAt: now })
          .onConflictDoNothing()
          .returning({ level: dunningNotices.level });
        if (fresh.length === 0) return;
        for (const to of await householdEmails(tx, tenant.id, inv.householdId))
          await enqueueEmail(tx, {
            tenantId: tenant.id,
            to,
            subject: `${level > 1 ? `Relance n° ${level}` : 'Rappel'} : facture ${inv.number} à régler · ${tenant.name}`,
            text: [
              'Bonjour,',
              '',
              `Sauf erreur de notre part, la facture ${inv.number} arrivée à échéance le ${formatDayLongFr(inv.dueOn)} n’est pas réglée : il reste ${formatCents(amountDue(inv))} à payer.`,
              'Vous pouvez la régler en ligne ou auprès de la régie. Si vous venez de la payer, ne tenez pas compte de ce message.',
              '',
              `Vos factures : ${tenantUrl(config, tenant, '/factures')}`,
            ].join('\n'),
          });
        sent++;
      });
    }
  }
  await scheduleDunning(db, now);
  return sent;
}

/** Administrators and accountants set the delays (audited); saving schedules the daily pass. */
export async function saveDunningSettings(
  db: Db,
  args: { tenantId: string; actorUserId: string; now: Date; delays: number[] },
) {
  await db.transaction(async (tx) => {
    const values = { delays: args.delays, updatedAt: args.now, updatedByUserId: args.actorUserId };
    await tx
      .insert(dunningSettings)
      .values({ tenantId: args.tenantId, ...values })
      .onConflictDoUpdate({ target: dunningSettings.tenantId, set: values });
    await tx.insert(auditLog).values({
      tenantId: args.tenantId,
      at: args.now,
      actorUserId: args.actorUserId,
      action: 'dunning.settings.update',
      subjectType: 'tenant',
      subjectId: args.tenantId,
      details: { delays: args.delays },
    });
    await scheduleDunning(tx, args.now);
  });
}

export async function findDunningDelays(db: Db, tenantId: string): Promise<number[]> {
  const [row] = await db.select().from(dunningSettings).where(eq(dunningSettings.tenantId, tenantId));
  return row?.delays ?? [];
}
