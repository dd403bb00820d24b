import { accountsAccess, signOutAccess } from './accounts.access';
import { attendanceAccess } from './attendance.access';
import { catalogueAccess } from './catalogue.access';
import { commsAccess } from './comms.access';
import { householdsAccess } from './households.access';
import { platformAccess } from './platform.access';
import { staffAccess, staffSignOutAccess } from './staff.access';
import { tenantsAccess } from './tenants.access';
import type { AccessRow } from './world';

/** Every route's row. A feature adds its file here; a route without a row fails the matrix test. */
export const ACCESS_ROWS: AccessRow[] = [
  ...platformAccess,
  ...tenantsAccess,
  ...householdsAccess,
  ...catalogueAccess,
  ...commsAccess,
  ...staffAccess,
  ...accountsAccess,
  ...attendanceAccess,
  // Keep last: signing out ends the sessions the rows above rely on.
  ...staffSignOutAccess,
  ...signOutAccess,
];
