/**
 * Test support for the billing run (int, pg and e2e tests): a tenant with a Wednesday activity, tariffs,
 * families with bookings and register marks in October 2026. Not imported by the application.
 */

import { eq } from 'drizzle-orm';
import { createBookableActivity, enroll } from '../../../test/helpers/booking-factories';
import { createFamily, createTenant } from '../../../test/helpers/factories';
import type { Db } from '../../platform/db/client';
import { attendanceMarks } from '../attendance/attendance.schema';
import { bookings } from '../bookings/bookings.schema';
import { households } from '../households/households.schema';
import type { TariffRule } from './domain/pricing';
import { tariffVersions } from './tariffs.schema';

export const OCTOBER_WEDNESDAYS = ['2026-10-07', '2026-10-14', '2026-10-21', '2026-10-28'];

const extras = {
  sibling2Percent: 10,
  sibling3Percent: 20,
  withoutBooking: { kind: 'amount', value: 300 },
  lateCancellation: { kind: 'percent', value: 50 },
  unjustifiedPercent: 100,
} as const;

export const BRACKETS_RULE: TariffRule = {
  mode: 'brackets',
  brackets: [
    { qfMin: 0, qfMax: 700, residentCents: 800, nonResidentCents: 1200 },
    { qfMin: 701, qfMax: 1000, residentCents: 1200, nonResidentCents: 1600 },
    { qfMin: 1001, qfMax: null, residentCents: 1500, nonResidentCents: 2000 },
  ],
  ...extras,
};

export async function addTariff(
  db: Db,
  tenantId: string,
  unit: { id: string; activityId: string },
  rule: TariffRule,
  validFrom = '2026-09-01',
  taxEligible = true,
) {
  await db.insert(tariffVersions).values({
    tenantId,
    activityId: unit.activityId,
    unitId: unit.id,
    validFrom,
    mode: rule.mode,
    rule,
    taxEligible,
    createdAt: new Date('2026-08-20T08:00:00Z'),
  });
}

/**
 * A tenant, a Wednesday activity priced by QF brackets on its "Journée" unit, and `n` families each with a
 * child booked every Wednesday of October 2026; marks: present on every day except the first family's
 * 14 October (absent, unjustified). Family QF: 820 (bracket 701–1000 → 12 €/day).
 */
export async function billingWorld(db: Db, n = 3, tenantOverrides: Parameters<typeof createTenant>[1] = {}) {
  const tenant = await createTenant(db, tenantOverrides);
  const cat = await createBookableActivity(db, tenant.id);
  await addTariff(db, tenant.id, cat.journee, BRACKETS_RULE);
  const fams = [];
  for (let i = 0; i < n; i++) {
    const f = await createFamily(db, tenant.id);
    await db
      .update(households)
      .set({ familyQuotient: 820, qfValidFrom: '2026-01-01', resident: true })
      .where(eq(households.id, f.household.id));
    const e = await enroll(db, tenant.id, f.household.id, f.child.id, cat.activity.id, cat.period.id);
    const at = new Date('2026-09-15T08:00:00Z');
    await db.insert(bookings).values(
      OCTOBER_WEDNESDAYS.map((day) => ({
        tenantId: tenant.id,
        householdId: f.household.id,
        childId: f.child.id,
        enrollmentId: e.id,
        activityId: cat.activity.id,
        periodId: cat.period.id,
        unitId: cat.journee.id,
        day,
        status: 'confirmed' as const,
        lateCancellation: false,
        requestedAt: at,
        updatedAt: at,
      })),
    );
    await db.insert(attendanceMarks).values(
      OCTOBER_WEDNESDAYS.map((day) => ({
        tenantId: tenant.id,
        childId: f.child.id,
        unitId: cat.journee.id,
        day,
        activityId: cat.activity.id,
        state: i === 0 && day === '2026-10-14' ? 'absent' : 'present',
        updatedAt: at,
      })),
    );
    fams.push({ ...f, enrollment: e });
  }
  return { tenant, cat, fams };
}
