import type { Children } from '@kitajs/html';
import { Flash } from './components';
import type { PageContext } from './context';

export interface Crumb {
  label: string;
  href?: string;
}

/** The frame of every page: skip link, header with tenant and user, main landmark, footer. */
export function Layout(props: {
  ctx: PageContext;
  title: string;
  crumbs?: Crumb[];
  children?: Children;
  nav?: JSX.Element;
}): JSX.Element {
  const { ctx } = props;
  const tenant = ctx.tenant;
  const siteName = tenant ? tenant.name : 'Maisonnée';
  const home = tenant ? `${ctx.base}/` : '/';
  return (
    <>
      {'<!doctype html>'}
      <html lang={ctx.locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title safe>{`${props.title} · ${siteName}`}</title>
          <meta name="description" content={`${siteName} : portail famille (Maisonnée)`} />
          <link rel="stylesheet" href={ctx.assets.css} />
          {tenant ? (
            <link
              rel="stylesheet"
              href={`/assets/tenant/${tenant.slug}.css?v=${tenant.primaryColor.slice(1)}`}
            />
          ) : (
            ''
          )}
          <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
          {/* htmx would otherwise insert an inline <style> for its indicators, which the CSP refuses. */}
          <meta name="htmx-config" content='{"includeIndicatorStyles":false}' />
          <script src={ctx.assets.htmx} defer></script>
          <script src={ctx.assets.js} defer></script>
        </head>
        <body hx-headers={JSON.stringify({ 'x-csrf-token': ctx.csrfToken })}>
          <a class="skip-link" href="#contenu" safe>
            {ctx.t('skip.content')}
          </a>
          <header class="site-header">
            <div class="wrap header-row">
              <a class="brand" href={home}>
                {tenant?.logoFile ? (
                  <img
                    class="brand-logo"
                    src={`${ctx.base}/logo?v=${tenant.logoFile.slice(0, 12)}`}
                    alt=""
                    width="40"
                    height="40"
                  />
                ) : (
                  ''
                )}
                {tenant?.logoFile ? (
                  ''
                ) : (
                  <span class="brand-mark" aria-hidden="true">
                    {tenant ? '' : 'M'}
                  </span>
                )}
                <span class="brand-text">
                  <span class="brand-name" safe>
                    {siteName}
                  </span>
                  <span class="brand-tagline">
                    {tenant ? 'Portail famille' : 'Portails famille des collectivités'}
                  </span>
                </span>
              </a>
              <UserMenu ctx={ctx} />
            </div>
            {props.nav ? (
              <nav class="main-nav" aria-label="Menu principal">
                <div class="wrap">{props.nav as 'safe'}</div>
              </nav>
            ) : (
              ''
            )}
          </header>
          <main id="contenu" class="wrap main" tabindex="-1">
            {props.crumbs && props.crumbs.length > 0 ? <Breadcrumbs crumbs={props.crumbs} /> : ''}
            {ctx.flash ? <Flash kind={ctx.flash.kind} text={ctx.flash.text} /> : ''}
            {props.children}
          </main>
          <Footer ctx={ctx} />
        </body>
      </html>
    </>
  );
}

function UserMenu({ ctx }: { ctx: PageContext }): JSX.Element {
  const base = ctx.tenant ? ctx.base : '';
  return (
    <div class="user-menu">
      <form method="post" action="/_langue" class="inline-form">
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <input type="hidden" name="lang" value={ctx.locale === 'fr' ? 'en' : 'fr'} />
        <input type="hidden" name="back" value={ctx.path} />
        <button type="submit" class="link-button" lang={ctx.locale === 'fr' ? 'en' : 'fr'} safe>
          {ctx.t('nav.language')}
        </button>
      </form>
      {ctx.user ? (
        <>
          <span class="user-name" safe>
            {ctx.user.displayName}
          </span>
          <form
            method="post"
            action={ctx.tenant ? `${base}/deconnexion` : '/operateur/deconnexion'}
            class="inline-form"
          >
            <input type="hidden" name="_csrf" value={ctx.csrfToken} />
            <button type="submit" class="button button-small button-secondary" safe>
              {ctx.t('nav.signOut')}
            </button>
          </form>
        </>
      ) : ctx.tenant ? (
        <a class="button button-small" href={`${base}/connexion`} safe>
          {ctx.t('nav.signIn')}
        </a>
      ) : (
        ''
      )}
    </div>
  );
}

function Breadcrumbs({ crumbs }: { crumbs: Crumb[] }): JSX.Element {
  return (
    <nav class="breadcrumbs" aria-label="Fil d'Ariane">
      <ol>
        {crumbs.map((c, i) =>
          c.href && i < crumbs.length - 1 ? (
            <li>
              <a href={c.href} safe>
                {c.label}
              </a>
            </li>
          ) : (
            <li aria-current="page" safe>
              {c.label}
            </li>
          ),
        )}
      </ol>
    </nav>
  );
}

function Footer({ ctx }: { ctx: PageContext }): JSX.Element {
  const b = ctx.tenant ? ctx.base : '';
  const tenant = ctx.tenant;
  return (
    <footer class="site-footer">
      <div class="wrap footer-grid">
        <div>
          {tenant ? (
            <>
              <p class="footer-title" safe>
                {tenant.name}
              </p>
              <p safe>{tenant.address}</p>
              <p>
                <a href={`mailto:${tenant.contactEmail}`} safe>
                  {tenant.contactEmail}
                </a>
                {tenant.contactPhone ? (
                  <>
                    {' · '}
                    <a href={`tel:${tenant.contactPhone.replace(/\s/g, '')}`} safe>
                      {tenant.contactPhone}
                    </a>
                  </>
                ) : (
                  ''
                )}
              </p>
            </>
          ) : (
            <p class="footer-title">Maisonnée</p>
          )}
        </div>
        {tenant ? (
          <FooterLinks ctx={ctx} base={b} />
        ) : (
          <div>
            <p>
              Chaque collectivité publie sur son portail sa déclaration d’accessibilité, ses mentions légales
              et sa politique de données personnelles.
            </p>
            {ctx.showDevLinks ? (
              <ul class="footer-links">
                <li>
                  <a href="/_dev/mail">Boîte de test (développement)</a>
                </li>
              </ul>
            ) : (
              ''
            )}
          </div>
        )}
      </div>
      <p class="wrap footer-note">Maisonnée, logiciel libre pour les services publics de l’enfance.</p>
    </footer>
  );
}

/** « Accessibilité : partiellement conforme » (RGAA): the footer states the tenant's own status. */
function accessibilityLabel(ctx: PageContext): string {
  const status = ctx.tenant?.a11yStatus;
  if (status === 'total') return ctx.t('footer.accessibility.total');
  if (status === 'non') return ctx.t('footer.accessibility.non');
  return ctx.t('footer.accessibility');
}

function FooterLinks({ ctx, base: b }: { ctx: PageContext; base: string }): JSX.Element {
  return (
    <ul class="footer-links">
      <li>
        <a href={`${b}/accessibilite`} safe>
          {accessibilityLabel(ctx)}
        </a>
      </li>
      <li>
        <a href={`${b}/reglement`}>Règlement intérieur</a>
      </li>
      <li>
        <a href={`${b}/mentions-legales`} safe>
          {ctx.t('footer.legal')}
        </a>
      </li>
      <li>
        <a href={`${b}/donnees-personnelles`} safe>
          {ctx.t('footer.privacy')}
        </a>
      </li>
      <li>
        <a href={`${b}/contact`} safe>
          {ctx.t('footer.contact')}
        </a>
      </li>
      {ctx.showDevLinks ? (
        <li>
          <a href="/_dev/mail">Boîte de test (développement)</a>
        </li>
      ) : (
        ''
      )}
    </ul>
  );
}
