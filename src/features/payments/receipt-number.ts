import type { Tx } from '../../platform/db/client';
import { takeNextNumber } from '../billing/numbering';
import { findTenantSettings } from '../settings/settings.repository';
import { RECEIPT_PREFIX } from './domain/online';

/**
 * The next receipt number of the year ("REC-2026-000012", after the tenant's invoice prefix), one
 * gap-free series for every way of paying (online, desk, direct debit). Call in the payment's transaction.
 */
export async function takeReceiptNumber(tx: Tx, tenantId: string, year: number): Promise<string> {
  const settings = await findTenantSettings(tx, tenantId);
  const n = await takeNextNumber(tx, {
    tenantId,
    series: 'receipt',
    year,
    prefix: `${settings?.invoicePrefix ?? ''}${RECEIPT_PREFIX}`,
  });
  return n.number;
}
