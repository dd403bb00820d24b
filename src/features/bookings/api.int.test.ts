import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { useTestApp } from '../../../test/helpers/app';
import { createBookableActivity, enroll } from '../../../test/helpers/booking-factories';
import { signedInClient, TestClient } from '../../../test/helpers/client';
import { createFamily, createTenant } from '../../../test/helpers/factories';
import { Limiter } from '../accounts/domain/limiter';
import { bookingSubmissions, bookings } from './bookings.schema';
import { admitConfirmation, setConfirmGate } from './confirm-gate';
import { openApiPath } from './openapi';

const t = useTestApp();

async function setup(capacity: number | null = 20) {
  const tenant = await createTenant(t.db);
  await t.app.tenants.refresh();
  const cat = await createBookableActivity(t.db, tenant.id, { capacity });
  const fam = async () => {
    const f = await createFamily(t.db, tenant.id);
    const e = await enroll(t.db, tenant.id, f.household.id, f.child.id, cat.activity.id, cat.period.id);
    const client = await signedInClient(t, f.user.id, tenant.id);
    return { ...f, enrollment: e, client };
  };
  const base = `/api/v1/${tenant.slug}`;
  return { tenant, cat, fam, base };
}

const json = (res: { body: string }) => JSON.parse(res.body);

