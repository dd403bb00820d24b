import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppConfig } from '../../config';
import { diffDays, formatDayLongFr, formatTimeFr, isIsoDay, todayIn } from '../../platform/calendar/days';
import { type HolidayRegion, isHolidayRegion } from '../../platform/calendar/public-holidays';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import type { FamilyActor, StaffActor } from '../../platform/http/policies';
import { enqueueEmail } from '../../platform/mail/outbox';
import type { StaffRole } from '../accounts/accounts.schema';
import { healthVisibleChildren } from '../households/domain/health-access';
import { enrollmentFacilitiesOfChildren, findChildOfHousehold } from '../households/households.repository';
import { fieldErrors, writeAudit } from '../messaging/kit';
import { householdEmails } from '../messaging/messaging.repository';
import { tenantUrl } from '../messaging/messaging.service';
import type { Tenant } from '../tenants/tenants.schema';
import {
  declarationsOfHousehold,
  findByFormToken,
  findDeclaration,
  findSettings,
  lockChild,
  overlappingDeclarations,
} from './absences.repository';
import { ABSENCE_REASONS, type AbsenceReason, absenceDeclarations, absenceSettings } from './absences.schema';
import {
  type AbsenceLimit,
  absenceDeadline,
  type CalendarContext,
  deadlineDisplay,
  earliestDeclarableDay,
  LIMIT_KINDS,
  limitLabel,
  MAX_LIMIT_HOURS,
} from './domain/deadline';

/** Staff who decide absences: managers (and administrators) all; directors for their facilities' children. */
export const ABSENCE_ROLES: readonly StaffRole[] = ['manager', 'director'];
/** Longest declaration (a long illness is declared again after three months). */
export const MAX_SPAN_DAYS = 92;
/** How far ahead an absence may be declared. */
export const MAX_AHEAD_DAYS = 366;

export const REASON_LABEL: Record<AbsenceReason, string> = {
  maladie: 'Maladie',
  rendez_vous_medical: 'Rendez-vous médical',
  raison_familiale: 'Raison familiale',
  autre: 'Autre',
};

const validation = (errors: Record<string, string>) =>
  new AppError('VALIDATION', 'Formulaire invalide', errors);

function isUniqueViolation(err: unknown) {
  return (
    (err as { code?: string; cause?: { code?: string } }).code === '23505' ||
    (err as { cause?: { code?: string } }).cause?.code === '23505'
  );
}

export function calendarOf(tenant: Tenant): CalendarContext {
  const region: HolidayRegion = isHolidayRegion(tenant.holidayRegion) ? tenant.holidayRegion : 'metropole';
  return { timeZone: tenant.timeZone, region };
}

/** "du lundi 2 … au mardi 3 …" or "le lundi 2 …". */
export function daysText(firstDay: string, lastDay: string): string {
  return firstDay === lastDay
    ? `le ${formatDayLongFr(firstDay)}`
    : `du ${formatDayLongFr(firstDay)} au ${formatDayLongFr(lastDay)}`;
}

/** "mercredi 25 novembre 2026 à 23 h 59". */
export function deadlineText(deadline: Date, timeZone: string): string {
  const d = deadlineDisplay(deadline, timeZone);
  return `${formatDayLongFr(d.day)} à ${formatTimeFr(d.time)}`;
}

export interface FormDeadline {
  limit: AbsenceLimit;
  limitText: string;
  /** The oldest first day still declarable now, and until when. */
  earliestDay: string;
  earliestDeadline: Date;
  today: string;
}

/** What the declaration form tells the family about the time limit. */
export async function formDeadline(db: Db, tenant: Tenant, now: Date): Promise<FormDeadline> {
  const limit = await findSettings(db, tenant.id);
  const cal = calendarOf(tenant);
  const earliestDay = earliestDeclarableDay(now, limit, cal);
  return {
    limit,
    limitText: limitLabel(limit),
    earliestDay,
    earliestDeadline: absenceDeadline(earliestDay, limit, cal),
    today: todayIn(cal.timeZone, now),
  };
}

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const ZDeclaration = z.object({
  childId: z.string({ error: 'Choisissez l’enfant.' }).min(1, 'Choisissez l’enfant.'),
  firstDay: z
    .string({ error: 'Indiquez le premier jour d’absence.' })
    .refine(isIsoDay, 'Indiquez le premier jour d’absence (une date valide).'),
  lastDay: z.preprocess(
    blank,
    z
      .string()
      .refine(isIsoDay, 'Indiquez le dernier jour d’absence (une date valide) ou laissez vide.')
      .optional(),
  ),
  reason: z.enum(ABSENCE_REASONS, { error: 'Choisissez le motif de l’absence.' }),
  comment: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : ''),
    z.string().max(2000, '2 000 caractères au plus.'),
  ),
  formToken: z.uuid('Formulaire expiré : rechargez la page.'),
});

