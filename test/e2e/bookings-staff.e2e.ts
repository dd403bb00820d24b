// Browser journey (issue 6, staff side): the manager sees a day's bookings, validates a late request
// and books for a family. The demo seed books next Wednesday and leaves two requests to decide.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { addDays, dayInZone, weekdayOf } from '../../src/features/bookings/domain/days';
import { checkPage, openPage, signIn, useServer } from './harness';

async function submit(page: Page, click: () => Promise<void>): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), click()]);
}

function nextWednesday(): string {
  let d = addDays(dayInZone(new Date(), 'Europe/Paris'), 1);
  while (weekdayOf(d) !== 3) d = addDays(d, 1);
  return d;
}

describe('bookings: the manager handles a day', () => {
  const server = useServer();

  it('sees the day, validates a late request, books for a family', async () => {
    const wed = nextWednesday();
    const page = await openPage(server);
    await signIn(page, server, 'gestion@demo.test', 'Demo-Gestion-2026');
    await page.goto(`${server.url}/demo/gestion/reservations`);
    const loups = await page.locator('#f-site option', { hasText: 'Loups' }).getAttribute('value');
    await page.selectOption('#f-site', loups!);
    await page.fill('#f-jour', wed);
    await submit(page, () => page.click('.bk-filter button[type=submit]'));
    const main = (await page.textContent('main')) ?? '';
    assert.match(main, /Mercredis · Journée/);
    assert.match(main, /places/);
    assert.match(main, /Annulation demandée/);
    await checkPage(page, 'bookings-staff-day');

    // The late request waits in "Réservations à valider".
    await submit(page, () => page.click('a[href$="/gestion/reservations/a-valider"]'));
    assert.match((await page.textContent('h1')) ?? '', /Réservations à valider \(2\)/);
    await checkPage(page, 'bookings-staff-requests');
    const request = page.locator('li.card', { hasText: 'Demande après la date limite' });
    await submit(page, () => request.locator('button', { hasText: 'Accepter' }).click());
    assert.match((await page.textContent('main')) ?? '', /Demande acceptée/);
    assert.match((await page.textContent('h1')) ?? '', /Réservations à valider \(1\)/);

    // Back to the day: book for a family, past the deadline rules but within capacity.
    await page.goto(`${server.url}/demo/gestion/reservations?site=${loups}&jour=${wed}`);
    await submit(page, () => page.locator('a.bk-family-link').first().click());
    // A Wednesday after the register's demo bookings (which run to early February), outside holidays.
    await page.fill('#f-from', '2027-03-17');
    await submit(page, () => page.click('main form.card button[type=submit]'));
    const result = (await page.textContent('main')) ?? '';
    assert.match(result, /Résultat de la demande R\d{4}-\d{6}/);
    assert.match(result, /Réservation confirmée|Liste d'attente/);
    await checkPage(page, 'bookings-staff-booked');
  });
});
