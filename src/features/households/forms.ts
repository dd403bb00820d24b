import { z } from 'zod';
import type { FieldDef } from '../requests/domain/field-policy';

/** Form values per field key (`entity.column`), as strings; booleans are 'true' / 'false'. */
export type FieldValues = Record<string, string>;

const TEL = /^[0-9+(). -]{0,20}$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function validDay(v: string): boolean {
  if (!ISO_DAY.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** The Zod schema of one field as a form sends it (urlencoded strings; an unchecked box is absent). */
export function fieldSchema(def: FieldDef): z.ZodType<string> {
  const max = def.maxLength ?? 200;
  const text = z
    .string({ error: `${def.label} : valeur invalide` })
    .trim()
    .max(max, { error: `${def.label} : ${max} caractères au plus` });
  switch (def.kind) {
    case 'bool':
      // The form sends a hidden 'false' then, when checked, 'true': the last value wins.
      return z
        .union([z.string(), z.array(z.string())], { error: `${def.label} : valeur invalide` })
        .transform((v) => {
          const last = Array.isArray(v) ? v[v.length - 1] : v;
          return last === 'on' || last === 'true' ? 'true' : 'false';
        });
    case 'tel':
      return text.regex(TEL, { error: `${def.label} : chiffres, espaces et + uniquement (20 au plus)` });
    case 'email':
      return text.refine((v) => v === '' || z.email().safeParse(v).success, {
        error: `${def.label} : adresse e-mail invalide`,
      });
    case 'postal':
      return text.regex(/^(\d{5})?$/, { error: `${def.label} : 5 chiffres` });
    case 'int':
      return text.regex(/^(\d{1,5})?$/, {
        error: `${def.label} : un nombre entier positif (5 chiffres au plus)`,
      });
    case 'date':
      return text.refine((v) => v === '' || validDay(v), { error: `${def.label} : date invalide` });
    case 'select': {
      const allowed = new Set((def.options ?? []).map((o) => o.value));
      return text.refine((v) => allowed.has(v), { error: `${def.label} : choix invalide` });
    }
    default:
      return text;
  }
}

/**
 * Parses the fields of a form (named by column) into values keyed by field key, with French messages
 * keyed by column for the form.
 */
export function parseFieldForm(
  defs: readonly FieldDef[],
  body: Record<string, unknown>,
): { values: FieldValues; errors: Record<string, string> } {
  // A field absent from the form is left unchanged (not emptied): only present fields are parsed.
  const shape: Record<string, z.ZodType<string>> = {};
  for (const d of defs) if (body[d.column] !== undefined) shape[d.column] = fieldSchema(d);
  const r = z.object(shape).safeParse(body ?? {});
  const values: FieldValues = {};
  const errors: Record<string, string> = {};
  if (!r.success) {
    for (const issue of r.error.issues) {
      const k = String(issue.path[0] ?? '');
      if (k && !errors[k]) errors[k] = issue.message;
    }
    return { values, errors };
  }
  for (const d of defs) if (r.data[d.column] !== undefined) values[d.key] = r.data[d.column]!;
  return { values, errors };
}

/** Zod schema of the "add a child" form. */
export const ZAddChild = z.object({
  firstName: z
    .string()
    .trim()
    .min(1, { error: 'Indiquez le prénom' })
    .max(100, { error: '100 caractères au plus' }),
  lastName: z
    .string()
    .trim()
    .min(1, { error: 'Indiquez le nom' })
    .max(100, { error: '100 caractères au plus' }),
  birthDate: z.string().trim().refine(validDay, { error: 'Indiquez la date de naissance (jj/mm/aaaa)' }),
  sex: z.enum(['F', 'M'], { error: 'Indiquez fille ou garçon' }),
  school: z.string().trim().max(200, { error: '200 caractères au plus' }).default(''),
  schoolClass: z.string().trim().max(20, { error: '20 caractères au plus' }).default(''),
  diet: z.string().trim().max(200, { error: '200 caractères au plus' }).default(''),
  allergies: z.string().trim().max(500, { error: '500 caractères au plus' }).default(''),
});
export type TAddChild = z.infer<typeof ZAddChild>;

/** Zod schema of the "add a contact" form. */
export const ZAddContact = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, { error: 'Indiquez le nom' })
      .max(200, { error: '200 caractères au plus' }),
    relation: z.string().trim().max(100, { error: '100 caractères au plus' }).default(''),
    mobilePhone: z
      .string()
      .trim()
      .regex(TEL, { error: 'Téléphone : chiffres, espaces et + uniquement (20 au plus)' })
      .default(''),
    otherPhone: z
      .string()
      .trim()
      .regex(TEL, { error: 'Téléphone : chiffres, espaces et + uniquement (20 au plus)' })
      .default(''),
    mayPickUp: z
      .string()
      .optional()
      .transform((v) => v === 'on' || v === 'true'),
    emergency: z
      .string()
      .optional()
      .transform((v) => v === 'on' || v === 'true'),
    /** Children the contact is for (none ticked = all); ids outside the household are dropped on creation. */
    childIds: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((v) => (v === undefined ? [] : [v].flat()))
      .pipe(z.array(z.uuid({ error: 'Choix d’enfant invalide' })).max(20)),
  })
  .refine((v) => v.mobilePhone !== '' || v.otherPhone !== '', {
    error: 'Indiquez au moins un numéro de téléphone',
    path: ['mobilePhone'],
  });
export type TAddContact = z.infer<typeof ZAddContact>;

/** Zod schema of a staff decision on a request. */
export const ZDecision = z.object({
  comment: z.string().trim().max(1000, { error: '1000 caractères au plus' }).default(''),
});

export function zodErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const k = String(issue.path[0] ?? 'form');
    if (!errors[k]) errors[k] = issue.message;
  }
  return errors;
}
