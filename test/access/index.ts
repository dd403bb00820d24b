import { absencesAccess } from './absences.access';
import { accountsAccess, signOutAccess } from './accounts.access';
import { attendanceAccess } from './attendance.access';
import { backofficeAccess } from './backoffice.access';
import { billingInvoicesAccess } from './billing-invoices.access';
import { billingRunAccess } from './billing-run.access';
import { bookingsAccess } from './bookings.access';
import { bookingsApiAccess } from './bookings-api.access';
import { bookingsFamilyAccess } from './bookings-family.access';
import { catalogueAccess } from './catalogue.access';
import { commsAccess } from './comms.access';
import { householdsAccess } from './households.access';
import { paymentsOnlineAccess } from './payments-online.access';
import { paymentsSepaAccess } from './payments-sepa.access';
import { platformAccess } from './platform.access';
import { settingsAccess } from './settings.access';
import { staffAccess, staffSignOutAccess } from './staff.access';
import { tenantsAccess } from './tenants.access';
import type { AccessRow } from './world';

/** Every route's row. A feature adds its file here; a route without a row fails the matrix test. */
export const ACCESS_ROWS: AccessRow[] = [
  ...platformAccess,
  ...tenantsAccess,
  ...householdsAccess,
  ...catalogueAccess,
  ...bookingsAccess,
  ...commsAccess,
  ...staffAccess,
  ...accountsAccess,
  ...backofficeAccess,
  ...absencesAccess,
  ...settingsAccess,
  ...bookingsFamilyAccess,
  ...bookingsApiAccess,
  ...attendanceAccess,
  ...billingRunAccess,
  ...paymentsOnlineAccess,
  ...billingInvoicesAccess,
  ...paymentsSepaAccess,
  // Keep last: signing out ends the sessions the rows above rely on.
  ...staffSignOutAccess,
  ...signOutAccess,
];
