import { z } from 'zod';
import {
  ACTIVITY_KINDS,
  ALLOCATION_MODES,
  DAY_TYPES,
  LATE_CHANGE_POLICIES,
  UNIT_KINDS,
  VALIDATION_MODES,
} from './catalogue.schema';
import { type DeadlineRule, validateRule } from './domain/deadlines';
import type { FormValues } from './views/form-parts';

/** Zod schemas of the back-office forms; messages in French, keyed by field name. */

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Indiquez une date (jj/mm/aaaa).');
const optionalDay = z.preprocess((v) => (v === '' || v === undefined ? null : v), day.nullable());
const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === '1', z.boolean());
const name = z
  .string()
  .trim()
  .min(1, 'Indiquez un nom.')
  .max(120, 'Le nom ne doit pas dépasser 120 caractères.');
const many = z.preprocess(
  (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.string()),
);
const optionalInt = (min: number, max: number, msg: string) =>
  z.preprocess(
    (v) => (v === '' || v === undefined ? null : Number(v)),
    z.number().int(msg).min(min, msg).max(max, msg).nullable(),
  );

export const ZFacility = z.object({
  f_name: name,
  f_address: z.string().trim().max(300, 'L’adresse ne doit pas dépasser 300 caractères.').default(''),
});

export const ZActivity = z.object({
  name,
  facilityId: z.uuid('Choisissez une structure.'),
  kind: z.enum(ACTIVITY_KINDS, 'Choisissez un type d’activité.'),
  description: z
    .string()
    .trim()
    .max(2000, 'La description ne doit pas dépasser 2000 caractères.')
    .default(''),
  enrollmentOnly: checkbox,
  enrollmentValidation: z.enum(VALIDATION_MODES, 'Choisissez un mode de validation.'),
  bookingValidation: z.enum(VALIDATION_MODES, 'Choisissez un mode de validation.'),
  lateChangePolicy: z.enum(LATE_CHANGE_POLICIES, 'Choisissez ce que devient une demande hors délai.'),
  requiredDocuments: z
    .string()
    .max(2000, 'La liste ne doit pas dépasser 2000 caractères.')
    .default('')
    .transform((s) =>
      s
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean),
    ),
});

export const ZPeriod = z
  .object({
    p_name: name,
    p_firstDay: day,
    p_lastDay: day,
    p_enrollmentFirstDay: optionalDay,
    p_enrollmentLastDay: optionalDay,
    p_bookingFirstDay: optionalDay,
    p_bookingLastDay: optionalDay,
    p_allocationMode: z.enum(ALLOCATION_MODES, 'Choisissez un mode d’attribution.'),
    p_requestFirstDay: optionalDay,
    p_requestLastDay: optionalDay,
    p_visible: checkbox,
    p_frozen: checkbox,
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (v.p_lastDay < v.p_firstDay) issue('p_lastDay', 'La fin doit être après le début.');
    if ((v.p_enrollmentFirstDay === null) !== (v.p_enrollmentLastDay === null))
      issue('p_enrollmentLastDay', 'Indiquez les deux dates de la fenêtre d’inscription, ou aucune.');
    else if (
      v.p_enrollmentFirstDay &&
      v.p_enrollmentLastDay &&
      v.p_enrollmentLastDay < v.p_enrollmentFirstDay
    )
      issue('p_enrollmentLastDay', 'La fin des inscriptions doit être après leur début.');
    if (v.p_bookingFirstDay && v.p_bookingLastDay && v.p_bookingLastDay < v.p_bookingFirstDay)
      issue('p_bookingLastDay', 'La fin des réservations doit être après leur début.');
    if (v.p_allocationMode === 'request_window') {
      if (!v.p_requestFirstDay) issue('p_requestFirstDay', 'Indiquez le début de la fenêtre de demandes.');
      if (!v.p_requestLastDay) issue('p_requestLastDay', 'Indiquez la fin de la fenêtre de demandes.');
      else if (v.p_requestFirstDay && v.p_requestLastDay < v.p_requestFirstDay)
        issue('p_requestLastDay', 'La fin de la fenêtre de demandes doit être après son début.');
    }
  });

export const ZGroup = z
  .object({
    g_name: name,
    g_minAge: optionalInt(0, 25, 'Indiquez un âge entre 0 et 25 ans.'),
    g_maxAge: optionalInt(0, 25, 'Indiquez un âge entre 0 et 25 ans.'),
    g_minLevel: optionalInt(0, 7, 'Choisissez un niveau.'),
    g_maxLevel: optionalInt(0, 7, 'Choisissez un niveau.'),
    g_capacity: z.preprocess(
      (v) => (v === '' || v === undefined ? Number.NaN : Number(v)),
      z
        .number('Indiquez une capacité.')
        .int('Indiquez un nombre entier de places.')
        .min(0, 'La capacité ne peut pas être négative.')
        .max(10000, 'Capacité trop grande.'),
    ),
  })
  .superRefine((v, ctx) => {
    if (v.g_minAge !== null && v.g_maxAge !== null && v.g_maxAge < v.g_minAge)
      ctx.addIssue({
        code: 'custom',
        path: ['g_maxAge'],
        message: 'L’âge maximum doit être au moins l’âge minimum.',
      });
    if (v.g_minLevel !== null && v.g_maxLevel !== null && v.g_maxLevel < v.g_minLevel)
      ctx.addIssue({
        code: 'custom',
        path: ['g_maxLevel'],
        message: 'Le niveau maximum doit suivre le niveau minimum.',
      });
  });

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Indiquez une heure au format HH:MM.');

