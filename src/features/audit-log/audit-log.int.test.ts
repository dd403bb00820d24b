import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestApp } from '../../../test/helpers/app';
import { signedInClient } from '../../../test/helpers/client';
import { createStaff, createTenant, createUser } from '../../../test/helpers/factories';
import { auditLog } from '../../platform/audit/audit.schema';

const t = useTestApp();

async function setup() {
  const tenant = await createTenant(t.db, { slug: 'ville-a', name: 'Ville A' });
  const other = await createTenant(t.db, { slug: 'ville-b', name: 'Ville B' });
  await t.app.tenants.refresh();
  const adminUser = await createStaff(t.db, tenant.id, ['admin']);
  const manager = await createStaff(t.db, tenant.id, ['manager']);
  const bob = await createUser(t.db, { email: 'bob@exemple.test', displayName: 'Bob Agent' });
  // 120 rows in tenant A over three days (Paris time), some by Bob; 5 rows in tenant B.
  const rows: (typeof auditLog.$inferInsert)[] = [];
  for (let i = 0; i < 120; i++)
    rows.push({
      tenantId: tenant.id,
      actorUserId: i % 4 === 0 ? bob.id : adminUser.id,
      action: i % 3 === 0 ? 'household.update' : 'tenant.settings_update',
      subjectType: i % 3 === 0 ? 'household' : 'tenant',
      subjectId: i === 7 ? 'cible-7' : `s-${i}`,
      // Same instant for pairs of rows: the keyset must still order and page them exactly.
      at: new Date(Date.UTC(2026, 10, 20, 0, 0, 0) + Math.floor(i / 2) * 3_600_000),
      details: i === 5 ? { note: 'a,"b"' } : { fields: ['name'] },
      ip: i === 5 ? '=1+1' : '127.0.0.1',
    });
  for (let i = 0; i < 5; i++)
    rows.push({
      tenantId: other.id,
      action: 'tenant.secret_of_b',
      subjectType: 'tenant',
      subjectId: 'b',
      at: new Date(),
    });
  await t.db.insert(auditLog).values(rows);
  return {
    tenant,
    bob,
    admin: await signedInClient(t, adminUser.id, tenant.id),
    manager: await signedInClient(t, manager.id, tenant.id),
  };
}

const idsOf = (body: string) => [...body.matchAll(/(?:household|tenant) (s-\d+|cible-7)/g)].map((m) => m[1]!);

describe('audit log viewer', () => {
  it('pages newest first with a keyset cursor, every row exactly once', async () => {
    const s = await setup();
    assert.equal((await s.manager.get('/ville-a/gestion/journal')).statusCode, 403);
    const seen: string[] = [];
    let url: string | null = '/ville-a/gestion/journal';
    let pages = 0;
    while (url) {
      const res = await s.admin.get(url);
      assert.equal(res.statusCode, 200);
      assert.doesNotMatch(res.body, /secret_of_b/);
      seen.push(...idsOf(res.body));
      const next = /href="([^"]+)" rel="next"/.exec(res.body)?.[1];
      url = next ? next.replace(/&amp;/g, '&') : null;
      pages++;
    }
    assert.equal(pages, 3);
    assert.equal(seen.length, 120);
    assert.equal(new Set(seen).size, 120);
    assert.equal(seen[0], 's-119');
    assert.equal(seen[119], 's-0');
  });

  it('filters by dates (tenant time zone), actor e-mail, action prefix and subject', async () => {
    const s = await setup();
    // 2026-11-20 in Paris is 2026-11-19T23:00Z → 2026-11-20T23:00Z: rows 0..45 (hours 0..22 UTC → i/2 ≤ 22).
    const day = await s.admin.get('/ville-a/gestion/journal?from=2026-11-20&to=2026-11-20');
    assert.equal(idsOf(day.body).length, 46);
    const bob = await s.admin.get('/ville-a/gestion/journal?actor=BOB@exemple.test');
    assert.ok(idsOf(bob.body).length === 30);
    assert.match(bob.body, /Bob Agent/);
    const unknown = await s.admin.get('/ville-a/gestion/journal?actor=personne@exemple.test');
    assert.equal(idsOf(unknown.body).length, 0);
    assert.match(unknown.body, /Aucune action ne correspond/);
    const household = await s.admin.get('/ville-a/gestion/journal?action=household.');
    assert.equal(idsOf(household.body).length, 40);
    // LIKE wildcards in the prefix are literal characters.
    assert.equal(idsOf((await s.admin.get('/ville-a/gestion/journal?action=%25')).body).length, 0);
    const subject = await s.admin.get('/ville-a/gestion/journal?subject=cible-7');
    assert.deepEqual(idsOf(subject.body), ['cible-7']);
    const bad = await s.admin.get('/ville-a/gestion/journal?from=2026-11-30&to=2026-11-01');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /La date de fin précède la date de début/);
    const badDay = await s.admin.get('/ville-a/gestion/journal?from=31/12/2026');
    assert.equal(badDay.statusCode, 400);
    // A forged cursor is ignored (first page).
    const forged = await s.admin.get('/ville-a/gestion/journal?apres=%27%3Bdrop');
    assert.equal(forged.statusCode, 200);
  });

  it('exports the filtered rows as CSV: BOM, CRLF, quoting, formulas neutralised', async () => {
    const s = await setup();
    assert.equal((await s.manager.get('/ville-a/gestion/journal/export.csv')).statusCode, 403);
    const res = await s.admin.get('/ville-a/gestion/journal/export.csv?action=tenant.');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/csv; charset=utf-8/);
    assert.match(
      String(res.headers['content-disposition']),
      /attachment; filename="journal-ville-a-2026-11-25\.csv"/,
    );
    assert.ok(res.rawPayload.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])));
    const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
    assert.equal(lines[0], 'date,auteur,email,action,objet,identifiant,details,ip');
    assert.equal(lines.at(-1), '');
    assert.equal(lines.length, 1 + 80 + 1);
    assert.ok(lines.every((l) => !l.includes('secret_of_b')));
    const five = lines.find((l) => l.includes(',s-5,'))!;
    assert.match(five, /,"note : a,""b""",'=1\+1$/);
    assert.equal(lines[1]!.split(',')[0], '2026-11-22T11:00:00.000Z');
  });
});
