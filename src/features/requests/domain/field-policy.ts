/**
 * Which household fields a family may change, and how: at once (`direct`), through a request staff
 * validate (`validated`), or not at all (`staff_only`). Tenants override the defaults per field.
 * Pure module: no I/O.
 */

export const FIELD_MODES = ['direct', 'validated', 'staff_only'] as const;
export type FieldMode = (typeof FIELD_MODES)[number];

export type Entity = 'household' | 'guardian' | 'child' | 'childHealth' | 'contact';
export type FieldKind = 'text' | 'tel' | 'email' | 'date' | 'bool' | 'int' | 'postal' | 'select';

export interface FieldDef {
  /** `entity.column`, the key stored in `household_field_policies`. */
  key: string;
  entity: Entity;
  column: string;
  label: string;
  kind: FieldKind;
  defaultMode: FieldMode;
  options?: readonly { value: string; label: string }[];
  maxLength?: number;
}

const f = (
  entity: Entity,
  column: string,
  label: string,
  kind: FieldKind,
  defaultMode: FieldMode,
  extra: Partial<FieldDef> = {},
): FieldDef => ({ key: `${entity}.${column}`, entity, column, label, kind, defaultMode, ...extra });

export const FAMILY_SITUATIONS = [
  { value: '', label: 'Non renseignée' },
  { value: 'married', label: 'Marié(e)s / pacsé(e)s' },
  { value: 'cohabiting', label: 'Vie maritale' },
  { value: 'single', label: 'Parent seul' },
  { value: 'separated', label: 'Séparé(e)s / divorcé(e)s' },
  { value: 'widowed', label: 'Veuf / veuve' },
] as const;
export const PROFESSIONAL_SITUATIONS = [
  { value: '', label: 'Non renseignée' },
  { value: 'both_working', label: 'Les deux responsables travaillent' },
  { value: 'one_working', label: 'Un responsable travaille' },
  { value: 'none_working', label: 'Aucun responsable ne travaille' },
  { value: 'training', label: 'En formation / études' },
  { value: 'job_seeking', label: "En recherche d'emploi" },
] as const;
export const REGIMES = [
  { value: '', label: 'Aucun' },
  { value: 'CAF', label: 'CAF' },
  { value: 'MSA', label: 'MSA' },
  { value: 'other', label: 'Autre régime' },
] as const;
export const CIVILITIES = [
  { value: '', label: 'Non précisée' },
  { value: 'Mme', label: 'Madame' },
  { value: 'M.', label: 'Monsieur' },
] as const;
export const QF_SOURCES = {
  manual: 'Saisie manuelle',
  document: 'Justificatif',
  api: 'API CAF/MSA',
} as const;

