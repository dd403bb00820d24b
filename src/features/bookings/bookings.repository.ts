import { and, asc, eq, gte, inArray, lte, ne, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { units } from '../catalogue/catalogue.schema';
import { children } from '../households/households.schema';
import { bookingCapacity, bookingSettings, bookings, requestCounters } from './bookings.schema';
import type { BookingStatus, IsoDay } from './domain/types';
import { waitingRanks } from './domain/waiting-list';

export interface BookingSettings {
  waitingList: boolean;
  reminderDays: number;
  priorityCriteria: string[];
  allocationMode: 'week' | 'line';
}

export const DEFAULT_BOOKING_SETTINGS: BookingSettings = {
  waitingList: true,
  reminderDays: 7,
  priorityCriteria: ['resident', 'working-parents', 'sibling-placed'],
  allocationMode: 'week',
};

export async function loadBookingSettings(db: Db, tenantId: string): Promise<BookingSettings> {
  const [row] = await db.select().from(bookingSettings).where(eq(bookingSettings.tenantId, tenantId));
  if (!row) return DEFAULT_BOOKING_SETTINGS;
  return {
    waitingList: row.waitingList,
    reminderDays: row.reminderDays,
    priorityCriteria: row.priorityCriteria,
    allocationMode: row.allocationMode === 'line' ? 'line' : 'week',
  };
}

/** A stored booking as the planning needs it (cancelled rows left out). */
export interface StoredCell {
  id: string;
  childId: string;
  day: IsoDay;
  unitId: string;
  groupKey: string;
  status: BookingStatus;
  kind: string;
  waitingRank: number | null;
  reason: string | null;
}

/** The bookings of some children over a range of days, with waiting-list ranks. */
export async function bookingsOfChildren(
  db: Db,
  tenantId: string,
  childIds: readonly string[],
  from: IsoDay,
  to: IsoDay,
): Promise<StoredCell[]> {
  if (childIds.length === 0) return [];
  const rows = await db
    .select({
      id: bookings.id,
      childId: bookings.childId,
      day: bookings.day,
      unitId: bookings.unitId,
      groupKey: bookings.groupKey,
      status: bookings.status,
      kind: bookings.kind,
      reason: bookings.reason,
    })
    .from(bookings)
    .where(
      and(
        eq(bookings.tenantId, tenantId),
        inArray(bookings.childId, [...childIds]),
        gte(bookings.day, from),
        lte(bookings.day, to),
        ne(bookings.status, 'cancelled'),
      ),
    );
  const waiting = rows.filter((r) => r.status === 'waiting');
  const ranks = await waitingRanksOf(db, tenantId, waiting);
  return rows.map((r) => ({
    ...r,
    status: r.status as BookingStatus,
    waitingRank: r.status === 'waiting' ? (ranks.get(r.id) ?? null) : null,
  }));
}

/**
 * Ranks (1-based) of waiting rows on their cell's list, in promotion order (ADR 0005: requested_at,
 * seq, id — uuid order in PostgreSQL is the order of their lower-case text, as in waiting-list.ts).
 * One count per row, on the cell index, so a confirmation during a rush does not read whole lists.
 */
export async function waitingRanksOf(
  db: Db,
  tenantId: string,
  rows: readonly { id: string; unitId: string; day: IsoDay; groupKey: string }[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (rows.length === 0) return out;
  const ids = rows.map((r) => r.id);
  const res = await db.execute<{ id: string; rank: number }>(sql`
    select b.id, (
      select count(*)::int from bookings w
       where w.tenant_id = b.tenant_id and w.unit_id = b.unit_id and w.day = b.day
         and w.group_key = b.group_key and w.status = 'waiting'
         and (w.requested_at, w.seq, w.id) <= (b.requested_at, b.seq, b.id)
    ) as rank
      from bookings b
     where b.tenant_id = ${tenantId} and b.status = 'waiting'
       and b.id in (${sql.join(
         ids.map((id) => sql`${id}::uuid`),
         sql`, `,
       )})`);
  for (const r of (res as unknown as { rows: { id: string; rank: number }[] }).rows)
    out.set(r.id, Number(r.rank));
  return out;
}

export interface CapacityCell {
  unitId: string;
  day: IsoDay;
  groupKey: string;
  /** Configured capacity (null: unlimited). */
  capacity: number | null;
}

export const capacityKey = (c: { unitId: string; day: IsoDay; groupKey: string }) =>
  `${c.unitId}|${c.day}|${c.groupKey}`;

/** Places left per cell: the capacity row when it exists, else capacity − confirmed bookings. */
export async function remainingPlaces(
  db: Db,
  tenantId: string,
  cells: readonly CapacityCell[],
): Promise<Map<string, number | null>> {
  const out = new Map<string, number | null>();
  const limited = cells.filter((c) => c.capacity !== null);
  for (const c of cells) if (c.capacity === null) out.set(capacityKey(c), null);
  if (limited.length === 0) return out;
  const unitIds = [...new Set(limited.map((c) => c.unitId))];
  const days = limited.map((c) => c.day).sort();
  const range = and(
    eq(bookingCapacity.tenantId, tenantId),
    inArray(bookingCapacity.unitId, unitIds),
    gte(bookingCapacity.day, days[0]!),
    lte(bookingCapacity.day, days[days.length - 1]!),
  );
  const [rows, counts] = await Promise.all([
    db.select().from(bookingCapacity).where(range),
    db
      .select({
        unitId: bookings.unitId,
        day: bookings.day,
        groupKey: bookings.groupKey,
        n: sql<number>`count(*)::int`,
      })
      .from(bookings)
      .where(
        and(
          eq(bookings.tenantId, tenantId),
          inArray(bookings.unitId, unitIds),
          gte(bookings.day, days[0]!),
          lte(bookings.day, days[days.length - 1]!),
          eq(bookings.status, 'confirmed'),
        ),
      )
      .groupBy(bookings.unitId, bookings.day, bookings.groupKey),
  ]);
  const stored = new Map(rows.map((r) => [capacityKey(r), r.remaining]));
  const confirmed = new Map(counts.map((r) => [capacityKey(r), Number(r.n)]));
  for (const c of limited) {
    const k = capacityKey(c);
    out.set(k, stored.get(k) ?? Math.max(0, (c.capacity ?? 0) - (confirmed.get(k) ?? 0)));
  }
  return out;
}

/**
 * What a planning needs from the database in ONE statement: the children's stored bookings over the days
 * (with waiting-list ranks, as `bookingsOfChildren`) and the places left of the limited cells (as
 * `remainingPlaces`: the capacity row, else capacity − confirmed bookings, counted only when the row is
 * missing).
 */
export async function planningReads(
  db: Db,
  tenantId: string,
  childIds: readonly string[],
  from: IsoDay,
  to: IsoDay,
  cells: readonly CapacityCell[],
): Promise<{ stored: StoredCell[]; remaining: Map<string, number | null> }> {
  const remaining = new Map<string, number | null>();
  const limited = new Map<string, CapacityCell>();
  for (const c of cells) {
    if (c.capacity === null) remaining.set(capacityKey(c), null);
    else limited.set(capacityKey(c), c);
  }
  if (childIds.length === 0 && limited.size === 0) return { stored: [], remaining };
  const storedSql =
    childIds.length === 0
      ? sql`'[]'::json`
      : sql`(select coalesce(json_agg(json_build_object(
          'id', b.id, 'childId', b.child_id, 'day', b.day, 'unitId', b.unit_id, 'groupKey', b.group_key,
          'status', b.status, 'kind', b.kind, 'reason', b.reason,
          'waitingRank', case when b.status = 'waiting' then (
            select count(*)::int from bookings w
             where w.tenant_id = b.tenant_id and w.unit_id = b.unit_id and w.day = b.day
               and w.group_key = b.group_key and w.status = 'waiting'
               and (w.requested_at, w.seq, w.id) <= (b.requested_at, b.seq, b.id)) end)), '[]')
          from bookings b
         where b.tenant_id = ${tenantId}
           and b.child_id in (${sql.join(
             childIds.map((id) => sql`${id}::uuid`),
             sql`, `,
           )})
           and b.day >= ${from}::date and b.day <= ${to}::date and b.status <> 'cancelled')`;
  const remainingSql =
    limited.size === 0
      ? sql`'[]'::json`
      : sql`(select coalesce(json_agg(json_build_object('k', w.k, 'remaining',
            coalesce(c.remaining, greatest(0, w.capacity - (
              select count(*)::int from bookings x
               where x.tenant_id = ${tenantId} and x.unit_id = w.unit_id and x.day = w.day
                 and x.group_key = w.group_key and x.status = 'confirmed'))))), '[]')
          from (values ${sql.join(
            [...limited].map(
              ([k, c]) =>
                sql`(${k}, ${c.unitId}::uuid, ${c.day}::date, ${c.groupKey}::text, ${c.capacity}::int)`,
            ),
            sql`, `,
          )}) as w(k, unit_id, day, group_key, capacity)
          left join booking_capacity c
            on c.tenant_id = ${tenantId} and c.unit_id = w.unit_id and c.day = w.day and c.group_key = w.group_key)`;
  const res = await db.execute(sql`select ${storedSql} as stored, ${remainingSql} as remaining`);
  const row = (
    res as unknown as {
      rows: {
        stored: (Omit<StoredCell, 'status'> & { status: string })[];
        remaining: { k: string; remaining: number }[];
      }[];
    }
  ).rows[0]!;
  for (const r of row.remaining) remaining.set(r.k, Number(r.remaining));
  return {
    stored: row.stored.map((r) => ({
      ...r,
      status: r.status as BookingStatus,
      waitingRank: r.status === 'waiting' ? (r.waitingRank ?? null) : null,
    })),
    remaining,
  };
}

/**
 * Creates the capacity row of a cell if missing: remaining = capacity − bookings already confirmed
 * (a unit may have been unlimited before). Concurrent creators are harmless (ON CONFLICT DO NOTHING).
 */
export async function ensureCapacityRow(db: Db, tenantId: string, cell: CapacityCell & { capacity: number }) {
  await db.execute(sql`
    insert into booking_capacity (tenant_id, unit_id, day, group_key, capacity, remaining)
    select ${tenantId}, ${cell.unitId}, ${cell.day}, ${cell.groupKey}, ${cell.capacity},
           least(${cell.capacity}, greatest(0, ${cell.capacity} - count(*)::int))
      from bookings
     where tenant_id = ${tenantId} and unit_id = ${cell.unitId} and day = ${cell.day}
       and group_key = ${cell.groupKey} and status = 'confirmed'
    on conflict do nothing`);
}

/**
 * Takes one place in ONE statement, inside the caller's transaction (ADR 0005): an upsert that either
 * creates the cell's capacity row with one place already taken (remaining = capacity − confirmed − 1, when
 * a place is left; the row is created full otherwise, as `ensureCapacityRow` would), or decrements the
 * existing row on the condition `remaining > 0`. ON CONFLICT DO UPDATE locks the row and evaluates the
 * condition on its latest committed version, so concurrent takers queue on the row lock and re-check,
 * exactly as the conditional UPDATE did; the lock is held to commit.
 */
export async function takePlace(db: Db, tenantId: string, cell: CapacityCell & { capacity: number }) {
  const res = await db.execute<{ inserted: boolean; n: number }>(sql`
    with confirmed as (
      select count(*)::int as n from bookings
       where tenant_id = ${tenantId} and unit_id = ${cell.unitId} and day = ${cell.day}
         and group_key = ${cell.groupKey} and status = 'confirmed'
    ), up as (
      insert into booking_capacity as c (tenant_id, unit_id, day, group_key, capacity, remaining)
      select ${tenantId}, ${cell.unitId}, ${cell.day}, ${cell.groupKey}, ${cell.capacity},
             greatest(0, least(${cell.capacity}, ${cell.capacity} - n) - 1)
        from confirmed
      on conflict (tenant_id, unit_id, day, group_key)
      do update set remaining = c.remaining - 1 where c.remaining > 0
      returning (c.xmax = 0) as inserted
    )
    select up.inserted, confirmed.n from up, confirmed`);
  const row = (res as unknown as { rows: { inserted: boolean; n: number }[] }).rows[0];
  if (!row) return false; // the row exists and is full
  // Updated: a place was taken. Inserted: taken only if the count left one.
  return !row.inserted || cell.capacity - Number(row.n) > 0;
}

/** Gives a place back (a confirmed booking cancelled); true when a place was actually freed. */
export async function freePlace(
  db: Db,
  tenantId: string,
  cell: { unitId: string; day: IsoDay; groupKey: string },
) {
  const rows = await db
    .update(bookingCapacity)
    .set({ remaining: sql`${bookingCapacity.remaining} + 1` })
    .where(
      and(
        eq(bookingCapacity.tenantId, tenantId),
        eq(bookingCapacity.unitId, cell.unitId),
        eq(bookingCapacity.day, cell.day),
        eq(bookingCapacity.groupKey, cell.groupKey),
        sql`${bookingCapacity.remaining} < ${bookingCapacity.capacity}`,
      ),
    )
    .returning({ remaining: bookingCapacity.remaining });
  return rows.length === 1;
}

/**
 * Next request number of the tenant's year, in its own short statement (autocommit, before the
 * confirmation transaction) so the hot counter row is never locked for a whole confirmation.
 */
export async function nextRequestSeq(db: Db, tenantId: string, year: number): Promise<number> {
  const [row] = await db
    .insert(requestCounters)
    .values({ tenantId, year, last: 1 })
    .onConflictDoUpdate({
      target: [requestCounters.tenantId, requestCounters.year],
      set: { last: sql`${requestCounters.last} + 1` },
    })
    .returning({ last: requestCounters.last });
  return row!.last;
}

/** Confirmed bookings of a household from a day on (iCalendar feed). */
export async function confirmedBookingsOfHousehold(
  db: Db,
  tenantId: string,
  householdId: string,
  from: IsoDay,
) {
  return db
    .select()
    .from(bookings)
    .where(
      and(
        eq(bookings.tenantId, tenantId),
        eq(bookings.householdId, householdId),
        eq(bookings.status, 'confirmed'),
        gte(bookings.day, from),
      ),
    )
    .orderBy(asc(bookings.day));
}

/** A household's live bookings from a day on (staff 360° view), with child and unit names. */
export async function upcomingBookingsOfHousehold(
  db: Db,
  tenantId: string,
  householdId: string,
  from: IsoDay,
  limit = 60,
) {
  return db
    .select({
      id: bookings.id,
      day: bookings.day,
      status: bookings.status,
      kind: bookings.kind,
      childFirstName: children.firstName,
      unitName: units.name,
    })
    .from(bookings)
    .innerJoin(children, eq(children.id, bookings.childId))
    .innerJoin(units, eq(units.id, bookings.unitId))
    .where(
      and(
        eq(bookings.tenantId, tenantId),
        eq(bookings.householdId, householdId),
        gte(bookings.day, from),
        inArray(bookings.status, ['confirmed', 'requested', 'cancel-requested', 'waiting']),
      ),
    )
    .orderBy(asc(bookings.day), asc(children.firstName), asc(units.position))
    .limit(limit);
}
