import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { crc32, deflateSync } from 'node:zlib';
import { checkPage, openPage, signIn, useServer } from './harness';

/** A real 48×48 PNG of one colour (so the browser can draw it). */
function solidPng(r: number, g: number, b: number, size = 48): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 3)]);
  for (let x = 0; x < size; x++) row.set([r, g, b], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function linkFor(server: ReturnType<typeof useServer>, to: string): Promise<string> {
  const mail = (await server.mail()).find((m) => m.to.toLowerCase() === to.toLowerCase());
  assert.ok(mail, `no e-mail to ${to}`);
  return new URL(/https?:\/\/\S+/.exec(mail.text)![0]).pathname;
}

describe('back office: tenant settings, logo, audit log, operator', () => {
  const server = useServer();

  it('the administrator changes the colour (a too-light one is refused) and the logo; the header shows it', async () => {
    const page = await openPage(server);
    await signIn(page, server, 'admin@demo.test', 'Demo-Admin-2026');
    await page.goto(`${server.url}/demo/gestion`);
    await page.getByRole('link', { name: 'Paramètres de la structure' }).click();
    await page.getByRole('heading', { name: 'Paramètres de la structure', level: 1 }).waitFor();
    await checkPage(page, 'settings');

    await page.fill('#f-primaryColor', '#ffd84d');
    await page.getByRole('button', { name: 'Enregistrer les paramètres' }).click();
    await page.locator('#f-primaryColor-error').waitFor();
    assert.match(
      String(await page.locator('#f-primaryColor-error').textContent()),
      /Couleur trop claire.*4,5:1/s,
    );
    assert.equal(await page.locator('#f-primaryColor').getAttribute('aria-invalid'), 'true');
    await checkPage(page, 'settings-colour-refused');

    await page.fill('#f-primaryColor', '#6b1d4f');
    await page.getByRole('button', { name: 'Enregistrer les paramètres' }).click();
    await page.getByText('Paramètres enregistrés.').waitFor();
    const brand = await page.evaluate(() =>
      getComputedStyle(document.documentElement).getPropertyValue('--brand').trim(),
    );
    assert.equal(brand, '#6b1d4f');

    const dir = mkdtempSync(join(tmpdir(), 'maisonnee-logo-'));
    const logo = join(dir, 'logo.png');
    writeFileSync(logo, solidPng(250, 200, 40));
    await page.setInputFiles('#f-file', logo);
    await page.getByRole('button', { name: 'Envoyer le logo' }).click();
    await page.getByText('Logo enregistré.').waitFor();
    const headerLogo = page.locator('header .brand img.brand-logo');
    await headerLogo.waitFor();
    const width = await headerLogo.evaluate((img) => (img as HTMLImageElement).naturalWidth);
    assert.equal(width, 48);
    await checkPage(page, 'settings-with-logo');

    // A file that only pretends to be an image is refused.
    const fake = join(dir, 'faux.png');
    writeFileSync(fake, '<svg xmlns="http://www.w3.org/2000/svg"></svg>');
    await page.setInputFiles('#f-file', fake);
    await page.getByRole('button', { name: 'Envoyer le logo' }).click();
    await page.locator('#f-file-error').waitFor();

    // The family portal shows the logo too, and the accessibility statement is linked from the footer.
    const family = await openPage(server);
    await family.goto(`${server.url}/demo/`);
    await family.locator('header img.brand-logo').waitFor();
    await family.getByRole('link', { name: /Accessibilité : partiellement conforme/ }).click();
    await family.getByRole('heading', { name: 'Déclaration d’accessibilité' }).waitFor();
    await checkPage(family, 'accessibility-statement');

    // The audit log lists the changes, filterable, exportable.
    await page.goto(`${server.url}/demo/gestion/journal?action=tenant.`);
    await page.getByRole('heading', { name: 'Journal des actions' }).waitFor();
    assert.match(
      String(await page.locator('table').textContent()),
      /tenant\.settings_update[\s\S]*primaryColor/,
    );
    assert.match(String(await page.locator('table').textContent()), /tenant\.logo_update/);
    await checkPage(page, 'audit-log');
    const csv = await page.request.get(`${server.url}/demo/gestion/journal/export.csv?action=tenant.`);
    assert.equal(csv.status(), 200);
    assert.match(await csv.text(), /^\uFEFFdate,auteur,email,action/);
  });

  it('the operator creates a tenant whose administrator signs in, then suspends and reactivates it', async () => {
    const op = await openPage(server);
    await op.goto(`${server.url}/operateur/connexion`);
    await op.fill('#f-email', 'operateur@demo.test');
    await op.fill('#f-password', 'Demo-Operateur-2026');
    await op.getByRole('button', { name: 'Se connecter' }).click();
    await op.getByRole('heading', { name: 'Structures de la plateforme' }).waitFor();
    // Usage per tenant: households, children, staff, sessions, stored files, last sign-in.
    const header = String(await op.locator('table thead').textContent());
    for (const col of ['Foyers', 'Enfants', 'Agents', 'Fichiers', 'Dernière connexion'])
      assert.match(header, new RegExp(col));
    await op.fill('#f-slug', 'ville-bo');
    await op.fill('#f-name', 'Ville BO');
    await op.fill('#f-legalName', 'Commune de Ville BO');
    await op.fill('#f-siret', '217 500 016 00019');
    await op.fill('#f-contactEmail', 'enfance@ville-bo.test');
    await op.getByRole('button', { name: 'Créer la structure' }).click();
    await op.getByText('Structure « Ville BO » créée').waitFor();
    const section = op.locator('section.operator-tenant', { hasText: 'Ville BO' });
    await section.getByLabel('Inviter un administrateur (adresse e-mail)').fill('dgs@ville-bo.test');
    await section.getByRole('button', { name: /Envoyer l'invitation/ }).click();
    await op.getByText("Invitation d'administrateur envoyée").waitFor();
    await checkPage(op, 'operator-home-usage');

    const mayor = await openPage(server);
    await mayor.goto(`${server.url}${await linkFor(server, 'dgs@ville-bo.test')}`);
    await mayor.fill('#f-displayName', 'Directrice générale');
    await mayor.fill('#f-password', 'une longue phrase de passe');
    await mayor.fill('#f-passwordConfirm', 'une longue phrase de passe');
    await mayor.getByRole('button', { name: "Accepter l'invitation" }).click();
    await mayor.waitForURL(/\/ville-bo\/connexion/);
    await mayor.fill('input[name="email"]', 'dgs@ville-bo.test');
    await mayor.fill('input[name="password"]', 'une longue phrase de passe');
    await mayor.locator('form:has(input[name="password"]) [type="submit"]').first().click();
    await mayor.waitForLoadState('load');
    await mayor.goto(`${server.url}/ville-bo/gestion/parametres`);
    await mayor.getByRole('heading', { name: 'Paramètres de la structure', level: 1 }).waitFor();

    // Suspended: the administrator gets « Service suspendu »; the operator still sees the portal.
    const row = op.locator('section.operator-tenant', { hasText: 'Ville BO' });
    await row.getByRole('button', { name: /Suspendre/ }).click();
    await op.getByText('Structure « Ville BO » suspendue.').waitFor();
    const suspended = await mayor.goto(`${server.url}/ville-bo/gestion`);
    assert.equal(suspended?.status(), 503);
    await mayor.getByRole('heading', { name: 'Service suspendu' }).waitFor();
    await checkPage(mayor, 'tenant-suspended');
    assert.equal((await op.goto(`${server.url}/ville-bo/`))?.status(), 200);
    await op.goto(`${server.url}/operateur`);
    await op
      .locator('section.operator-tenant', { hasText: 'Ville BO' })
      .getByRole('button', { name: /Réactiver/ })
      .click();
    await op.getByText('Structure « Ville BO » réactivée.').waitFor();
    assert.equal((await mayor.goto(`${server.url}/ville-bo/gestion`))?.status(), 200);
  });
});
