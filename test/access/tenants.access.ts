import type { AccessRow } from './world';

const publicPage = (route: string, sub: string): AccessRow => ({
  method: 'GET',
  route,
  path: (w) => `/${w.t1.slug}${sub}`,
  expect: { others: 200 },
});

export const tenantsAccess: AccessRow[] = [
  publicPage('/:tenant', '/'),
  publicPage('/:tenant/accessibilite', '/accessibilite'),
  publicPage('/:tenant/mentions-legales', '/mentions-legales'),
  publicPage('/:tenant/donnees-personnelles', '/donnees-personnelles'),
  publicPage('/:tenant/contact', '/contact'),
];