/** A certificate written to the encrypted storage, not yet recorded. */
export interface Certificate {
  storageKey: string;
  originalName: string;
  kind: string;
  sizeBytes: number;
}

/**
 * A family declares an absence of one of its children (one day or a range), within the tenant's time
 * limit, optionally with a medical certificate. A replayed form (same one-time token) returns the first
 * declaration: `replayed` tells the caller to drop the newly stored file.
 */
export async function declareAbsence(
  db: Db,
  args: { fam: FamilyActor; now: Date; fields: Record<string, string>; certificate: Certificate | null },
): Promise<{ id: string; replayed: boolean }> {
  const { fam, now } = args;
  const tenantId = fam.tenant.id;
  const parsed = ZDeclaration.safeParse(args.fields);
  const errors = parsed.success ? {} : fieldErrors(parsed.error);
  // The child must be one of the household's: anything else does not exist for this family.
  const childId = args.fields.childId ?? '';
  if (childId !== '' && !(await findChildOfHousehold(db, tenantId, fam.householdId, childId)))
    throw new AppError('NOT_FOUND');
  if (!parsed.success) throw validation(errors);
  const v = parsed.data;
  const lastDay = v.lastDay ?? v.firstDay;
  const replay = await findByFormToken(db, tenantId, fam.householdId, v.formToken);
  if (replay) {
    // The same form sent again (double click, retry): the first declaration is the answer. A form
    // already used for other days (browser "back", then edited) must not pass silently as a replay.
    if (replay.childId === childId && replay.firstDay === v.firstDay && replay.lastDay === lastDay)
      return { id: replay.id, replayed: true };
    throw validation({
      formToken:
        'Ce formulaire a déjà servi à déclarer une autre absence : vérifiez les dates et envoyez-le à nouveau.',
    });
  }

  const cal = calendarOf(fam.tenant);
  const today = todayIn(cal.timeZone, now);
  if (diffDays(v.firstDay, lastDay) < 0)
    throw validation({ lastDay: 'Le dernier jour doit être le premier jour ou après.' });
  if (diffDays(v.firstDay, lastDay) > MAX_SPAN_DAYS)
    throw validation({ lastDay: `Une déclaration couvre ${MAX_SPAN_DAYS + 1} jours au plus.` });
  if (diffDays(today, v.firstDay) > MAX_AHEAD_DAYS)
    throw validation({ firstDay: 'Une absence se déclare au plus un an à l’avance.' });
  const limit = await findSettings(db, tenantId);
  const deadline = absenceDeadline(v.firstDay, limit, cal);
  if (now.getTime() >= deadline.getTime())
    throw validation({
      firstDay: `Délai dépassé : une absence commençant le ${formatDayLongFr(v.firstDay)} pouvait être déclarée jusqu’au ${deadlineText(deadline, cal.timeZone)} (${limitLabel(limit)} après le premier jour d’absence). Contactez le service.`,
    });

  try {
    return await db.transaction(async (tx) => {
      // One declaration at a time per child: the overlap check and the insert cannot interleave.
      await lockChild(tx, tenantId, childId);
      // A replay that waited for the lock finds the declaration its twin just made.
      const twin = await findByFormToken(tx, tenantId, fam.householdId, v.formToken);
      if (twin) return { id: twin.id, replayed: true };
      const clash = await overlappingDeclarations(tx, tenantId, childId, v.firstDay, lastDay);
      if (clash.length > 0)
        throw validation({
          firstDay: `Une absence est déjà déclarée pour cet enfant ${daysText(clash[0]!.firstDay, clash[0]!.lastDay)}.`,
        });
      const c = args.certificate;
      const [row] = await tx
        .insert(absenceDeclarations)
        .values({
          tenantId,
          householdId: fam.householdId,
          childId,
          firstDay: v.firstDay,
          lastDay,
          reason: v.reason,
          comment: v.comment,
          formToken: v.formToken,
          certificateKey: c?.storageKey ?? null,
          certificateName: c?.originalName ?? null,
          certificateKind: c?.kind ?? null,
          certificateSize: c?.sizeBytes ?? null,
          declaredAt: now,
          declaredByUserId: fam.actor.userId,
        })
        .returning({ id: absenceDeclarations.id });
      await writeAudit(tx, {
        tenantId,
        at: now,
        actorUserId: fam.actor.userId,
        action: 'absence.declare',
        subjectType: 'absence_declaration',
        subjectId: row!.id,
        details: { childId, firstDay: v.firstDay, lastDay, certificate: Boolean(c) },
      });
      return { id: row!.id, replayed: false };
    });
  } catch (err) {
    // The same form submitted twice at the same instant: the unique token keeps one row.
    if (isUniqueViolation(err)) {
      const first = await findByFormToken(db, tenantId, fam.householdId, v.formToken);
      if (first) return { id: first.id, replayed: true };
    }
    throw err;
  }
}

