import { and, eq } from 'drizzle-orm';
import { memberships, platformUsers } from '../features/accounts/accounts.schema';
import { changeBasket } from '../features/bookings/basket-store';
import { confirmBasket } from '../features/bookings/confirm';
import { loadBookingContext } from '../features/bookings/context';
import { type BasketLine, setLine } from '../features/bookings/domain/basket';
import { addDays } from '../features/bookings/domain/days';
import { planningGrid } from '../features/bookings/planning';
import { unitCapacities } from '../features/catalogue/catalogue.schema';
import { tenants } from '../features/tenants/tenants.schema';
import type { Db } from '../platform/db/client';

/**
 * Bookings of the demo parent (foyer Martin), relative to the day the demo is seeded: three Wednesdays
 * "Journée" confirmed in the coming weeks and a fourth on the waiting list (that day is full). They go
 * through the real confirmation (request number, capacity, e-mail in the development mailbox).
 */
export async function seedDemoBookings(db: Db, now: Date): Promise<void> {
  const [tenant] = await db.select().from(tenants).where(eq(tenants.slug, 'demo'));
  const [m] = await db
    .select({ householdId: memberships.householdId, userId: memberships.userId })
    .from(memberships)
    .innerJoin(platformUsers, eq(platformUsers.id, memberships.userId))
    .where(and(eq(platformUsers.email, 'parent@demo.test'), eq(memberships.tenantId, tenant?.id ?? '')));
  if (!tenant || !m?.householdId) return;
  const householdId = m.householdId;
  const ctx = await loadBookingContext(db, { tenant, householdId, now });
  const scope = [...ctx.scopes]
    .filter((s) => s.activity.name === 'Mercredis')
    .sort((a, b) => a.enrollmentId.localeCompare(b.enrollmentId))[0];
  const journee = scope && ctx.unitsOf(scope.activity.id).find((u) => u.name === 'Journée');
  if (!scope || !journee) return;
  const from = addDays(ctx.today, 8);
  const to = addDays(from, 120) < scope.period.lastDay ? addDays(from, 120) : scope.period.lastDay;
  if (from > to) return;
  const grid = await planningGrid(db, ctx, [scope], from, to);
  const days = grid.cells
    .filter((c) => c.unitId === journee.id && c.view.tap.kind === 'book')
    .map((c) => c.day)
    .slice(0, 4);
  if (days.length < 4) return;
  // The fourth Wednesday is full: the family joins its waiting list.
  const groupKey = ctx.groupKeyOf(scope, journee.id);
  await db.insert(unitCapacities).values({
    tenantId: tenant.id,
    unitId: journee.id,
    groupId: groupKey === '' ? null : groupKey,
    day: days[3]!,
    capacity: 0,
  });
  const lines: BasketLine[] = days.map((day) => ({
    childId: scope.childId,
    day,
    unitId: journee.id,
    op: 'add',
  }));
  const basket = await changeBasket(db, tenant.id, householdId, now, (b) => lines.reduce(setLine, b));
  await confirmBasket({
    db,
    tenant,
    householdId,
    idempotencyKey: basket.id,
    basketId: basket.id,
    lines: basket.basket.lines,
    now,
    actorUserId: m.userId,
    ip: null,
  });
}
