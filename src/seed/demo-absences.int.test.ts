import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { countPendingAbsences, justifiedAbsenceDays } from '../features/absences/absences.repository';
import { absenceDeclarations } from '../features/absences/absences.schema';
import { tenants } from '../features/tenants/tenants.schema';
import { type Database, openDatabase } from '../platform/db/client';
import { encryptedStorage, type FileStorage, localFileStorage } from '../platform/files/storage';
import { seedDemo } from './demo';

describe('demo seed: absences', () => {
  let database: Database;
  let dir: string;
  let storage: FileStorage;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'maisonnee-seed-'));
    storage = encryptedStorage(localFileStorage(dir), randomBytes(32));
    database = await openDatabase({ dataDir: null });
    await database.migrate();
    await seedDemo(database.db, storage);
  });
  after(async () => {
    await database.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('has one accepted absence and one pending with a readable certificate', async () => {
    const db = database.db;
    const [demo] = await db.select().from(tenants).where(eq(tenants.slug, 'demo'));
    assert.equal(await countPendingAbsences(db, demo!.id), 1);
    assert.equal(
      (await justifiedAbsenceDays(db, demo!.id, { from: '2026-11-01', to: '2026-11-30' })).length,
      1,
    );
    const [pending] = await db
      .select()
      .from(absenceDeclarations)
      .where(eq(absenceDeclarations.status, 'pending'));
    const bytes = await storage.get(pending!.certificateKey!);
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.equal(bytes.length, pending!.certificateSize);
  });
});
