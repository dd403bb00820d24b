import type { FastifyReply, FastifyRequest } from 'fastify';
import { type MessageKey, translate } from '../i18n/messages';
import type { PageContext, PageUser } from '../views/context';
import { takeFlash } from './request-context';

export interface AssetUrls {
  css: string;
  js: string;
  htmx: string;
}

let assetUrls: AssetUrls = { css: '/assets/app.css', js: '/assets/app.js', htmx: '/assets/htmx.js' };
let devLinks = false;

/** Called once at start-up with the hashed asset URLs. */
export function configurePages(urls: AssetUrls, showDevLinks: boolean): void {
  assetUrls = urls;
  devLinks = showDevLinks;
}

function pageUser(req: FastifyRequest): PageUser | null {
  const a = req.actor;
  if (!a) return null;
  const m = a.membership;
  const area =
    m && m.roles.length > 0 ? 'staff' : m?.householdId ? 'family' : a.isOperator ? 'operator' : 'family';
  return { displayName: a.displayName, area };
}

/** Everything the layout needs, for the current request. */
export function pageContext(req: FastifyRequest, reply: FastifyReply): PageContext {
  const locale = req.locale;
  return {
    tenant: req.tenant,
    base: req.base,
    user: pageUser(req),
    locale,
    t: (key: MessageKey) => translate(locale, key),
    csrfToken: reply.generateCsrf(),
    assets: assetUrls,
    requestId: req.id,
    path: req.url,
    flash: takeFlash(req, reply),
    showDevLinks: devLinks,
  };
}
