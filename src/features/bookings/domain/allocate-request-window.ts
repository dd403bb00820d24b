/**
 * Allocation of places for a period in "request window" mode (rush periods such as the summer).
 *
 * Families submit wishes (child × day × unit) while the window is open; when it closes, one run
 * allocates every place at once:
 *  1. Households are ordered by the tenant's priority criteria, in the tenant's order (each criterion
 *     met ranks before not met): `resident`, `working-parents` (every guardian works), `sibling-placed`
 *     (a child of the household already holds a place in the activity before the run). Ties are broken
 *     by a FAIR DRAW: households sorted by id, then shuffled by Fisher–Yates driven by xoshiro128** (seededRng)
 *     seeded with the run's stored 128-bit seed. Same seed + same wishes → same result, for audit.
 *     The draw is per household, so siblings are never separated by it.
 *  2. Inside a household, children by id; a child's wishes are grouped by ISO week (mode 'child-week',
 *     default) or taken line by line (mode 'line').
 *  3. Groups are served in that order. In 'child-week' mode a group is all-or-nothing: a child gets the
 *     whole week asked for, or nothing of it (a working family cannot use three days of a five-day week,
 *     and keeping partial weeks would waste places others could use fully). In 'line' mode each day ×
 *     unit is served independently.
 *  4. Unserved wishes go to the waiting lists in the same order (`waitingSeq`), stored with the run's
 *     instant as `requestedAt`, so later promotion follows the priority order too. Afterwards waiting
 *     lists are per day × unit as usual.
 * Capacity per day × unit is never exceeded. Because capacity is per day, only groups of the same week
 * compete, and within a week groups are served strictly in priority order: a household of higher
 * priority never loses a place to a lower one for the same day and unit, except in 'child-week' mode
 * when another day of its week was already full with higher-priority children (then it gets none of it).
 */
import { mondayOf } from './days';
import { seededRng, shuffle } from './prng';
import type { IsoDay } from './types';

export const PRIORITY_CRITERIA = ['resident', 'working-parents', 'sibling-placed'] as const;
export type PriorityCriterion = (typeof PRIORITY_CRITERIA)[number];

export const CRITERION_LABELS: Record<PriorityCriterion, string> = {
  resident: 'Famille résidente',
  'working-parents': 'Parents qui travaillent',
  'sibling-placed': 'Frère ou sœur déjà accueilli',
};

export interface WindowHousehold {
  householdId: string;
  resident: boolean;
  workingParents: boolean;
  siblingPlaced: boolean;
}

export interface WindowWish {
  id: string;
  householdId: string;
  childId: string;
  day: IsoDay;
  unitId: string;
  /** The child's group for units with capacity per group ('' or absent: no group). */
  group?: string;
}

export interface AllocationInput {
  /** 32 hex digits stored with the run (see prng.ts). */
  seed: string;
  criteria: readonly PriorityCriterion[];
  mode?: 'child-week' | 'line';
  households: readonly WindowHousehold[];
  wishes: readonly WindowWish[];
  /** Places available per `capacityKey` (day × unit × group) before the run (missing: none). */
  capacity: Readonly<Record<string, number>>;
}

export interface WishResult {
  wishId: string;
  status: 'allocated' | 'waiting';
  /** Order on the waiting list of its day × unit (1-based), null when allocated. */
  waitingSeq: number | null;
}

export interface AllocationResult {
  /** Households in service order, with their draw position and criteria, for the audit record. */
  order: { householdId: string; rank: number; draw: number; criteria: Record<PriorityCriterion, boolean> }[];
  results: WishResult[];
  /** Places left per day × unit. */
  remaining: Record<string, number>;
}

/** Key of a capacity cell: day × unit, × group when the unit has groups (e.g. age groups). */
export function capacityKey(day: IsoDay, unitId: string, group = ''): string {
  return group === '' ? `${day}|${unitId}` : `${day}|${unitId}|${group}`;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function meets(h: WindowHousehold, c: PriorityCriterion): boolean {
  return c === 'resident' ? h.resident : c === 'working-parents' ? h.workingParents : h.siblingPlaced;
}

/** Allocates a request window's places. Pure and deterministic for a given seed and input. */
export function allocateRequestWindow(input: AllocationInput): AllocationResult {
  const mode = input.mode ?? 'child-week';
  const households = new Map(input.households.map((h) => [h.householdId, h]));
  const wishesByHousehold = new Map<string, WindowWish[]>();
  const seen = new Set<string>();
  for (const w of [...input.wishes].sort((a, b) => cmp(a.id, b.id))) {
    // One wish per child × day × unit (the oldest id wins); a wish of an unknown household is ignored.
    const k = `${w.childId}|${w.day}|${w.unitId}`;
    if (seen.has(k) || !households.has(w.householdId)) continue;
    seen.add(k);
    wishesByHousehold.set(w.householdId, [...(wishesByHousehold.get(w.householdId) ?? []), w]);
  }

  const drawn = shuffle([...households.keys()].sort(cmp), seededRng(input.seed));
  const drawPos = new Map(drawn.map((id, i) => [id, i + 1]));
  const key = (h: WindowHousehold) => input.criteria.map((c) => (meets(h, c) ? 0 : 1));
  const ordered = [...households.values()].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
    return drawPos.get(a.householdId)! - drawPos.get(b.householdId)!;
  });

  const remaining: Record<string, number> = {};
  for (const [k, v] of Object.entries(input.capacity)) remaining[k] = Math.max(0, Math.floor(v));
  const waitingCount: Record<string, number> = {};
  const results: WishResult[] = [];

  for (const h of ordered) {
    const wishes = (wishesByHousehold.get(h.householdId) ?? []).sort(
      (a, b) => cmp(a.childId, b.childId) || cmp(a.day, b.day) || cmp(a.unitId, b.unitId),
    );
    const groups = new Map<string, WindowWish[]>();
    for (const w of wishes) {
      const g =
        mode === 'child-week' ? `${w.childId}|${mondayOf(w.day)}` : `${w.childId}|${w.day}|${w.unitId}`;
      groups.set(g, [...(groups.get(g) ?? []), w]);
    }
    for (const group of groups.values()) {
      const fits = group.every((w) => (remaining[capacityKey(w.day, w.unitId, w.group)] ?? 0) > 0);
      for (const w of group) {
        const ck = capacityKey(w.day, w.unitId, w.group);
        if (fits) {
          remaining[ck] = (remaining[ck] ?? 0) - 1;
          results.push({ wishId: w.id, status: 'allocated', waitingSeq: null });
        } else {
          waitingCount[ck] = (waitingCount[ck] ?? 0) + 1;
          results.push({ wishId: w.id, status: 'waiting', waitingSeq: waitingCount[ck]! });
        }
      }
    }
  }

  return {
    order: ordered.map((h, i) => ({
      householdId: h.householdId,
      rank: i + 1,
      draw: drawPos.get(h.householdId)!,
      criteria: Object.fromEntries(PRIORITY_CRITERIA.map((c) => [c, meets(h, c)])) as Record<
        PriorityCriterion,
        boolean
      >,
    })),
    results: results.sort((a, b) => cmp(a.wishId, b.wishId)),
    remaining,
  };
}
