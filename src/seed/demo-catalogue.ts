import { eq } from 'drizzle-orm';
import {
  activities,
  activityGroups,
  type Facility,
  periods,
  unitCapacities,
  units,
} from '../features/catalogue/catalogue.schema';
import type { DeadlineRule } from '../features/catalogue/domain/deadlines';
import { suggestGroup } from '../features/enrollments/domain/groups';
import { enrollments } from '../features/enrollments/enrollments.schema';
import type { Db } from '../platform/db/client';

interface SeedChild {
  id: string;
  householdId: string;
  birthDate: string;
  schoolClass: string;
}

const thursdayMidnight: DeadlineRule = { kind: 'weekday_previous_week', weekday: 4, time: '24:00' };
const twoWorkingDays: DeadlineRule = { kind: 'days_before', days: 2, workingDays: true, time: '10:00' };
const dayBefore18h: DeadlineRule = { kind: 'days_before', days: 1, workingDays: false, time: '18:00' };
const weekBeforeNoon: DeadlineRule = { kind: 'days_before', days: 7, workingDays: false, time: '12:00' };
const threeWorkingDaysNoon: DeadlineRule = { kind: 'days_before', days: 3, workingDays: true, time: '12:00' };

/**
 * The demo catalogue: Mercredis and Vacances at Les P'tits Loups (Journée / Matin / Après-midi / Repas),
 * Cantine and Accueil du matin / du soir at École Jean Moulin on school days, an enrollment-only course,
 * groups 3-5 / 6-8 / 9-11 ans, deadlines, capacities; then enrollments: the Martin children accepted,
 * other children accepted until the 3-5 group is full, a waiting list and a few pending requests.
 * Deterministic: no randomness, children taken in the order given.
 */
