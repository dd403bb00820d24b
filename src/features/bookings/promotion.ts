/**
 * Waiting-list promotion (ADR 0005): when a place frees on a cell, a job takes it with the same
 * conditional UPDATE and gives it to the first eligible waiting child (arrival order, then draw order);
 * the family is e-mailed. Entries whose unit has started are closed as refused. Idempotent: run twice,
 * it promotes only while places remain.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { enqueueEmail } from '../../platform/mail/outbox';
import { units } from '../catalogue/catalogue.schema';
import { householdEmails } from '../enrollments/children-lookup';
import { children } from '../households/households.schema';
import { writeAudit } from '../staff/audit';
import { tenants } from '../tenants/tenants.schema';
import { bookingCapacity, bookings } from './bookings.schema';
import { formatDayFr, zonedInstant } from './domain/days';
import { isOnTime } from './domain/types';
import { promote } from './domain/waiting-list';

export interface PromotionCell {
  tenantId: string;
  unitId: string;
  day: string;
  groupKey: string;
}

export function isPromotionCell(p: unknown): p is PromotionCell {
  const o = p as Record<string, unknown>;
  return (
    typeof o?.tenantId === 'string' &&
    typeof o.unitId === 'string' &&
    typeof o.day === 'string' &&
    typeof o.groupKey === 'string'
  );
}

/** Promotes waiting entries of a cell while places are free; returns the promoted booking ids. */
export async function promoteWaiting(db: Db, cell: PromotionCell, now: Date): Promise<string[]> {
  return db.transaction(async (tx) => {
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, cell.tenantId));
    const [unit] = await tx
      .select()
      .from(units)
      .where(and(eq(units.tenantId, cell.tenantId), eq(units.id, cell.unitId)));
    if (!tenant || !unit) return [];
    const where = and(
      eq(bookingCapacity.tenantId, cell.tenantId),
      eq(bookingCapacity.unitId, cell.unitId),
      eq(bookingCapacity.day, cell.day),
      eq(bookingCapacity.groupKey, cell.groupKey),
    );
    // Lock the cell's capacity row first: the same order as confirmations (no deadlock).
    const [cap] = await tx.select().from(bookingCapacity).where(where).for('update');
    const waiting = await tx
      .select()
      .from(bookings)
      .where(
        and(
          eq(bookings.tenantId, cell.tenantId),
          eq(bookings.unitId, cell.unitId),
          eq(bookings.day, cell.day),
          eq(bookings.groupKey, cell.groupKey),
          eq(bookings.status, 'waiting'),
        ),
      )
      .orderBy(asc(bookings.requestedAt), asc(bookings.seq), asc(bookings.id));
    if (waiting.length === 0) return [];
    const startsAt = zonedInstant(cell.day, unit.startTime, tenant.timeZone);
    if (!isOnTime(now, startsAt)) {
      await tx
        .update(bookings)
        .set({ status: 'refused', reason: 'Aucune place ne s’est libérée à temps', updatedAt: now })
        .where(
          inArray(
            bookings.id,
            waiting.map((w) => w.id),
          ),
        );
      return [];
    }
    const free = cap ? cap.remaining : waiting.length; // no row: the unit became unlimited
    if (free <= 0) return [];
    // A unit that requires another (Repas → Matin) is promoted only when the child holds it.
    const held = await tx
      .select({ childId: bookings.childId, unitId: bookings.unitId })
      .from(bookings)
      .where(
        and(
          eq(bookings.tenantId, cell.tenantId),
          eq(bookings.day, cell.day),
          inArray(
            bookings.childId,
            waiting.map((w) => w.childId),
          ),
          eq(bookings.status, 'confirmed'),
        ),
      );
    const eligible = (w: (typeof waiting)[number]) =>
      unit.requiredUnitIds.every((r) => held.some((h) => h.childId === w.childId && h.unitId === r));
    const { promoted } = promote(waiting, free, eligible);
    if (promoted.length === 0) return [];
    if (cap)
      await tx
        .update(bookingCapacity)
        .set({ remaining: cap.remaining - promoted.length })
        .where(where);
    await tx
      .update(bookings)
      .set({ status: 'confirmed', updatedAt: now, reason: null })
      .where(
        inArray(
          bookings.id,
          promoted.map((p) => p.id),
        ),
      );
    const names = await tx
      .select({ id: children.id, firstName: children.firstName })
      .from(children)
      .where(
        inArray(
          children.id,
          promoted.map((p) => p.childId),
        ),
      );
    for (const p of promoted) {
      await writeAudit(tx, {
        tenantId: cell.tenantId,
        actorUserId: null,
        action: 'booking.promoted',
        subjectType: 'booking',
        subjectId: p.id,
        details: { day: cell.day, unitId: cell.unitId },
        at: now,
      });
      const first = names.find((n) => n.id === p.childId)?.firstName ?? '';
      for (const to of await householdEmails(tx, cell.tenantId, p.householdId))
        await enqueueEmail(tx, {
          tenantId: cell.tenantId,
          to,
          subject: `Une place s’est libérée pour ${first}`,
          text: `Bonjour,\n\nUne place s’est libérée : la réservation de ${first} du ${formatDayFr(cell.day)} (${unit.name}) est confirmée.\n\n${tenant.name}`,
        });
    }
    return promoted.map((p) => p.id);
  });
}
