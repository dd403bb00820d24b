import { join } from 'node:path';
import { uploadedFiles } from '../../src/features/documents/documents.schema';
import { auditLog } from '../../src/platform/audit/audit.schema';
import type { Db } from '../../src/platform/db/client';
import {
  encryptedStorage,
  type FileStorage,
  localFileStorage,
  parseFilesKey,
} from '../../src/platform/files/storage';
import { loadOrCreateSecret } from '../../src/platform/secrets';
import { createFamily, createStaff, createTenant } from './factories';

/** The storage the server would use for a data directory (key generated into it when absent). */
export function storageOf(dataDir: string, filesKey?: string): FileStorage {
  return encryptedStorage(
    localFileStorage(join(dataDir, 'files')),
    parseFilesKey(loadOrCreateSecret(dataDir, 'files', filesKey)),
  );
}

/** A little of everything: two tenants, families, staff, audit rows (jsonb, bigserial), stored files. */
export async function seedForBackup(db: Db, storage: FileStorage) {
  const t1 = await createTenant(db, { slug: 'ville-sauvegarde', name: 'Ville « Sauvegarde »' });
  const t2 = await createTenant(db, { slug: 'ville-deux' });
  const files: { key: string; bytes: Buffer }[] = [];
  for (const tenant of [t1, t2]) {
    await createStaff(db, tenant.id, ['admin']);
    for (let i = 0; i < 3; i++) {
      const fam = await createFamily(db, tenant.id);
      const bytes = Buffer.from(`%PDF-1.4 document ${tenant.slug} ${i} — éèà ${'x'.repeat(i * 1000)}`);
      const stored = await storage.put(bytes, { maxBytes: 1_000_000 });
      files.push({ key: stored.key, bytes });
      await db.insert(uploadedFiles).values({
        tenantId: tenant.id,
        householdId: fam.household.id,
        purpose: 'document',
        storageKey: stored.key,
        originalName: `doc-${i}.pdf`,
        kind: 'pdf',
        sizeBytes: stored.size,
        createdAt: new Date('2026-11-25T09:00:00Z'),
      });
      await db.insert(auditLog).values({
        tenantId: tenant.id,
        action: 'test.seed',
        subjectType: 'household',
        subjectId: fam.household.id,
        details: { i, text: 'accents éè, "guillemets"' },
        at: new Date(Date.UTC(2026, 10, 25, 9, i)),
      });
    }
  }
  return { files };
}
