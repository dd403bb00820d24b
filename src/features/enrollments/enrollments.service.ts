import { and, asc, count, eq, sql } from 'drizzle-orm';
import { auditLog } from '../../platform/audit/audit.schema';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import { enqueueEmail } from '../../platform/mail/outbox';
import { isoDayAt } from '../catalogue/domain/calendar';
import { checkUnitCombination } from '../catalogue/domain/opening';
import type { Tenant } from '../tenants/tenants.schema';
import { childrenOfHouseholdByIds, householdEmails } from './children-lookup';
import { missingRequiredDocuments } from './documents-hook';
import { fitsGroup, isWindowOpen, suggestGroup } from './domain/groups';
import {
  acceptedFacilityIdsOfHousehold,
  countAccepted,
  existingEnrollments,
  findPeriodWithActivity,
  groupsOfActivity,
  lockEnrollment,
  lockGroup,
  lockPeriod,
  unitsOfActivity,
} from './enrollments.repository';
import { type Enrollment, enrollments, type TypicalWeek } from './enrollments.schema';

export const STATUS_LABEL: Record<
  string,
  { text: string; icon: string; tone: 'info' | 'success' | 'danger' | 'warning' }
> = {
  pending: { text: 'En attente de validation', icon: '?', tone: 'info' },
  accepted: { text: 'Acceptée', icon: '✓', tone: 'success' },
  refused: { text: 'Refusée', icon: '✕', tone: 'danger' },
  waiting: { text: "Liste d'attente", icon: '⧗', tone: 'warning' },
};

export interface RequestEnrollmentInput {
  db: Db;
  tenant: Tenant;
  householdId: string;
  userId: string;
  now: Date;
  periodId: string;
  childId: string;
  /** Siblings enrolled "the same" in the same step. */
  siblingIds: string[];
  groupId: string | null;
  typicalWeek: TypicalWeek;
  memo: string;
}

export interface RequestOutcome {
  childId: string;
  enrollment: Enrollment;
  /** False when the form was replayed and the enrollment already existed. */
  created: boolean;
}