/** Every field a family sees, with the default policy. */
export const FIELDS: readonly FieldDef[] = [
  f('household', 'name', 'Nom du foyer', 'text', 'staff_only'),
  f('household', 'addressLine', 'Adresse', 'text', 'validated'),
  f('household', 'postalCode', 'Code postal', 'postal', 'validated'),
  f('household', 'city', 'Commune', 'text', 'validated'),
  f('household', 'phone', 'Téléphone du foyer', 'tel', 'direct'),
  f('household', 'phone2', 'Second téléphone', 'tel', 'direct'),
  f('household', 'email', 'E-mail du foyer', 'email', 'direct'),
  f('household', 'allocataireRegime', 'Régime allocataire', 'select', 'validated', { options: REGIMES }),
  f('household', 'allocataireNumber', "Numéro d'allocataire", 'text', 'validated', { maxLength: 20 }),
  f('household', 'familyQuotient', 'Quotient familial', 'int', 'validated'),
  f('household', 'qfValidFrom', 'QF valable à partir du', 'date', 'validated'),
  f('household', 'familySituation', 'Situation familiale', 'select', 'validated', {
    options: FAMILY_SITUATIONS,
  }),
  f('household', 'professionalSituation', 'Situation professionnelle', 'select', 'validated', {
    options: PROFESSIONAL_SITUATIONS,
  }),
  f('household', 'paperlessInvoices', 'Factures par e-mail uniquement', 'bool', 'direct'),
  f('guardian', 'civility', 'Civilité', 'select', 'direct', { options: CIVILITIES }),
  f('guardian', 'firstName', 'Prénom', 'text', 'staff_only'),
  f('guardian', 'lastName', 'Nom', 'text', 'staff_only'),
  f('guardian', 'email', 'E-mail', 'email', 'direct'),
  f('guardian', 'mobilePhone', 'Téléphone mobile', 'tel', 'direct'),
  f('guardian', 'homePhone', 'Téléphone domicile', 'tel', 'direct'),
  f('guardian', 'workPhone', 'Téléphone professionnel', 'tel', 'direct'),
  f('guardian', 'employer', 'Employeur', 'text', 'direct'),
  f('guardian', 'profession', 'Profession', 'text', 'direct'),
  f('child', 'firstName', 'Prénom', 'text', 'staff_only'),
  f('child', 'lastName', 'Nom', 'text', 'staff_only'),
  f('child', 'birthDate', 'Date de naissance', 'date', 'staff_only'),
  f('child', 'sex', 'Sexe', 'select', 'staff_only', {
    options: [
      { value: 'F', label: 'Fille' },
      { value: 'M', label: 'Garçon' },
    ],
  }),
  f('child', 'school', 'École', 'text', 'validated'),
  f('child', 'schoolClass', 'Classe', 'text', 'validated', { maxLength: 20 }),
  f('child', 'imageRights', "Droit à l'image accordé", 'bool', 'direct'),
  f('childHealth', 'diet', 'Régime alimentaire', 'text', 'validated'),
  f('childHealth', 'allergies', 'Allergies', 'text', 'validated', { maxLength: 500 }),
  f('childHealth', 'pai', "Projet d'accueil individualisé (PAI)", 'bool', 'validated'),
  f('childHealth', 'paiNotes', 'Précisions sur le PAI', 'text', 'validated', { maxLength: 500 }),
  f('childHealth', 'doctorName', 'Médecin traitant', 'text', 'direct'),
  f('childHealth', 'doctorPhone', 'Téléphone du médecin', 'tel', 'direct'),
  // Contacts: who may pick the children up is a safety matter, validated by staff by default.
  f('contact', 'name', 'Nom et prénom du contact', 'text', 'direct'),
  f('contact', 'relation', 'Lien avec l’enfant', 'text', 'direct', { maxLength: 100 }),
  f('contact', 'mobilePhone', 'Téléphone mobile du contact', 'tel', 'direct'),
  f('contact', 'otherPhone', 'Autre téléphone du contact', 'tel', 'direct'),
  f('contact', 'mayPickUp', 'Peut venir chercher les enfants', 'bool', 'validated'),
  f('contact', 'emergency', 'À appeler en cas d’urgence', 'bool', 'direct'),
];

export const FIELD_BY_KEY: ReadonlyMap<string, FieldDef> = new Map(FIELDS.map((d) => [d.key, d]));

export function fieldsOf(entity: Entity): FieldDef[] {
  return FIELDS.filter((d) => d.entity === entity);
}

export function isFieldMode(v: string): v is FieldMode {
  return (FIELD_MODES as readonly string[]).includes(v);
}

/** The mode of a field for a tenant: its override if any, otherwise the default. Unknown keys are staff-only. */
export function modeOf(key: string, overrides: ReadonlyMap<string, string> = new Map()): FieldMode {
  const o = overrides.get(key);
  if (o !== undefined && isFieldMode(o)) return o;
  return FIELD_BY_KEY.get(key)?.defaultMode ?? 'staff_only';
}

/** A field that must change together with another: a QF value and its start date form one change. */
const LINKED: Record<string, string[]> = {
  'household.familyQuotient': ['household.qfValidFrom'],
  'household.qfValidFrom': ['household.familyQuotient'],
};

export interface Split<C extends { field: string }> {
  direct: C[];
  validated: C[];
  /** Changes the family may not make (ignored, and reported). */
  refused: C[];
}

/**
 * Sorts a diff by policy. Linked fields take the strictest mode of the group, so a QF and its date are
 * never split between an immediate change and a request.
 */
export function splitByPolicy<C extends { field: string }>(
  changes: readonly C[],
  overrides: ReadonlyMap<string, string> = new Map(),
): Split<C> {
  const rank: Record<FieldMode, number> = { direct: 0, validated: 1, staff_only: 2 };
  const effective = (key: string): FieldMode => {
    let m = modeOf(key, overrides);
    for (const other of LINKED[key] ?? []) {
      const om = modeOf(other, overrides);
      if (rank[om] > rank[m]) m = om;
    }
    return m;
  };
  const out: Split<C> = { direct: [], validated: [], refused: [] };
  for (const c of changes) {
    const m = effective(c.field);
    if (m === 'direct') out.direct.push(c);
    else if (m === 'validated') out.validated.push(c);
    else out.refused.push(c);
  }
  return out;
}

/** How a stored value reads to a person ("Oui", the option's label, the date in French). */
export function displayValue(def: FieldDef | undefined, value: string | null): string {
  if (value === null || value === '') return '—';
  if (!def) return value;
  if (def.kind === 'bool') return value === 'true' ? 'Oui' : 'Non';
  if (def.kind === 'select') return def.options?.find((o) => o.value === value)?.label ?? value;
  if (def.kind === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-');
    return `${d}/${m}/${y}`;
  }
  return value;
}
