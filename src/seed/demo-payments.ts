import { randomBytes } from 'node:crypto';
import { enterCollection, insertIssuedInvoice } from '../features/billing/invoices.repository';
import { maskIban } from '../features/payments/domain/iban';
import { icsCheckDigits } from '../features/payments/domain/ics';
import { newRum } from '../features/payments/domain/rum';
import { scheduleDunning } from '../features/payments/dunning.job';
import { paymentAllocations, payments } from '../features/payments/payments.schema';
import { takeReceiptNumber } from '../features/payments/receipt-number';
import {
  dunningSettings,
  sepaCollectionItems,
  sepaCollections,
  sepaMandates,
  sepaSettings,
} from '../features/payments/sepa.schema';
import { ibanSealingKey } from '../features/payments/sepa.service';
import { markPaymentPaid } from '../features/payments/settle';
import { tenantSettings } from '../features/settings/settings.schema';
import type { Tenant } from '../features/tenants/tenants.schema';
import type { Tx } from '../platform/db/client';
import { sealSecret } from '../platform/secrets';

/**
 * Demo payments (issue 9): direct debit set up for the demo tenant (ICS, creditor account, reminders at
 * 7 and 21 days), and September 2026 invoices of four households other than the Martins (the billing
 * run seeds October; the demo parent keeps its own invoices unpaid):
 * - Bernard: active mandate, invoice in a collection of 5 November (not yet marked settled);
 * - Dubois: invoice paid by cheque (receipt REC-2026-…);
 * - Thomas: unpaid, overdue (reminders);
 * - Robert: active mandate, invoice unpaid — what the next collection takes.
 * Mandates need the IBAN sealing key: without it (tests seeding without keys) they are left out.
 */
export const DEMO_ICS = `FR${icsCheckDigits('FR', '123456')}ZZZ123456`;
const DEMO_IBANS = ['FR7630006000011234567890189', 'FR1420041010050500013M02606'];