/** Asks to enroll a child (and siblings) in a period; automatic validation accepts when a place is free. */
export async function requestEnrollment(input: RequestEnrollmentInput): Promise<RequestOutcome[]> {
  const { db, tenant, householdId, now } = input;
  const found = await findPeriodWithActivity(db, tenant.id, input.periodId);
  if (!found?.period.visible) throw new AppError('NOT_FOUND');
  const { period, activity, facility } = found;
  const childIds = [...new Set([input.childId, ...input.siblingIds])];
  const kids = await childrenOfHouseholdByIds(db, tenant.id, householdId, childIds);
  // Another household's child (or an unknown id) is not found, and nothing is written.
  if (kids.length !== childIds.length) throw new AppError('NOT_FOUND');

  const today = isoDayAt(now, tenant.timeZone);
  if (period.frozen || !isWindowOpen(today, period.enrollmentFirstDay, period.enrollmentLastDay))
    throw new AppError('VALIDATION', 'Les inscriptions à cette période ne sont pas ouvertes.', {
      periodId: period.enrollmentFirstDay
        ? `Les inscriptions sont ouvertes du ${frDay(period.enrollmentFirstDay)} au ${frDay(period.enrollmentLastDay ?? '')}.`
        : 'Les inscriptions à cette période ne sont pas ouvertes.',
    });

  const groups = await groupsOfActivity(db, tenant.id, activity.id);
  const fields: Record<string, string> = {};
  let chosen = input.groupId ? (groups.find((g) => g.id === input.groupId) ?? null) : null;
  if (input.groupId && !chosen) fields.groupId = 'Choisissez un groupe de la liste.';
  if (!chosen && groups.length > 0 && !input.groupId) {
    const main = kids.find((k) => k.id === input.childId)!;
    chosen = suggestGroup(groups, main, period.firstDay);
    if (!chosen) fields.groupId = 'Aucun groupe ne correspond à l’âge de l’enfant : choisissez-en un.';
  }

  const unitList = await unitsOfActivity(db, tenant.id, activity.id);
  const unitIds = new Set(unitList.map((u) => u.id));
  const week: TypicalWeek = {};
  for (const [day, ids] of Object.entries(input.typicalWeek)) {
    if (!/^[1-7]$/.test(day) || ids.some((id) => !unitIds.has(id))) {
      fields.week = 'La semaine type contient un choix inconnu.';
      break;
    }
    if (ids.length === 0) continue;
    const problems = checkUnitCombination(ids, unitList);
    if (problems.length > 0) {
      fields.week = problems[0]!;
      break;
    }
    week[day] = [...new Set(ids)];
  }
  if (activity.enrollmentOnly && Object.keys(week).length > 0)
    fields.week = 'Cette activité se fait sur inscription seule : pas de semaine type.';
  const missingByChild: string[] = [];
  for (const kid of kids) {
    const missing = await missingRequiredDocuments(db, {
      tenantId: tenant.id,
      householdId,
      childId: kid.id,
      activityName: activity.name,
      required: activity.requiredDocuments,
      now: input.now,
    });
    if (missing.length > 0)
      missingByChild.push(`Pièces manquantes pour ${kid.firstName} : ${missing.join(', ')}.`);
  }
  if (missingByChild.length > 0) fields.documents = missingByChild.join(' ');
  if (Object.keys(fields).length > 0) throw new AppError('VALIDATION', 'Formulaire incomplet', fields);

  const outcomes = await db.transaction(async (tx) => {
    const out: RequestOutcome[] = [];
    for (const kid of kids) {
      // Siblings go to the group that fits their age, else the same group.
      const group =
        kid.id === input.childId || !chosen
          ? chosen
          : fitsGroup(chosen, kid, period.firstDay)
            ? chosen
            : (suggestGroup(groups, kid, period.firstDay) ?? chosen);
      // The unique index (tenant, child, period) makes a replayed form a no-op.
      const [row] = await tx
        .insert(enrollments)
        .values({
          tenantId: tenant.id,
          householdId,
          childId: kid.id,
          activityId: activity.id,
          periodId: period.id,
          groupId: group?.id ?? null,
          memo: input.memo,
          typicalWeek: week,
          requestedAt: now,
          requestedBy: input.userId,
        })
        .onConflictDoNothing({ target: [enrollments.tenantId, enrollments.childId, enrollments.periodId] })
        .returning();
      if (!row) {
        const [existing] = await existingEnrollments(tx, tenant.id, period.id, [kid.id]);
        out.push({ childId: kid.id, enrollment: existing!, created: false });
        continue;
      }
      let final = row;
      if (activity.enrollmentValidation === 'auto') {
        final = group
          ? await placeOrWait(tx, tenant.id, row, group.id, now, null)
          : await accept(tx, row, null, now, null);
      }
      await tx.insert(auditLog).values({
        tenantId: tenant.id,
        at: now,
        actorUserId: input.userId,
        action: 'enrollment.requested',
        subjectType: 'enrollment',
        subjectId: row.id,
        details: { periodId: period.id, status: final.status },
      });
      out.push({ childId: kid.id, enrollment: final, created: true });
    }
    const created = out.filter((o) => o.created);
    if (created.length > 0) {
      const names = created.map((o) => kids.find((k) => k.id === o.childId)?.firstName ?? '').join(', ');
      const lines = created.map((o) => {
        const k = kids.find((x) => x.id === o.childId)!;
        return `- ${k.firstName} ${k.lastName} : ${STATUS_LABEL[o.enrollment.status]!.text}`;
      });
      for (const to of await householdEmails(tx, tenant.id, householdId))
        await enqueueEmail(tx, {
          tenantId: tenant.id,
          to,
          subject: `Demande d'inscription : ${activity.name} (${names})`,
          text: `Bonjour,\n\nNous avons bien reçu votre demande d'inscription à « ${activity.name} » (${facility.name}), période « ${period.name} ».\n\n${lines.join('\n')}\n\n${tenant.name}`,
        });
    }
    return out;
  });
  return outcomes;
}

async function accept(tx: Db, e: Enrollment, groupId: string | null, now: Date, by: string | null) {
  const [row] = await tx
    .update(enrollments)
    .set({
      status: 'accepted',
      groupId,
      waitingSince: null,
      refusalReason: null,
      decidedAt: now,
      decidedBy: by,
    })
    .where(and(eq(enrollments.tenantId, e.tenantId), eq(enrollments.id, e.id)))
    .returning();
  return row!;
}

/** Accepts into the group when a place is free (the group row is locked), else puts on the waiting list. */
async function placeOrWait(
  tx: Db,
  tenantId: string,
  e: Enrollment,
  groupId: string,
  now: Date,
  by: string | null,
) {
  const g = await lockGroup(tx, tenantId, groupId);
  const taken = await countAccepted(tx, tenantId, e.periodId, groupId, e.id);
  if (g && taken < g.capacity) return accept(tx, e, groupId, now, by);
  const [row] = await tx
    .update(enrollments)
    .set({ status: 'waiting', groupId, waitingSince: e.waitingSince ?? now })
    .where(and(eq(enrollments.tenantId, tenantId), eq(enrollments.id, e.id)))
    .returning();
  return row!;
}

