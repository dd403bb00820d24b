import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { formatCents } from '../../platform/money';
import type { StaffRole } from '../accounts/accounts.schema';
import { invoices } from '../billing/billing.schema';
import { amountDue, householdBalanceCents, invoicesOfHousehold } from '../billing/invoices.repository';
import { dayInZone } from '../bookings/domain/days';
import { paymentAllocations, payments } from '../payments/payments.schema';
import { type HouseholdSection, pageParam, type SectionTable } from './household-sections';

/**
 * The household 360° view's « Factures » and « Paiements » sections (issue 11), read from the billing
 * and payments tables. Billing belongs to accountants and administrators; managers may read.
 */
export const BILLING_READ_ROLES: readonly StaffRole[] = ['accountant', 'manager'];
export const SECTION_PAGE_SIZE = 12;

const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];
export const monthFr = (isoDay: string) => `${MONTHS[Number(isoDay.slice(5, 7)) - 1]} ${isoDay.slice(0, 4)}`;
const frDay = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

/** The status of an invoice in words; an unpaid one past its due day is « En retard ». */
export function invoiceStatusFr(status: string, dueOn: string, today: string): string {
  if (status === 'paid') return 'Payée';
  if (status === 'in_collection') return 'En recouvrement';
  return dueOn < today ? 'En retard' : 'À payer';
}

export const PAYMENT_METHOD_FR: Record<string, string> = {
  online: 'En ligne',
  cheque: 'Chèque',
  cash: 'Espèces',
  cesu: 'CESU',
  ancv: 'Chèques-vacances ANCV',
  transfer: 'Virement',
  direct_debit: 'Prélèvement',
};
export const PAYMENT_STATUS_FR: Record<string, string> = {
  pending: 'En cours',
  paid: 'Payé',
  refused: 'Refusé',
  abandoned: 'Abandonné',
  expired: 'Expiré',
  error: 'Erreur',
  flagged: 'À vérifier',
  cancelled: 'Annulé',
  returned: 'Rejeté par la banque',
};

const balanceNote = (cents: number) =>
  cents > 0 ? `Solde restant dû : ${formatCents(cents)}.` : 'Aucune somme due.';

function paged<T>(rows: T[], page: number) {
  const from = (page - 1) * SECTION_PAGE_SIZE;
  return {
    rows: rows.slice(from, from + SECTION_PAGE_SIZE),
    hasNext: rows.length > from + SECTION_PAGE_SIZE,
  };
}

export const invoicesSection: HouseholdSection = {
  key: 'factures',
  title: 'Factures',
  order: 40,
  roles: BILLING_READ_ROLES,
  load: async (c): Promise<SectionTable> => {
    const [list, balance] = await Promise.all([
      invoicesOfHousehold(c.db, c.tenantId, c.householdId),
      householdBalanceCents(c.db, c.tenantId, c.householdId),
    ]);
    const today = dayInZone(c.now, c.timeZone);
    const page = pageParam(c.query.factures);
    const p = paged(list, page);
    return {
      columns: ['Numéro', 'Mois', 'Montant', 'Reste dû', 'Échéance', 'État'],
      empty: 'Aucune facture.',
      note: balanceNote(balance),
      pager: { param: 'factures', page, hasNext: p.hasNext, total: list.length },
      rows: p.rows.map((i) => [
        { text: i.number, href: `${c.base}/gestion/factures/${i.id}` },
        monthFr(i.periodStart),
        formatCents(i.totalCents),
        formatCents(amountDue(i)),
        frDay(i.dueOn),
        invoiceStatusFr(i.status, i.dueOn, today),
      ]),
    };
  },
};

/** A household's payments, newest first, with the numbers of the invoices each one settles. */
export async function paymentsOfHousehold(db: Db, tenantId: string, householdId: string) {
  return db
    .select({
      id: payments.id,
      method: payments.method,
      status: payments.status,
      amountCents: payments.amountCents,
      createdAt: payments.createdAt,
      paidAt: payments.paidAt,
      invoiceNumbers: sql<string[]>`coalesce((select array_agg(i.number order by i.number)
        from ${paymentAllocations} a join ${invoices} i on i.tenant_id = a.tenant_id and i.id = a.invoice_id
        where a.tenant_id = "payments"."tenant_id" and a.payment_id = "payments"."id"), '{}')`,
    })
    .from(payments)
    .where(and(eq(payments.tenantId, tenantId), eq(payments.householdId, householdId)))
    .orderBy(desc(sql`coalesce(${payments.paidAt}, ${payments.createdAt})`), desc(payments.id));
}

export const paymentsSection: HouseholdSection = {
  key: 'paiements',
  title: 'Paiements',
  order: 45,
  roles: BILLING_READ_ROLES,
  load: async (c): Promise<SectionTable> => {
    const [list, balance] = await Promise.all([
      paymentsOfHousehold(c.db, c.tenantId, c.householdId),
      householdBalanceCents(c.db, c.tenantId, c.householdId),
    ]);
    const page = pageParam(c.query.paiements);
    const p = paged(list, page);
    const day = (d: Date) => frDay(dayInZone(d, c.timeZone));
    return {
      columns: ['Date', 'Moyen', 'Montant', 'État', 'Factures'],
      empty: 'Aucun paiement.',
      note: balanceNote(balance),
      pager: { param: 'paiements', page, hasNext: p.hasNext, total: list.length },
      rows: p.rows.map((r) => [
        day(r.paidAt ?? r.createdAt),
        PAYMENT_METHOD_FR[r.method] ?? r.method,
        formatCents(r.amountCents),
        PAYMENT_STATUS_FR[r.status] ?? r.status,
        r.invoiceNumbers.length > 0 ? r.invoiceNumbers.join(', ') : '—',
      ]),
    };
  },
};