describe('bookings JSON API', () => {
  it('gives the enrollments, the CSRF token and a planning with cell states and pending changes', async () => {
    const { cat, fam, base } = await setup();
    const a = await fam();
    const me = await a.client.get(`${base}/me`);
    assert.equal(me.statusCode, 200);
    assert.match(me.headers['content-type'] as string, /application\/json/);
    assert.equal(me.headers['cache-control'], 'no-store');
    const body = json(me);
    assert.equal(body.householdId, a.household.id);
    assert.equal(body.enrollments.length, 1);
    assert.equal(body.enrollments[0].enrollment, a.enrollment.id);
    assert.ok(body.csrfToken.length > 10);

    const res = await a.client.get(
      `${base}/planning?enrollment=${a.enrollment.id}&from=2026-12-01&to=2026-12-09`,
    );
    assert.equal(res.statusCode, 200);
    const p = json(res);
    assert.equal(p.days.length, 9);
    assert.deepEqual(
      p.units.map((u: { name: string }) => u.name),
      ['Journée', 'Matin', 'Repas'],
    );
    const wed = p.cells.find(
      (c: { day: string; unitId: string }) => c.day === '2026-12-02' && c.unitId === cat.journee.id,
    );
    assert.equal(wed.state, 'bookable');
    assert.equal(wed.label, 'Réservable');
    assert.deepEqual(wed.tap.op, 'add');
    assert.equal(wed.pending, null);
    const tue = p.cells.find(
      (c: { day: string; unitId: string }) => c.day === '2026-12-01' && c.unitId === cat.journee.id,
    );
    assert.equal(tue.state, 'closed');
    assert.equal(tue.tap.op, null);
  });

  it('answers 400 with French messages per field, 404 for another household’s enrollment, 401 signed out', async () => {
    const { fam, base } = await setup();
    const a = await fam();
    const b = await fam();
    const bad = await a.client.get(`${base}/planning?enrollment=x&from=2026-13-01&to=2026-12-01`);
    assert.equal(bad.statusCode, 400);
    const e = json(bad).error;
    assert.equal(e.status, 400);
    assert.match(e.fields.enrollment, /Inscription invalide/);
    assert.match(e.fields.from, /date/);
    const other = await a.client.get(
      `${base}/planning?enrollment=${b.enrollment.id}&from=2026-12-01&to=2026-12-09`,
    );
    assert.equal(other.statusCode, 404);
    const anon = await new TestClient(t.app).get(`${base}/basket`);
    assert.equal(anon.statusCode, 401);
    assert.equal(json(anon).error.status, 401);
    const tooLong = await a.client.get(
      `${base}/planning?enrollment=${a.enrollment.id}&from=2026-09-01&to=2027-06-30`,
    );
    assert.equal(tooLong.statusCode, 400);
    assert.match(json(tooLong).error.fields.to, /93 jours/);
  });

  it('rejects a write without the CSRF header with a JSON 403 in French', async () => {
    const { cat, fam, base } = await setup();
    const a = await fam();
    await a.client.get(`${base}/me`);
    const res = await a.client.api(
      'POST',
      `${base}/basket/lines`,
      { enrollment: a.enrollment.id, day: '2026-12-02', unit: cat.journee.id },
      { csrf: false },
    );
    assert.equal(res.statusCode, 403);
    assert.match(json(res).error.message, /Jeton CSRF/);
    const basket = json(await a.client.get(`${base}/basket`));
    assert.equal(basket.lines.length, 0, 'nothing written');
  });

  it('taps, sets and removes basket lines; a closed day is a 400 and nothing is half-written', async () => {
    const { cat, fam, base } = await setup();
    const a = await fam();
    const b = await fam();
    await a.client.get(`${base}/me`);
    const tap = (day: string, extra: Record<string, unknown> = {}) =>
      a.client.api('POST', `${base}/basket/lines`, {
        enrollment: a.enrollment.id,
        day,
        unit: cat.journee.id,
        ...extra,
      });
    const first = await tap('2026-12-02');
    assert.equal(first.statusCode, 200);
    assert.equal(json(first).cells[0].pending, 'add');
    assert.equal(json(first).lines.length, 1);
    const again = await tap('2026-12-02');
    assert.equal(json(again).lines.length, 0, 'a second tap undoes the first');

    const many = await a.client.api('POST', `${base}/basket/lines`, {
      lines: ['2026-12-02', '2026-12-09', '2026-12-16'].map((day) => ({
        enrollment: a.enrollment.id,
        day,
        unit: cat.journee.id,
        op: 'add',
      })),
    });
    assert.equal(many.statusCode, 200);
    assert.equal(json(many).lines.length, 3);

    const closed = await a.client.api('POST', `${base}/basket/lines`, {
      lines: [
        { enrollment: a.enrollment.id, day: '2027-01-06', unit: cat.journee.id, op: 'add' },
        { enrollment: a.enrollment.id, day: '2026-12-08', unit: cat.journee.id, op: 'add' },
      ],
    });
    assert.equal(closed.statusCode, 400);
    assert.match(json(closed).error.fields['lines.1'], /Fermé/);
    const cancelUnbooked = await tap('2027-01-13', { op: 'cancel' });
    assert.equal(cancelUnbooked.statusCode, 400);
    const hostile = await a.client.api('POST', `${base}/basket/lines`, {
      enrollment: b.enrollment.id,
      day: '2026-12-02',
      unit: cat.journee.id,
    });
    assert.equal(hostile.statusCode, 404);
    const foreignUnit = await tap('2026-12-02', { unit: '00000000-0000-4000-8000-000000000000' });
    assert.equal(foreignUnit.statusCode, 404);

    const basket = json(await a.client.get(`${base}/basket`));
    assert.equal(basket.lines.length, 3, 'the refused calls changed nothing');
    assert.equal(basket.review.additions, 3);
    const key = basket.lines[1].key as string;
    const del = await a.client.api('DELETE', `${base}/basket/lines/${encodeURIComponent(key)}`);
    assert.equal(del.statusCode, 200);
    assert.equal(json(del).lines.length, 2);
    const delAgain = await a.client.api('DELETE', `${base}/basket/lines/${encodeURIComponent(key)}`);
    assert.equal(delAgain.statusCode, 404);
  });

  it('books in bulk over a range or a typical week', async () => {
    const { cat, fam, base } = await setup();
    const a = await fam();
    await a.client.get(`${base}/me`);
    const res = await a.client.api('POST', `${base}/basket/bulk`, {
      enrollment: a.enrollment.id,
      op: 'add',
      from: '2026-12-01',
      to: '2026-12-31',
      pattern: [{ weekday: 3, unit: cat.journee.id }],
    });
    assert.equal(res.statusCode, 200);
    // December 2026 Wednesdays: 2, 9, 16, 23, 30 (the holidays may close some).
    const days = json(res).changed.map((l: { day: string }) => l.day);
    assert.ok(days.length >= 3 && days.every((d: string) => new Date(`${d}T12:00:00Z`).getUTCDay() === 3));
    const bad = await a.client.api('POST', `${base}/basket/bulk`, {
      enrollment: a.enrollment.id,
      op: 'maybe',
    });
    assert.equal(bad.statusCode, 400);
    assert.ok(json(bad).error.fields.op);
    assert.ok(json(bad).error.fields.from);
  });

  it('confirms with an Idempotency-Key: a replay gets the first answer and status; other households get 404', async () => {
    const { cat, fam, base, tenant } = await setup();
    const a = await fam();
    const b = await fam();
    await a.client.get(`${base}/me`);
    await b.client.get(`${base}/me`);
    await a.client.api('POST', `${base}/basket/lines`, {
      lines: ['2026-12-02', '2026-12-09'].map((day) => ({
        enrollment: a.enrollment.id,
        day,
        unit: cat.journee.id,
      })),
    });
    const confirm = (c: TestClient, key?: string) =>
      c.api(
        'POST',
        `${base}/basket/confirm`,
        undefined,
        key === undefined ? {} : { headers: { 'idempotency-key': key } },
      );
    const missing = await confirm(a.client);
    assert.equal(missing.statusCode, 400);
    assert.match(json(missing).error.fields['Idempotency-Key'], /obligatoire/);
    const tooLong = await confirm(a.client, 'k'.repeat(101));
    assert.equal(tooLong.statusCode, 400);
    assert.match(json(tooLong).error.message, /100 caractères/);

    const first = await confirm(a.client, 'cle-de-a-1');
    assert.equal(first.statusCode, 201);
    const answer = json(first);
    assert.equal(answer.replay, false);
    assert.match(answer.requestNumber, /^R2026-\d{6}$/);
    assert.equal(answer.summary.counts.confirmed, 2);
    const replay = await confirm(a.client, 'cle-de-a-1');
    assert.equal(replay.statusCode, 201, 'same status as the first answer');
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assert.deepEqual(json(replay).summary, answer.summary);
    assert.equal((await t.db.select().from(bookings).where(eq(bookings.childId, a.child.id))).length, 2);
    assert.equal(
      (await t.db.select().from(bookingSubmissions).where(eq(bookingSubmissions.tenantId, tenant.id))).length,
      1,
    );
    // The basket was submitted: a new key on the empty basket is a 400, another household's key a 404.
    const empty = await confirm(a.client, 'cle-de-a-2');
    assert.equal(empty.statusCode, 400);
    assert.match(json(empty).error.message, /vide/);
    const stolen = await confirm(b.client, 'cle-de-a-1');
    assert.equal(stolen.statusCode, 404);

    const status = await a.client.get(`${base}/requests/${answer.requestNumber}`);
    assert.equal(status.statusCode, 200);
    assert.equal(json(status).status, 'done');
    assert.deepEqual(json(status).summary, answer.summary);
    assert.equal((await b.client.get(`${base}/requests/${answer.requestNumber}`)).statusCode, 404);
    assert.equal((await a.client.get(`${base}/requests/pas-un-numero`)).statusCode, 400);

    const planning = json(
      await a.client.get(`${base}/planning?enrollment=${a.enrollment.id}&from=2026-12-02&to=2026-12-02`),
    );
    const cell = planning.cells.find((c: { unitId: string }) => c.unitId === cat.journee.id);
    assert.equal(cell.state, 'booked');
    assert.equal(cell.tap.op, 'cancel');
  });

  it('tells the waiting rank once the day is full', async () => {
    const { cat, fam, base } = await setup(1);
    const a = await fam();
    const b = await fam();
    for (const [f, key] of [
      [a, 'a'],
      [b, 'b'],
    ] as const) {
      await f.client.get(`${base}/me`);
      await f.client.api('POST', `${base}/basket/lines`, {
        enrollment: f.enrollment.id,
        day: '2026-12-02',
        unit: cat.journee.id,
      });
      await f.client.api('POST', `${base}/basket/confirm`, undefined, {
        headers: { 'idempotency-key': key },
      });
    }
    const p = json(
      await b.client.get(`${base}/planning?enrollment=${b.enrollment.id}&from=2026-12-02&to=2026-12-02`),
    );
    const cell = p.cells.find((c: { unitId: string }) => c.unitId === cat.journee.id);
    assert.equal(cell.waitingRank, 1);
  });

  it('sheds confirmations past the admission gate with 503 + Retry-After; the retry with the same key books once', async () => {
    const { cat, fam, base } = await setup();
    const a = await fam();
    const b = await fam();
    for (const f of [a, b]) {
      await f.client.get(`${base}/me`);
      await f.client.api('POST', `${base}/basket/lines`, {
        enrollment: f.enrollment.id,
        day: '2026-12-02',
        unit: cat.journee.id,
      });
    }
    const confirm = (c: TestClient, key: string) =>
      c.api('POST', `${base}/basket/confirm`, undefined, { headers: { 'idempotency-key': key } });
    // One slot, no queue: while a's confirmation holds the slot, b is refused at once.
    const previous = setConfirmGate(new Limiter(1, 0));
    try {
      let release!: () => void;
      const held = new Promise<void>((r) => {
        release = r;
      });
      let entered!: () => void;
      const inside = new Promise<void>((r) => {
        entered = r;
      });
      const occupying = admitConfirmation(async () => {
        entered();
        await held;
      });
      await inside;
      const shed = await confirm(b.client, 'cle-b');
      assert.equal(shed.statusCode, 503);
      assert.equal(shed.headers['retry-after'], '5');
      assert.equal((await t.db.select().from(bookings).where(eq(bookings.childId, b.child.id))).length, 0);
      // A replay of an answered key never waits at the gate.
      release();
      await occupying;
      const first = await confirm(a.client, 'cle-a');
      assert.equal(first.statusCode, 201);
      const held2 = new Promise<void>(() => {});
      void admitConfirmation(() => held2).catch(() => {});
      const replay = await confirm(a.client, 'cle-a');
      assert.equal(replay.statusCode, 201);
      assert.equal(replay.headers['idempotent-replayed'], 'true');
    } finally {
      setConfirmGate(previous);
    }
    // The gate back: b's retry with the same key books its day, once.
    const retried = await confirm(b.client, 'cle-b');
    assert.equal(retried.statusCode, 201);
    assert.equal(json(retried).summary.counts.confirmed, 1);
    assert.equal((await t.db.select().from(bookings).where(eq(bookings.childId, b.child.id))).length, 1);
  });

  it('describes every /api/v1 route in /api/openapi.json (OpenAPI 3.1)', async () => {
    const res = await new TestClient(t.app).get('/api/openapi.json');
    assert.equal(res.statusCode, 200);
    const doc = json(res);
    assert.equal(doc.openapi, '3.1.0');
    const apiRoutes = t.app.routeList.filter((r) => r.url.startsWith('/api/v1/'));
    assert.ok(apiRoutes.length >= 8);
    for (const r of apiRoutes) {
      const path = doc.paths[openApiPath(r.url)];
      assert.ok(path, `${r.url} is documented`);
      assert.ok(path[r.method.toLowerCase()], `${r.method} ${r.url} is documented`);
    }
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
      ([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    assert.equal(documented.length, apiRoutes.length, 'and nothing that does not exist');
    const confirm = doc.paths['/api/v1/{tenant}/basket/confirm'].post;
    assert.ok(confirm.parameters.some((p: { name: string }) => p.name === 'Idempotency-Key'));
    assert.ok(
      doc.paths['/api/v1/{tenant}/basket/bulk'].post.requestBody.content['application/json'].schema.properties
        .op,
    );
  });
});