export async function seedDemoCatalogue(
  tx: Db,
  input: { tenantId: string; loups: Facility; moulin: Facility; children: SeedChild[]; managerId: string },
): Promise<void> {
  const t = input.tenantId;
  const docs = ['Attestation d’assurance extrascolaire', 'Fiche sanitaire de liaison'];
  const [mercredis, vacances, cantine, matin, soir, musique] = await tx
    .insert(activities)
    .values([
      {
        tenantId: t,
        facilityId: input.loups.id,
        name: 'Mercredis',
        kind: 'wednesday',
        description: 'Accueil de loisirs du mercredi, à la journée ou à la demi-journée, avec ou sans repas.',
        enrollmentValidation: 'staff',
        lateChangePolicy: 'request',
        requiredDocuments: docs,
        bookingDeadline: thursdayMidnight,
        cancelDeadline: thursdayMidnight,
      },
      {
        tenantId: t,
        facilityId: input.loups.id,
        name: 'Vacances',
        kind: 'holidays',
        description: 'Accueil de loisirs pendant les vacances scolaires.',
        enrollmentValidation: 'staff',
        requiredDocuments: docs,
        bookingDeadline: weekBeforeNoon,
        cancelDeadline: threeWorkingDaysNoon,
      },
      {
        tenantId: t,
        facilityId: input.moulin.id,
        name: 'Cantine',
        kind: 'canteen',
        enrollmentValidation: 'auto',
        bookingDeadline: twoWorkingDays,
        cancelDeadline: twoWorkingDays,
      },
      {
        tenantId: t,
        facilityId: input.moulin.id,
        name: 'Accueil du matin',
        kind: 'morning',
        enrollmentValidation: 'auto',
        bookingDeadline: dayBefore18h,
        cancelDeadline: dayBefore18h,
      },
      {
        tenantId: t,
        facilityId: input.moulin.id,
        name: 'Accueil du soir',
        kind: 'evening',
        enrollmentValidation: 'auto',
        bookingDeadline: dayBefore18h,
        cancelDeadline: dayBefore18h,
      },
      {
        tenantId: t,
        facilityId: input.loups.id,
        name: 'Éveil musical',
        kind: 'course',
        description: 'Atelier hebdomadaire le mardi soir, sur inscription à l’année.',
        enrollmentOnly: true,
        enrollmentValidation: 'staff',
      },
    ])
    .returning();

  const year = {
    firstDay: '2026-09-01',
    lastDay: '2027-07-02',
    enrollmentFirstDay: '2026-06-01',
    enrollmentLastDay: '2027-06-30',
    bookingFirstDay: '2026-06-15',
    bookingLastDay: '2027-07-02',
  };
  const yearly = await tx
    .insert(periods)
    .values(
      [mercredis!, cantine!, matin!, soir!, musique!].map((a) => ({
        tenantId: t,
        activityId: a.id,
        name: 'Année scolaire 2026-2027',
        ...year,
      })),
    )
    .returning();
  const mercredisYear = yearly[0]!;
  await tx.insert(periods).values(
    [
      {
        name: 'Vacances de Noël 2026',
        firstDay: '2026-12-19',
        lastDay: '2027-01-03',
        enrollmentFirstDay: '2026-10-01',
        enrollmentLastDay: '2026-12-04',
      },
      {
        name: "Vacances d'hiver 2027",
        firstDay: '2027-02-20',
        lastDay: '2027-03-07',
        enrollmentFirstDay: '2026-11-15',
        enrollmentLastDay: '2027-02-05',
      },
      {
        name: 'Vacances de printemps 2027',
        firstDay: '2027-04-17',
        lastDay: '2027-05-02',
        enrollmentFirstDay: '2026-11-01',
        enrollmentLastDay: '2027-03-31',
        // Requests gathered in February, then places allocated by priority (bookings feature).
        allocationMode: 'request_window',
        requestWindowFirstDay: '2027-02-01',
        requestWindowLastDay: '2027-02-28',
      },
      {
        name: "Vacances d'été 2027",
        firstDay: '2027-07-03',
        lastDay: '2027-08-31',
        enrollmentFirstDay: '2027-03-01',
        enrollmentLastDay: '2027-06-15',
      },
    ].map((p) => ({ tenantId: t, activityId: vacances!.id, ...p })),
  );

  // Groups by age on the period's first day.
  const groupRows = (activityId: string, capacities: [number, number, number]) => [
    { tenantId: t, activityId, name: '3-5 ans', minAge: 3, maxAge: 5, capacity: capacities[0] },
    { tenantId: t, activityId, name: '6-8 ans', minAge: 6, maxAge: 8, capacity: capacities[1] },
    { tenantId: t, activityId, name: '9-11 ans', minAge: 9, maxAge: 11, capacity: capacities[2] },
  ];
  const mercrediGroups = await tx
    .insert(activityGroups)
    .values(groupRows(mercredis!.id, [8, 16, 16]))
    .returning();
  await tx.insert(activityGroups).values(groupRows(vacances!.id, [16, 24, 24]));
  await tx
    .insert(activityGroups)
    .values({ tenantId: t, activityId: musique!.id, name: '6-8 ans', minAge: 6, maxAge: 8, capacity: 12 });

  // Journée excludes Matin and Après-midi; Repas requires Matin.
  async function leisureUnits(
    activityId: string,
    weekdays: number[],
    dayType: 'school_days' | 'school_holidays',
  ) {
    const [journee, am, pm, repas] = await tx
      .insert(units)
      .values(
        [
          { name: 'Journée', kind: 'day', startTime: '08:30', endTime: '17:30', position: 0, capacity: 40 },
          {
            name: 'Matin',
            kind: 'half_day',
            startTime: '08:30',
            endTime: '12:00',
            position: 1,
            capacity: 40,
          },
          {
            name: 'Après-midi',
            kind: 'half_day',
            startTime: '13:30',
            endTime: '17:30',
            position: 2,
            capacity: 40,
          },
          { name: 'Repas', kind: 'meal', startTime: '12:00', endTime: '13:30', position: 3, capacity: 40 },
        ].map((u) => ({ tenantId: t, activityId, weekdays, dayType, ...u })),
      )
      .returning();
    await tx
      .update(units)
      .set({ incompatibleUnitIds: [am!.id, pm!.id] })
      .where(eq(units.id, journee!.id));
    await tx
      .update(units)
      .set({ incompatibleUnitIds: [journee!.id] })
      .where(eq(units.id, am!.id));
    await tx
      .update(units)
      .set({ incompatibleUnitIds: [journee!.id] })
      .where(eq(units.id, pm!.id));
    await tx
      .update(units)
      .set({ requiredUnitIds: [am!.id] })
      .where(eq(units.id, repas!.id));
    return { journee: journee!, am: am!, pm: pm!, repas: repas! };
  }
  const wed = await leisureUnits(mercredis!.id, [3], 'school_days');
  await leisureUnits(vacances!.id, [1, 2, 3, 4, 5], 'school_holidays');
  const schoolDays = [1, 2, 4, 5];
  const [canteenMeal] = await tx
    .insert(units)
    .values({
      tenantId: t,
      activityId: cantine!.id,
      name: 'Repas',
      kind: 'meal',
      startTime: '11:45',
      endTime: '13:30',
      weekdays: schoolDays,
      dayType: 'school_days',
      capacity: 180,
    })
    .returning();
  await tx.insert(units).values([
    {
      tenantId: t,
      activityId: matin!.id,
      name: 'Accueil du matin',
      kind: 'time_slot',
      startTime: '07:30',
      endTime: '08:30',
      weekdays: schoolDays,
      dayType: 'school_days',
      capacity: 40,
    },
    {
      tenantId: t,
      activityId: soir!.id,
      name: 'Accueil du soir',
      kind: 'time_slot',
      startTime: '16:30',
      endTime: '18:30',
      weekdays: schoolDays,
      dayType: 'school_days',
      capacity: 50,
    },
    {
      tenantId: t,
      activityId: musique!.id,
      name: 'Atelier',
      kind: 'time_slot',
      startTime: '17:00',
      endTime: '18:00',
      weekdays: [2],
      dayType: 'school_days',
    },
  ]);
  // Per-group daily capacities on Wednesdays; fewer meals the day of the Christmas show.
  await tx.insert(unitCapacities).values([
    ...mercrediGroups.map((g) => ({
      tenantId: t,
      unitId: wed.journee.id,
      groupId: g.id,
      day: null,
      capacity: g.capacity,
    })),
    { tenantId: t, unitId: canteenMeal!.id, groupId: null, day: '2026-12-17', capacity: 120 },
  ]);

  // Enrollments in Mercredis: the Martin children (first two) accepted, then others until the 3-5 group
  // is full; the next 3-5 year olds wait in order; three requests stay pending.
  const requestedAt = new Date('2026-06-02T08:00:00Z');
  const accepted = new Map<string, number>();
  const rows: (typeof enrollments.$inferInsert)[] = [];
  let pending = 0;
  let waiting = 0;
  for (const [i, child] of input.children.entries()) {
    const group = suggestGroup(mercrediGroups, child, mercredisYear.firstDay);
    if (!group) continue;
    const taken = accepted.get(group.id) ?? 0;
    const base = {
      tenantId: t,
      householdId: child.householdId,
      childId: child.id,
      activityId: mercredis!.id,
      periodId: mercredisYear.id,
      groupId: group.id,
      requestedAt: new Date(requestedAt.getTime() + i * 60_000),
    };
    const week = { '3': [wed.am.id, wed.repas.id] };
    if (i >= 2 && pending < 3 && i % 7 === 3) {
      rows.push({
        ...base,
        status: 'pending',
        memo: i === 3 ? 'Mon fils fait la sieste l’après-midi.' : '',
        typicalWeek: week,
      });
      pending++;
    } else if (taken < group.capacity) {
      accepted.set(group.id, taken + 1);
      rows.push({
        ...base,
        status: 'accepted',
        typicalWeek: i % 2 === 0 ? { '3': [wed.journee.id] } : week,
        decidedAt: requestedAt,
        decidedBy: input.managerId,
      });
    } else if (waiting < 4) {
      rows.push({
        ...base,
        status: 'waiting',
        waitingSince: new Date(base.requestedAt.getTime() + 86_400_000),
      });
      waiting++;
    }
  }
  await tx.insert(enrollments).values(rows);
  // The Martin children also eat at the canteen (accepted automatically).
  await tx.insert(enrollments).values(
    input.children.slice(0, 2).map((c) => ({
      tenantId: t,
      householdId: c.householdId,
      childId: c.id,
      activityId: cantine!.id,
      periodId: yearly[1]!.id,
      status: 'accepted',
      typicalWeek: {
        '1': [canteenMeal!.id],
        '2': [canteenMeal!.id],
        '4': [canteenMeal!.id],
        '5': [canteenMeal!.id],
      },
      requestedAt,
      decidedAt: requestedAt,
    })),
  );
}
