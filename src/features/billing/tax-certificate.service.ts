/**
 * Tax certificates (attestations fiscales): per household, the amounts paid in a year for the eligible
 * care of each child under 6 on 1 January (rule in domain/tax-certificate.ts). Computed on demand from
 * the paid payments' allocations; the number is stable per household and year.
 */
import { todayIn } from '../../platform/calendar/days';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import type { Tenant } from '../tenants/tenants.schema';
import {
  type ChildAmount,
  type TaxInvoice,
  taxCertificateAmounts,
  taxCertificateNumber,
} from './domain/tax-certificate';
import { taxYearPayments } from './invoices.repository';

export interface TaxCertificate {
  number: string;
  year: number;
  householdId: string;
  payerName: string;
  payerAddress: string;
  children: ChildAmount[];
  totalCents: number;
}

/** Years a certificate can be asked for: from 2020 to the current year. */
export function taxYearParam(v: unknown, tenant: Tenant, now: Date): number {
  const current = Number(todayIn(tenant.timeZone, now).slice(0, 4));
  const n = Number(v);
  if (!Number.isInteger(n) || n < 2020 || n > current) throw new AppError('NOT_FOUND');
  return n;
}

/** Every household's certificate for the year (only those with an amount), by payer name. */
export async function taxCertificates(
  db: Db,
  tenant: Tenant,
  year: number,
  householdId?: string,
): Promise<TaxCertificate[]> {
  const data = await taxYearPayments(db, tenant.id, { year, timeZone: tenant.timeZone, householdId });
  const linesOf = new Map<string, typeof data.lines>();
  for (const l of data.lines) linesOf.set(l.invoiceId, [...(linesOf.get(l.invoiceId) ?? []), l]);
  const paidOf = new Map<string, { amountCents: number; paidOn: string }[]>();
  for (const a of data.allocations)
    paidOf.set(a.invoiceId, [
      ...(paidOf.get(a.invoiceId) ?? []),
      { amountCents: a.amountCents, paidOn: a.paidOn },
    ]);
  const byHousehold = new Map<string, typeof data.invoices>();
  for (const inv of data.invoices)
    byHousehold.set(inv.householdId, [...(byHousehold.get(inv.householdId) ?? []), inv]);
  const out: TaxCertificate[] = [];
  for (const [hid, invs] of byHousehold) {
    const input: TaxInvoice[] = invs.map((inv) => ({
      id: inv.id,
      totalCents: inv.totalCents,
      payments: paidOf.get(inv.id) ?? [],
      lines: (linesOf.get(inv.id) ?? []).map((l) => ({
        childKey: l.childId ?? `${l.childName}|${l.childBirthDate ?? ''}`,
        childName: l.childName,
        childBirthDate: l.childBirthDate,
        amountCents: l.amountCents,
        taxEligible: l.taxEligible,
      })),
    }));
    const children = taxCertificateAmounts(year, input);
    if (children.length === 0) continue;
    // The payer as printed on the household's latest invoice of those paid.
    const latest = [...invs].sort(
      (a, b) => b.issuedOn.localeCompare(a.issuedOn) || b.sequence - a.sequence,
    )[0]!;
    out.push({
      number: taxCertificateNumber(year, hid),
      year,
      householdId: hid,
      payerName: latest.payerName,
      payerAddress: latest.payerAddress,
      children,
      totalCents: children.reduce((s, c) => s + c.amountCents, 0),
    });
  }
  return out.sort((a, b) => a.payerName.localeCompare(b.payerName, 'fr'));
}

/** The years for which the household has a certificate among this year and the previous one. */
export async function familyTaxYears(db: Db, tenant: Tenant, householdId: string, now: Date) {
  const current = Number(todayIn(tenant.timeZone, now).slice(0, 4));
  const years: { year: number; current: boolean }[] = [];
  for (const year of [current - 1, current])
    if ((await taxCertificates(db, tenant, year, householdId)).length > 0)
      years.push({ year, current: year === current });
  return years;
}