export type Decision =
  | { kind: 'accept'; groupId: string }
  | { kind: 'refuse'; reason: string }
  | { kind: 'waitlist' };

/** Staff decision on an enrollment: accept into a group (capacity checked under lock), refuse, or waitlist. */
export async function decideEnrollment(input: {
  db: Db;
  tenant: Tenant;
  staffUserId: string;
  canSeeFacility: (facilityId: string) => boolean;
  enrollmentId: string;
  decision: Decision;
  now: Date;
}): Promise<Enrollment> {
  const { db, tenant, now, decision } = input;
  return db.transaction(async (tx) => {
    const e = await lockEnrollment(tx, tenant.id, input.enrollmentId);
    if (!e) throw new AppError('NOT_FOUND');
    const found = await findPeriodWithActivity(tx, tenant.id, e.periodId);
    if (!found || !input.canSeeFacility(found.facility.id)) throw new AppError('NOT_FOUND');
    if (found.period.frozen)
      throw new AppError('CONFLICT', 'Cette période est figée : elle ne peut plus être modifiée.');
    let updated: Enrollment;
    if (decision.kind === 'accept') {
      const g = await lockGroup(tx, tenant.id, decision.groupId);
      if (!g || g.activityId !== e.activityId)
        throw new AppError('VALIDATION', 'Groupe inconnu', {
          groupId: 'Choisissez un groupe de cette activité.',
        });
      const taken = await countAccepted(tx, tenant.id, e.periodId, g.id, e.id);
      if (taken >= g.capacity)
        throw new AppError('CONFLICT', `Le groupe « ${g.name} » est complet (${g.capacity} places).`);
      updated = await accept(tx, e, g.id, now, input.staffUserId);
    } else if (decision.kind === 'refuse') {
      const [row] = await tx
        .update(enrollments)
        .set({
          status: 'refused',
          refusalReason: decision.reason,
          waitingSince: null,
          decidedAt: now,
          decidedBy: input.staffUserId,
        })
        .where(and(eq(enrollments.tenantId, tenant.id), eq(enrollments.id, e.id)))
        .returning();
      updated = row!;
    } else {
      const [row] = await tx
        .update(enrollments)
        .set({
          status: 'waiting',
          waitingSince: e.waitingSince ?? now,
          decidedAt: now,
          decidedBy: input.staffUserId,
        })
        .where(and(eq(enrollments.tenantId, tenant.id), eq(enrollments.id, e.id)))
        .returning();
      updated = row!;
    }
    await tx.insert(auditLog).values({
      tenantId: tenant.id,
      at: now,
      actorUserId: input.staffUserId,
      action: `enrollment.${decision.kind}`,
      subjectType: 'enrollment',
      subjectId: e.id,
      details: { from: e.status, to: updated.status, groupId: updated.groupId },
    });
    const [kid] = await childrenOfHouseholdByIds(tx, tenant.id, e.householdId, [e.childId]);
    const label = STATUS_LABEL[updated.status]!.text;
    const extra =
      decision.kind === 'refuse'
        ? `\nMotif : ${decision.reason}`
        : decision.kind === 'accept'
          ? "\nVous pouvez télécharger l'attestation d'inscription depuis votre espace."
          : '';
    for (const to of await householdEmails(tx, tenant.id, e.householdId))
      await enqueueEmail(tx, {
        tenantId: tenant.id,
        to,
        subject: `Inscription de ${kid?.firstName ?? 'votre enfant'} : ${label}`,
        text: `Bonjour,\n\nL'inscription de ${kid?.firstName ?? ''} ${kid?.lastName ?? ''} à « ${found.activity.name} », période « ${found.period.name} », est maintenant : ${label}.${extra}\n\n${tenant.name}`,
      });
    return updated;
  });
}

