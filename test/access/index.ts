import { catalogueAccess } from './catalogue.access';
import { householdsAccess } from './households.access';
import { platformAccess } from './platform.access';
import { tenantsAccess } from './tenants.access';
import type { AccessRow } from './world';

/** Every route's row. A feature adds its file here; a route without a row fails the matrix test. */
export const ACCESS_ROWS: AccessRow[] = [
  ...platformAccess,
  ...tenantsAccess,
  ...householdsAccess,
  ...catalogueAccess,
];