/** The household's declarations (404-safe: only its own), optionally for one of its children. */
export async function householdDeclarations(db: Db, fam: FamilyActor, childId?: string) {
  return declarationsOfHousehold(db, fam.tenant.id, fam.householdId, childId);
}

/** A declaration of this household with a certificate, for the family's own download. */
export async function familyCertificate(db: Db, fam: FamilyActor, id: string) {
  const found = await findDeclaration(db, fam.tenant.id, id);
  if (!found || found.declaration.householdId !== fam.householdId || !found.declaration.certificateKey)
    throw new AppError('NOT_FOUND');
  return found.declaration;
}

// ---------- Staff ----------

/**
 * Directors see the declarations of children enrolled (any state but refused) at their facilities,
 * the same need-to-know rule as health data; managers and administrators see all.
 */
async function visibleChildIds(db: Db, staff: StaffActor, childIds: string[]): Promise<Set<string>> {
  if (staff.roles.some((r) => r === 'admin' || r === 'manager')) return new Set(childIds);
  const unique = [...new Set(childIds)];
  return healthVisibleChildren(
    staff,
    unique,
    await enrollmentFacilitiesOfChildren(db, staff.tenant.id, unique),
  );
}

/** Declarations waiting for a decision that this staff member may decide, oldest first. */
export async function staffQueue<T extends { declaration: { childId: string } }>(
  db: Db,
  staff: StaffActor,
  rows: T[],
): Promise<T[]> {
  const visible = await visibleChildIds(
    db,
    staff,
    rows.map((r) => r.declaration.childId),
  );
  return rows.filter((r) => visible.has(r.declaration.childId));
}

/** A declaration this staff member may see, or 404. */
export async function declarationForStaff(db: Db, staff: StaffActor, id: string) {
  const found = await findDeclaration(db, staff.tenant.id, id);
  if (!found) throw new AppError('NOT_FOUND');
  const visible = await visibleChildIds(db, staff, [found.declaration.childId]);
  if (!visible.has(found.declaration.childId)) throw new AppError('NOT_FOUND');
  return found;
}

/** Staff reads of a declaration (its medical reason, its certificate) are audited: health data. */
export async function auditStaffRead(
  db: Db,
  staff: StaffActor,
  now: Date,
  id: string,
  action: 'absence.view' | 'absence.certificate.view',
) {
  await writeAudit(db, {
    tenantId: staff.tenant.id,
    at: now,
    actorUserId: staff.actor.userId,
    action,
    subjectType: 'absence_declaration',
    subjectId: id,
  });
}

export const ZRefusal = z.object({
  reason: z
    .string({ error: 'Indiquez le motif du refus.' })
    .trim()
    .min(3, 'Indiquez le motif du refus (la famille le verra).')
    .max(500, 'Le motif est limité à 500 caractères.'),
});

/**
 * Accepts (the days become justified absences) or refuses (with a reason) a pending declaration.
 * Atomic: one conditional update `where status = 'pending'`; of concurrent decisions exactly one wins,
 * the others get 409. Audit row and e-mail to the household in the same transaction.
 */
