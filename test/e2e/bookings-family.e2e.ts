// Browser journeys (issue 6) at 360 px: a parent books three Wednesdays (a fourth tapped twice is undone),
// confirms and reads the summary, then cancels one of the confirmed days. Once with JavaScript (htmx
// swaps each cell) and once without (the planning is a form of checkboxes), on the two Martin children.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { checkPage, openPage, PHONE, signIn, useServer } from './harness';

const BOOKABLE_JOURNEE = '.pc-bookable:has(.pc-unit:text-is("Journée")) .pc-input';

/** Clicks a link and waits for the next page (not the current one, already loaded). */
async function follow(page: Page, link: ReturnType<Page['locator']>): Promise<void> {
  const before = page.url();
  await Promise.all([page.waitForURL((u) => u.href !== before), link.click()]);
}

/** The month after the current one, then later months until four Wednesdays can be booked. */
async function bookableDays(page: Page): Promise<string[]> {
  await follow(page, page.getByRole('link', { name: 'Mois', exact: true }));
  const seen: string[] = [];
  for (let i = 0; i < 4; i++) {
    await follow(page, page.getByRole('link', { name: 'Mois suivant' }));
    const values = await page
      .locator(BOOKABLE_JOURNEE)
      .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    if (values.length >= 4) return values.slice(0, 4);
    seen.push(`${page.url().split('?')[1]}: ${values.length} of ${await page.locator('.pc').count()}`);
  }
  throw new Error(`no month with four bookable Wednesdays: ${seen.join(', ')}`);
}

async function openPlanning(page: Page, url: string, child: number): Promise<void> {
  await page.goto(`${url}/demo/reservations`);
  await follow(page, page.getByRole('link', { name: /Mercredis.*Ouvrir le planning/ }).nth(child));
}

describe('bookings: the family planning, basket and summary', () => {
  const server = useServer();

  it('with JavaScript: taps swap the cells, confirm, summary, then cancel a confirmed day', async () => {
    const page = await openPage(server, { viewport: PHONE });
    await signIn(page, server, 'parent@demo.test', 'Demo-Famille-2026');
    await page.goto(`${server.url}/demo/reservations`);
    await checkPage(page, 'bookings-home');
    await openPlanning(page, server.url, 0);
    await checkPage(page, 'bookings-planning-week');
    const days = await bookableDays(page);
    const counter = page.locator('#basket-count');
    for (const [i, v] of days.entries()) {
      await page.locator(`input[value="${v}"]`).click();
      await counter.filter({ hasText: `Panier : ${i + 1} changement` }).waitFor();
    }
    // The fourth one again: undone before confirming.
    await page.locator(`input[value="${days[3]}"]`).click();
    await counter.filter({ hasText: 'Panier : 3 changements' }).waitFor();
    assert.equal(await page.locator(`input[value="${days[3]}"]`).isChecked(), false);
    assert.equal(await page.locator(`input[value="${days[0]}"]`).isChecked(), true);
    await page.locator('.pc.pc-pending-add').first().waitFor();
    await checkPage(page, 'bookings-planning-month-pending');

    await counter.click();
    await page.getByRole('heading', { name: 'Mon panier' }).waitFor();
    await page.getByText('À réserver (3)').waitFor();
    await checkPage(page, 'bookings-basket');
    await page.getByRole('button', { name: 'Confirmer 3 changements' }).click();
    await page.getByText('3 réservations confirmées').waitFor();
    await checkPage(page, 'bookings-summary');

    // Cancel one confirmed day.
    await openPlanning(page, server.url, 0);
    await page.goto(`${page.url().split('?')[0]}?vue=mois&jour=${days[0]!.slice(0, 10)}`);
    const booked = page.locator(`.pc-booked input[value="${days[0]}"]`);
    await booked.click();
    await counter.filter({ hasText: 'Panier : 1 changement' }).waitFor();
    await counter.click();
    await page.getByText('À annuler (1)').waitFor();
    await page.getByRole('button', { name: 'Confirmer 1 changement' }).click();
    await page.getByText('1 annulation confirmée').waitFor();
    await page.goto(`${server.url}/demo/espace`);
    await page.getByText(/Prochaine réservation/).waitFor();
  });

  it('without JavaScript: the same journey through the checkbox form', async () => {
    const page = await openPage(server, { viewport: PHONE, javaScriptEnabled: false });
    await signIn(page, server, 'parent@demo.test', 'Demo-Famille-2026');
    await openPlanning(page, server.url, 1);
    const days = await bookableDays(page);
    for (const v of days) await page.locator(`input[value="${v}"]`).check();
    await page.locator(`input[value="${days[3]}"]`).uncheck();
    await checkPage(page, 'bookings-nojs-planning');
    await page.getByRole('button', { name: 'Vérifier mon panier' }).click();
    await page.getByText('À réserver (3)').waitFor();
    await page.getByRole('button', { name: 'Confirmer 3 changements' }).click();
    await page.getByText('3 réservations confirmées').waitFor();
    await checkPage(page, 'bookings-nojs-summary');

    await openPlanning(page, server.url, 1);
    await page.goto(`${page.url().split('?')[0]}?vue=mois&jour=${days[0]!.slice(0, 10)}`);
    await page.locator(`.pc-booked input[value="${days[0]}"]`).check();
    await page.getByRole('button', { name: 'Vérifier mon panier' }).click();
    await page.getByText('À annuler (1)').waitFor();
    await page.getByRole('button', { name: 'Confirmer 1 changement' }).click();
    await page.getByText('1 annulation confirmée').waitFor();
    await page.getByRole('link', { name: 'Revenir aux réservations' }).click();
    await page
      .getByText(/Demande R\d{4}-\d+/)
      .first()
      .waitFor();
  });
});
