// Browser journey (issue 7, the register): an animator opens the day's register on a 768 px tablet,
// checks three children in, loses the Wi-Fi, checks a fourth in at 360 px, gets the network back and
// finds every check-in saved once.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { todayIn } from '../../src/platform/calendar/days';
import { demoRegisterDays } from '../../src/seed/demo-attendance';
import { checkPage, openPage, PHONE, signIn, useServer } from './harness';

const TABLET = { width: 768, height: 1024 };
const RESULTS = join(process.cwd(), 'test-results');

/** The latest demo register day not after today (registers cannot be filled ahead). */
function registerDay(): string {
  const today = todayIn('Europe/Paris', new Date());
  const days = demoRegisterDays().filter((d) => d <= today);
  return days[days.length - 1] ?? demoRegisterDays()[0]!;
}

const count = async (page: Page, key: string) =>
  Number(await page.locator(`[data-count="${key}"]`).textContent());

async function saved(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-sync]');
    return (
      el?.textContent === 'Tous les pointages sont enregistrés.' &&
      (localStorage.getItem('maisonnee.register.queue') ?? '[]') === '[]'
    );
  });
}

describe('attendance: the daily register on a tablet', () => {
  const server = useServer();

  it('an animator checks in three children at 768 px, then one offline at 360 px', async () => {
    const day = registerDay();
    const page = await openPage(server, { viewport: TABLET });
    await signIn(page, server, 'animation@demo.test', 'Demo-Animation-2026');
    await page.goto(`${server.url}/demo/gestion/appel?jour=${day}`);
    await checkPage(page, 'attendance-overview');
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.locator('a.reg-unit-link', { hasText: 'Mercredis · Journée' }).click(),
    ]);
    assert.match(await page.title(), /Appel : Mercredis · Journée/);
    const expected = await count(page, 'expected');
    assert.ok(expected >= 4, `at least four children booked on ${day}, found ${expected}`);
    assert.equal(await count(page, 'present'), 0);
    await checkPage(page, 'attendance-register');

    // Three taps on "Arrivée" at 768 px.
    await page.setViewportSize(TABLET);
    const waiting = page.locator('.reg-line[data-state="none"] .reg-in');
    for (let i = 0; i < 3; i++) await waiting.first().click();
    await saved(page);
    assert.equal(await count(page, 'present'), 3);
    assert.equal(await count(page, 'unmarked'), expected - 3);
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, 'attendance-register-768.png') });

    // The Wi-Fi drops: the fourth check-in, at 360 px, stays on the tablet until the network returns.
    await page.setViewportSize(PHONE);
    await page.context().setOffline(true);
    const fourth = page.locator('.reg-line[data-state="none"]').first();
    const fourthId = await fourth.getAttribute('data-child');
    await fourth.locator('.reg-in').click();
    await page.waitForFunction(() =>
      /Hors connexion : 1 pointage/.test(document.querySelector('[data-sync]')?.textContent ?? ''),
    );
    assert.equal(await count(page, 'present'), 4, 'shown at once');
    await page.screenshot({ path: join(RESULTS, 'attendance-register-offline-360.png') });
    await page.context().setOffline(false);
    await saved(page);

    // The server holds the four check-ins, each once.
    await page.reload({ waitUntil: 'load' });
    assert.equal(await count(page, 'present'), 4);
    assert.equal(await page.locator(`[data-child="${fourthId}"]`).getAttribute('data-state'), 'present');
    await checkPage(page, 'attendance-register-after');
  });
});
