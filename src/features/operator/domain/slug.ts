/** Tenant slugs share the URL space with platform routes (see tenants.schema.ts check and RESERVED_SLUGS). */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,40}$/;

export function slugProblem(slug: string, reserved: ReadonlySet<string>): string | null {
  if (!SLUG_PATTERN.test(slug))
    return 'Identifiant : 2 à 41 caractères, lettres minuscules sans accent, chiffres et tirets.';
  if (reserved.has(slug)) return 'Cet identifiant est réservé par la plateforme.';
  return null;
}
