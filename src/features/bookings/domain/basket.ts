/**
 * The basket: changes a family gathers before confirming them (held on the server, keyed by basket id).
 * A basket is an immutable value; every operation returns a new one with its lines in canonical order
 * (child id, day, unit id — code-point order), so two baskets with the same changes are equal and
 * serialise identically.
 *
 * Tapping a cell toggles: a second tap on the same child × day × unit removes the line, whatever its op
 * (adding then cancelling an unbooked cell is no change at all). Bulk operations and "the same for"
 * siblings *set* lines (never toggle) so that repeating them is harmless.
 */
import type { BasketOp, CellView, TapKind } from './cell-state';
import { eachDay, formatDayFr, formatDeadlineFr, weekdayOf } from './days';
import { type DayRule, type IsoDay, isOnTime, type UnitRef } from './types';

/** Built once: an Intl.Collator is costly to build (one per call showed in the profiles). */
const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

export interface BasketLine {
  childId: string;
  day: IsoDay;
  unitId: string;
  op: BasketOp;
}

export interface Basket {
  readonly lines: readonly BasketLine[];
}

/** A cell of a child's planning as the service computed it (rule + current view from cellState). */
export interface PlanningCell {
  childId: string;
  day: IsoDay;
  unitId: string;
  rule: DayRule | null;
  view: CellView;
}

/** Upper bound of lines in one basket: a school year × 4 units × several children fits well below. */
export const BASKET_MAX_LINES = 3000;

export const emptyBasket: Basket = { lines: [] };

