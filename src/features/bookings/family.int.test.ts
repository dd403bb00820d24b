import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestApp } from '../../../test/helpers/app';
import { createBookableActivity, enroll } from '../../../test/helpers/booking-factories';
import { signedInClient } from '../../../test/helpers/client';
import { addChild, createFamily, createTenant } from '../../../test/helpers/factories';
import { changeBasket, openBasket } from './basket-store';
import { setLine } from './domain/basket';

const t = useTestApp();

async function setup(capacity: number | null = 10) {
  const tenant = await createTenant(t.db);
  await t.app.tenants.refresh();
  const cat = await createBookableActivity(t.db, tenant.id, { capacity });
  const f = await createFamily(t.db, tenant.id);
  const e = await enroll(t.db, tenant.id, f.household.id, f.child.id, cat.activity.id, cat.period.id);
  const client = await signedInClient(t, f.user.id, tenant.id);
  const base = `/${tenant.slug}/reservations`;
  return { tenant, cat, f, e, client, base };
}

const HX = { headers: { 'hx-request': 'true' } };

async function basketIdOf(client: Awaited<ReturnType<typeof signedInClient>>, base: string) {
  const res = await client.get(`${base}/panier`);
  assert.equal(res.statusCode, 200);
  return /name="panier" value="([^"]+)"/.exec(res.body)![1]!;
}