export async function decideAbsence(
  db: Db,
  args: {
    staff: StaffActor;
    config: AppConfig;
    now: Date;
    id: string;
    decision: 'accepted' | 'refused';
    input?: unknown;
  },
) {
  const { staff, now } = args;
  const tenantId = staff.tenant.id;
  const found = await declarationForStaff(db, staff, args.id);
  let reason: string | null = null;
  if (args.decision === 'refused') {
    const parsed = ZRefusal.safeParse(args.input ?? {});
    if (!parsed.success) throw validation(fieldErrors(parsed.error));
    reason = parsed.data.reason;
  }
  const d = found.declaration;
  const child = `${found.childFirstName} ${found.childLastName}`;
  await db.transaction(async (tx) => {
    const rows = await tx
      .update(absenceDeclarations)
      .set({
        status: args.decision,
        refusalReason: reason,
        decidedAt: now,
        decidedByUserId: staff.actor.userId,
      })
      .where(
        and(
          eq(absenceDeclarations.tenantId, tenantId),
          eq(absenceDeclarations.id, d.id),
          eq(absenceDeclarations.status, 'pending'),
        ),
      )
      .returning({ id: absenceDeclarations.id });
    if (rows.length === 0) throw new AppError('CONFLICT', 'Cette absence a déjà été traitée.');
    await writeAudit(tx, {
      tenantId,
      at: now,
      actorUserId: staff.actor.userId,
      action: args.decision === 'accepted' ? 'absence.accept' : 'absence.refuse',
      subjectType: 'absence_declaration',
      subjectId: d.id,
      details: reason ? { reason } : {},
    });
    const when = daysText(d.firstDay, d.lastDay);
    const text =
      args.decision === 'accepted'
        ? [
            `L’absence de ${child} ${when} est acceptée : ${d.firstDay === d.lastDay ? 'ce jour est compté' : 'ces jours sont comptés'} comme absence justifiée et ne ${d.firstDay === d.lastDay ? 'sera' : 'seront'} pas facturé${d.firstDay === d.lastDay ? '' : 's'}.`,
          ]
        : [
            `L’absence de ${child} ${when} n’a pas pu être acceptée comme absence justifiée.`,
            `Motif : ${reason}`,
          ];
    for (const to of await householdEmails(tx, tenantId, d.householdId))
      await enqueueEmail(tx, {
        tenantId,
        to,
        subject: `${args.decision === 'accepted' ? 'Absence justifiée' : 'Absence non justifiée'} · ${staff.tenant.name}`,
        text: [
          'Bonjour,',
          '',
          ...text,
          '',
          `Vos absences : ${tenantUrl(args.config, staff.tenant, '/absences')}`,
        ].join('\n'),
      });
  });
}

// ---------- Settings ----------

const ZSettings = z.object({
  limitHours: z.coerce
    .number({ error: 'Indiquez un nombre d’heures.' })
    .int('Un nombre entier d’heures.')
    .min(1, `Entre 1 et ${MAX_LIMIT_HOURS} heures.`)
    .max(MAX_LIMIT_HOURS, `Entre 1 et ${MAX_LIMIT_HOURS} heures.`),
  limitKind: z.enum(LIMIT_KINDS, { error: 'Choisissez comment les heures sont comptées.' }),
});

/** Administrators set the time limit (audited). */
export async function saveAbsenceSettings(db: Db, args: { staff: StaffActor; now: Date; input: unknown }) {
  const parsed = ZSettings.safeParse(args.input ?? {});
  if (!parsed.success) throw validation(fieldErrors(parsed.error));
  const tenantId = args.staff.tenant.id;
  const values = {
    limitHours: parsed.data.limitHours,
    limitKind: parsed.data.limitKind,
    updatedAt: args.now,
    updatedByUserId: args.staff.actor.userId,
  };
  await db.transaction(async (tx) => {
    await tx
      .insert(absenceSettings)
      .values({ tenantId, ...values })
      .onConflictDoUpdate({ target: absenceSettings.tenantId, set: values });
    await writeAudit(tx, {
      tenantId,
      at: args.now,
      actorUserId: args.staff.actor.userId,
      action: 'absence.settings.update',
      subjectType: 'tenant',
      subjectId: tenantId,
      details: { hours: parsed.data.limitHours, kind: parsed.data.limitKind },
    });
  });
}

/** For the family dashboard: yesterday's decisions stay visible two weeks. */
export function dashboardSince(now: Date): Date {
  return new Date(now.getTime() - 14 * 86_400_000);
}
