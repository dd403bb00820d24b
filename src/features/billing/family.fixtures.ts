// Test fixture (no production code imports it): a paid payment as the payments feature records it.
import assert from 'node:assert/strict';
import type { Db } from '../../platform/db/client';
import { paymentAllocations, payments } from '../payments/payments.schema';
import { settleInvoice } from './invoices.repository';

/** A paid payment of `cents` on one invoice (as the payments feature records it). */
export async function payInvoice(
  db: Db,
  tenantId: string,
  householdId: string,
  invoiceId: string,
  cents: number,
  paidAt = new Date('2026-11-20T10:00:00Z'),
) {
  await db.transaction(async (tx) => {
    const [p] = await tx
      .insert(payments)
      .values({
        tenantId,
        householdId,
        method: 'cheque',
        status: 'paid',
        amountCents: cents,
        createdAt: paidAt,
        paidAt,
        receiptNumber: `REC-${Math.random().toString(36).slice(2, 10)}`,
      })
      .returning();
    await tx.insert(paymentAllocations).values({ tenantId, paymentId: p!.id, invoiceId, amountCents: cents });
    assert.ok(await settleInvoice(tx, tenantId, invoiceId, cents));
  });
}
