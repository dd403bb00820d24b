import { looksLikeFormula, parseCsv } from './csv';

/**
 * The CSV import of households from a previous system: one line per person, grouped by the household's
 * reference in that system. Pure validation: text in, a plan (or French errors per line and column) out.
 */

export const IMPORT_COLUMNS = [
  { name: 'type', required: true, help: 'foyer, responsable ou enfant' },
  { name: 'reference_foyer', required: true, help: 'identifiant du foyer dans l’ancien logiciel' },
  { name: 'reference', required: true, help: 'identifiant de la personne (responsable, enfant)' },
  { name: 'nom', required: true, help: 'nom du foyer, ou nom de famille de la personne' },
  { name: 'prenom', required: false, help: 'prénom (responsable, enfant)' },
  { name: 'adresse', required: false, help: 'foyer : numéro et rue' },
  { name: 'code_postal', required: false, help: 'foyer : 5 chiffres' },
  { name: 'commune', required: false, help: 'foyer' },
  { name: 'email', required: false, help: 'foyer ou responsable' },
  { name: 'telephone', required: false, help: 'foyer ou responsable (portable)' },
  { name: 'date_naissance', required: false, help: 'enfant : JJ/MM/AAAA ou AAAA-MM-JJ' },
  { name: 'sexe', required: false, help: 'enfant : F ou M' },
  { name: 'ecole', required: false, help: 'enfant' },
  { name: 'classe', required: false, help: 'enfant' },
  { name: 'qf', required: false, help: 'foyer : quotient familial (entier)' },
  { name: 'qf_depuis', required: false, help: 'foyer : date de début du QF (obligatoire avec qf)' },
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number]['name'];

/** At most this many lines per file (a town of 10,000 households imports in several files). */
export const MAX_IMPORT_ROWS = 20_000;
export const MAX_CELL_LENGTH = 200;

export interface ImportError {
  /** Line of the file (1 = header); 0 for the whole file. */
  line: number;
  column: string;
  message: string;
}

export interface ImportGuardian {
  ref: string;
  line: number;
  firstName: string;
  lastName: string;
  email: string;
  mobilePhone: string;
}
export interface ImportChild {
  ref: string;
  line: number;
  firstName: string;
  lastName: string;
  birthDate: string;
  sex: 'F' | 'M';
  school: string;
  schoolClass: string;
}
export interface ImportHousehold {
  ref: string;
  line: number;
  name: string;
  addressLine: string;
  postalCode: string;
  city: string;
  email: string;
  phone: string;
  qf: { value: number; validFrom: string } | null;
  guardians: ImportGuardian[];
  children: ImportChild[];
}

export type ImportResult =
  | { ok: true; households: ImportHousehold[]; rows: number }
  | { ok: false; errors: ImportError[]; rows: number };

