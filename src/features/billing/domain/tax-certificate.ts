/**
 * The yearly tax certificate (attestation fiscale, art. 200 quater B CGI): per household and per child
 * under 6 on 1 January of the tax year, the amount actually **paid** during the year for eligible care.
 *
 * Rule (ADR "billing after issue"):
 * - Only payments in status paid count, by the day they were paid (tenant time zone) within the year —
 *   whatever month the invoice bills.
 * - A payment allocated to an invoice pays all its lines in proportion: the part of the year's payments
 *   on an invoice that counts for a child is `paid × (child's eligible lines) / invoice total`, eligible
 *   meaning `tax_eligible` lines (childcare: meals, surcharges and penalties are not). Rounded down to the
 *   cent so that a certificate never states more than what was paid.
 * - A child is under 6 on 1 January of year Y when their sixth birthday is after that day: a child born
 *   on 1 January Y−6 is 6 that morning and is not eligible; a child born on 29 February is 6 on
 *   1 March (or 28 February), always after 1 January.
 * - Nothing is certified for a child whose amount is zero, nor for a line without a birth date. The
 *   €3,500 cap is the parents' tax matter: the certificate states the amount paid, nothing else.
 */

export interface TaxLine {
  childKey: string;
  childName: string;
  childBirthDate: string | null;
  amountCents: number;
  taxEligible: boolean;
}

export interface TaxInvoice {
  id: string;
  totalCents: number;
  lines: TaxLine[];
  /** Amounts of paid payments allocated to this invoice with their paid day (tenant time zone). */
  payments: { amountCents: number; paidOn: string }[];
}

export interface ChildAmount {
  childKey: string;
  childName: string;
  childBirthDate: string;
  amountCents: number;
}

/** Age in whole years on `day` (ISO days; a 29 February birthday is reached on 1 March in other years). */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const beforeBirthday = m < bm || (m === bm && d < bd);
  return y - by - (beforeBirthday ? 1 : 0);
}

/** Under 6 on 1 January of the tax year (born in the year itself counts too; born later does not). */
export function isTaxEligibleChild(birthDate: string, year: number): boolean {
  const jan1 = `${year}-01-01`;
  if (birthDate > `${year}-12-31`) return false;
  return ageOn(birthDate, jan1) < 6;
}

/** Per child of one household: the amount paid in `year` for eligible care (only children with > 0). */
export function taxCertificateAmounts(year: number, invoices: TaxInvoice[]): ChildAmount[] {
  const byChild = new Map<string, ChildAmount>();
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  for (const inv of invoices) {
    if (inv.totalCents <= 0) continue;
    const paid = inv.payments
      .filter((p) => p.paidOn >= from && p.paidOn <= to)
      .reduce((s, p) => s + p.amountCents, 0);
    if (paid <= 0) continue;
    const eligible = new Map<string, { line: TaxLine; cents: number }>();
    for (const l of inv.lines) {
      if (!l.taxEligible || !l.childBirthDate || !isTaxEligibleChild(l.childBirthDate, year)) continue;
      const cur = eligible.get(l.childKey);
      eligible.set(l.childKey, { line: cur?.line ?? l, cents: (cur?.cents ?? 0) + l.amountCents });
    }
    for (const [key, { line, cents }] of eligible) {
      const base = Math.min(Math.max(cents, 0), inv.totalCents);
      // Rounded down: never certify more than what was paid (BigInt keeps huge products exact).
      const share = Number((BigInt(Math.min(paid, inv.totalCents)) * BigInt(base)) / BigInt(inv.totalCents));
      if (share <= 0) continue;
      const cur = byChild.get(key);
      byChild.set(key, {
        childKey: key,
        childName: line.childName,
        childBirthDate: line.childBirthDate!,
        amountCents: (cur?.amountCents ?? 0) + share,
      });
    }
  }
  return [...byChild.values()]
    .filter((c) => c.amountCents > 0)
    .sort((a, b) => a.childName.localeCompare(b.childName, 'fr'));
}

/** The certificate's number: one per household and year, stable when it is generated again. */
export function taxCertificateNumber(year: number, householdId: string): string {
  return `AF-${year}-${householdId.replace(/-/g, '').slice(0, 10).toUpperCase()}`;
}