export function lineKey(l: { childId: string; day: IsoDay; unitId: string }): string {
  return `${l.childId}|${l.day}|${l.unitId}`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareLines(a: BasketLine, b: BasketLine): number {
  return cmp(a.childId, b.childId) || cmp(a.day, b.day) || cmp(a.unitId, b.unitId);
}

function fromMap(map: Map<string, BasketLine>): Basket {
  return { lines: [...map.values()].sort(compareLines) };
}

function toMap(basket: Basket): Map<string, BasketLine> {
  return new Map(basket.lines.map((l) => [lineKey(l), l]));
}

/** Builds a basket from stored lines (duplicates keep the last one), in canonical order. */
export function basketOf(lines: readonly BasketLine[]): Basket {
  const map = new Map<string, BasketLine>();
  for (const l of lines) map.set(lineKey(l), { childId: l.childId, day: l.day, unitId: l.unitId, op: l.op });
  return fromMap(map);
}

/** A tap: adds the line, or removes it when the same cell already has a line. */
export function toggle(basket: Basket, line: BasketLine): Basket {
  const map = toMap(basket);
  const key = lineKey(line);
  if (map.has(key)) map.delete(key);
  else map.set(key, { ...line });
  return fromMap(map);
}

/** Sets a line (replacing any line of the same cell). */
export function setLine(basket: Basket, line: BasketLine): Basket {
  const map = toMap(basket);
  map.set(lineKey(line), { ...line });
  return fromMap(map);
}

export function removeLine(basket: Basket, cell: { childId: string; day: IsoDay; unitId: string }): Basket {
  const map = toMap(basket);
  map.delete(lineKey(cell));
  return fromMap(map);
}

/** The pending op of a cell, to show "à ajouter" / "à annuler" on the planning. */
export function pendingOp(
  basket: Basket,
  cell: { childId: string; day: IsoDay; unitId: string },
): BasketOp | null {
  const key = lineKey(cell);
  return basket.lines.find((l) => lineKey(l) === key)?.op ?? null;
}

/**
 * Which cells a bulk action covers.
 * - every open day of the period: `{from: period.firstDay, to: period.lastDay}`;
 * - the days shown: `{from: firstShown, to: lastShown}`;
 * - a typical week: add `pattern` (weekday 1–7 × unit), over the period or the week shown.
 * `units` restricts to some units when there is no pattern.
 */
export interface BulkSelection {
  childId: string;
  from: IsoDay;
  to: IsoDay;
  units?: string[];
  pattern?: { weekday: number; unitId: string }[];
  /** Leave out full cells instead of joining their waiting lists (default: join). */
  skipFull?: boolean;
}

export interface BulkResult {
  basket: Basket;
  /** Lines set by this action. */
  changed: BasketLine[];
}

function selected(cell: PlanningCell, sel: BulkSelection): boolean {
  if (cell.childId !== sel.childId || cell.day < sel.from || cell.day > sel.to) return false;
  if (sel.pattern) {
    const wd = weekdayOf(cell.day);
    return sel.pattern.some((p) => p.weekday === wd && p.unitId === cell.unitId);
  }
  return !sel.units || sel.units.includes(cell.unitId);
}

/**
 * Bulk booking (op 'add') or bulk cancelling (op 'cancel'): sets a line on every selected cell whose tap
 * produces that op; other cells (closed, already booked, past the deadline with no request…) are left out.
 */
export function bulk(
  basket: Basket,
  cells: readonly PlanningCell[],
  sel: BulkSelection,
  op: BasketOp,
): BulkResult {
  const map = toMap(basket);
  const changed: BasketLine[] = [];
  const wanted = new Set<TapKind>(
    op === 'add'
      ? sel.skipFull
        ? ['book', 'request']
        : ['book', 'request', 'join-waiting-list']
      : ['unbook', 'request', 'withdraw'],
  );
  for (const cell of cells) {
    if (!selected(cell, sel) || cell.view.tap.op !== op || !wanted.has(cell.view.tap.kind)) continue;
    const line: BasketLine = { childId: cell.childId, day: cell.day, unitId: cell.unitId, op };
    const key = lineKey(line);
    if (map.get(key)?.op === op) continue;
    map.set(key, line);
    changed.push(line);
  }
  return { basket: fromMap(map), changed: changed.sort(compareLines) };
}

/** Removes the basket lines of a child inside a date range (optionally some units only). */
export function clearRange(
  basket: Basket,
  sel: { childId: string; from: IsoDay; to: IsoDay; units?: string[] },
): Basket {
  return {
    lines: basket.lines.filter(
      (l) =>
        !(
          l.childId === sel.childId &&
          l.day >= sel.from &&
          l.day <= sel.to &&
          (!sel.units || sel.units.includes(l.unitId))
        ),
    ),
  };
}

/** The days of a range that fall on given ISO weekdays (for a typical-week form). */
export function daysOnWeekdays(from: IsoDay, to: IsoDay, weekdays: readonly number[]): IsoDay[] {
  return eachDay(from, to).filter((d) => weekdays.includes(weekdayOf(d)));
}

export interface SiblingSkip {
  line: BasketLine;
  reason: string;
}

/**
 * "The same for" siblings: copies the lines of one child to other children enrolled in the same activity.
 * A line is copied only where the sibling's own cell offers the same op; otherwise it is reported with a
 * French reason (not enrolled that day, closed, already booked…).
 */
export function sameForSiblings(
  basket: Basket,
  fromChildId: string,
  siblings: { childId: string; cells: readonly PlanningCell[] }[],
): { basket: Basket; copied: BasketLine[]; skipped: SiblingSkip[] } {
  const map = toMap(basket);
  const copied: BasketLine[] = [];
  const skipped: SiblingSkip[] = [];
  const source = basket.lines.filter((l) => l.childId === fromChildId);
  for (const sib of [...siblings].sort((a, b) => cmp(a.childId, b.childId))) {
    if (sib.childId === fromChildId) continue;
    const cells = new Map(sib.cells.filter((c) => c.childId === sib.childId).map((c) => [lineKey(c), c]));
    for (const l of source) {
      const line: BasketLine = { ...l, childId: sib.childId };
      const cell = cells.get(lineKey(line));
      if (!cell) {
        skipped.push({ line, reason: 'Pas inscrit à cette activité ce jour-là' });
      } else if (cell.view.tap.op !== l.op) {
        skipped.push({ line, reason: `${cell.view.label} : pas de changement possible` });
      } else if (map.get(lineKey(line))?.op !== l.op) {
        map.set(lineKey(line), line);
        copied.push(line);
      }
    }
  }
  return { basket: fromMap(map), copied: copied.sort(compareLines), skipped };
}

export interface ReviewLine {
  key: string;
  day: IsoDay;
  dayLabel: string;
  unitId: string;
  unitName: string;
  op: BasketOp;
  kind: TapKind;
  /** The tenant deadline of this change (booking or cancellation); null for withdrawing a request. */
  deadline: Date | null;
  deadlineLabel: string | null;
  /** The deadline has passed: the line becomes a request or is refused, per the tenant policy. */
  late: boolean;
  /** The cell no longer offers this change (state changed since it was added): it will be refused. */
  stale: boolean;
}

export interface ReviewChild {
  childId: string;
  name: string;
  additions: ReviewLine[];
  cancellations: ReviewLine[];
}

export interface ReviewModel {
  children: ReviewChild[];
  additions: number;
  cancellations: number;
}

export interface ReviewContext {
  now: Date;
  timeZone: string;
  children: readonly { id: string; name: string }[];
  units: readonly UnitRef[];
  cells: readonly PlanningCell[];
}

/**
 * The review step: lines grouped per child (children by French name order, then id), additions then
 * cancellations, each by day then unit display order, with the deadline that applies to each.
 */
export function reviewBasket(basket: Basket, ctx: ReviewContext): ReviewModel {
  const units = new Map(ctx.units.map((u) => [u.id, u]));
  const unitRank = (id: string) => units.get(id)?.order ?? Number.MAX_SAFE_INTEGER;
  const cells = new Map(ctx.cells.map((c) => [lineKey(c), c]));
  const names = new Map(ctx.children.map((c) => [c.id, c.name]));
  const byChild = new Map<string, ReviewChild>();

  for (const l of basket.lines) {
    const cell = cells.get(lineKey(l));
    const kind: TapKind = cell && cell.view.tap.op === l.op ? cell.view.tap.kind : 'none';
    const stale = kind === 'none';
    const rule = cell?.rule ?? null;
    const deadline = kind === 'withdraw' || !rule ? null : l.op === 'add' ? rule.bookUntil : rule.cancelUntil;
    const line: ReviewLine = {
      key: lineKey(l),
      day: l.day,
      dayLabel: formatDayFr(l.day),
      unitId: l.unitId,
      unitName: units.get(l.unitId)?.name ?? l.unitId,
      op: l.op,
      kind,
      deadline,
      deadlineLabel: deadline ? formatDeadlineFr(deadline, ctx.timeZone) : null,
      late: deadline !== null && !isOnTime(ctx.now, deadline),
      stale,
    };
    let group = byChild.get(l.childId);
    if (!group) {
      group = { childId: l.childId, name: names.get(l.childId) ?? '', additions: [], cancellations: [] };
      byChild.set(l.childId, group);
    }
    (l.op === 'add' ? group.additions : group.cancellations).push(line);
  }

  const byLine = (a: ReviewLine, b: ReviewLine) =>
    cmp(a.day, b.day) || unitRank(a.unitId) - unitRank(b.unitId) || cmp(a.unitId, b.unitId);
  const children = [...byChild.values()].sort(
    (a, b) => collator.compare(a.name, b.name) || cmp(a.childId, b.childId),
  );
  for (const c of children) {
    c.additions.sort(byLine);
    c.cancellations.sort(byLine);
  }
  return {
    children,
    additions: children.reduce((n, c) => n + c.additions.length, 0),
    cancellations: children.reduce((n, c) => n + c.cancellations.length, 0),
  };
}
