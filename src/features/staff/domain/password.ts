/**
 * Minimal password rule for invitations and sign-ups: 8 to 128 characters, no composition rules
 * (QUALITY.md). The accounts feature owns the full policy (common-password list); use it when merged.
 */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < 8) return 'Le mot de passe doit contenir au moins 8 caractères (12 conseillés).';
  if (length > 128) return 'Le mot de passe ne peut pas dépasser 128 caractères.';
  return null;
}
