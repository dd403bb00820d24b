import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { checkPage, openPage, PHONE, signIn, useServer } from './harness';

// Issue 7, absences: a parent declares an absence with a medical certificate on a 360 px phone, the
// manager reads the certificate and accepts, the parent sees the days as a justified absence.

const PARENT = { email: 'parent@demo.test', password: 'Demo-Famille-2026' };
const MANAGER = { email: 'gestion@demo.test', password: 'Demo-Gestion-2026' };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

async function submitAndWait(page: Page, name: string | RegExp) {
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name }).click()]);
  await page.waitForLoadState('load');
}

describe('absences journeys', () => {
  const server = useServer();

  it('a parent declares an absence with a certificate; the manager accepts; the parent sees it justified', async () => {
    const parent = await openPage(server, { viewport: PHONE });
    await signIn(parent, server, PARENT.email, PARENT.password);
    await parent.goto(`${server.url}/demo/absences`);
    await checkPage(parent, 'absences-family-list');
    await parent.getByRole('link', { name: 'Déclarer une absence' }).click();
    await parent.waitForLoadState('load');
    await checkPage(parent, 'absences-declare');
    assert.match(
      (await parent.locator('#absence-deadline').textContent()) ?? '',
      /Vous pouvez justifier une absence commençant le .+ jusqu’au .+ à \d+ h \d\d\./,
    );
    await parent.getByLabel('Enfant').selectOption({ label: 'Emma Martin' });
    // The first day is today by default; a two-day absence.
    const today = await parent.getByLabel('Premier jour d’absence').inputValue();
    const [y, m, d] = today.split('-').map(Number) as [number, number, number];
    const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
    await parent.getByLabel('Dernier jour d’absence').fill(next);
    await parent.getByLabel('Motif').selectOption('maladie');
    await parent.getByLabel('Commentaire').fill('Gastro-entérite, certificat joint.');
    await parent.setInputFiles('input[name="file"]', {
      name: 'certificat-emma.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await submitAndWait(parent, 'Déclarer l’absence');
    assert.match(parent.url(), /\/demo\/absences$/);
    const mine = parent.locator('li', { hasText: 'Gastro-entérite' });
    assert.ok(await mine.getByText('En attente de réponse').isVisible());
    await checkPage(parent, 'absences-family-pending');

    const manager = await openPage(server);
    await signIn(manager, server, MANAGER.email, MANAGER.password);
    await manager.goto(`${server.url}/demo/gestion`);
    assert.ok(await manager.getByText('Absences à traiter').first().isVisible());
    await manager.goto(`${server.url}/demo/gestion/absences`);
    await checkPage(manager, 'absences-staff-queue');
    await manager.getByRole('link', { name: 'Emma Martin · foyer Martin' }).click();
    await manager.waitForLoadState('load');
    await checkPage(manager, 'absences-staff-detail');
    const [download] = await Promise.all([
      manager.waitForEvent('download'),
      manager.getByRole('link', { name: 'Télécharger le certificat' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'certificat-emma.pdf');
    await submitAndWait(manager, 'Accepter l’absence');
    assert.match(manager.url(), /\/demo\/gestion\/absences$/);
    await checkPage(manager, 'absences-staff-queue-after');

    const mail = (await server.mail()).find((x) => x.subject.startsWith('Absence justifiée'));
    assert.ok(mail, 'the family is told by e-mail');
    assert.equal(mail.to, PARENT.email);

    await parent.goto(`${server.url}/demo/absences`);
    const decided = parent.locator('li', { hasText: 'Gastro-entérite' });
    assert.ok(await decided.getByText('Absence justifiée').isVisible());
    await checkPage(parent, 'absences-family-justified');
    await parent.goto(`${server.url}/demo/espace`);
    assert.ok(await parent.getByText('Absence justifiée').first().isVisible());
  });
});
