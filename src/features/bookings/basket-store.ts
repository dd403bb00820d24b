/**
 * The household's open basket, held on the server (one open basket per household; its id is the
 * idempotency key of its confirmation). Every change runs in a transaction that locks the row, so two
 * taps arriving together (two guardians, a double tap) never lose one another.
 */
import { and, eq, isNull } from 'drizzle-orm';
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

/** Applies a change to the open basket under a row lock; returns the new basket. */
export async function changeBasket(
  db: Db,
  tenantId: string,
  householdId: string,
  now: Date,
  change: (basket: Basket) => Basket,
): Promise<StoredBasket> {
  await openBasket(db, tenantId, householdId, now);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(bookingBaskets)
      .where(openBasketWhere(tenantId, householdId))
      .for('update');
    if (!row) throw new AppError('CONFLICT', 'Votre panier vient d’être confirmé.');
    const next = change(basketOf(row.lines));
    if (next.lines.length > BASKET_MAX_LINES)
      throw new AppError('VALIDATION', 'Votre panier est trop grand.', {
        basket: `Un panier compte au plus ${BASKET_MAX_LINES} changements : confirmez-le avant d’en ajouter.`,
      });
    await tx
      .update(bookingBaskets)
      .set({ lines: [...next.lines], updatedAt: now })
      .where(eq(bookingBaskets.id, row.id));
    return { id: row.id, basket: next };
  });
}
