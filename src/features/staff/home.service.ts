import { addDays } from '../../platform/calendar/days';
import type { Db } from '../../platform/db/client';
import type { StaffActor } from '../../platform/http/policies';
import { facilityUnits } from '../attendance/attendance.repository';
import { OCCUPANCY_ROLES, occupancyOf, REGISTER_READ_ROLES } from '../attendance/attendance.service';
import type { OccupancyRow } from '../attendance/domain/occupancy';
import { DOCUMENT_ROLES } from '../documents/documents.service';
import { countExpiringDocuments, overdueInvoices } from './home.repository';
import { queueScope } from './work-queues';

/**
 * The back-office home beyond the work queues (issue 11): today's occupancy per facility and alerts.
 * Occupancy comes from the attendance feature (occupancyOf, the same figures as /gestion/occupation).
 */

const has = (staff: StaffActor, roles: readonly string[]) =>
  staff.roles.some((r) => r === 'admin' || roles.includes(r));

/** Documents expiring within this many days (or expired) are an alert. */
export const EXPIRY_ALERT_DAYS = 30;

export interface FacilityToday {
  id: string;
  name: string;
  /** Units open today (or with bookings or presences), booked / present / capacity. */
  units: OccupancyRow[];
}

/** Who sees occupancy on the home: those who may open /gestion/occupation. */
export const maySeeOccupancy = (staff: StaffActor) => has(staff, OCCUPANCY_ROLES);
/** The register link is shown to those who may read it. */
export const maySeeRegister = (staff: StaffActor) => has(staff, REGISTER_READ_ROLES);

/** Today's occupancy of each facility the staff member sees (directors: theirs only). */
export async function todayOccupancy(db: Db, staff: StaffActor, today: string): Promise<FacilityToday[]> {
  if (!maySeeOccupancy(staff)) return [];
  const scope = queueScope(staff);
  const units = await facilityUnits(db, staff.tenant.id, scope ? [...scope] : null);
  const facilities = [...new Map(units.map((u) => [u.facilityId, u.facilityName])).entries()];
  const out: FacilityToday[] = [];
  for (const [id, name] of facilities) {
    const o = await occupancyOf(db, { staff, facilityId: id, from: today, to: today });
    out.push({ id, name, units: o.rows });
  }
  return out;
}

export interface HomeAlerts {
  overdue: { count: number; totalCents: number; dueCents: number } | null;
  expiringDocuments: number | null;
}

/** Billing alerts for accountants, managers (read) and administrators; documents for managers. */
export async function homeAlerts(db: Db, staff: StaffActor, today: string): Promise<HomeAlerts> {
  const [overdue, expiringDocuments] = await Promise.all([
    has(staff, ['accountant', 'manager']) ? overdueInvoices(db, staff.tenant.id, today) : null,
    has(staff, DOCUMENT_ROLES)
      ? countExpiringDocuments(db, staff.tenant.id, addDays(today, EXPIRY_ALERT_DAYS))
      : null,
  ]);
  return { overdue, expiringDocuments };
}
