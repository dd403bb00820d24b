import { and, eq, like, or } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { invoices } from '../billing/billing.schema';
import { tenantSettings } from '../settings/settings.schema';
import { invoiceNumberPatterns, invoiceNumberQuery } from './domain/invoice-number';

/**
 * Search provider: a household from one of its invoice numbers (`ENF-2026-000123`), typed whole or as
 * a prefix (`2026-0001`), with or without the tenant's prefix, in any case. Numbers are written in
 * capitals (the prefix is validated upper-case, then `AV-`, digits and dashes), so the query is put in
 * capitals and compared with `number LIKE 'X%'`, served by the index `invoices_number_search`
 * (tenant_id, number text_pattern_ops).
 */

export const INVOICE_SEARCH_LIMIT = 50;

export async function householdsByInvoiceNumber(db: Db, tenantId: string, raw: string): Promise<string[]> {
  const q = invoiceNumberQuery(raw);
  if (!q) return [];
  const [settings] = await db
    .select({ prefix: tenantSettings.invoicePrefix })
    .from(tenantSettings)
    .where(eq(tenantSettings.tenantId, tenantId));
  const patterns = invoiceNumberPatterns(q, settings?.prefix ?? '');
  const rows = await db
    .selectDistinct({ householdId: invoices.householdId })
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), or(...patterns.map((p) => like(invoices.number, p)))))
    .limit(INVOICE_SEARCH_LIMIT);
  return rows.map((r) => r.householdId);
}
