/** Staff invoice pages: the filtered list and one invoice with its household. */
import { todayIn } from '../../platform/calendar/days';
import type { Db } from '../../platform/db/client';
import type { StaffActor } from '../../platform/http/policies';
import { fold } from '../backoffice/domain/search';
import { householdNames } from './exports.repository';
import { householdBalanceCents, type InvoiceSearch, searchInvoices } from './invoices.repository';
import { loadInvoiceView } from './invoices.service';
import type { StaffFilters } from './views/staff-invoices';

export const PAGE_SIZE = 50;

const str = (v: unknown, max: number) => (typeof v === 'string' ? v.trim().slice(0, max) : '');

/** Filters from the query string; anything unexpected is ignored (never an error). */
export function parseFilters(query: unknown): { filters: StaffFilters; page: number } {
  const q = (query ?? {}) as Record<string, unknown>;
  const statut = str(q.statut, 20);
  const mois = str(q.mois, 7);
  const n = Number(q.page);
  return {
    filters: {
      statut: ['unpaid', 'in_collection', 'paid'].includes(statut) ? statut : '',
      mois: /^\d{4}-(0[1-9]|1[0-2])$/.test(mois) ? mois : '',
      q: str(q.q, 100),
      retard: q.retard === '1',
    },
    page: Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1,
  };
}

export async function staffInvoiceList(db: Db, staff: StaffActor, query: unknown, now: Date) {
  const { filters, page } = parseFilters(query);
  const today = todayIn(staff.tenant.timeZone, now);
  const search: InvoiceSearch = {
    status: (filters.statut || undefined) as InvoiceSearch['status'],
    month: filters.mois || undefined,
    q: filters.q ? fold(filters.q) : undefined,
    overdueBefore: filters.retard ? today : undefined,
  };
  const rows = await searchInvoices(db, staff.tenant.id, search, {
    limit: PAGE_SIZE + 1,
    offset: (page - 1) * PAGE_SIZE,
  });
  return { rows: rows.slice(0, PAGE_SIZE), hasNext: rows.length > PAGE_SIZE, filters, page, today };
}

export async function staffInvoiceView(db: Db, staff: StaffActor, invoiceId: string) {
  const v = await loadInvoiceView(db, staff.tenant.id, invoiceId);
  const [names, balance] = await Promise.all([
    householdNames(db, staff.tenant.id, [v.invoice.householdId]),
    householdBalanceCents(db, staff.tenant.id, v.invoice.householdId),
  ]);
  return { v, householdName: names.get(v.invoice.householdId) ?? '—', balance };
}
