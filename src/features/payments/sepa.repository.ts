import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { invoices } from '../billing/billing.schema';
import { households } from '../households/households.schema';
import { tenantSettings } from '../settings/settings.schema';
import { payments } from './payments.schema';
import {
  sepaCollectionItems,
  sepaCollections,
  sepaMandateRequests,
  sepaMandates,
  sepaSettings,
} from './sepa.schema';

export async function findSepaSettings(db: Db, tenantId: string) {
  const [row] = await db.select().from(sepaSettings).where(eq(sepaSettings.tenantId, tenantId));
  return row ?? null;
}

export async function findCreditorId(db: Db, tenantId: string): Promise<string | null> {
  const [row] = await db
    .select({ ics: tenantSettings.sepaCreditorId })
    .from(tenantSettings)
    .where(eq(tenantSettings.tenantId, tenantId));
  return row?.ics ?? null;
}

export async function activeMandate(db: Db, tenantId: string, householdId: string) {
  const [row] = await db
    .select()
    .from(sepaMandates)
    .where(
      and(
        eq(sepaMandates.tenantId, tenantId),
        eq(sepaMandates.householdId, householdId),
        eq(sepaMandates.status, 'active'),
      ),
    );
  return row ?? null;
}

export async function findMandate(db: Db, tenantId: string, id: string) {
  const [row] = await db
    .select()
    .from(sepaMandates)
    .where(and(eq(sepaMandates.tenantId, tenantId), eq(sepaMandates.id, id)));
  return row ?? null;
}

export async function requestsOfHousehold(db: Db, tenantId: string, householdId: string) {
  return db
    .select()
    .from(sepaMandateRequests)
    .where(and(eq(sepaMandateRequests.tenantId, tenantId), eq(sepaMandateRequests.householdId, householdId)))
    .orderBy(desc(sepaMandateRequests.submittedAt))
    .limit(10);
}

export async function findRequestByToken(db: Db, tenantId: string, householdId: string, token: string) {
  const [row] = await db
    .select()
    .from(sepaMandateRequests)
    .where(
      and(
        eq(sepaMandateRequests.tenantId, tenantId),
        eq(sepaMandateRequests.householdId, householdId),
        eq(sepaMandateRequests.formToken, token),
      ),
    );
  return row ?? null;
}

export async function findRequest(db: Db, tenantId: string, id: string) {
  const [row] = await db
    .select({ request: sepaMandateRequests, householdName: households.name })
    .from(sepaMandateRequests)
    .innerJoin(households, eq(households.id, sepaMandateRequests.householdId))
    .where(and(eq(sepaMandateRequests.tenantId, tenantId), eq(sepaMandateRequests.id, id)));
  return row ?? null;
}

export async function pendingRequests(db: Db, tenantId: string) {
  return db
    .select({ request: sepaMandateRequests, householdName: households.name })
    .from(sepaMandateRequests)
    .innerJoin(households, eq(households.id, sepaMandateRequests.householdId))
    .where(and(eq(sepaMandateRequests.tenantId, tenantId), eq(sepaMandateRequests.status, 'pending')))
    .orderBy(asc(sepaMandateRequests.submittedAt));
}

/** For the staff home work queue "Demandes de prélèvement". */
export async function countPendingMandateRequests(db: Db, tenantId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<string>`count(*)` })
    .from(sepaMandateRequests)
    .where(and(eq(sepaMandateRequests.tenantId, tenantId), eq(sepaMandateRequests.status, 'pending')));
  return Number(row?.n ?? 0);
}

export async function listMandates(db: Db, tenantId: string) {
  return db
    .select({ mandate: sepaMandates, householdName: households.name })
    .from(sepaMandates)
    .innerJoin(households, eq(households.id, sepaMandates.householdId))
    .where(eq(sepaMandates.tenantId, tenantId))
    .orderBy(asc(sepaMandates.status), asc(households.name))
    .limit(500);
}

/**
 * The invoices a collection would take: unpaid (not already in a collection), something due, of a
 * household with an active mandate — with the mandate. Oldest first.
 */
export async function collectableInvoices(db: Db, tenantId: string) {
  return db
    .select({ invoice: invoices, mandate: sepaMandates, householdName: households.name })
    .from(invoices)
    .innerJoin(
      sepaMandates,
      and(
        eq(sepaMandates.tenantId, invoices.tenantId),
        eq(sepaMandates.householdId, invoices.householdId),
        eq(sepaMandates.status, 'active'),
      ),
    )
    .innerJoin(households, eq(households.id, invoices.householdId))
    .where(
      and(
        eq(invoices.tenantId, tenantId),
        eq(invoices.status, 'unpaid'),
        sql`${invoices.totalCents} - ${invoices.creditedCents} - ${invoices.settledCents} > 0`,
      ),
    )
    .orderBy(asc(invoices.issuedOn), asc(invoices.number))
    .limit(5000);
}

export async function listCollections(db: Db, tenantId: string) {
  return db
    .select()
    .from(sepaCollections)
    .where(eq(sepaCollections.tenantId, tenantId))
    .orderBy(desc(sepaCollections.createdAt))
    .limit(100);
}

export async function findCollection(db: Db, tenantId: string, id: string) {
  const [row] = await db
    .select()
    .from(sepaCollections)
    .where(and(eq(sepaCollections.tenantId, tenantId), eq(sepaCollections.id, id)));
  return row ?? null;
}

export async function findCollectionByToken(db: Db, tenantId: string, token: string) {
  const [row] = await db
    .select()
    .from(sepaCollections)
    .where(and(eq(sepaCollections.tenantId, tenantId), eq(sepaCollections.formToken, token)));
  return row ?? null;
}

export async function itemsOfCollection(db: Db, tenantId: string, collectionId: string) {
  return db
    .select({
      item: sepaCollectionItems,
      invoice: invoices,
      mandate: sepaMandates,
      payment: payments,
      householdName: households.name,
    })
    .from(sepaCollectionItems)
    .innerJoin(invoices, eq(invoices.id, sepaCollectionItems.invoiceId))
    .innerJoin(sepaMandates, eq(sepaMandates.id, sepaCollectionItems.mandateId))
    .innerJoin(payments, eq(payments.id, sepaCollectionItems.paymentId))
    .innerJoin(households, eq(households.id, invoices.householdId))
    .where(
      and(eq(sepaCollectionItems.tenantId, tenantId), eq(sepaCollectionItems.collectionId, collectionId)),
    )
    .orderBy(asc(invoices.number));
}

/** The live (not returned) debit of an invoice with its collection and mandate, for the pre-notification. */
export async function liveDebitOfInvoice(db: Db, tenantId: string, invoiceId: string) {
  const [row] = await db
    .select({ item: sepaCollectionItems, collection: sepaCollections, mandate: sepaMandates })
    .from(sepaCollectionItems)
    .innerJoin(sepaCollections, eq(sepaCollections.id, sepaCollectionItems.collectionId))
    .innerJoin(sepaMandates, eq(sepaMandates.id, sepaCollectionItems.mandateId))
    .where(
      and(
        eq(sepaCollectionItems.tenantId, tenantId),
        eq(sepaCollectionItems.invoiceId, invoiceId),
        eq(sepaCollectionItems.returned, false),
      ),
    );
  return row ?? null;
}

export async function itemOfPayment(db: Db, tenantId: string, paymentId: string) {
  const [row] = await db
    .select()
    .from(sepaCollectionItems)
    .where(and(eq(sepaCollectionItems.tenantId, tenantId), eq(sepaCollectionItems.paymentId, paymentId)));
  return row ?? null;
}
