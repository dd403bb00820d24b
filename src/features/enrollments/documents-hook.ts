import type { Db } from '../../platform/db/client';
import { missingMandatoryDocuments } from '../documents/documents.service';

/**
 * The documents gate of an enrollment request: the documents the household has not supplied (or that
 * are refused or expired) among those the tenant asks for this activity — the document types marked
 * mandatory for the activity, and the activity's own list of required documents, matched by name.
 * When it returns names, requestEnrollment refuses with "Pièces manquantes : …".
 */
export async function missingRequiredDocuments(
  db: Db,
  input: {
    tenantId: string;
    householdId: string;
    childId: string;
    activityName: string;
    required: readonly string[];
    now: Date;
  },
): Promise<string[]> {
  const missing = await missingMandatoryDocuments(
    db,
    input.tenantId,
    input.householdId,
    input.childId,
    input.activityName,
    input.now,
    input.required,
  );
  return [...new Set(missing.map((m) => (m.subject ? `${m.name} (${m.subject})` : m.name)))];
}
