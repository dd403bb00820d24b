import { and, eq, inArray, ne } from 'drizzle-orm';
import { memberships, platformUsers } from '../features/accounts/accounts.schema';
import { attendanceMarks } from '../features/attendance/attendance.schema';
import type { TariffRule } from '../features/billing/domain/pricing';
import { issueRun, openRun, startIssue } from '../features/billing/run.service';
import { tariffVersions } from '../features/billing/tariffs.schema';
import { bookings } from '../features/bookings/bookings.schema';
import { activities, units } from '../features/catalogue/catalogue.schema';
import { enrollments } from '../features/enrollments/enrollments.schema';
import { households } from '../features/households/households.schema';
import { tenants } from '../features/tenants/tenants.schema';
import type { Db } from '../platform/db/client';
import type { StaffActor } from '../platform/http/policies';

/** The demo's October 2026 is billed on 5 November 2026, whatever the day of seeding. */
const ISSUE_AT = new Date('2026-11-05T09:00:00Z');
/**
 * Booked and marked school Wednesdays: September 2026 (left for staff to preview and issue: the browser
 * journey does) and October 2026 (issued; zone B autumn holidays start on 17 October).
 */
const BOOKED_DAYS = ['2026-09-09', '2026-09-16', '2026-09-23', '2026-09-30', '2026-10-07', '2026-10-14'];

const extras = {
  sibling2Percent: 10,
  sibling3Percent: 20,
  withoutBooking: { kind: 'amount', value: 200 },
  lateCancellation: { kind: 'percent', value: 50 },
  unjustifiedPercent: 100,
} as const;

/** QF brackets for the Wednesdays, rate of effort for the before/after-school care, flat for meals. */
function ruleFor(activityKind: string, unitKind: string): { rule: TariffRule; taxEligible: boolean } {
  if (unitKind === 'meal' || activityKind === 'canteen')
    return {
      rule: { mode: 'flat', residentCents: 380, nonResidentCents: 520, ...extras },
      taxEligible: false,
    };
  if (activityKind === 'morning' || activityKind === 'evening')
    return {
      rule: { mode: 'effort', rate: 1500, floorCents: 80, capCents: 250, nonResidentCents: 300, ...extras },
      taxEligible: true,
    };
  const day = unitKind === 'day' ? 1 : 0.5;
  const c = (cents: number) => Math.round(cents * day);
  return {
    rule: {
      mode: 'brackets',
      brackets: [
        { qfMin: 0, qfMax: 700, residentCents: c(800), nonResidentCents: c(1200) },
        { qfMin: 701, qfMax: 1000, residentCents: c(1200), nonResidentCents: c(1600) },
        { qfMin: 1001, qfMax: null, residentCents: c(1500), nonResidentCents: c(2000) },
      ],
      ...extras,
    },
    taxEligible: true,
  };
}

/**
 * Tariffs for every demo unit and an issued October 2026 run: the Wednesday children are booked (and
 * marked, one in seven absent) on September's and October's school Wednesdays, then October goes through
 * the real run code; September stays to be invoiced.
 * Runs after the attendance seeding, outside its transaction (the run uses its own transactions).
 */
export async function seedDemoBilling(db: Db, slug: string) {
  const [tenant] = await db.select().from(tenants).where(eq(tenants.slug, slug));
  if (!tenant) return;
  const t = tenant.id;
  const unitRows = await db
    .select({ unit: units, activityKind: activities.kind, activityName: activities.name })
    .from(units)
    .innerJoin(activities, eq(activities.id, units.activityId))
    .where(eq(units.tenantId, t));
  if (unitRows.length === 0) return;
  await db.insert(tariffVersions).values(
    unitRows.map((r) => {
      const { rule, taxEligible } = ruleFor(r.activityKind, r.unit.kind);
      return {
        tenantId: t,
        activityId: r.unit.activityId,
        unitId: r.unit.id,
        validFrom: '2026-09-01',
        mode: rule.mode,
        rule,
        taxEligible,
        createdAt: new Date('2026-08-25T08:00:00Z'),
      };
    }),
  );
  const journee = unitRows.find((r) => r.activityName === 'Mercredis' && r.unit.kind === 'day');
  if (!journee) return;
  // The Martins (the demo family) stay free of staff-made bookings, as in the attendance seed.
  const enrolled = (
    await db
      .select({ e: enrollments })
      .from(enrollments)
      .innerJoin(households, eq(households.id, enrollments.householdId))
      .where(
        and(
          eq(enrollments.tenantId, t),
          eq(enrollments.activityId, journee.unit.activityId),
          eq(enrollments.status, 'accepted'),
          ne(households.name, 'Martin'),
        ),
      )
  ).map((r) => r.e);
  const at = new Date('2026-10-01T08:00:00Z');
  const booked = enrolled.flatMap((e) =>
    BOOKED_DAYS.map((day) => ({
      tenantId: t,
      householdId: e.householdId,
      childId: e.childId,
      enrollmentId: e.id,
      activityId: e.activityId,
      periodId: e.periodId,
      unitId: journee.unit.id,
      day,
      status: 'confirmed' as const,
      lateCancellation: false,
      requestedAt: at,
      updatedAt: at,
    })),
  );
  if (booked.length === 0) return;
  await db.insert(bookings).values(booked).onConflictDoNothing();
  await db
    .insert(attendanceMarks)
    .values(
      booked.map((b, i) => ({
        tenantId: t,
        childId: b.childId,
        unitId: b.unitId,
        day: b.day,
        activityId: b.activityId,
        // One child in seven missed a day without notice: an unjustified absence, billed.
        state: i % 7 === 3 ? 'absent' : 'present',
        updatedAt: at,
      })),
    )
    .onConflictDoNothing();

  const [accountant] = await db
    .select({ user: platformUsers, roles: memberships.roles })
    .from(memberships)
    .innerJoin(platformUsers, eq(platformUsers.id, memberships.userId))
    .where(and(eq(memberships.tenantId, t), inArray(platformUsers.email, ['regie@demo.test'])));
  if (!accountant) return;
  const staff = {
    actor: {
      userId: accountant.user.id,
      email: accountant.user.email,
      displayName: accountant.user.displayName,
      isOperator: false,
      membership: null,
    },
    tenant,
    roles: ['accountant'],
    facilityIds: [],
  } as unknown as StaffActor;
  const run = await openRun(db, { staff, now: ISSUE_AT, input: { month: '2026-10' } });
  await startIssue(db, { staff, now: ISSUE_AT, runId: run.id });
  await issueRun(db, { tenantId: t, runId: run.id, now: ISSUE_AT });
}
