import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { bookings } from '../features/bookings/bookings.schema';
import { confirmBasket } from '../features/bookings/confirm';
import { addDays, dayInZone, weekdayOf } from '../features/bookings/domain/days';
import { activities, units } from '../features/catalogue/catalogue.schema';
import { enrollments } from '../features/enrollments/enrollments.schema';
import { tenants } from '../features/tenants/tenants.schema';
import type { Db } from '../platform/db/client';

/**
 * Demo bookings for the staff pages: next Wednesday's "Journée" booked for a few accepted Mercredis
 * children (through the real confirmation, as staff), one cancellation request and one late booking
 * request waiting for a decision ("Réservations à valider").
 */
export async function seedDemoStaffBookings(
  tx: Db,
  /** `skipHouseholdId`: the demo parent's household, whose bookings demo-bookings.ts makes. */
  input: { tenantId: string; managerId: string; now: Date; skipHouseholdId: string },
) {
  const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, input.tenantId));
  const [mercredis] = await tx
    .select()
    .from(activities)
    .where(and(eq(activities.tenantId, input.tenantId), eq(activities.name, 'Mercredis')));
  if (!tenant || !mercredis) return;
  const [journee] = await tx
    .select()
    .from(units)
    .where(and(eq(units.activityId, mercredis.id), eq(units.name, 'Journée')));
  if (!journee) return;
  const accepted = await tx
    .select()
    .from(enrollments)
    .where(
      and(
        eq(enrollments.activityId, mercredis.id),
        eq(enrollments.status, 'accepted'),
        ne(enrollments.householdId, input.skipHouseholdId),
      ),
    )
    .orderBy(asc(enrollments.requestedAt))
    .limit(8);
  let wed = addDays(dayInZone(input.now, tenant.timeZone), 1);
  while (weekdayOf(wed) !== 3) wed = addDays(wed, 1);
  for (const [i, e] of accepted.entries())
    await confirmBasket({
      db: tx,
      tenant,
      householdId: e.householdId,
      idempotencyKey: `demo-booking-${i}`,
      basketId: null,
      lines: [{ childId: e.childId, day: wed, unitId: journee.id, op: 'add' }],
      now: input.now,
      actorUserId: input.managerId,
      byStaff: true,
    });
  const rows = await tx
    .select()
    .from(bookings)
    .where(and(eq(bookings.unitId, journee.id), eq(bookings.day, wed), eq(bookings.status, 'confirmed')))
    .orderBy(asc(bookings.requestedAt), asc(bookings.id));
  const [cancel, late] = [rows[2], rows[3]];
  if (cancel)
    await tx
      .update(bookings)
      .set({
        status: 'cancel-requested',
        reason: 'Annulation demandée après la date limite',
        lateCancellation: true,
      })
      .where(eq(bookings.id, cancel.id));
  if (late) {
    // The first later Wednesday this child holds nothing on (the register's demo data books many).
    for (let week = 1; week <= 12; week++) {
      const day = addDays(wed, 7 * week);
      const held = await tx
        .select({ id: bookings.id })
        .from(bookings)
        .where(
          and(
            eq(bookings.childId, late.childId),
            eq(bookings.unitId, late.unitId),
            eq(bookings.day, day),
            inArray(bookings.status, ['confirmed', 'requested', 'cancel-requested', 'waiting']),
          ),
        );
      if (held.length > 0) continue;
      const { id: _id, ...copy } = late;
      await tx.insert(bookings).values({
        ...copy,
        day,
        status: 'requested',
        kind: 'booking',
        byStaff: false,
        reason: 'Demande après la date limite',
      });
      break;
    }
  }
}
