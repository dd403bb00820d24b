import type { Db } from '../../platform/db/client';
import { parseSearch } from './domain/search';
import { type HouseholdHit, searchHouseholdRows } from './search.repository';

/**
 * Another way to find a household from a search box (an invoice number, when billing exists): returns
 * ids of matching households of the tenant. Registered from src/features/wiring.ts.
 */
export interface SearchProvider {
  key: string;
  find: (db: Db, tenantId: string, raw: string) => Promise<string[]>;
}
const PROVIDERS: SearchProvider[] = [];
export function registerSearchProvider(p: SearchProvider): void {
  if (!PROVIDERS.some((x) => x.key === p.key)) PROVIDERS.push(p);
}

export const SEARCH_LIMIT = 50;

/** Households matching a search box: names, children, guardians, e-mails, phones, providers. */
export async function searchHouseholds(
  db: Db,
  tenantId: string,
  raw: string,
  limit = SEARCH_LIMIT,
): Promise<HouseholdHit[]> {
  const q = parseSearch(raw);
  const extra = q
    ? (await Promise.all(PROVIDERS.map((p) => p.find(db, tenantId, raw.trim()).catch(() => [])))).flat()
    : [];
  return searchHouseholdRows(db, tenantId, q, extra, limit);
}
