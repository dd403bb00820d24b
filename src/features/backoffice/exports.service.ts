import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import { canSeeFacility, type StaffActor } from '../../platform/http/policies';
import { isUuid } from '../households/households.repository';
import { writeAudit } from '../staff/audit';
import { toCsv } from './domain/csv';
import {
  contactRows,
  contactsOf,
  enrolledChildren,
  guardiansOf,
  healthOf,
  listPeriods,
  type PeriodChoice,
} from './exports.repository';

/** Who may export lists of their facilities' children: managers (all), directors (their facilities). */
export const EXPORT_ROLES = ['manager', 'director'] as const;
/** The tenant-wide contacts list: managers (and administrators). */
export const CONTACT_EXPORT_ROLES = ['manager'] as const;

const frDate = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
const STATUS: Record<string, string> = {
  accepted: 'Acceptée',
  pending: 'En attente',
  waiting: 'Liste d’attente',
};

/** Periods this staff member may export (directors: their facilities only). */
export async function exportablePeriods(db: Db, staff: StaffActor): Promise<PeriodChoice[]> {
  return (await listPeriods(db, staff.tenant.id)).filter((p) => canSeeFacility(staff, p.facilityId));
}

async function periodOf(db: Db, staff: StaffActor, periodId: unknown): Promise<PeriodChoice> {
  if (!isUuid(periodId)) throw new AppError('NOT_FOUND');
  const p = (await exportablePeriods(db, staff)).find((x) => x.id === periodId);
  if (!p) throw new AppError('NOT_FOUND');
  return p;
}

export interface CsvFile {
  filename: string;
  content: string;
}

/** Contacts of every active household's guardians. */
export async function exportContacts(db: Db, staff: StaffActor, now: Date, ip?: string): Promise<CsvFile> {
  const rows = await contactRows(db, staff.tenant.id);
  await writeAudit(db, {
    tenantId: staff.tenant.id,
    actorUserId: staff.actor.userId,
    action: 'export.contacts',
    subjectType: 'export',
    subjectId: '',
    details: { rows: rows.length },
    at: now,
    ip: ip ?? null,
  });
  return {
    filename: 'contacts-familles.csv',
    content: toCsv(
      [
        'Foyer',
        'Nom',
        'Prénom',
        'E-mail',
        'Portable',
        'Téléphone domicile',
        'Adresse',
        'Code postal',
        'Commune',
      ],
      rows.map((r) => [
        r.household.name,
        r.guardian.lastName,
        r.guardian.firstName,
        r.guardian.email,
        r.guardian.mobilePhone,
        r.guardian.homePhone,
        r.household.addressLine,
        r.household.postalCode,
        r.household.city,
      ]),
    ),
  };
}

const slug = (p: PeriodChoice) =>
  `${p.activityName}-${p.name}`
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();

/** Children enrolled in a period (the list for the team). */
export async function exportChildren(db: Db, staff: StaffActor, periodId: unknown): Promise<CsvFile> {
  const p = await periodOf(db, staff, periodId);
  const rows = await enrolledChildren(db, staff.tenant.id, p.id);
  return {
    filename: `enfants-${slug(p)}.csv`,
    content: toCsv(
      [
        'Nom',
        'Prénom',
        'Naissance',
        'École',
        'Classe',
        'Groupe',
        'Inscription',
        'Foyer',
        'Téléphone du foyer',
      ],
      rows.map((r) => [
        r.child.lastName,
        r.child.firstName,
        frDate(r.child.birthDate),
        r.child.school,
        r.child.schoolClass,
        r.groupName ?? '',
        STATUS[r.status] ?? r.status,
        r.householdName,
        r.householdPhone,
      ]),
    ),
  };
}

/**
 * The canteen's allergies list: accepted children of a period with a diet, allergies or a PAI. Health
 * data is need-to-know: managers, and directors of the period's facility; every export is audited with
 * the children it listed.
 */
export async function exportAllergies(
  db: Db,
  staff: StaffActor,
  periodId: unknown,
  now: Date,
  ip?: string,
): Promise<CsvFile> {
  const p = await periodOf(db, staff, periodId);
  const rows = (await enrolledChildren(db, staff.tenant.id, p.id)).filter((r) => r.status === 'accepted');
  const health = await healthOf(
    db,
    staff.tenant.id,
    rows.map((r) => r.child.id),
  );
  const listed = rows
    .map((r) => ({ r, h: health.find((h) => h.childId === r.child.id) }))
    .filter(({ h }) => h && (h.diet || h.allergies || h.pai));
  await writeAudit(db, {
    tenantId: staff.tenant.id,
    actorUserId: staff.actor.userId,
    action: 'health.export',
    subjectType: 'period',
    subjectId: p.id,
    details: { export: 'allergies', children: listed.map(({ r }) => r.child.id) },
    at: now,
    ip: ip ?? null,
  });
  return {
    filename: `allergies-${slug(p)}.csv`,
    content: toCsv(
      ['Nom', 'Prénom', 'Classe', 'Groupe', 'Régime', 'Allergies', 'PAI', 'Précisions PAI'],
      listed.map(({ r, h }) => [
        r.child.lastName,
        r.child.firstName,
        r.child.schoolClass,
        r.groupName ?? '',
        h!.diet,
        h!.allergies,
        h!.pai ? 'Oui' : 'Non',
        h!.paiNotes,
      ]),
    ),
  };
}

/** Who may pick each accepted child of a period up: its guardians, then the household's authorised contacts. */
export async function exportPickUps(db: Db, staff: StaffActor, periodId: unknown): Promise<CsvFile> {
  const p = await periodOf(db, staff, periodId);
  const rows = (await enrolledChildren(db, staff.tenant.id, p.id)).filter((r) => r.status === 'accepted');
  const hIds = [...new Set(rows.map((r) => r.householdId))];
  const [gs, cs] = await Promise.all([
    guardiansOf(db, staff.tenant.id, hIds),
    contactsOf(db, staff.tenant.id, hIds),
  ]);
  const out: (string | null)[][] = [];
  for (const r of rows) {
    const child = [r.child.lastName, r.child.firstName];
    for (const g of gs.filter((g) => g.householdId === r.householdId))
      out.push([...child, `${g.firstName} ${g.lastName}`, 'Responsable légal', g.mobilePhone || g.homePhone]);
    for (const c of cs.filter(
      (c) =>
        c.householdId === r.householdId &&
        c.mayPickUp &&
        (c.childIds.length === 0 || c.childIds.includes(r.child.id)),
    ))
      out.push([...child, c.name, c.relation || 'Contact', c.mobilePhone || c.otherPhone]);
  }
  return {
    filename: `autorisations-sortie-${slug(p)}.csv`,
    content: toCsv(
      ['Nom de l’enfant', 'Prénom de l’enfant', 'Personne autorisée', 'Qualité', 'Téléphone'],
      out,
    ),
  };
}
