import { and, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { auditLog } from '../../platform/audit/audit.schema';
import type { Db } from '../../platform/db/client';
import { platformUsers } from '../accounts/accounts.schema';
import { documentSubmissions } from '../documents/documents.schema';
import { enrollments } from '../enrollments/enrollments.schema';
import { guardians, householdChildren, householdContacts } from '../households/households.schema';
import { messageThreads } from '../messaging/messaging.schema';
import { householdRequests } from '../requests/requests.schema';

/** French labels of audit actions (the code itself is shown when unknown). */
export const AUDIT_LABELS: Record<string, string> = {
  'household.create': 'Foyer créé (dossier papier)',
  'household.change': 'Dossier modifié',
  'household.import': 'Import CSV',
  'household.import_create': 'Foyer créé par import CSV',
  'household.import_update': 'Foyer mis à jour par import CSV',
  'household.merge': 'Doublon fusionné dans ce foyer',
  'household.merged_into': 'Foyer fusionné dans un autre',
  'household.anonymise': 'Foyer archivé et anonymisé',
  'household.guardian_invited': 'Responsable invité',
  'household.resident': 'Critère « famille résidente » modifié',
  'health.view': 'Consultation des données de santé',
  'health.export': 'Export des allergies',
  'contact.update': 'Contact modifié',
  'contact.remove': 'Contact retiré',
  'guardian.activation_resend': 'Lien d’activation renvoyé',
  'document.accept': 'Justificatif accepté',
  'document.refuse': 'Justificatif refusé',
  'document.read': 'Justificatif consulté',
  'enrollment.requested': 'Inscription demandée',
  'enrollment.waitlist.move': 'Rang en liste d’attente modifié',
  'message.reply': 'Message envoyé',
  'message.assign': 'Conversation attribuée',
  'message.attachment.read': 'Pièce jointe consultée',
  'signup.verified': 'Inscription en ligne vérifiée',
};

/** Every id the household's audit rows may be about: itself, its members and its records. */
async function subjectIds(db: Db, tenantId: string, householdId: string): Promise<string[]> {
  const by = (t: { tenantId: unknown; householdId: unknown }): SQL =>
    and(eq(t.tenantId as never, tenantId), eq(t.householdId as never, householdId))!;
  const lists = await Promise.all([
    db.select({ id: guardians.id }).from(guardians).where(by(guardians)),
    db.select({ id: householdChildren.childId }).from(householdChildren).where(by(householdChildren)),
    db.select({ id: householdContacts.id }).from(householdContacts).where(by(householdContacts)),
    db.select({ id: enrollments.id }).from(enrollments).where(by(enrollments)),
    db.select({ id: messageThreads.id }).from(messageThreads).where(by(messageThreads)),
    db.select({ id: householdRequests.id }).from(householdRequests).where(by(householdRequests)),
    db.select({ id: documentSubmissions.id }).from(documentSubmissions).where(by(documentSubmissions)),
  ]);
  return [householdId, ...lists.flat().map((r) => r.id)];
}

/** A page of the household's audit trail, newest first, with the author's name. */
export async function householdAuditPage(
  db: Db,
  tenantId: string,
  householdId: string,
  page: number,
  size: number,
) {
  const ids = await subjectIds(db, tenantId, householdId);
  const where = and(
    eq(auditLog.tenantId, tenantId),
    sql`(${inArray(auditLog.subjectId, ids)} or ${auditLog.details}->>'householdId' = ${householdId})`,
  );
  const rows = await db
    .select({ at: auditLog.at, action: auditLog.action, actor: platformUsers.displayName })
    .from(auditLog)
    .leftJoin(platformUsers, eq(platformUsers.id, auditLog.actorUserId))
    .where(where)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(size + 1)
    .offset((page - 1) * size);
  const [total] = await db.select({ n: sql<number>`count(*)` }).from(auditLog).where(where);
  return { rows: rows.slice(0, size), hasNext: rows.length > size, total: Number(total?.n ?? 0) };
}
