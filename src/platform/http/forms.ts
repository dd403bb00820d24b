import type { z } from 'zod';

/**
 * The first French message of each field, keyed by the field's name, for ErrorSummary and the fields.
 * Nested paths join with '_' (`g0_firstName`), the names the forms give their inputs.
 */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('_') || 'form';
    out[key] ??= issue.message;
  }
  return out;
}
