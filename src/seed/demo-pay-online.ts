import { insertIssuedInvoice, type NewInvoiceLine } from '../features/billing/invoices.repository';
import { takeNextNumber } from '../features/billing/numbering';
import { paymentAllocations, payments } from '../features/payments/payments.schema';
import { markPaymentPaid } from '../features/payments/settle';
import type { Tx } from '../platform/db/client';

/**
 * Demo invoices of the Martin household for online payment (deterministic): August paid online
 * (receipt in the history), September, October and November unpaid — three to pay with the simulator.
 */
export async function seedDemoOnlinePayments(
  tx: Tx,
  args: {
    tenantId: string;
    householdId: string;
    parentUserId: string;
    childName: string;
    issuer: {
      name: string;
      legalName: string;
      siret: string;
      address: string;
      contactEmail: string;
      contactPhone: string;
    };
  },
) {
  const line = (label: string, quantity: number, unitPriceCents: number): NewInvoiceLine => ({
    kind: 'service',
    childId: null,
    childName: args.childName,
    childBirthDate: null,
    activityId: null,
    unitId: null,
    label,
    days: [],
    quantity,
    unitPriceCents,
    amountCents: quantity * unitPriceCents,
    pricingNote: '',
    taxEligible: true,
  });
  const months = [
    { start: '2026-08-01', end: '2026-08-31', issued: '2026-09-05', due: '2026-10-05', qty: 2, price: 1500 },
    { start: '2026-09-01', end: '2026-09-30', issued: '2026-10-05', due: '2026-11-05', qty: 4, price: 1050 },
    { start: '2026-10-01', end: '2026-10-31', issued: '2026-11-05', due: '2026-12-05', qty: 3, price: 1250 },
    { start: '2026-11-01', end: '2026-11-30', issued: '2026-11-20', due: '2026-12-20', qty: 2, price: 900 },
  ];
  const issued = [];
  for (const m of months)
    issued.push(
      await insertIssuedInvoice(tx, {
        tenantId: args.tenantId,
        householdId: args.householdId,
        prefix: '',
        periodStart: m.start,
        periodEnd: m.end,
        issuedOn: m.issued,
        dueOn: m.due,
        payerName: 'Camille Martin',
        payerAddress: '3 rue des Écoles\n00000 Démo',
        issuer: args.issuer,
        paperless: true,
        runId: null,
        lines: [line('Accueil du mercredi — Journée', m.qty, m.price)],
      }),
    );
  const august = issued[0]!;
  const createdAt = new Date('2026-09-12T18:04:00Z');
  const [payment] = await tx
    .insert(payments)
    .values({
      tenantId: args.tenantId,
      householdId: args.householdId,
      method: 'online',
      provider: 'simulator',
      providerRef: 'SIM-demoAugust2026xx',
      status: 'pending',
      amountCents: august.totalCents,
      createdAt,
      createdByUserId: args.parentUserId,
    })
    .returning();
  await tx.insert(paymentAllocations).values({
    tenantId: args.tenantId,
    paymentId: payment!.id,
    invoiceId: august.id,
    amountCents: august.totalCents,
  });
  const receipt = await takeNextNumber(tx, {
    tenantId: args.tenantId,
    series: 'receipt',
    year: 2026,
    prefix: 'REC-',
  });
  await markPaymentPaid(tx, {
    tenantId: args.tenantId,
    paymentId: payment!.id,
    paidAt: new Date('2026-09-12T18:05:00Z'),
    receiptNumber: receipt.number,
  });
}
