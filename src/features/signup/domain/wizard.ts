import { z } from 'zod';

/** The sign-up wizard's steps, in order, with their path segment under /inscription. */
export const STEPS = ['foyer', 'responsables', 'enfants', 'recapitulatif'] as const;
export type Step = (typeof STEPS)[number];

export const STEP_TITLES: Record<Step, string> = {
  foyer: 'Votre foyer',
  responsables: 'Responsables légaux',
  enfants: 'Enfants',
  recapitulatif: 'Vérification et mot de passe',
};

export const MAX_GUARDIANS = 2;
export const MAX_CHILDREN = 6;

const text = (label: string, max: number) =>
  z.string().trim().min(1, `Indiquez ${label}.`).max(max, `${max} caractères au plus.`);

export const ZHousehold = z.object({
  addressLine: text("l'adresse", 200),
  postalCode: z
    .string()
    .trim()
    .regex(/^\d{5}$/, 'Code postal : 5 chiffres.'),
  city: text('la commune', 100),
  phone: z
    .string()
    .trim()
    .max(20, '20 caractères au plus.')
    .regex(/^\+?[\d .-]{10,20}$/, 'Numéro de téléphone invalide (exemple : 01 23 45 67 89).'),
});
export type HouseholdStep = z.infer<typeof ZHousehold>;

export const ZGuardian = z.object({
  firstName: text('le prénom', 80),
  lastName: text('le nom', 80),
  email: z
    .string()
    .trim()
    .max(254, '254 caractères au plus.')
    .pipe(z.email({ message: 'Adresse e-mail invalide (exemple : nom@domaine.fr).' }))
    .transform((v) => v.toLowerCase()),
  mobile: z
    .string()
    .trim()
    .max(20, '20 caractères au plus.')
    .regex(/^\+?[\d .-]{10,20}$/, 'Numéro de portable invalide (exemple : 06 12 34 56 78).'),
});
export type GuardianStep = z.infer<typeof ZGuardian>;

export const SCHOOL_CLASSES = [
  'TPS',
  'PS',
  'MS',
  'GS',
  'CP',
  'CE1',
  'CE2',
  'CM1',
  'CM2',
  'Collège',
  'Autre',
] as const;

/** A valid calendar day `YYYY-MM-DD` (rejects 2026-02-30, accepts 2024-02-29). */
export function isCalendarDay(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Children are born at most 18 years before `today` and not after it (ISO days compare as strings). */
export function birthDateProblem(birthDate: string, today: string): string | null {
  if (birthDate.trim() === '') return 'Indiquez la date de naissance.';
  if (!isCalendarDay(birthDate)) return 'Date de naissance invalide (exemple : 12/03/2019).';
  if (birthDate > today) return 'La date de naissance ne peut pas être dans le futur.';
  const limit = `${Number(today.slice(0, 4)) - 18}${today.slice(4)}`;
  if (birthDate <= limit) return 'Le portail accueille les enfants de moins de 18 ans.';
  return null;
}

export function childSchema(today: string) {
  return z.object({
    firstName: text('le prénom', 80),
    lastName: text('le nom', 80),
    birthDate: z
      .string()
      .trim()
      .superRefine((v, ctx) => {
        const p = birthDateProblem(v, today);
        if (p) ctx.addIssue({ code: 'custom', message: p });
      }),
    sex: z.enum(['F', 'M'], { message: 'Indiquez le sexe.' }),
    school: z.string().trim().max(120, '120 caractères au plus.'),
    schoolClass: z.union([z.enum(SCHOOL_CLASSES), z.literal('')], { message: 'Classe inconnue.' }),
  });
}
export type ChildStep = z.infer<ReturnType<typeof childSchema>>;

export interface DraftData {
  household?: HouseholdStep;
  guardians?: GuardianStep[];
  children?: ChildStep[];
}

/** The first step still to fill in: pages beyond it cannot be opened yet. */
export function firstIncompleteStep(data: DraftData): Step {
  if (!data.household) return 'foyer';
  if (!data.guardians || data.guardians.length === 0) return 'responsables';
  if (!data.children || data.children.length === 0) return 'enfants';
  return 'recapitulatif';
}

export function canOpen(step: Step, data: DraftData): boolean {
  return STEPS.indexOf(step) <= STEPS.indexOf(firstIncompleteStep(data));
}

/** A repeated block (guardian or child) left entirely blank is ignored rather than reported. */
export function isBlank(block: Record<string, unknown>): boolean {
  return Object.values(block).every((v) => typeof v !== 'string' || v.trim() === '');
}

/** The household's name from its guardians' last names ("Martin" or "Martin-Durand"). */
export function householdName(guardians: readonly { lastName: string }[]): string {
  const names = [...new Set(guardians.map((g) => g.lastName.trim()).filter(Boolean))];
  return names.join(' / ') || 'Foyer';
}
