import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { documentTypes } from '../features/documents/documents.schema';
import { households } from '../features/households/households.schema';
import {
  countOpenThreadsUnreadByStaff,
  unreadMessageCount,
} from '../features/messaging/messaging.repository';
import { currentNews } from '../features/news/news.service';
import { tenants } from '../features/tenants/tenants.schema';
import { type Database, openDatabase } from '../platform/db/client';
import { seedDemo } from './demo';

describe('demo seed: news, messages, documents', () => {
  let database: Database;
  before(async () => {
    database = await openDatabase({ dataDir: null });
    await database.migrate();
    await seedDemo(database.db);
  });
  after(() => database.close());

  it('has one past, one current and one future news item', async () => {
    const db = database.db;
    const [demo] = await db.select().from(tenants).where(eq(tenants.slug, 'demo'));
    const at = (iso: string) => currentNews(db, demo!.id, new Date(iso));
    assert.equal((await at('2026-11-25T10:00:00Z')).length, 1);
    assert.equal((await at('2027-06-01T10:00:00Z')).length, 2);
    assert.equal((await at('2026-09-01T10:00:00Z')).length, 1);
  });

  it('has the three document types and Martin threads with unread messages on both sides', async () => {
    const db = database.db;
    const [demo] = await db.select().from(tenants).where(eq(tenants.slug, 'demo'));
    const types = await db.select().from(documentTypes).where(eq(documentTypes.tenantId, demo!.id));
    assert.equal(types.length, 3);
    const [martin] = await db.select().from(households).where(eq(households.name, 'Martin'));
    assert.equal(await unreadMessageCount(db, demo!.id, martin!.id), 1);
    assert.equal(await countOpenThreadsUnreadByStaff(db, demo!.id), 1);
  });
});
