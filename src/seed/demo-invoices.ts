import { and, eq, inArray } from 'drizzle-orm';
import {
  insertIssuedInvoice,
  type NewInvoiceLine,
  settleInvoice,
} from '../features/billing/invoices.repository';
import { activities } from '../features/catalogue/catalogue.schema';
import { paymentAllocations, payments } from '../features/payments/payments.schema';
import { tenants } from '../features/tenants/tenants.schema';
import type { Db, Tx } from '../platform/db/client';

/**
 * Demo invoices of the Martin household (deterministic), as the monthly run would have issued them:
 * September 2026, paid by cheque on 20 October; October 2026, to pay by 5 December. Léo (born 2021) is
 * under 6: his care paid in 2026 makes an "Attestation fiscale 2026"; the meals are not counted.
 */
export async function seedDemoInvoices(
  tx: Db,
  ids: {
    tenantId: string;
    householdId: string;
    children: { id: string; firstName: string; lastName: string; birthDate: string }[];
  },
): Promise<void> {
  const t = ids.tenantId;
  const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, t));
  const acts = await tx
    .select({ id: activities.id, name: activities.name })
    .from(activities)
    .where(
      and(eq(activities.tenantId, t), inArray(activities.name, ['Mercredis', 'Cantine', 'Accueil du soir'])),
    );
  const act = (name: string) => acts.find((a) => a.name === name)?.id ?? null;
  const emma = ids.children.find((c) => c.firstName === 'Emma')!;
  const leo = ids.children.find((c) => c.firstName === 'Léo')!;
  const line = (
    child: typeof emma,
    activity: string,
    label: string,
    days: string[],
    unitPriceCents: number,
    o: Partial<NewInvoiceLine> = {},
  ): NewInvoiceLine => ({
    kind: 'service',
    childId: child.id,
    childName: `${child.firstName} ${child.lastName}`,
    childBirthDate: child.birthDate,
    activityId: act(activity),
    unitId: null,
    label,
    days,
    quantity: days.length,
    unitPriceCents,
    amountCents: days.length * unitPriceCents,
    pricingNote: 'QF 820 : tranche 701–1000',
    taxEligible: true,
    ...o,
  });
  const issuer = {
    name: tenant!.name,
    legalName: tenant!.legalName,
    siret: tenant!.siret,
    address: tenant!.address,
    contactEmail: tenant!.contactEmail,
    contactPhone: tenant!.contactPhone,
  };
  const common = {
    tenantId: t,
    householdId: ids.householdId,
    prefix: '',
    payerName: `Camille ${emma.lastName}`,
    payerAddress: '12 rue des Lilas\n00000 Démo',
    issuer,
    paperless: true,
    runId: null,
  };
  const sept = ['2026-09-02', '2026-09-09', '2026-09-16', '2026-09-23'];
  const september = await insertIssuedInvoice(tx as Tx, {
    ...common,
    periodStart: '2026-09-01',
    periodEnd: '2026-09-30',
    issuedOn: '2026-10-05',
    dueOn: '2026-11-05',
    lines: [
      line(emma, 'Mercredis', 'Mercredis — Journée', sept, 1200),
      line(leo, 'Mercredis', 'Mercredis — Journée', sept, 1050),
      line(leo, 'Cantine', 'Cantine — Repas', sept, 380, { taxEligible: false, pricingNote: '' }),
    ],
  });
  const paidAt = new Date('2026-10-20T09:30:00Z');
  const [pay] = await tx
    .insert(payments)
    .values({
      tenantId: t,
      householdId: ids.householdId,
      method: 'cheque',
      status: 'paid',
      amountCents: september.totalCents,
      reference: 'Chèque n° 0001234',
      receiptNumber: 'REC-2026-000001',
      createdAt: paidAt,
      paidAt,
    })
    .returning();
  await tx
    .insert(paymentAllocations)
    .values({ tenantId: t, paymentId: pay!.id, invoiceId: september.id, amountCents: september.totalCents });
  await settleInvoice(tx as Tx, t, september.id, september.totalCents);

  const oct = ['2026-10-07', '2026-10-14', '2026-10-21'];
  await insertIssuedInvoice(tx as Tx, {
    ...common,
    periodStart: '2026-10-01',
    periodEnd: '2026-10-31',
    issuedOn: '2026-11-05',
    dueOn: '2026-12-05',
    lines: [
      line(emma, 'Mercredis', 'Mercredis — Journée', oct, 1200),
      line(leo, 'Mercredis', 'Mercredis — Journée', [...oct, '2026-10-28'], 1050),
      line(leo, 'Accueil du soir', 'Accueil du soir', ['2026-10-05', '2026-10-06', '2026-10-08'], 250),
      line(leo, 'Accueil du soir', 'Majoration : présent sans réservation', ['2026-10-12'], 500, {
        kind: 'surcharge',
        taxEligible: false,
        pricingNote: '',
      }),
    ],
  });
}
