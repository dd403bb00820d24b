/** Password rules (ASVS level 2): length 8–128, no composition rules, common passwords and the e-mail refused. */

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export interface PasswordContext {
  /** The login e-mail of the person: a password equal to it (or to its local part) is refused. */
  email?: string | undefined;
  /** Lower-case common passwords. */
  common: ReadonlySet<string>;
}

/** Returns a French message explaining why the password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, ctx: PasswordContext): string | null {
  // Count code points, not UTF-16 units: "é" or an emoji is one character for the person typing it.
  const length = [...password].length;
  if (length < PASSWORD_MIN)
    return `Le mot de passe doit contenir au moins ${PASSWORD_MIN} caractères (12 ou plus conseillés).`;
  if (length > PASSWORD_MAX) return `Le mot de passe ne peut pas dépasser ${PASSWORD_MAX} caractères.`;
  const lower = password.normalize('NFC').toLowerCase();
  if (ctx.common.has(lower) || ctx.common.has(lower.trim()))
    return 'Ce mot de passe fait partie des plus courants : choisissez-en un autre, par exemple une phrase de plusieurs mots.';
  if (/^(.)\1+$/u.test(password)) return 'Ce mot de passe répète un seul caractère : choisissez-en un autre.';
  const email = ctx.email?.trim().toLowerCase();
  if (email) {
    const local = email.split('@')[0] ?? '';
    if (lower === email || (local.length >= 4 && lower === local))
      return 'Le mot de passe ne doit pas être votre adresse e-mail.';
  }
  return null;
}

/** Parses the shipped list (one password a line, `#` comments) into a set of lower-case entries. */
export function parseCommonPasswords(text: string): Set<string> {
  const set = new Set<string>();
  for (const line of text.split('\n')) {
    const p = line.trim();
    if (p && !p.startsWith('#')) set.add(p.toLowerCase());
  }
  return set;
}
