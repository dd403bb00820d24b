import { and, eq } from 'drizzle-orm';
import type { AppConfig } from '../../config';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import type { StaffActor } from '../../platform/http/policies';
import { enqueueEmail } from '../../platform/mail/outbox';
import { formatCents } from '../../platform/money';
import { leaveCollection } from '../billing/invoices.repository';
import { writeAudit } from '../messaging/kit';
import { householdEmails } from '../messaging/messaging.repository';
import { tenantUrl } from '../messaging/messaging.service';
import { isReturnReason, RETURN_REASONS, returnRestartsSequence } from './domain/sepa';
import { findPayment } from './manual.repository';
import { validation } from './manual.service';
import { payments } from './payments.schema';
import { itemOfPayment } from './sepa.repository';
import { sepaCollectionItems, sepaMandates } from './sepa.schema';
import { reversePaidPayment } from './settle';

/**
 * A direct debit the bank sent back (R-transaction), recorded by staff with the bank's reason code.
 * Paid debit → reversePaidPayment(status 'returned'): the invoice is due again. Debit not yet marked
 * settled → the pending payment becomes 'returned' and the invoice leaves the collection. Either way
 * the debit leaves its collection (the invoice can be collected again), the family is told, and the
 * mandate's next debit is FRST again only for MD01/AC01 (see domain/sepa.ts). Once only: 409 after.
 */
export async function recordReturn(
  db: Db,
  args: { staff: StaffActor; config: AppConfig; now: Date; id: string; input: unknown },
) {
  const { staff, now } = args;
  const tenantId = staff.tenant.id;
  const found = await findPayment(db, tenantId, args.id);
  if (!found || found.payment.method !== 'direct_debit') throw new AppError('NOT_FOUND');
  const code = ((args.input ?? {}) as Record<string, unknown>).code;
  if (!isReturnReason(code)) throw validation({ code: 'Choisissez le motif de rejet donné par la banque.' });
  const item = await itemOfPayment(db, tenantId, found.payment.id);
  if (!item) throw new AppError('NOT_FOUND');
  const reason = `${code} — ${RETURN_REASONS[code]}`;
  const p = found.payment;
  await db.transaction(async (tx) => {
    let won = await reversePaidPayment(tx, {
      tenantId,
      paymentId: p.id,
      status: 'returned',
      reason,
      at: now,
      byUserId: staff.actor.userId,
    });
    if (!won) {
      const rows = await tx
        .update(payments)
        .set({
          status: 'returned',
          statusReason: reason,
          cancelledAt: now,
          cancelledByUserId: staff.actor.userId,
        })
        .where(and(eq(payments.tenantId, tenantId), eq(payments.id, p.id), eq(payments.status, 'pending')))
        .returning({ id: payments.id });
      won = rows.length === 1;
      if (won) await leaveCollection(tx, tenantId, [item.invoiceId]);
    }
    if (!won) throw new AppError('CONFLICT', 'Ce prélèvement a déjà été enregistré comme rejeté.');
    await tx
      .update(sepaCollectionItems)
      .set({ returned: true, returnCode: code })
      .where(and(eq(sepaCollectionItems.tenantId, tenantId), eq(sepaCollectionItems.paymentId, p.id)));
    if (returnRestartsSequence(code))
      await tx
        .update(sepaMandates)
        .set({ needsFirst: true })
        .where(and(eq(sepaMandates.tenantId, tenantId), eq(sepaMandates.id, item.mandateId)));
    await writeAudit(tx, {
      tenantId,
      at: now,
      actorUserId: staff.actor.userId,
      action: 'sepa.debit.return',
      subjectType: 'payment',
      subjectId: p.id,
      details: { code, invoiceId: item.invoiceId, amountCents: p.amountCents },
    });
    for (const to of await householdEmails(tx, tenantId, p.householdId))
      await enqueueEmail(tx, {
        tenantId,
        to,
        subject: `Prélèvement rejeté · ${staff.tenant.name}`,
        text: [
          'Bonjour,',
          '',
          `Votre banque a rejeté le prélèvement de ${formatCents(p.amountCents)} (mandat ${p.reference}).`,
          `Motif indiqué par la banque : ${RETURN_REASONS[code]}.`,
          'La facture correspondante est de nouveau à payer : vous pouvez la régler en ligne ou auprès de la régie.',
          '',
          `Vos factures : ${tenantUrl(args.config, staff.tenant, '/factures')}`,
        ].join('\n'),
      });
  });
}
