import { and, eq, inArray } from 'drizzle-orm';
import { auditLog } from '../../platform/audit/audit.schema';
import type { Db } from '../../platform/db/client';
import { householdFieldPolicies } from '../households/households.schema';
import { FIELD_BY_KEY, type FieldMode, modeOf } from './domain/field-policy';

/**
 * An administrator sets how families' changes apply, per field. Only differences from the defaults are
 * stored; the change and its audit row are one transaction.
 */
export async function setFieldPolicies(
  db: Db,
  input: { tenantId: string; userId: string; modes: Record<string, FieldMode>; now: Date; ip?: string },
): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(householdFieldPolicies)
      .where(eq(householdFieldPolicies.tenantId, input.tenantId));
    const before = new Map(rows.map((r) => [r.fieldKey, r.mode]));
    const changed: { field: string; before: FieldMode; after: FieldMode }[] = [];
    for (const [key, mode] of Object.entries(input.modes)) {
      const def = FIELD_BY_KEY.get(key);
      if (!def) continue;
      const old = modeOf(key, before);
      if (old !== mode) changed.push({ field: key, before: old, after: mode });
    }
    if (changed.length === 0) return 0;
    const keys = changed.map((c) => c.field);
    await tx
      .delete(householdFieldPolicies)
      .where(
        and(
          eq(householdFieldPolicies.tenantId, input.tenantId),
          inArray(householdFieldPolicies.fieldKey, keys),
        ),
      );
    const overrides = changed.filter((c) => FIELD_BY_KEY.get(c.field)!.defaultMode !== c.after);
    if (overrides.length > 0)
      await tx
        .insert(householdFieldPolicies)
        .values(overrides.map((c) => ({ tenantId: input.tenantId, fieldKey: c.field, mode: c.after })));
    await tx.insert(auditLog).values({
      tenantId: input.tenantId,
      at: input.now,
      actorUserId: input.userId,
      action: 'household.field_policy',
      subjectType: 'tenant',
      subjectId: input.tenantId,
      details: { changed },
      ip: input.ip ?? null,
    });
    return changed.length;
  });
}