export async function seedDemoPayments(
  tx: Tx,
  args: {
    tenant: Tenant;
    households: { id: string; name: string; addressLine: string; postalCode: string; city: string }[];
    childNames: Map<string, string>;
    accountantUserId: string;
    secretsKey?: Uint8Array;
  },
) {
  const { tenant } = args;
  const tenantId = tenant.id;
  const at = new Date('2026-10-05T08:00:00Z');
  await tx
    .insert(tenantSettings)
    .values({ tenantId, sepaCreditorId: DEMO_ICS, updatedAt: at })
    .onConflictDoUpdate({ target: tenantSettings.tenantId, set: { sepaCreditorId: DEMO_ICS } });
  await tx.insert(sepaSettings).values({
    tenantId,
    format: 'pain.008.001.02',
    creditorName: tenant.legalName || tenant.name,
    creditorIban: 'FR7630006000011234567890189',
    creditorBic: 'AGRIFRPP',
    updatedAt: at,
  });
  await tx.insert(dunningSettings).values({ tenantId, delays: [7, 21], updatedAt: at });
  await scheduleDunning(tx, at);

  const invoices = [];
  for (const h of args.households.slice(0, 4)) {
    invoices.push(
      await insertIssuedInvoice(tx, {
        tenantId,
        householdId: h.id,
        prefix: '',
        periodStart: '2026-09-01',
        periodEnd: '2026-09-30',
        issuedOn: '2026-10-05',
        dueOn: '2026-11-05',
        payerName: `Foyer ${h.name}`,
        payerAddress: `${h.addressLine}\n${h.postalCode} ${h.city}`,
        issuer: {
          name: tenant.name,
          legalName: tenant.legalName,
          siret: tenant.siret,
          address: tenant.address,
          contactEmail: tenant.contactEmail,
          contactPhone: tenant.contactPhone,
        },
        paperless: true,
        runId: null,
        lines: [
          {
            kind: 'service',
            childId: null,
            childName: args.childNames.get(h.id) ?? h.name,
            childBirthDate: null,
            activityId: null,
            unitId: null,
            label: 'Accueil du mercredi — Journée',
            days: ['2026-09-02', '2026-09-09', '2026-09-16', '2026-09-23'],
            quantity: 4,
            unitPriceCents: 1250 + 150 * invoices.length,
            amountCents: 4 * (1250 + 150 * invoices.length),
            pricingNote: '',
            taxEligible: true,
          },
        ],
      }),
    );
  }
  const [bernard, dubois, , robert] = invoices;

  // Dubois: a cheque at the desk.
  const [cheque] = await tx
    .insert(payments)
    .values({
      tenantId,
      householdId: dubois!.householdId,
      method: 'cheque',
      amountCents: dubois!.totalCents,
      reference: 'Chèque n° 0004512 — Crédit Démo',
      createdAt: new Date('2026-10-12T09:30:00Z'),
      createdByUserId: args.accountantUserId,
    })
    .returning();
  await tx.insert(paymentAllocations).values({
    tenantId,
    paymentId: cheque!.id,
    invoiceId: dubois!.id,
    amountCents: dubois!.totalCents,
  });
  await markPaymentPaid(tx, {
    tenantId,
    paymentId: cheque!.id,
    paidAt: new Date('2026-10-12T09:30:00Z'),
    receiptNumber: await takeReceiptNumber(tx, tenantId, 2026),
  });

  if (!args.secretsKey) return;
  const key = ibanSealingKey(args.secretsKey);
  const mandates = [];
  for (const [i, inv] of [bernard!, robert!].entries()) {
    const h = args.households.find((x) => x.id === inv.householdId)!;
    const [m] = await tx
      .insert(sepaMandates)
      .values({
        tenantId,
        householdId: h.id,
        rum: newRum(2026, randomBytes(8)),
        accountHolder: `${args.childNames.get(h.id)?.split(' ')[0] ?? 'Camille'} ${h.name}`,
        bankName: 'Crédit Démo',
        bic: null,
        ibanSealed: sealSecret(key, DEMO_IBANS[i]!),
        ibanMasked: maskIban(DEMO_IBANS[i]!),
        signedOn: '2026-09-15',
        createdAt: new Date('2026-09-15T10:00:00Z'),
        needsFirst: i === 1,
      })
      .returning();
    mandates.push(m!);
  }

  // Bernard: September's invoice in the 5 November collection.
  const [col] = await tx
    .insert(sepaCollections)
    .values({
      tenantId,
      messageId: 'PRLV-2026-11-05-DEMO0001',
      collectionDate: '2026-11-05',
      format: 'pain.008.001.02',
      totalCents: bernard!.totalCents,
      count: 1,
      formToken: '00000000-0000-4000-8000-00000000d001',
      createdAt: new Date('2026-10-20T10:00:00Z'),
      createdByUserId: args.accountantUserId,
    })
    .returning();
  const [debit] = await tx
    .insert(payments)
    .values({
      tenantId,
      householdId: bernard!.householdId,
      method: 'direct_debit',
      amountCents: bernard!.totalCents,
      reference: mandates[0]!.rum,
      createdAt: new Date('2026-10-20T10:00:00Z'),
      createdByUserId: args.accountantUserId,
    })
    .returning();
  await tx.insert(paymentAllocations).values({
    tenantId,
    paymentId: debit!.id,
    invoiceId: bernard!.id,
    amountCents: bernard!.totalCents,
  });
  await tx.insert(sepaCollectionItems).values({
    tenantId,
    collectionId: col!.id,
    paymentId: debit!.id,
    invoiceId: bernard!.id,
    mandateId: mandates[0]!.id,
    endToEndId: `${bernard!.number}-DEMO`,
    sequenceType: 'FRST',
    amountCents: bernard!.totalCents,
  });
  await enterCollection(tx, tenantId, [bernard!.id]);
}
