/**
 * Keeps booking_capacity rows in line with the catalogue (ADR 0005, "Staff side"): when a unit's
 * capacity or one of its overrides changes, every existing row from today on gets
 * `capacity = new, remaining = remaining + (new − capacity)` — refused when that would go below zero
 * (more children already booked than the new capacity). A raised capacity enqueues promotions of the
 * cell's waiting list; a cell that becomes unlimited loses its row (recreated if it is limited again).
 * Runs inside the catalogue's transaction, so a refusal rolls the whole change back.
 */
import { and, eq, gte } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import { unitCapacities, units } from '../catalogue/catalogue.schema';
import { tenants } from '../tenants/tenants.schema';
import { bookingCapacity } from './bookings.schema';
import { enqueuePromotion } from './confirm';
import { resolveCapacity } from './domain/capacity';
import { dayInZone, formatDayFr } from './domain/days';

export async function resyncBookingCapacity(
  tx: Db,
  tenantId: string,
  unitId: string,
  now: Date,
  /** The form field the refusal is shown next to. */
  field = 'c_capacity',
): Promise<void> {
  const [tenant] = await tx
    .select({ timeZone: tenants.timeZone })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  const [unit] = await tx
    .select({ capacity: units.capacity })
    .from(units)
    .where(and(eq(units.tenantId, tenantId), eq(units.id, unitId)));
  if (!tenant || !unit) return;
  const today = dayInZone(now, tenant.timeZone);
  const rules = await tx
    .select({ groupId: unitCapacities.groupId, day: unitCapacities.day, capacity: unitCapacities.capacity })
    .from(unitCapacities)
    .where(and(eq(unitCapacities.tenantId, tenantId), eq(unitCapacities.unitId, unitId)));
  const cellWhere = and(
    eq(bookingCapacity.tenantId, tenantId),
    eq(bookingCapacity.unitId, unitId),
    gte(bookingCapacity.day, today),
  );
  const rows = await tx
    .select()
    .from(bookingCapacity)
    .where(cellWhere)
    .orderBy(bookingCapacity.day)
    .for('update');
  for (const row of rows) {
    const next = resolveCapacity(unit.capacity, rules, row.day, row.groupKey);
    const where = and(
      eq(bookingCapacity.tenantId, tenantId),
      eq(bookingCapacity.unitId, unitId),
      eq(bookingCapacity.day, row.day),
      eq(bookingCapacity.groupKey, row.groupKey),
    );
    if (next === null) {
      await tx.delete(bookingCapacity).where(where);
      await enqueuePromotion(tx, tenantId, row);
      continue;
    }
    if (next === row.capacity) continue;
    const remaining = row.remaining + (next - row.capacity);
    if (remaining < 0) {
      const booked = row.capacity - row.remaining;
      throw new AppError(
        'VALIDATION',
        `${booked} enfant${booked > 1 ? 's sont' : ' est'} déjà réservé${booked > 1 ? 's' : ''} le ${formatDayFr(row.day)} : la capacité ne peut pas descendre à ${next}.`,
        {
          [field]: `${booked} enfant${booked > 1 ? 's sont' : ' est'} déjà réservé${booked > 1 ? 's' : ''} le ${formatDayFr(row.day)}.`,
        },
      );
    }
    await tx.update(bookingCapacity).set({ capacity: next, remaining }).where(where);
    if (next > row.capacity) await enqueuePromotion(tx, tenantId, row);
  }
}
