/**
 * The household's open basket, held on the server (one open basket per household; its id is the
 * idempotency key of its confirmation). Every change is a compare-and-set on the row's lines, so two
 * taps arriving together (two guardians, a double tap) never lose one another.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import { bookingBaskets } from './bookings.schema';
import { BASKET_MAX_LINES, type Basket, basketOf } from './domain/basket';

export interface StoredBasket {
  id: string;
  basket: Basket;
}

const openBasketWhere = (tenantId: string, householdId: string) =>
  and(
    eq(bookingBaskets.tenantId, tenantId),
    eq(bookingBaskets.householdId, householdId),
    isNull(bookingBaskets.submittedAt),
  );

/** The open basket (created empty when there is none). */
export async function openBasket(
  db: Db,
  tenantId: string,
  householdId: string,
  now: Date,
): Promise<StoredBasket> {
  const [row] = await db.select().from(bookingBaskets).where(openBasketWhere(tenantId, householdId));
  if (row) return { id: row.id, basket: basketOf(row.lines) };
  await db
    .insert(bookingBaskets)
    .values({ tenantId, householdId, lines: [], updatedAt: now })
    .onConflictDoNothing();
  const [created] = await db.select().from(bookingBaskets).where(openBasketWhere(tenantId, householdId));
  return { id: created!.id, basket: basketOf(created!.lines) };
}

/**
 * Applies a change to the open basket; returns the new basket. Optimistic: the basket is read, changed
 * in memory, and written back only if its lines are still those read (compare-and-set in one UPDATE, no
 * transaction, two statements); a concurrent change (the other guardian, a double tap) makes the write
 * miss and the change is applied again to the fresh lines, so neither is lost. A basket confirmed in
 * between is a conflict, as before.
 */
export async function changeBasket(
  db: Db,
  tenantId: string,
  householdId: string,
  now: Date,
  change: (basket: Basket) => Basket,
): Promise<StoredBasket> {
  let seen: string | null = null;
  for (let attempt = 1; ; attempt++) {
    const [row] = await db.select().from(bookingBaskets).where(openBasketWhere(tenantId, householdId));
    if (!row) {
      if (seen) throw new AppError('CONFLICT', 'Votre panier vient d’être confirmé.');
      await db
        .insert(bookingBaskets)
        .values({ tenantId, householdId, lines: [], updatedAt: now })
        .onConflictDoNothing();
      if (attempt > 3) throw new AppError('CONFLICT', 'Votre panier vient d’être confirmé.');
      continue;
    }
    if (seen && seen !== row.id) throw new AppError('CONFLICT', 'Votre panier vient d’être confirmé.');
    seen = row.id;
    const next = change(basketOf(row.lines));
    if (next.lines.length > BASKET_MAX_LINES)
      throw new AppError('VALIDATION', 'Votre panier est trop grand.', {
        basket: `Un panier compte au plus ${BASKET_MAX_LINES} changements : confirmez-le avant d’en ajouter.`,
      });
    const written = await db
      .update(bookingBaskets)
      .set({ lines: [...next.lines], updatedAt: now })
      .where(
        and(
          eq(bookingBaskets.id, row.id),
          isNull(bookingBaskets.submittedAt),
          sql`${bookingBaskets.lines} = ${JSON.stringify(row.lines)}::jsonb`,
        ),
      )
      .returning({ id: bookingBaskets.id });
    if (written.length === 1) return { id: row.id, basket: next };
    if (attempt >= 20) throw new AppError('CONFLICT', 'Votre panier change trop vite : réessayez.');
  }
}