describe('family booking pages', () => {
  it('lists the accepted enrollments, or an empty state linking to enrollments', async () => {
    const { tenant, client, base } = await setup();
    const home = await client.get(base);
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /Ouvrir le planning/);
    assert.match(home.body, /Mercredis · Année 2026-2027/);
    const other = await createFamily(t.db, tenant.id);
    const c2 = await signedInClient(t, other.user.id, tenant.id);
    const empty = await c2.get(base);
    assert.equal(empty.statusCode, 200);
    assert.match(empty.body, /espace\/inscriptions/);
    assert.match(empty.body, /Aucune inscription acceptée/);
  });

  it('renders the week planning with states, legend, navigation and one checkbox per actionable cell', async () => {
    const { cat, e, client, base } = await setup();
    const res = await client.get(`${base}/${e.id}?vue=semaine&jour=2026-12-02`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Semaine du 30 novembre au 6 décembre 2026/);
    assert.match(res.body, /Réservable/);
    assert.match(res.body, /Pas d’accueil/);
    assert.match(res.body, /Légende des cases/);
    assert.match(res.body, /Semaine précédente/);
    // Wednesday: Journée, Matin, Repas can be booked.
    const boxes = res.body.match(/type="checkbox" class="pc-input"/g) ?? [];
    assert.equal(boxes.length, 3);
    assert.match(res.body, new RegExp(`value="2026-12-02\\|${cat.journee.id}"`));
    assert.match(res.body, /Réservation possible jusqu’au mercredi 2 décembre 2026 à 08:30/);
    const month = await client.get(`${base}/${e.id}?vue=mois&jour=2026-12-10`);
    assert.equal(month.statusCode, 200);
    assert.match(month.body, /Décembre 2026/);
    assert.equal((month.body.match(/type="checkbox" class="pc-input"/g) ?? []).length, 15);
  });

  it('a tap through htmx returns the cell and the basket counter; a second tap removes it', async () => {
    const { cat, e, client, base } = await setup();
    const form = { jour: '2026-12-02', unite: cat.journee.id };
    const a = await client.post(`${base}/${e.id}/case`, form, HX);
    assert.equal(a.statusCode, 200);
    assert.match(a.body, new RegExp(`id="c-2026-12-02-${cat.journee.id}"`));
    assert.match(a.body, /checked/);
    assert.match(a.body, /hx-swap-oob="true"/);
    assert.match(a.body, /Panier : 1 changement/);
    assert.doesNotMatch(a.body, /<html/);
    const b = await client.post(`${base}/${e.id}/case`, form, HX);
    assert.doesNotMatch(b.body, /checked/);
    assert.match(b.body, /Panier vide/);
    // A closed day: the real cell comes back with the message.
    const c = await client.post(`${base}/${e.id}/case`, { jour: '2026-12-03', unite: cat.journee.id }, HX);
    assert.equal(c.statusCode, 200);
    assert.match(c.body, /role="alert"/);
    // Without htmx: back to the planning.
    const d = await client.post(`${base}/${e.id}/case`, form);
    assert.equal(d.statusCode, 303);
    assert.match(String(d.headers.location), /reservations\/.+\?vue=semaine&jour=2026-12-02/);
  });

  it('without JavaScript the planning form sets the basket for the days shown, then the review', async () => {
    const { tenant, cat, f, e, client, base } = await setup();
    // A line outside the days shown stays.
    await changeBasket(t.db, tenant.id, f.household.id, t.clock.now(), (b) =>
      setLine(b, { childId: f.child.id, day: '2027-01-06', unitId: cat.journee.id, op: 'add' }),
    );
    const res = await client.post(`${base}/${e.id}/panier`, {
      debut: '2026-11-30',
      fin: '2026-12-06',
      vue: 'semaine',
      c: [`2026-12-02|${cat.journee.id}`, `2026-12-02|${cat.repas.id}`, `2026-12-03|${cat.journee.id}`],
    });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `${base}/panier`);
    const stored = await openBasket(t.db, tenant.id, f.household.id, t.clock.now());
    assert.deepEqual(
      stored.basket.lines.map((l) => `${l.day}|${l.unitId === cat.journee.id ? 'J' : 'R'}`).sort(),
      ['2026-12-02|J', '2026-12-02|R', '2027-01-06|J'],
    );
    // Unchecking removes the line of a day shown.
    await client.post(`${base}/${e.id}/panier`, {
      debut: '2026-11-30',
      fin: '2026-12-06',
      c: [`2026-12-02|${cat.repas.id}`],
    });
    const after = await openBasket(t.db, tenant.id, f.household.id, t.clock.now());
    assert.equal(after.basket.lines.length, 2);
    const review = await client.get(`${base}/panier`);
    assert.match(review.body, /À réserver \(2\)/);
    assert.match(review.body, /Confirmer 2 changements/);
  });

  it('bulk: the days shown, a typical week over the period, cancel', async () => {
    const { tenant, cat, f, e, client, base } = await setup();
    const shown = await client.post(`${base}/${e.id}/lot`, {
      debut: '2026-12-01',
      fin: '2026-12-31',
      vue: 'mois',
      op: 'add',
      portee: 'affichage',
      unites: cat.journee.id,
    });
    assert.equal(shown.statusCode, 303);
    let b = await openBasket(t.db, tenant.id, f.household.id, t.clock.now());
    assert.equal(b.basket.lines.length, 5);
    await client.post(`${base}/${e.id}/lot`, {
      debut: '2026-12-01',
      fin: '2026-12-31',
      op: 'add',
      portee: 'periode',
      type: 'semaine-type',
      modele: `3:${cat.matin.id}`,
    });
    b = await openBasket(t.db, tenant.id, f.household.id, t.clock.now());
    const matin = b.basket.lines.filter((l) => l.unitId === cat.matin.id);
    assert.ok(matin.length > 20, `${matin.length} Wednesdays`);
    assert.ok(matin.every((l) => l.day >= '2026-12-02' && l.day <= '2027-07-02'));
    // An empty typical week is refused with a message.
    const none = await client.post(`${base}/${e.id}/lot`, {
      debut: '2026-12-01',
      fin: '2026-12-31',
      op: 'add',
      portee: 'periode',
      type: 'semaine-type',
    });
    assert.equal(none.statusCode, 303);
  });

  it('the same for a sibling reports what it could not copy', async () => {
    const { tenant, cat, f, e, client, base } = await setup();
    const sib = await addChild(t.db, tenant.id, f.household.id, {
      firstName: 'Noé',
      lastName: 'Test',
      birthDate: '2018-02-01',
      sex: 'M',
    });
    await enroll(t.db, tenant.id, f.household.id, sib.id, cat.activity.id, cat.period.id);
    const plan = await client.get(`${base}/${e.id}`);
    assert.match(plan.body, /La même chose pour Noé/);
    await client.post(`${base}/${e.id}/case`, { jour: '2026-12-02', unite: cat.journee.id }, HX);
    await client.post(`${base}/${e.id}/case`, { jour: '2026-12-09', unite: cat.journee.id }, HX);
    // Noé is already booked on 9 December (confirmed earlier).
    await changeBasket(t.db, tenant.id, f.household.id, t.clock.now(), (b) =>
      setLine(b, { childId: sib.id, day: '2026-12-09', unitId: cat.journee.id, op: 'add' }),
    );
    const res = await client.post(`${base}/${e.id}/fratrie`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /1 changement ajouté au panier/);
    const review = await client.get(`${base}/panier`);
    assert.match(review.body, /Noé Test/);
    assert.match(review.body, /Confirmer 4 changements/);
  });

  it('review flags stale lines, removes a line, empties the basket', async () => {
    const { tenant, cat, f, client, base } = await setup();
    await changeBasket(t.db, tenant.id, f.household.id, t.clock.now(), (b) =>
      [
        // Today: the unit has started (10:00 Paris, starts 08:30) → refused.
        { childId: f.child.id, day: '2026-11-25', unitId: cat.journee.id, op: 'add' as const },
        { childId: f.child.id, day: '2026-12-02', unitId: cat.journee.id, op: 'add' as const },
      ].reduce(setLine, b),
    );
    const review = await client.get(`${base}/panier`);
    assert.equal(review.statusCode, 200);
    assert.match(review.body, /sera refusé/);
    assert.match(review.body, /Délai de réservation : mercredi 2 décembre 2026 à 08:30/);
    const removed = await client.post(`${base}/panier/retirer`, {
      ligne: `${f.child.id}|2026-11-25|${cat.journee.id}`,
    });
    assert.equal(removed.statusCode, 303);
    let b = await openBasket(t.db, tenant.id, f.household.id, t.clock.now());
    assert.equal(b.basket.lines.length, 1);
    await client.post(`${base}/panier/vider`);
    b = await openBasket(t.db, tenant.id, f.household.id, t.clock.now());
    assert.equal(b.basket.lines.length, 0);
    const empty = await client.get(`${base}/panier`);
    assert.match(empty.body, /Votre panier est vide/);
  });

  it('confirms once: a double submission gets the first result; the summary shows each outcome', async () => {
    const { cat, e, client, base } = await setup(1);
    for (const jour of ['2026-12-02', '2026-12-09', '2026-12-16'])
      await client.post(`${base}/${e.id}/case`, { jour, unite: cat.journee.id }, HX);
    const basketId = await basketIdOf(client, base);
    const first = await client.post(`${base}/panier/confirmer`, { panier: basketId });
    assert.equal(first.statusCode, 303);
    const location = String(first.headers.location);
    assert.match(location, /\/reservations\/demandes\/R2026-0+1$/);
    const again = await client.post(`${base}/panier/confirmer`, { panier: basketId });
    assert.equal(again.statusCode, 303);
    assert.equal(again.headers.location, location);
    const summary = await client.get(location);
    assert.equal(summary.statusCode, 200);
    assert.match(summary.body, /3 réservations confirmées/);
    assert.match(summary.body, /Réservation confirmée/);
    const home = await client.get(base);
    assert.match(home.body, /Demande R2026-0+1/);
    // The planning now shows booked days, and a cancellation can be added.
    const plan = await client.get(`${base}/${e.id}?jour=2026-12-09`);
    assert.match(plan.body, /Réservé/);
    assert.match(plan.body, /Annuler la réservation/);
    const dash = await client.get(`/${base.split('/')[1]}/espace`);
    assert.match(dash.body, /Prochaine réservation : mercredi 2 décembre 2026/);
  });

  it('another household’s enrollment, basket or request, and another tenant, are not found', async () => {
    const { tenant, cat, e, client, base } = await setup();
    await client.post(`${base}/${e.id}/case`, { jour: '2026-12-02', unite: cat.journee.id }, HX);
    const basketId = await basketIdOf(client, base);
    await client.post(`${base}/panier/confirmer`, { panier: basketId });
    const other = await createFamily(t.db, tenant.id);
    const oe = await enroll(
      t.db,
      tenant.id,
      other.household.id,
      other.child.id,
      cat.activity.id,
      cat.period.id,
    );
    const c2 = await signedInClient(t, other.user.id, tenant.id);
    assert.equal((await c2.get(`${base}/${e.id}`)).statusCode, 404);
    assert.equal((await c2.get(`${base}/not-a-uuid`)).statusCode, 404);
    assert.equal(
      (await c2.post(`${base}/${e.id}/case`, { jour: '2026-12-02', unite: cat.journee.id }, HX)).statusCode,
      404,
    );
    assert.equal(
      (
        await c2.post(`${base}/${e.id}/lot`, {
          debut: '2026-12-01',
          fin: '2026-12-31',
          op: 'add',
          portee: 'periode',
        })
      ).statusCode,
      404,
    );
    assert.equal((await c2.post(`${base}/${e.id}/fratrie`)).statusCode, 404);
    assert.equal((await c2.get(`${base}/demandes/R2026-000001`)).statusCode, 404);
    // Family A's (already used) basket id confirmed by family B: 404.
    assert.equal((await c2.post(`${base}/panier/confirmer`, { panier: basketId })).statusCode, 404);
    assert.equal((await c2.get(`${base}/${oe.id}`)).statusCode, 200);
    // A family of another tenant.
    const t2 = await createTenant(t.db);
    await t.app.tenants.refresh();
    const c = await createFamily(t.db, t2.id);
    const c3 = await signedInClient(t, c.user.id, t2.id);
    assert.equal((await c3.get(`/${t2.slug}/reservations/${e.id}`)).statusCode, 404);
    assert.equal((await c3.get(`/${t2.slug}/reservations/demandes/R2026-000001`)).statusCode, 404);
  });

  it('requires the CSRF token and escapes names', async () => {
    const { tenant, cat, f, e, client, base } = await setup();
    const res = await client.post(
      `${base}/${e.id}/case`,
      { jour: '2026-12-02', unite: cat.journee.id },
      { csrf: false },
    );
    assert.equal(res.statusCode, 403);
    const b = await openBasket(t.db, tenant.id, f.household.id, t.clock.now());
    assert.equal(b.basket.lines.length, 0);
    const sib = await addChild(t.db, tenant.id, f.household.id, {
      firstName: '<script>alert(1)</script>',
      lastName: 'X',
      birthDate: '2018-02-01',
      sex: 'M',
    });
    const se = await enroll(t.db, tenant.id, f.household.id, sib.id, cat.activity.id, cat.period.id);
    for (const url of [base, `${base}/${se.id}`, `${base}/${e.id}`]) {
      const page = await client.get(url);
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /<script>alert/);
      assert.match(page.body, /&lt;script>alert/);
    }
  });
});