export const ZUnit = z
  .object({
    u_name: name,
    u_kind: z.enum(UNIT_KINDS, 'Choisissez un type d’unité.'),
    u_startTime: time,
    u_endTime: time,
    u_weekdays: many.pipe(
      z.array(z.enum(['1', '2', '3', '4', '5', '6', '7'])).min(1, 'Cochez au moins un jour d’ouverture.'),
    ),
    u_dayType: z.enum(DAY_TYPES, 'Choisissez les jours d’ouverture.'),
    u_openOnPublicHolidays: checkbox,
    u_capacity: optionalInt(0, 10000, 'Indiquez un nombre de places (entier positif) ou laissez vide.'),
    u_incompatible: many.pipe(z.array(z.uuid())),
    u_required: many.pipe(z.array(z.uuid())),
  })
  .superRefine((v, ctx) => {
    if (v.u_endTime <= v.u_startTime)
      ctx.addIssue({
        code: 'custom',
        path: ['u_endTime'],
        message: 'L’heure de fin doit être après l’heure de début.',
      });
    const both = v.u_incompatible.filter((id) => v.u_required.includes(id));
    if (both.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['u_required'],
        message: 'Une unité ne peut pas être à la fois requise et incompatible.',
      });
  });

export const ZException = z.object({
  x_day: day,
  x_kind: z.enum(['closed', 'open'], 'Choisissez fermeture ou ouverture exceptionnelle.'),
  x_label: z.string().trim().max(120, 'Le libellé ne doit pas dépasser 120 caractères.').default(''),
});

export const ZCapacity = z.object({
  c_groupId: z.preprocess((v) => (v === '' ? null : v), z.uuid('Choisissez un groupe.').nullable()),
  c_day: optionalDay,
  c_capacity: z.preprocess(
    (v) => (v === '' || v === undefined ? Number.NaN : Number(v)),
    z
      .number('Indiquez une capacité.')
      .int('Indiquez un nombre entier de places.')
      .min(0, 'La capacité ne peut pas être négative.')
      .max(10000, 'Capacité trop grande.'),
  ),
});

export { fieldErrors } from '../../platform/http/forms';

export const DEADLINE_KINDS = ['none', 'days_before', 'weekday_previous_week', 'day_previous_month'] as const;

/** Reads a deadline rule from fields `<prefix>kind`, `days`, `working`, `weekday`, `monthDay`, `time`. */
export function parseDeadline(
  v: FormValues,
  prefix: string,
): { rule: DeadlineRule | null; errors: Record<string, string> } {
  const get = (k: string) => {
    const x = v[`${prefix}${k}`];
    return (Array.isArray(x) ? x[0] : x)?.trim() ?? '';
  };
  const kind = get('kind') || 'none';
  const errors: Record<string, string> = {};
  if (!(DEADLINE_KINDS as readonly string[]).includes(kind)) {
    errors[`${prefix}kind`] = 'Choisissez un type de délai.';
    return { rule: null, errors };
  }
  if (kind === 'none') return { rule: null, errors };
  const t = get('time');
  let rule: DeadlineRule;
  if (kind === 'days_before')
    rule = {
      kind,
      days: get('days') === '' ? Number.NaN : Number(get('days')),
      workingDays: get('working') === 'on',
      time: t,
    };
  else if (kind === 'weekday_previous_week') rule = { kind, weekday: Number(get('weekday')), time: t };
  else
    rule = {
      kind: 'day_previous_month',
      day: get('monthDay') === '' ? Number.NaN : Number(get('monthDay')),
      time: t,
    };
  const e = validateRule(rule);
  const map: Record<string, string> = { time: 'time', days: 'days', weekday: 'weekday', day: 'monthDay' };
  for (const [k, msg] of Object.entries(e)) errors[`${prefix}${map[k]}`] = msg;
  return { rule: Object.keys(errors).length > 0 ? null : rule, errors };
}

/** A rule back to form values, for edit forms. */
export function deadlineValues(rule: DeadlineRule | null, prefix: string): FormValues {
  if (!rule) return { [`${prefix}kind`]: 'none' };
  const v: FormValues = { [`${prefix}kind`]: rule.kind, [`${prefix}time`]: rule.time };
  if (rule.kind === 'days_before') {
    v[`${prefix}days`] = String(rule.days);
    if (rule.workingDays) v[`${prefix}working`] = 'on';
  } else if (rule.kind === 'weekday_previous_week') v[`${prefix}weekday`] = String(rule.weekday);
  else v[`${prefix}monthDay`] = String(rule.day);
  return v;
}