export function frDay(day: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return day;
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

/** For the catalogue: how many enrollments are in a group (a used group cannot be deleted). */
export async function enrollmentsUsingGroup(db: Db, tenantId: string, groupId: string): Promise<number> {
  const [r] = await db
    .select({ n: count() })
    .from(enrollments)
    .where(and(eq(enrollments.tenantId, tenantId), eq(enrollments.groupId, groupId)));
  return Number(r?.n ?? 0);
}

/**
 * For the catalogue: how many enrollments use a unit, in their typical week or through bookings (any
 * status: cancelled bookings are kept for billing), so a unit in use cannot be deleted.
 */
export async function enrollmentsUsingUnit(db: Db, tenantId: string, unitId: string): Promise<number> {
  const [r] = await db
    .select({ n: count() })
    .from(enrollments)
    .where(
      and(
        eq(enrollments.tenantId, tenantId),
        sql`(exists (select 1 from jsonb_each(${enrollments.typicalWeek}) w
          where w.value @> to_jsonb(${unitId}::text))
          or exists (select 1 from bookings b where b.tenant_id = ${tenantId}
            and b.enrollment_id = ${enrollments.id} and b.unit_id = ${unitId}))`,
      ),
    );
  return Number(r?.n ?? 0);
}

/**
 * Moves a waiting enrollment one place up or down its period's waiting list (by hand, audited).
 * The rank is computed from `waitingSince`: the list's instants are kept in order and handed out
 * again in the new order (ties broken by a millisecond), under a lock of the period's waiting rows.
 */
export async function moveOnWaitingList(input: {
  db: Db;
  tenantId: string;
  staffUserId: string;
  canSeeFacility: (facilityId: string) => boolean;
  enrollmentId: string;
  direction: 'up' | 'down';
  now: Date;
}): Promise<{ from: number; to: number }> {
  const { db, tenantId } = input;
  return db.transaction(async (tx) => {
    // Lock order: the period first (moves of one list run one at a time), then its waiting rows.
    const [target] = await tx
      .select({ periodId: enrollments.periodId })
      .from(enrollments)
      .where(and(eq(enrollments.tenantId, tenantId), eq(enrollments.id, input.enrollmentId)));
    if (!target) throw new AppError('NOT_FOUND');
    await lockPeriod(tx, tenantId, target.periodId);
    const e = await lockEnrollment(tx, tenantId, input.enrollmentId);
    if (!e) throw new AppError('NOT_FOUND');
    const found = await findPeriodWithActivity(tx, tenantId, e.periodId);
    if (!found || !input.canSeeFacility(found.facility.id)) throw new AppError('NOT_FOUND');
    if (found.period.frozen)
      throw new AppError('CONFLICT', 'Cette période est figée : elle ne peut plus être modifiée.');
    if (e.status !== 'waiting')
      throw new AppError('CONFLICT', 'Cette inscription n’est plus sur la liste d’attente.');
    const list = await tx
      .select({ id: enrollments.id, waitingSince: enrollments.waitingSince })
      .from(enrollments)
      .where(
        and(
          eq(enrollments.tenantId, tenantId),
          eq(enrollments.periodId, e.periodId),
          eq(enrollments.status, 'waiting'),
        ),
      )
      .orderBy(asc(enrollments.waitingSince), asc(enrollments.id))
      .for('update');
    const from = list.findIndex((r) => r.id === e.id);
    const to = input.direction === 'up' ? from - 1 : from + 1;
    if (from < 0 || to < 0 || to >= list.length)
      throw new AppError(
        'CONFLICT',
        input.direction === 'up'
          ? 'Cette inscription est déjà en tête de liste.'
          : 'Cette inscription est déjà la dernière de la liste.',
      );
    const instants = list.map((r) => r.waitingSince!.getTime());
    for (let i = 1; i < instants.length; i++)
      if (instants[i]! <= instants[i - 1]!) instants[i] = instants[i - 1]! + 1;
    const order = list.map((r) => r.id);
    [order[from], order[to]] = [order[to]!, order[from]!];
    for (let i = 0; i < order.length; i++) {
      const row = list.find((r) => r.id === order[i])!;
      if (row.waitingSince!.getTime() !== instants[i])
        await tx
          .update(enrollments)
          .set({ waitingSince: new Date(instants[i]!) })
          .where(and(eq(enrollments.tenantId, tenantId), eq(enrollments.id, row.id)));
    }
    await tx.insert(auditLog).values({
      tenantId,
      at: input.now,
      actorUserId: input.staffUserId,
      action: 'enrollment.waitlist.move',
      subjectType: 'enrollment',
      subjectId: e.id,
      details: { periodId: e.periodId, fromRank: from + 1, toRank: to + 1 },
    });
    return { from: from + 1, to: to + 1 };
  });
}

/** The facilities of a household's accepted enrollments (other features read them through here). */
export function householdFacilityIds(db: Db, tenantId: string, householdId: string): Promise<string[]> {
  return acceptedFacilityIdsOfHousehold(db, tenantId, householdId);
}
