import type { AccessRow } from './world';

export const platformAccess: AccessRow[] = [
  { method: 'GET', route: '/', path: () => '/', expect: { others: 200 } },
  { method: 'GET', route: '/healthz', path: () => '/healthz', expect: { others: 200 } },
  { method: 'GET', route: '/readyz', path: () => '/readyz', expect: { others: 200 } },
  {
    method: 'POST',
    route: '/_langue',
    path: () => '/_langue',
    form: () => ({ lang: 'en', back: '/' }),
    expect: { others: 303 },
  },
  { method: 'GET', route: '/assets/:name', path: () => '/assets/favicon.svg', expect: { others: 200 } },
  {
    method: 'GET',
    route: '/assets/tenant/:file',
    path: (w) => `/assets/tenant/${w.t1.slug}.css`,
    expect: { others: 200 },
  },
  // The development mailbox exists outside production only (tests run as NODE_ENV=test).
  { method: 'GET', route: '/_dev/mail', path: () => '/_dev/mail', expect: { others: 200 } },
  {
    method: 'GET',
    route: '/_dev/mail/:id',
    path: () => '/_dev/mail/00000000-0000-0000-0000-000000000000',
    expect: { others: 404 },
  },
];
