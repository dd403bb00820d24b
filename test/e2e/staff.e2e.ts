import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Secret, TOTP } from 'otpauth';
import { checkPage, openPage, signIn, useServer } from './harness';

/** The first link of the newest e-mail sent to `to`, as a path on the test server. */
async function linkFor(server: ReturnType<typeof useServer>, to: string): Promise<string> {
  const mails = await server.mail();
  const mail = mails.find((m) => m.to.toLowerCase() === to.toLowerCase());
  assert.ok(mail, `no e-mail to ${to}`);
  const m = /https?:\/\/\S+/.exec(mail.text);
  assert.ok(m, 'no link in the e-mail');
  return new URL(m[0]).pathname;
}

/**
 * The tenant sign-in page belongs to the accounts feature. Until it is merged, each journey runs up to
 * the sign-in and then reports itself skipped, so the branch stays green without hiding the first part.
 */
async function tenantSignInMissing(server: ReturnType<typeof useServer>, slug = 'demo'): Promise<boolean> {
  const res = await fetch(`${server.url}/${slug}/connexion`);
  return res.status === 404;
}
const SKIP_REASON = 'tenant sign-in (/:tenant/connexion, accounts feature) not on this branch yet';

describe('staff: sign-up wizard, pending queue, invitations, operator', () => {
  const server = useServer();

  it('a family signs up, verifies its e-mail, the manager accepts, the family signs in', async (t) => {
    const page = await openPage(server);
    await page.goto(`${server.url}/demo/inscription`);
    await checkPage(page, 'signup-intro');
    await page.getByRole('button', { name: "Commencer l'inscription" }).click();

    await page.fill('#f-addressLine', '3 rue des Lilas');
    await page.fill('#f-postalCode', '00000');
    await page.fill('#f-city', 'Démo');
    await page.fill('#f-phone', '01 23 45 67 00');
    await checkPage(page, 'signup-household');
    await page.getByRole('button', { name: 'Continuer' }).click();

    await page.fill('#f-g0_firstName', 'Inès');
    await page.fill('#f-g0_lastName', 'Lambert');
    await page.fill('#f-g0_email', 'ines.lambert@exemple.test');
    await page.fill('#f-g0_mobile', '06 11 22 33 44');
    await checkPage(page, 'signup-guardians');
    await page.getByRole('button', { name: 'Continuer' }).click();

    // An error first: the form comes back with the message next to the field.
    await page.fill('#f-c0_firstName', 'Paul');
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.getByText('Le formulaire contient').waitFor();
    await checkPage(page, 'signup-children-errors');
    await page.fill('#f-c0_lastName', 'Lambert');
    await page.fill('#f-c0_birthDate', '2019-03-12');
    await page.getByLabel('Garçon').check();
    await page.selectOption('#f-c0_schoolClass', 'CE1');
    await page.getByRole('button', { name: 'Continuer' }).click();

    await page.getByText('Paul Lambert').waitFor();
    await page.fill('#f-password', 'ma phrase secrète');
    await page.fill('#f-passwordConfirm', 'ma phrase secrète');
    await checkPage(page, 'signup-review');
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await page.getByRole('heading', { name: 'Vérifiez votre messagerie' }).waitFor();

    await page.goto(`${server.url}${await linkFor(server, 'ines.lambert@exemple.test')}`);
    await checkPage(page, 'signup-verify');
    await page.getByRole('button', { name: 'Confirmer mon adresse' }).click();
    await page.getByRole('heading', { name: 'Adresse confirmée' }).waitFor();

    if (await tenantSignInMissing(server)) return t.skip(SKIP_REASON);
    const manager = await openPage(server);
    await signIn(manager, server, 'gestion@demo.test', 'Demo-Gestion-2026');
    await manager.goto(`${server.url}/demo/gestion`);
    await checkPage(manager, 'staff-home');
    await manager.getByRole('link', { name: /Comptes famille en attente de validation/ }).click();
    await checkPage(manager, 'staff-pending-signups');
    await manager.getByRole('button', { name: 'Accepter le foyer Lambert' }).click();
    await manager.getByText('Inscription acceptée').waitFor();
    const accepted = (await server.mail()).find((m) => m.to === 'ines.lambert@exemple.test');
    assert.match(accepted!.subject, /validée/);

    const family = await openPage(server);
    await signIn(family, server, 'ines.lambert@exemple.test', 'ma phrase secrète');
    await family.goto(`${server.url}/demo/`);
    await family.getByText('Inès Lambert').first().waitFor();
  });

  it('an administrator invites an animator, who accepts and signs in', async (t) => {
    if (await tenantSignInMissing(server)) return t.skip(SKIP_REASON);
    const admin = await openPage(server);
    await signIn(admin, server, 'admin@demo.test', 'Demo-Admin-2026');
    await admin.goto(`${server.url}/demo/gestion/agents`);
    await checkPage(admin, 'staff-members');
    // A director or animator without facility is refused with a message.
    await admin.fill('#f-email', 'nouvel.animateur@exemple.test');
    await admin.getByLabel('Animateur', { exact: true }).check();
    await admin.getByRole('button', { name: "Envoyer l'invitation" }).click();
    await admin.getByText('au moins une structure').first().waitFor();
    await checkPage(admin, 'staff-members-errors');
    await admin.getByLabel("Les P'tits Loups").check();
    await admin.getByRole('button', { name: "Envoyer l'invitation" }).click();
    await admin.getByText('Invitation envoyée').waitFor();

    const invitee = await openPage(server);
    await invitee.goto(`${server.url}${await linkFor(server, 'nouvel.animateur@exemple.test')}`);
    await checkPage(invitee, 'staff-invitation');
    await invitee.fill('#f-displayName', 'Léon Animateur');
    await invitee.fill('#f-password', 'une phrase de passe');
    await invitee.fill('#f-passwordConfirm', 'une phrase de passe');
    await invitee.getByRole('button', { name: "Accepter l'invitation" }).click();
    await invitee.waitForURL(/\/demo\/connexion/);

    await signIn(invitee, server, 'nouvel.animateur@exemple.test', 'une phrase de passe');
    await invitee.goto(`${server.url}/demo/gestion`);
    await invitee.getByRole('heading', { name: /Bonjour/ }).waitFor();

    // The new staff member turns two-factor sign-in on, with the key typed into an authenticator app.
    await invitee.goto(`${server.url}/demo/mon-compte/double-authentification`);
    await checkPage(invitee, 'staff-totp-setup');
    const secret = ((await invitee.locator('code.secret').textContent()) ?? '').replace(/\s+/g, '');
    const totp = new TOTP({ secret: Secret.fromBase32(secret) });
    await invitee.fill('input[name="code"]', totp.generate());
    await invitee.locator('form:has(input[name="code"]) [type="submit"]').first().click();
    await invitee.getByText('La double authentification est activée').waitFor();
    await invitee.locator('form[action$="/deconnexion"] button[type=submit]').first().click();
    await invitee.waitForLoadState('load');

    // Signing in now asks for a code; a code is single-use, so wait for the next 30-second step.
    await signIn(invitee, server, 'nouvel.animateur@exemple.test', 'une phrase de passe');
    await invitee.waitForURL(/\/demo\/connexion\/code/);
    await checkPage(invitee, 'staff-totp-code');
    await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 500));
    await invitee.fill('input[name="code"]', totp.generate());
    await invitee.locator('form:has(input[name="code"]) [type="submit"]').first().click();
    await invitee.waitForURL(/\/demo\/gestion/);
    await invitee.getByRole('heading', { name: /Bonjour/ }).waitFor();
  });

  it('the operator creates a tenant and invites its administrator, who signs in', async (t) => {
    const op = await openPage(server);
    await op.goto(`${server.url}/operateur/connexion`);
    await checkPage(op, 'operator-sign-in');
    await op.fill('#f-email', 'operateur@demo.test');
    await op.fill('#f-password', 'Demo-Operateur-2026');
    await op.getByRole('button', { name: 'Se connecter' }).click();
    await op.getByRole('heading', { name: 'Structures de la plateforme' }).waitFor();
    await checkPage(op, 'operator-home');
    await op.fill('#f-slug', 'ville-nouvelle');
    await op.fill('#f-name', 'Ville Nouvelle');
    await op.fill('#f-legalName', 'Commune de Ville Nouvelle');
    await op.fill('#f-siret', '217 500 016 00019');
    await op.fill('#f-contactEmail', 'enfance@ville-nouvelle.test');
    await op.selectOption('#f-schoolZone', 'C');
    await op.getByRole('button', { name: 'Créer la structure' }).click();
    await op.getByText('Structure « Ville Nouvelle » créée').waitFor();
    const section = op.locator('section.operator-tenant', { hasText: 'Ville Nouvelle' });
    await section.getByLabel('Inviter un administrateur (adresse e-mail)').fill('maire@ville-nouvelle.test');
    await section.getByRole('button', { name: /Envoyer l'invitation/ }).click();
    await op.getByText("Invitation d'administrateur envoyée").waitFor();

    const mayor = await openPage(server);
    await mayor.goto(`${server.url}${await linkFor(server, 'maire@ville-nouvelle.test')}`);
    await mayor.fill('#f-displayName', 'Madame la Maire');
    await mayor.fill('#f-password', 'une phrase de passe');
    await mayor.fill('#f-passwordConfirm', 'une phrase de passe');
    await mayor.getByRole('button', { name: "Accepter l'invitation" }).click();
    await mayor.waitForURL(/\/ville-nouvelle\/connexion/);
    if (await tenantSignInMissing(server, 'ville-nouvelle')) return t.skip(SKIP_REASON);
    const mayorSignIn = await openPage(server);
    await mayorSignIn.goto(`${server.url}/ville-nouvelle/connexion`);
    await mayorSignIn.fill('input[name="email"]', 'maire@ville-nouvelle.test');
    await mayorSignIn.fill('input[name="password"]', 'une phrase de passe');
    await mayorSignIn.locator('form:has(input[name="password"]) button[type="submit"]').click();
    await mayorSignIn.goto(`${server.url}/ville-nouvelle/gestion/agents`);
    await mayorSignIn.getByRole('heading', { name: 'Agents et rôles' }).waitFor();
  });
});
