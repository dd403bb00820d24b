import { eq } from 'drizzle-orm';
import type { Invoice } from '../../src/features/billing/billing.schema';
import { insertIssuedInvoice, type NewInvoiceLine } from '../../src/features/billing/invoices.repository';
import { tenants } from '../../src/features/tenants/tenants.schema';
import type { Db } from '../../src/platform/db/client';

export interface IssuedInvoiceOptions {
  /** Line amounts in cents (default: one line of 4 × 12,50 €). */
  lines?: Partial<NewInvoiceLine>[];
  /** First day of the billed month (default 2026-10-01). */
  month?: string;
  issuedOn?: string;
  dueOn?: string;
  childId?: string | null;
  childName?: string;
  paperless?: boolean;
  prefix?: string;
}

/**
 * An issued invoice with a real gap-free number, as the monthly run writes it — for the features that
 * read invoices (family pages, credit notes, payments, SEPA) before or without running a month.
 */
export async function createIssuedInvoice(
  db: Db,
  tenantId: string,
  householdId: string,
  o: IssuedInvoiceOptions = {},
): Promise<Invoice> {
  const [tenant] = await db.select().from(tenants).where(eq(tenants.id, tenantId));
  const month = o.month ?? '2026-10-01';
  const [y, m] = month.split('-').map(Number) as [number, number];
  const periodEnd = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  const lines: NewInvoiceLine[] = (o.lines ?? [{}]).map((l) => {
    const quantity = l.quantity ?? 4;
    const unitPriceCents = l.unitPriceCents ?? 1250;
    return {
      kind: 'service',
      childId: o.childId ?? null,
      childName: o.childName ?? 'Lou',
      childBirthDate: '2021-05-04',
      activityId: null,
      unitId: null,
      label: 'Accueil du mercredi — Journée',
      days: [],
      pricingNote: '',
      taxEligible: true,
      ...l,
      quantity,
      unitPriceCents,
      amountCents: l.amountCents ?? quantity * unitPriceCents,
    };
  });
  return db.transaction((tx) =>
    insertIssuedInvoice(tx, {
      tenantId,
      householdId,
      prefix: o.prefix ?? '',
      periodStart: month,
      periodEnd,
      issuedOn: o.issuedOn ?? '2026-11-05',
      dueOn: o.dueOn ?? '2026-12-05',
      payerName: 'Alex Famille',
      payerAddress: '1 rue de la Paix\n75001 Paris',
      issuer: {
        name: tenant!.name,
        legalName: tenant!.legalName,
        siret: tenant!.siret,
        address: tenant!.address,
        contactEmail: tenant!.contactEmail,
        contactPhone: tenant!.contactPhone,
      },
      paperless: o.paperless ?? true,
      runId: null,
      lines,
    }),
  );
}