/** Header names compare without case, accents, spaces or dashes ("Référence foyer" = reference_foyer). */
export function headerKey(h: string): string {
  return h
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const REF = /^[\p{L}\p{N}._/-]{1,64}$/u;

/** Accepts DD/MM/YYYY and YYYY-MM-DD; returns the ISO day or null when not a real date. */
export function parseDay(v: string): string | null {
  let y: number;
  let m: number;
  let d: number;
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else {
    match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
    if (!match) return null;
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A French phone number: 10 digits (or +33 and 9 digits), spaces, dots and dashes allowed. */
export function normalisePhone(v: string): string | null {
  const digits = v.replace(/[\s.\-()]/g, '');
  if (/^0\d{9}$/.test(digits)) return digits.replace(/(\d{2})(?=\d)/g, '$1 ');
  if (/^\+33\d{9}$/.test(digits)) return `0${digits.slice(3)}`.replace(/(\d{2})(?=\d)/g, '$1 ');
  return null;
}

const SEX: Record<string, 'F' | 'M'> = {
  f: 'F',
  m: 'M',
  fille: 'F',
  garcon: 'M',
  feminin: 'F',
  masculin: 'M',
};

/**
 * Validates a whole file. `today` (tenant day) bounds birth dates. Every problem is reported at once,
 * with its line and column, so a file is fixed in one go.
 */
export function validateImport(text: string, today: string): ImportResult {
  const parsed = parseCsv(text);
  if ('error' in parsed) {
    const msg =
      parsed.error.code === 'unterminated_quote'
        ? 'guillemet ouvert jamais refermé'
        : 'guillemet mal placé dans une cellule';
    return { ok: false, rows: 0, errors: [{ line: parsed.error.line, column: '', message: msg }] };
  }
  const [head, ...data] = parsed.rows;
  if (!head) return { ok: false, rows: 0, errors: [{ line: 0, column: '', message: 'le fichier est vide' }] };
  const errors: ImportError[] = [];
  const known = new Set<string>(IMPORT_COLUMNS.map((c) => c.name));
  const index = new Map<string, number>();
  head.fields.forEach((h, i) => {
    const k = headerKey(h);
    if (k === '') return;
    if (!known.has(k)) errors.push({ line: head.line, column: h, message: `colonne inconnue « ${h} »` });
    else if (index.has(k)) errors.push({ line: head.line, column: h, message: `colonne « ${k} » en double` });
    else index.set(k, i);
  });
  for (const c of IMPORT_COLUMNS)
    if (c.required && !index.has(c.name))
      errors.push({ line: head.line, column: c.name, message: `colonne obligatoire « ${c.name} » absente` });
  if (errors.length > 0) return { ok: false, rows: data.length, errors };
  if (data.length === 0)
    return { ok: false, rows: 0, errors: [{ line: 0, column: '', message: 'aucune ligne après l’en-tête' }] };
  if (data.length > MAX_IMPORT_ROWS)
    return {
      ok: false,
      rows: data.length,
      errors: [
        {
          line: 0,
          column: '',
          message: `trop de lignes (${data.length}) : ${MAX_IMPORT_ROWS} au plus par fichier`,
        },
      ],
    };

  const households = new Map<string, ImportHousehold>();
  const members: {
    type: 'responsable' | 'enfant';
    line: number;
    householdRef: string;
    value: ImportGuardian | ImportChild;
  }[] = [];
  const seenRefs = new Map<string, number>();
  for (const row of data) {
    const line = row.line;
    const get = (c: ImportColumn) => (row.fields[index.get(c) ?? -1] ?? '').trim();
    const err = (column: string, message: string) => errors.push({ line, column, message });
    const before = errors.length;
    if (row.fields.length > head.fields.length)
      err(
        '',
        `${row.fields.length} cellules pour ${head.fields.length} colonnes (séparateur dans une valeur non entourée de guillemets ?)`,
      );
    for (const c of IMPORT_COLUMNS) {
      const v = get(c.name);
      if (v.length > MAX_CELL_LENGTH) err(c.name, `trop long (${MAX_CELL_LENGTH} caractères au plus)`);
      // Formula injection: a value a spreadsheet would run is refused (phones may start with +33).
      else if (looksLikeFormula(v) && !(c.name === 'telephone' && /^\+\d/.test(v)))
        err(
          c.name,
          `valeur refusée : une cellule ne peut pas commencer par « ${v[0] === '\t' ? 'tabulation' : v[0]} »`,
        );
    }
    if (errors.length > before) continue;
    const type = headerKey(get('type'));
    const householdRef = get('reference_foyer');
    if (!householdRef) err('reference_foyer', 'référence du foyer manquante');
    else if (!REF.test(householdRef))
      err('reference_foyer', 'référence invalide (lettres, chiffres, . _ - / ; 64 au plus)');
    const email = get('email').toLowerCase();
    if (email && !EMAIL.test(email)) err('email', 'adresse e-mail invalide');
    const rawPhone = get('telephone');
    const phone = rawPhone ? normalisePhone(rawPhone) : '';
    if (phone === null) err('telephone', 'numéro de téléphone invalide (10 chiffres)');
    const name = get('nom');
    if (type === 'foyer') {
      if (!name) err('nom', 'nom du foyer manquant');
      const postalCode = get('code_postal');
      if (postalCode && !/^\d{5}$/.test(postalCode)) err('code_postal', 'code postal invalide (5 chiffres)');
      const qfRaw = get('qf').replace(/\s/g, '');
      const qfFromRaw = get('qf_depuis');
      let qf: ImportHousehold['qf'] = null;
      if (qfRaw) {
        const value = /^\d{1,6}$/.test(qfRaw) ? Number(qfRaw) : Number.NaN;
        if (!Number.isInteger(value) || value > 100_000)
          err('qf', 'quotient familial invalide (nombre entier)');
        const from = qfFromRaw ? parseDay(qfFromRaw) : null;
        if (!qfFromRaw) err('qf_depuis', 'date de début du quotient familial manquante');
        else if (!from) err('qf_depuis', 'date invalide (JJ/MM/AAAA)');
        if (Number.isInteger(value) && from) qf = { value, validFrom: from };
      } else if (qfFromRaw) err('qf', 'quotient familial manquant (une date de début est donnée)');
      if (householdRef && households.has(householdRef))
        err(
          'reference_foyer',
          `foyer « ${householdRef} » déjà décrit ligne ${households.get(householdRef)!.line}`,
        );
      if (errors.length > before) continue;
      households.set(householdRef, {
        ref: householdRef,
        line,
        name,
        addressLine: get('adresse'),
        postalCode,
        city: get('commune'),
        email,
        phone: phone ?? '',
        qf,
        guardians: [],
        children: [],
      });
      continue;
    }
    if (type !== 'responsable' && type !== 'enfant') {
      err('type', 'type inconnu : foyer, responsable ou enfant');
      continue;
    }
    const ref = get('reference');
    if (!ref) err('reference', 'référence de la personne manquante');
    else if (!REF.test(ref)) err('reference', 'référence invalide (lettres, chiffres, . _ - / ; 64 au plus)');
    else {
      const key = `${type}:${ref}`;
      const first = seenRefs.get(key);
      if (first !== undefined) err('reference', `référence « ${ref} » déjà utilisée ligne ${first}`);
      else seenRefs.set(key, line);
    }
    const firstName = get('prenom');
    if (!firstName) err('prenom', 'prénom manquant');
    if (!name) err('nom', 'nom manquant');
    if (type === 'responsable') {
      if (errors.length > before) continue;
      members.push({
        type,
        line,
        householdRef,
        value: { ref, line, firstName, lastName: name, email, mobilePhone: phone ?? '' },
      });
      continue;
    }
    const rawBirth = get('date_naissance');
    const birthDate = rawBirth ? parseDay(rawBirth) : null;
    if (!rawBirth) err('date_naissance', 'date de naissance manquante');
    else if (!birthDate) err('date_naissance', 'date invalide (JJ/MM/AAAA)');
    else if (birthDate > today) err('date_naissance', 'date de naissance dans le futur');
    else if (birthDate < '1990-01-01')
      err('date_naissance', 'date de naissance trop ancienne pour un enfant');
    const sex = SEX[headerKey(get('sexe'))];
    if (!sex) err('sexe', 'sexe manquant ou invalide : F ou M');
    if (errors.length > before) continue;
    members.push({
      type,
      line,
      householdRef,
      value: {
        ref,
        line,
        firstName,
        lastName: name,
        birthDate: birthDate!,
        sex: sex!,
        school: get('ecole'),
        schoolClass: get('classe'),
      },
    });
  }
  for (const m of members) {
    const h = households.get(m.householdRef);
    if (!h) {
      errors.push({
        line: m.line,
        column: 'reference_foyer',
        message: `aucune ligne « foyer » pour la référence « ${m.householdRef} »`,
      });
      continue;
    }
    if (m.type === 'responsable') h.guardians.push(m.value as ImportGuardian);
    else h.children.push(m.value as ImportChild);
  }
  for (const h of households.values())
    if (h.guardians.length === 0)
      errors.push({
        line: h.line,
        column: 'reference_foyer',
        message: 'ce foyer n’a aucune ligne « responsable »',
      });
  errors.sort((a, b) => a.line - b.line);
  if (errors.length > 0) return { ok: false, rows: data.length, errors };
  return { ok: true, rows: data.length, households: [...households.values()] };
}

/** The downloadable template: the header and one example household. */
export function importTemplate(): string[][] {
  const cols = IMPORT_COLUMNS.map((c) => c.name);
  const row = (v: Partial<Record<ImportColumn, string>>) => cols.map((c) => v[c as ImportColumn] ?? '');
  return [
    cols,
    row({
      type: 'foyer',
      reference_foyer: 'F-0001',
      nom: 'Martin',
      adresse: '3 rue des Lilas',
      code_postal: '69001',
      commune: 'Lyon',
      email: 'famille.martin@exemple.fr',
      telephone: '04 72 00 00 00',
      qf: '850',
      qf_depuis: '01/01/2026',
    }),
    row({
      type: 'responsable',
      reference_foyer: 'F-0001',
      reference: 'R-0001',
      nom: 'Martin',
      prenom: 'Claire',
      email: 'claire.martin@exemple.fr',
      telephone: '06 12 34 56 78',
    }),
    row({
      type: 'enfant',
      reference_foyer: 'F-0001',
      reference: 'E-0001',
      nom: 'Martin',
      prenom: 'Léa',
      date_naissance: '28/02/2018',
      sexe: 'F',
      ecole: 'École Jean Moulin',
      classe: 'CE1',
    }),
  ];
}
