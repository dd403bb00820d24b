import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { tenants } from '../tenants/tenants.schema';
import { type TenantSettings, tenantSettings } from './settings.schema';

/** The settings row of a tenant, or null before the first save (defaults apply). */
export async function findTenantSettings(db: Db, tenantId: string): Promise<TenantSettings | null> {
  const [row] = await db.select().from(tenantSettings).where(eq(tenantSettings.tenantId, tenantId));
  return row ?? null;
}

/** The tenant row itself, read in the caller's transaction (the in-memory directory may be stale). */
export async function findTenantForUpdate(db: Db, tenantId: string) {
  const [row] = await db.select().from(tenants).where(eq(tenants.id, tenantId)).for('update');
  return row ?? null;
}

export async function updateTenantColumns(
  db: Db,
  tenantId: string,
  values: Partial<typeof tenants.$inferInsert>,
): Promise<void> {
  if (Object.keys(values).length === 0) return;
  await db.update(tenants).set(values).where(eq(tenants.id, tenantId));
}

export async function upsertTenantSettings(
  db: Db,
  tenantId: string,
  values: Omit<typeof tenantSettings.$inferInsert, 'tenantId'>,
): Promise<void> {
  await db
    .insert(tenantSettings)
    .values({ tenantId, ...values })
    .onConflictDoUpdate({ target: tenantSettings.tenantId, set: values });
}
