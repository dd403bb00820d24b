import type { Tenant } from '../../features/tenants/tenants.schema';
import type { Locale, MessageKey } from '../i18n/messages';

export interface PageUser {
  displayName: string;
  /** Where "Mon compte" and the menu point: family pages or back office. */
  area: 'family' | 'staff' | 'operator';
}

/** What every page needs to render its frame; built once per request by the http layer. */
export interface PageContext {
  tenant: Tenant | null;
  /** Prefix of tenant links: `/<slug>`, or '' when served on the tenant's own hostname. */
  base: string;
  user: PageUser | null;
  locale: Locale;
  t: (key: MessageKey) => string;
  csrfToken: string;
  assets: { css: string; js: string; htmx: string };
  requestId: string;
  /** Current path, for the language switch and the sign-in return address. */
  path: string;
  flash: { kind: 'success' | 'info' | 'error'; text: string } | null;
  showDevLinks: boolean;
}
