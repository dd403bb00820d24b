import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkPage, openPage, signIn, useServer } from './harness';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/**
 * Catalogue and enrollments journey: a manager creates an activity with a period, groups, units and
 * deadlines; a parent enrolls two siblings at once; the manager accepts one and waitlists the other;
 * the parent downloads the enrollment certificate, whose text is checked with pdftotext.
 */
describe('catalogue and enrollments', () => {
  const server = useServer();

  it('goes from a new activity to an enrollment certificate', async () => {
    // --- The manager creates the activity, with its deadlines.
    const manager = await openPage(server);
    await signIn(manager, server, 'gestion@demo.test', 'Demo-Gestion-2026');
    await manager.goto(`${server.url}/demo/gestion/catalogue`);
    await checkPage(manager, 'catalogue-home');
    await manager.fill('#f-name', 'Stage cirque');
    await manager.selectOption('#f-facilityId', { label: "Les P'tits Loups" });
    await manager.selectOption('#f-kind', 'holidays');
    // The insurance certificate is required: the family will first be told it is missing.
    await manager.fill('#f-requiredDocuments', 'Attestation d’assurance');
    await manager.selectOption('#f-book_kind', 'days_before');
    await manager.fill('#f-book_days', '2');
    await manager.check('#f-book_working');
    await manager.fill('#f-book_time', '10:00');
    await manager.selectOption('#f-cancel_kind', 'weekday_previous_week');
    await manager.selectOption('#f-cancel_weekday', '4');
    await manager.fill('#f-cancel_time', '24:00');
    await manager.getByRole('button', { name: 'Créer l’activité' }).click();
    await manager.waitForURL(/\/gestion\/catalogue\/activites\//);
    const activityUrl = manager.url();
    const body = await manager.textContent('main');
    assert.match(body ?? '', /Réservable jusqu'à 2 jours ouvrés avant, 10 h 00/);
    assert.match(body ?? '', /Annulable jusqu'au jeudi de la semaine précédente, minuit/);

    // A period whose enrollment window is open today.
    await manager.fill('#f-p_name', 'Stage de février 2027');
    await manager.fill('#f-p_firstDay', '2027-02-22');
    await manager.fill('#f-p_lastDay', '2027-02-26');
    await manager.fill('#f-p_enrollmentFirstDay', '2026-01-01');
    await manager.fill('#f-p_enrollmentLastDay', '2027-02-15');
    await manager.getByRole('button', { name: 'Ajouter la période' }).click();
    await manager.waitForURL(activityUrl);

    // Two groups by age.
    for (const [name, min, max] of [
      ['3-5 ans', '3', '5'],
      ['6-11 ans', '6', '11'],
    ] as const) {
      await manager.fill('#f-g_name', name);
      await manager.fill('#f-g_minAge', min);
      await manager.fill('#f-g_maxAge', max);
      await manager.fill('#f-g_capacity', '12');
      await manager.getByRole('button', { name: 'Ajouter le groupe' }).click();
      await manager.waitForURL(activityUrl);
    }

    // Units: Matin, then Journée which excludes it.
    const addUnit = async (name: string, kind: string, start: string, end: string, excludes?: string) => {
      await manager.fill('#f-u_name', name);
      await manager.selectOption('#f-u_kind', kind);
      await manager.fill('#f-u_startTime', start);
      await manager.fill('#f-u_endTime', end);
      for (const day of ['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi'])
        await manager
          .getByRole('group', { name: 'Jours d’ouverture' })
          .getByLabel(day, { exact: true })
          .check();
      await manager.selectOption('#f-u_dayType', 'school_holidays');
      if (excludes)
        await manager
          .getByRole('group', { name: 'Incompatible avec' })
          .getByLabel(excludes, { exact: true })
          .check();
      await manager.getByRole('button', { name: 'Ajouter l’unité' }).click();
      await manager.waitForURL(activityUrl);
    };
    await addUnit('Matin', 'half_day', '08:30', '12:00');
    await addUnit('Journée', 'day', '08:30', '17:30', 'Matin');
    const rules = await manager.textContent('main');
    assert.match(rules ?? '', /Exclut Matin/);
    assert.match(rules ?? '', /Exclut Journée/);
    await checkPage(manager, 'catalogue-activity');

    // --- The parent enrolls Emma, and Léo "the same", in one step.
    const parent = await openPage(server);
    await signIn(parent, server, 'parent@demo.test', 'Demo-Famille-2026');
    const askForBoth = async (name: string) => {
      await parent.goto(`${server.url}/demo/espace/inscriptions/nouvelle`);
      await checkPage(parent, 'enrollment-step-1');
      await parent.selectOption('#f-enfant', { label: 'Emma Martin' });
      await parent.selectOption('#f-periode', { label: 'Stage cirque – Stage de février 2027' });
      await parent.getByRole('button', { name: 'Continuer' }).click();
      await parent
        .getByRole('group', { name: 'Faire la même demande pour' })
        .getByLabel('Léo Martin')
        .check();
      await parent.getByLabel('Matin le lundi (08:30–12:00)').check();
      await parent.fill('#f-memo', 'Emma et Léo viennent ensemble.');
      await checkPage(parent, name);
      await parent.getByRole('button', { name: 'Envoyer la demande' }).click();
      await parent.waitForLoadState('load');
    };
    // The insurance certificate the activity requires is missing: the request is blocked with the list.
    await askForBoth('enrollment-step-2');
    await parent
      .getByText(/Pièces manquantes pour Emma : Attestation d’assurance.*Pièces manquantes pour Léo/)
      .first()
      .waitFor();
    await checkPage(parent, 'enrollment-missing-documents');
    // The parent gives it for both children, then asks again.
    for (const child of ['Emma Martin', 'Léo Martin']) {
      await parent.goto(`${server.url}/demo/documents`);
      await parent
        .getByRole('link', { name: new RegExp(`Déposer : Attestation d’assurance, ${child}`) })
        .click();
      await parent.setInputFiles('input[name="file"]', {
        name: 'assurance.pdf',
        mimeType: 'application/pdf',
        buffer: PDF,
      });
      await Promise.all([
        parent.waitForLoadState('load'),
        parent.getByRole('button', { name: 'Envoyer le document' }).click(),
      ]);
      await parent.waitForURL(/\/demo\/documents$/);
    }
    await askForBoth('enrollment-step-2-documents-given');
    await parent.waitForURL(/\/espace\/inscriptions$/);
    const circus = parent.locator('tr', { hasText: 'Stage cirque' });
    assert.equal(await circus.count(), 2);
    assert.equal(await circus.filter({ hasText: 'En attente de validation' }).count(), 2);

    // --- The manager accepts Emma and puts Léo on the waiting list.
    await manager.goto(`${server.url}/demo/gestion/inscriptions`);
    await checkPage(manager, 'enrollments-queue');
    const card = (child: string) =>
      manager.locator('li.card', { hasText: `${child} Martin` }).filter({ hasText: 'Stage cirque' });
    await card('Emma').getByRole('button', { name: 'Accepter Emma' }).click();
    await manager.waitForURL(/\/gestion\/inscriptions$/);
    await card('Léo').getByRole('button', { name: "Mettre Léo en liste d'attente" }).click();
    await manager.waitForURL(/\/gestion\/inscriptions$/);
    const queue = await manager.textContent('main');
    assert.match(queue ?? '', /Stage cirque · Stage de février 2027/);

    // --- The parent sees both states and downloads Emma's certificate.
    await parent.goto(`${server.url}/demo/espace/inscriptions`);
    await checkPage(parent, 'enrollments-family');
    assert.match((await circus.filter({ hasText: 'Emma' }).textContent()) ?? '', /Acceptée/);
    assert.match((await circus.filter({ hasText: 'Léo' }).textContent()) ?? '', /Liste d'attente\s*Rang 1/);
    const [download] = await Promise.all([
      parent.waitForEvent('download'),
      circus
        .filter({ hasText: 'Emma' })
        .getByRole('link', { name: /Attestation/ })
        .click(),
    ]);
    const file = join(mkdtempSync(join(tmpdir(), 'attestation-')), 'attestation.pdf');
    await download.saveAs(file);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    assert.match(text, /Attestation d'inscription/);
    assert.match(text, /Commune de Démo/);
    assert.match(text, /Emma Martin/);
    assert.match(text, /« Stage cirque »/);
    assert.match(text, /du 22\/02\/2027 au 26\/02\/2027/);

    // The family was told by e-mail.
    const mails = await server.mail();
    assert.ok(mails.some((m) => /Inscription de Emma : Acceptée/.test(m.subject)));
    assert.ok(mails.some((m) => /Inscription de Léo : Liste d'attente/.test(m.subject)));
  });
});
