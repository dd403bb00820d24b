/**
 * CSV exports of the billing (UTF-8 with BOM, `;`, French decimal comma, formula-safe cells: the back
 * office's toCsv): the accounting export of invoices and credit notes issued in a period, and the CAF
 * activity statistics (hours per child and month by age band). Each export is audited.
 */
import { z } from 'zod';
import { endOfMonth, formatDayShortFr, isIsoDay } from '../../platform/calendar/days';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import type { StaffActor } from '../../platform/http/policies';
import { outcomesOf } from '../attendance/attendance.repository';
import { toCsv } from '../backoffice/domain/csv';
import { writeAudit } from '../messaging/kit';
import { AGE_BAND_LABEL, cafActivity, cafTotals, hoursFr } from './domain/caf-statistics';
import { childrenByIds, unitTimes } from './exports.repository';
import { accountingDocuments } from './invoices.repository';

export interface CsvFile {
  filename: string;
  content: string;
}

/** "1234,50", "-12,00": cents with a decimal comma and no thousands separator (spreadsheets read it). */
export function centsCsv(cents: number): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

const STATUS_CSV: Record<string, string> = {
  unpaid: 'À payer',
  in_collection: 'En cours de prélèvement',
  paid: 'Payée',
};

const MAX_EXPORT_DAYS = 400;

const ZPeriod = z
  .object({
    du: z.string().refine(isIsoDay, 'Indiquez la date de début.'),
    au: z.string().refine(isIsoDay, 'Indiquez la date de fin.'),
  })
  .refine((v) => v.du <= v.au, { message: 'La fin doit suivre le début.', path: ['au'] })
  .refine((v) => (Date.parse(v.au) - Date.parse(v.du)) / 86_400_000 <= MAX_EXPORT_DAYS, {
    message: 'Une période de 13 mois au plus.',
    path: ['au'],
  });

function validationOf(error: z.ZodError): AppError {
  const errors: Record<string, string> = {};
  for (const i of error.issues) errors[String(i.path[0] ?? 'du')] ??= i.message;
  return new AppError('VALIDATION', 'Formulaire invalide', errors);
}

/** Invoices and credit notes issued between two days (inclusive). */
export async function accountingExport(
  db: Db,
  staff: StaffActor,
  query: unknown,
  now: Date,
): Promise<CsvFile> {
  const parsed = ZPeriod.safeParse(query ?? {});
  if (!parsed.success) throw validationOf(parsed.error);
  const { du, au } = parsed.data;
  const docs = await accountingDocuments(db, staff.tenant.id, { from: du, to: au });
  const rows: (string | number)[][] = [];
  for (const r of docs.invoices) {
    const i = r.invoice;
    rows.push([
      'Facture',
      i.number,
      formatDayShortFr(i.issuedOn),
      r.householdName,
      i.payerName,
      centsCsv(i.totalCents),
      centsCsv(i.creditedCents),
      centsCsv(i.settledCents),
      centsCsv(i.totalCents - i.creditedCents - i.settledCents),
      STATUS_CSV[i.status] ?? i.status,
      '',
    ]);
  }
  for (const r of docs.creditNotes) {
    const c = r.creditNote;
    rows.push([
      'Avoir',
      c.number,
      formatDayShortFr(c.issuedOn),
      r.householdName,
      r.payerName,
      // Positive: the type says it is a credit (a leading minus would be read as a formula and escaped).
      centsCsv(c.amountCents),
      '',
      '',
      '',
      'Émis',
      r.invoiceNumber,
    ]);
  }
  await writeAudit(db, {
    tenantId: staff.tenant.id,
    at: now,
    actorUserId: staff.actor.userId,
    action: 'export.accounting',
    subjectType: 'export',
    subjectId: staff.tenant.id,
    details: { from: du, to: au, invoices: docs.invoices.length, creditNotes: docs.creditNotes.length },
  });
  return {
    filename: `comptabilite-${du}-${au}.csv`,
    content: toCsv(
      [
        'Type',
        'Numéro',
        'Date',
        'Foyer',
        'Payeur',
        'Montant',
        'Avoirs',
        'Payé',
        'Reste dû',
        'Statut',
        'Facture d’origine',
      ],
      rows,
    ),
  };
}

const ZMonths = z
  .object({
    debut: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Indiquez le premier mois.'),
    fin: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Indiquez le dernier mois.'),
  })
  .refine((v) => v.debut <= v.fin, { message: 'Le dernier mois doit suivre le premier.', path: ['fin'] })
  .refine(
    (v) =>
      Number(v.fin.slice(0, 4)) * 12 +
        Number(v.fin.slice(5)) -
        (Number(v.debut.slice(0, 4)) * 12 + Number(v.debut.slice(5))) <
      12,
    { message: 'Douze mois au plus.', path: ['fin'] },
  );

/** Hours per child and month by age band, then the totals per month and band. */
export async function cafExport(db: Db, staff: StaffActor, query: unknown, now: Date): Promise<CsvFile> {
  const parsed = ZMonths.safeParse(query ?? {});
  if (!parsed.success) throw validationOf(parsed.error);
  const { debut, fin } = parsed.data;
  const from = `${debut}-01`;
  const to = endOfMonth(`${fin}-01`);
  const tenantId = staff.tenant.id;
  const outcomes = await outcomesOf(db, tenantId, { from, to });
  const [kids, unitRows] = await Promise.all([
    childrenByIds(db, tenantId, [...new Set(outcomes.map((o) => o.childId))]),
    unitTimes(db, tenantId),
  ]);
  const rows = cafActivity(
    outcomes,
    kids.map((k) => ({ id: k.id, name: `${k.lastName} ${k.firstName}`, birthDate: k.birthDate })),
    unitRows,
  );
  const csvRows: string[][] = rows.map((r) => [
    r.month,
    r.childName,
    formatDayShortFr(r.birthDate),
    AGE_BAND_LABEL[r.band],
    hoursFr(r.minutes),
  ]);
  for (const t of cafTotals(rows))
    csvRows.push([
      t.month,
      `Total (${t.children} enfant${t.children > 1 ? 's' : ''})`,
      '',
      AGE_BAND_LABEL[t.band],
      hoursFr(t.minutes),
    ]);
  await writeAudit(db, {
    tenantId,
    at: now,
    actorUserId: staff.actor.userId,
    action: 'export.caf',
    subjectType: 'export',
    subjectId: tenantId,
    details: { from, to, rows: rows.length },
  });
  return {
    filename: `caf-activite-${debut}-${fin}.csv`,
    content: toCsv(['Mois', 'Enfant', 'Date de naissance', 'Tranche d’âge', 'Heures'], csvRows),
  };
}
