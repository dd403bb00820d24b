import { z } from 'zod';

/**
 * The staff form "new household from a paper file": flat field names so it works without JavaScript
 * (`g1_firstName`, `c3_birthDate`…). A guardian or child block left entirely empty is ignored.
 */
export const MAX_GUARDIANS = 2;
export const MAX_CHILDREN = 6;

const TEL = /^[0-9+(). -]{0,20}$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function validDay(v: string): boolean {
  if (!ISO_DAY.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

const str = (max: number) =>
  z
    .string({ error: 'Valeur invalide' })
    .trim()
    .max(max, { error: `${max} caractères au plus` })
    .default('');
const tel = z
  .string({ error: 'Valeur invalide' })
  .trim()
  .regex(TEL, { error: 'Téléphone : chiffres, espaces et + uniquement (20 au plus)' })
  .default('');

export const ZNewHouseholdHead = z.object({
  name: z
    .string({ error: 'Indiquez le nom du foyer' })
    .trim()
    .min(1, { error: 'Indiquez le nom du foyer' })
    .max(200, { error: '200 caractères au plus' }),
  addressLine: str(200),
  postalCode: z
    .string()
    .trim()
    .regex(/^(\d{5})?$/, { error: 'Code postal : 5 chiffres' })
    .default(''),
  city: str(200),
  phone: tel,
  phone2: tel,
});

export const ZNewGuardian = z.object({
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
  email: z
    .string()
    .trim()
    .max(254, { error: '254 caractères au plus' })
    .refine((v) => v === '' || z.email().safeParse(v).success, { error: 'Adresse e-mail invalide' })
    .default(''),
  mobilePhone: tel,
});

export const ZNewChild = z.object({
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
  school: str(200),
  schoolClass: str(20),
});

export type TNewHousehold = z.infer<typeof ZNewHouseholdHead> & {
  guardians: z.infer<typeof ZNewGuardian>[];
  children: z.infer<typeof ZNewChild>[];
};

export const GUARDIAN_FIELDS = ['firstName', 'lastName', 'email', 'mobilePhone'] as const;
export const CHILD_FIELDS = ['firstName', 'lastName', 'birthDate', 'sex', 'school', 'schoolClass'] as const;

function block(body: Record<string, unknown>, prefix: string, fields: readonly string[]) {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const v = body[`${prefix}_${f}`];
    out[f] = typeof v === 'string' ? v : '';
  }
  return out;
}
const isEmpty = (b: Record<string, string>) => Object.values(b).every((v) => v.trim() === '');

function collect(
  errors: Record<string, string>,
  prefix: string,
  r: { success: false; error: z.ZodError },
): void {
  for (const issue of r.error.issues) {
    const k = `${prefix}${String(issue.path[0] ?? 'form')}`;
    if (!errors[k]) errors[k] = issue.message;
  }
}

/**
 * Parses the form: the household, 1–2 guardians and 1–6 children; errors keyed by form field name.
 * Two guardians may not share an e-mail (each becomes a login).
 */
export function parseNewHousehold(
  body: Record<string, unknown>,
): { ok: true; data: TNewHousehold } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const head = ZNewHouseholdHead.safeParse(block(body, 'h', Object.keys(ZNewHouseholdHead.shape)));
  if (!head.success) collect(errors, 'h_', head);
  const guardians: TNewHousehold['guardians'] = [];
  for (let i = 1; i <= MAX_GUARDIANS; i++) {
    const b = block(body, `g${i}`, GUARDIAN_FIELDS);
    if (isEmpty(b)) continue;
    const r = ZNewGuardian.safeParse(b);
    if (r.success) guardians.push(r.data);
    else collect(errors, `g${i}_`, r);
  }
  if (guardians.length === 0 && !Object.keys(errors).some((k) => k.startsWith('g')))
    errors.g1_firstName = 'Indiquez au moins un responsable légal';
  const emails = guardians.map((g) => g.email.toLowerCase()).filter(Boolean);
  if (emails.length === 2 && emails[0] === emails[1])
    errors.g2_email = 'Les deux responsables ne peuvent pas avoir la même adresse e-mail';
  const children: TNewHousehold['children'] = [];
  for (let i = 1; i <= MAX_CHILDREN; i++) {
    const b = block(body, `c${i}`, CHILD_FIELDS);
    if (isEmpty(b)) continue;
    const r = ZNewChild.safeParse(b);
    if (r.success) children.push(r.data);
    else collect(errors, `c${i}_`, r);
  }
  if (children.length === 0 && !Object.keys(errors).some((k) => k.startsWith('c')))
    errors.c1_firstName = 'Indiquez au moins un enfant';
  if (Object.keys(errors).length > 0 || !head.success) return { ok: false, errors };
  return { ok: true, data: { ...head.data, guardians, children } };
}
