import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../platform/audit/audit.schema';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import { enqueueEmail } from '../../platform/mail/outbox';
import type { TAddChild, TAddContact } from '../households/forms';
import { findHousehold, listGuardians } from '../households/households.repository';
import {
  applyChanges,
  createChildFromRequest,
  createContactFromRequest,
  deleteContact,
  loadSubject,
} from '../households/households.service';
import type { FieldChange } from './domain/diff';
import { displayValue, type Entity, FIELD_BY_KEY } from './domain/field-policy';
import { findRequest, type HouseholdRequest } from './requests.repository';
import { householdRequests } from './requests.schema';

export const KIND_LABEL: Record<string, string> = {
  change: 'Modification',
  add_child: 'Ajout d’un enfant',
  add_contact: 'Ajout d’un contact',
  remove_contact: 'Retrait d’un contact',
};

/** One line per change, for e-mails and the PDF: "Commune : Démo → Lyon". */
export function describeRequest(r: Pick<HouseholdRequest, 'kind' | 'changes' | 'payload'>): string[] {
  if (r.kind === 'change')
    return ((r.changes ?? []) as FieldChange[]).map((c) => {
      const def = FIELD_BY_KEY.get(c.field);
      return `${def?.label ?? c.field} : ${displayValue(def, c.before)} → ${displayValue(def, c.after)}`;
    });
  const p = (r.payload ?? {}) as Record<string, unknown>;
  if (r.kind === 'add_child') return [`${String(p.firstName ?? '')} ${String(p.lastName ?? '')}`.trim()];
  return [`${String(p.name ?? '')}${p.relation ? ` (${String(p.relation)})` : ''}`];
}

/**
 * Staff accept or refuse a pending request. The status moves with a conditional update
 * (`WHERE status = 'pending'`): of two clicks, or two agents, only one decides; the other gets CONFLICT.
 * Acceptance applies the change in the same transaction, with the audit row and the family's e-mail.
 */
export async function decideRequest(
  db: Db,
  input: {
    tenantId: string;
    requestId: string;
    staffUserId: string;
    decision: 'accepted' | 'refused';
    comment: string;
    now: Date;
    today: string;
    ip?: string;
  },
): Promise<HouseholdRequest> {
  const { tenantId, requestId } = input;
  return db.transaction(async (tx) => {
    const [r] = await tx
      .update(householdRequests)
      .set({
        status: input.decision,
        staffComment: input.comment,
        decidedAt: input.now,
        decidedByUserId: input.staffUserId,
      })
      .where(
        and(
          eq(householdRequests.tenantId, tenantId),
          eq(householdRequests.id, requestId),
          eq(householdRequests.status, 'pending'),
        ),
      )
      .returning();
    if (!r) {
      const existing = await findRequest(tx, tenantId, requestId);
      if (!existing) throw new AppError('NOT_FOUND');
      throw new AppError('CONFLICT', 'Cette demande a déjà été traitée.');
    }
    let created: string | null = null;
    if (input.decision === 'accepted') {
      if (r.kind === 'change') {
        const entity = r.subjectType as Entity;
        const subject = await loadSubject(tx, tenantId, r.householdId, entity, r.subjectId ?? '');
        if (!subject) throw new AppError('CONFLICT', 'La fiche concernée n’existe plus.');
        await applyChanges(tx, {
          tenantId,
          householdId: r.householdId,
          entity,
          subjectId: r.subjectId!,
          changes: (r.changes ?? []) as FieldChange[],
          today: input.today,
        });
      } else if (r.kind === 'add_child') {
        created = await createChildFromRequest(tx, tenantId, r.householdId, r.payload as TAddChild);
      } else if (r.kind === 'add_contact') {
        created = await createContactFromRequest(tx, tenantId, r.householdId, r.payload as TAddContact);
      } else if (r.kind === 'remove_contact') {
        // Already removed by staff meanwhile: accepting still records the decision.
        await deleteContact(tx, tenantId, r.householdId, r.subjectId ?? '');
      }
    }
    await tx.insert(auditLog).values({
      tenantId,
      at: input.now,
      actorUserId: input.staffUserId,
      action: input.decision === 'accepted' ? 'request.accept' : 'request.refuse',
      subjectType: 'household_request',
      subjectId: r.id,
      details: {
        householdId: r.householdId,
        kind: r.kind,
        changes: r.changes,
        created,
        comment: input.comment || undefined,
      },
      ip: input.ip ?? null,
    });
    await notifyFamily(tx, tenantId, r);
    return r;
  });
}

/** E-mail to the household (its address, or its guardians'), through the outbox. */
async function notifyFamily(tx: Db, tenantId: string, r: HouseholdRequest): Promise<void> {
  const h = await findHousehold(tx, tenantId, r.householdId);
  if (!h) return;
  const to = new Set<string>();
  if (h.email) to.add(h.email.toLowerCase());
  if (to.size === 0)
    for (const g of await listGuardians(tx, tenantId, h.id)) if (g.email) to.add(g.email.toLowerCase());
  const accepted = r.status === 'accepted';
  const subject = accepted ? 'Votre demande a été acceptée' : 'Votre demande a été refusée';
  const lines = [
    'Bonjour,',
    '',
    `Votre demande « ${KIND_LABEL[r.kind] ?? r.kind} » a été ${accepted ? 'acceptée' : 'refusée'} :`,
    ...describeRequest(r).map((l) => `- ${l}`),
    '',
    ...(r.staffComment ? [`Commentaire du service : ${r.staffComment}`, ''] : []),
    'Retrouvez l’état de vos demandes sur votre tableau de bord.',
  ];
  for (const address of to)
    await enqueueEmail(tx, { tenantId, to: address, subject, text: lines.join('\n') });
}
