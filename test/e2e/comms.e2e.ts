import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { checkPage, openPage, signIn, useServer } from './harness';

// Journeys of issue 10 on the demo tenant: documents (refused with a reason, then accepted), a message
// with an attachment answered by staff (unread counts on both sides), news shown between its dates only.

const PARENT = { email: 'parent@demo.test', password: 'Demo-Famille-2026' };
const MANAGER = { email: 'gestion@demo.test', password: 'Demo-Gestion-2026' };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5f4f2a50000000049454e44ae426082',
  'hex',
);

async function submitAndWait(page: Page, name: string | RegExp) {
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name }).click()]);
  await page.waitForLoadState('load');
}

describe('comms journeys', () => {
  const server = useServer();

  it('an insurance certificate is refused with a reason, then another one is accepted', async () => {
    const parent = await openPage(server);
    await signIn(parent, server, PARENT.email, PARENT.password);
    await parent.goto(`${server.url}/demo/documents`);
    await checkPage(parent, 'comms-documents-family');
    await parent.getByRole('link', { name: /Déposer : Attestation d’assurance, Emma Martin/ }).click();
    await checkPage(parent, 'comms-documents-upload');
    await parent.setInputFiles('input[name="file"]', {
      name: 'assurance-emma.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await submitAndWait(parent, 'Envoyer le document');
    assert.match(parent.url(), /\/demo\/documents$/);
    assert.ok(await parent.getByText('En cours de vérification').first().isVisible());

    const manager = await openPage(server);
    await signIn(manager, server, MANAGER.email, MANAGER.password);
    await manager.goto(`${server.url}/demo/gestion/documents`);
    await checkPage(manager, 'comms-documents-queue');
    await manager
      .getByRole('link', { name: /Attestation d’assurance · foyer Martin/ })
      .first()
      .click();
    await checkPage(manager, 'comms-documents-review');
    await manager.getByLabel('Motif du refus').fill('Le nom de l’enfant n’apparaît pas sur l’attestation.');
    await submitAndWait(manager, 'Refuser le document');

    const refusedMail = (await server.mail()).find((m) => m.subject.startsWith('Document refusé'));
    assert.ok(refusedMail, 'the family is told by e-mail');
    assert.equal(refusedMail.to, PARENT.email);
    assert.match(refusedMail.text, /Le nom de l’enfant n’apparaît pas/);

    await parent.goto(`${server.url}/demo/documents`);
    assert.ok(await parent.getByText('Le nom de l’enfant n’apparaît pas sur l’attestation.').isVisible());
    await parent
      .getByRole('link', { name: /Déposer une nouvelle version : Attestation d’assurance, Emma Martin/ })
      .click();
    await parent.setInputFiles('input[name="file"]', {
      name: 'assurance-emma-2.png',
      mimeType: 'image/png',
      buffer: PNG,
    });
    await submitAndWait(parent, 'Envoyer le document');

    await manager.goto(`${server.url}/demo/gestion/documents`);
    await manager
      .getByRole('link', { name: /Attestation d’assurance · foyer Martin/ })
      .first()
      .click();
    // An image is previewed inline from the sandboxed route.
    assert.ok(await manager.getByRole('img', { name: /Aperçu du document déposé/ }).isVisible());
    await submitAndWait(manager, 'Accepter le document');
    await checkPage(manager, 'comms-documents-queue-after');

    await parent.goto(`${server.url}/demo/documents`);
    const emma = parent.locator('section', { has: parent.getByRole('heading', { name: 'Emma Martin' }) });
    const insurance = emma.locator('li', { hasText: 'Attestation d’assurance' });
    assert.ok(await insurance.getByText('Accepté').isVisible());
    assert.ok(await insurance.getByText('Valable jusqu’au 31 août 2027').isVisible());
  });

  it('a parent writes with an attachment, staff reply, unread counts move on both sides', async () => {
    const parent = await openPage(server);
    await signIn(parent, server, PARENT.email, PARENT.password);
    await parent.goto(`${server.url}/demo/messages`);
    await checkPage(parent, 'comms-messages-family');
    const before = (await parent.locator('#unread-total').textContent()) ?? '';
    await parent.getByRole('link', { name: 'Écrire au service' }).click();
    await checkPage(parent, 'comms-messages-new');
    await parent.getByLabel('Objet').fill('Certificat médical de Léo');
    await parent.getByLabel('Catégorie').selectOption('absence');
    await parent.getByLabel('Message').fill('Bonjour, voici le certificat pour l’absence de mercredi.');
    await parent.setInputFiles('input[name="file"]', {
      name: 'certificat.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await submitAndWait(parent, 'Envoyer');
    await checkPage(parent, 'comms-messages-thread-family');
    assert.ok(await parent.getByRole('link', { name: /certificat\.pdf/ }).isVisible());

    const staffMail = (await server.mail()).find((m) =>
      m.subject.startsWith('Nouveau message d’une famille'),
    );
    assert.ok(staffMail);
    assert.doesNotMatch(staffMail.text, /certificat pour l’absence/, 'never the content');

    const manager = await openPage(server);
    await signIn(manager, server, MANAGER.email, MANAGER.password);
    await manager.goto(`${server.url}/demo/gestion/messages?nonlus=1`);
    await checkPage(manager, 'comms-messages-staff');
    const row = manager.locator('li', { hasText: 'Certificat médical de Léo' });
    assert.ok(await row.getByText('1 non lu').isVisible());
    await row.getByRole('link', { name: 'Certificat médical de Léo' }).click();
    await checkPage(manager, 'comms-messages-thread-staff');
    await manager.getByLabel('Votre réponse').fill('Merci, l’absence est enregistrée.');
    await submitAndWait(manager, 'Envoyer la réponse');
    await manager.goto(`${server.url}/demo/gestion/messages?nonlus=1`);
    assert.equal(await manager.locator('li', { hasText: 'Certificat médical de Léo' }).count(), 0);

    const familyMail = (await server.mail()).find((m) =>
      m.subject.startsWith('Vous avez un nouveau message'),
    );
    assert.ok(familyMail);
    assert.doesNotMatch(familyMail.text, /absence est enregistrée/);

    await parent.goto(`${server.url}/demo/messages`);
    const mine = parent.locator('li', { hasText: 'Certificat médical de Léo' });
    assert.ok(await mine.getByText('1 non lu').isVisible());
    assert.notEqual((await parent.locator('#unread-total').textContent()) ?? '', before);
    await mine.getByRole('link', { name: 'Certificat médical de Léo' }).click();
    assert.ok(await parent.getByText('Merci, l’absence est enregistrée.').isVisible());
    await parent.goto(`${server.url}/demo/messages`);
    assert.equal(
      await parent.locator('li', { hasText: 'Certificat médical de Léo' }).getByText('non lu').count(),
      0,
    );
    assert.equal((await parent.locator('#unread-total').textContent()) ?? '', before);
  });

  it('a news item shows on the news page between its dates only', async () => {
    const manager = await openPage(server);
    await signIn(manager, server, MANAGER.email, MANAGER.password);
    const local = (d: Date) => {
      const p = new Intl.DateTimeFormat('sv-SE', {
        timeZone: 'Europe/Paris',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
      }).format(d);
      return p.replace(' ', 'T');
    };
    const hour = 3_600_000;
    const now = Date.now();
    const publish = async (title: string, from: number, to: number) => {
      await manager.goto(`${server.url}/demo/gestion/actualites/nouvelle`);
      await manager.getByLabel('Titre').fill(title);
      await manager.getByLabel('Texte').fill(`${title}.\n\nDeuxième paragraphe.`);
      await manager.getByLabel('Publier à partir du').fill(local(new Date(from)));
      await manager.getByLabel('Retirer le (facultatif)').fill(local(new Date(to)));
      await submitAndWait(manager, 'Enregistrer');
    };
    await publish('Actualité en cours', now - hour, now + 2 * hour);
    await publish('Actualité passée', now - 3 * hour, now - 2 * hour);
    await publish('Actualité à venir', now + 2 * hour, now + 3 * hour);
    await manager.goto(`${server.url}/demo/gestion/actualites`);
    await checkPage(manager, 'comms-news-staff');

    const parent = await openPage(server);
    await signIn(parent, server, PARENT.email, PARENT.password);
    await parent.goto(`${server.url}/demo/actualites`);
    await checkPage(parent, 'comms-news-family');
    assert.ok(await parent.getByRole('heading', { name: 'Actualité en cours' }).isVisible());
    assert.equal(await parent.getByRole('heading', { name: 'Actualité passée' }).count(), 0);
    assert.equal(await parent.getByRole('heading', { name: 'Actualité à venir' }).count(), 0);
  });
});
