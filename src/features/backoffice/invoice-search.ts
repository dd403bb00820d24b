import { and, eq, like, or } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { invoices } from '../billing/billing.schema';
import { tenantSettings } from '../settings/settings.schema';
import { likeEscape } from './domain/search';

/**
 * Search provider: a household from one of its invoice numbers (`ENF-2026-000123`), typed whole or as
 * a prefix (`2026-0001`), with or without the tenant's prefix, in any case. Numbers are written in
 * capitals (the prefix is validated upper-case, then `AV-`, digits and dashes), so the query is put in
 * capitals and compared with `number LIKE 'X%'`, served by the index `invoices_number_search`
 * (tenant_id, number text_pattern_ops).
 */

/** What an invoice-number query looks like once normalised: capitals, digits, dashes; 4 to 40 long. */
export function invoiceNumberQuery(raw: string): string | null {
  const q = raw.trim().replace(/\s+/g, '').toUpperCase();
  if (q.length < 4 || q.length > 40 || !/^[A-Z0-9-]+$/.test(q) || !/\d/.test(q)) return null;
  return q;
}

/** The LIKE patterns to try: as typed, and with the tenant prefix in front when it was left out. */
export function invoiceNumberPatterns(q: string, prefix: string): string[] {
  const p = prefix.toUpperCase();
  const out = [`${likeEscape(q)}%`];
  if (p && !q.startsWith(p)) out.push(`${likeEscape(p + q)}%`);
  return out;
}

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
