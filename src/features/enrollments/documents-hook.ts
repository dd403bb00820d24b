import type { Db } from '../../platform/db/client';

/**
 * HOOK for the documents feature: returns the required documents the household has not supplied for
 * this child. Until documents exist, nothing is ever missing and the list is only shown to families.
 * When it returns names, requestEnrollment refuses with "Pièces manquantes : …".
 */
export async function missingRequiredDocuments(
  _db: Db,
  _input: { tenantId: string; householdId: string; childId: string; required: readonly string[] },
): Promise<string[]> {
  return [];
}
