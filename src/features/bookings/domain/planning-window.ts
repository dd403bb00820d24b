/**
 * The window of days a planning shows (a week or a month) and the navigation inside the period.
 * A week runs Monday → Sunday, a month from its first to its last day; days outside the period are
 * still listed (the view shows them closed) but navigation never leaves the period.
 */
import { addDays, eachDay, mondayOf } from './days';
import type { IsoDay } from './types';

export type PlanningView = 'week' | 'month';

export interface PlanningWindow {
  view: PlanningView;
  from: IsoDay;
  to: IsoDay;
  days: { day: IsoDay; inPeriod: boolean }[];
  /** Anchor day of the previous / next window, null at the period's edges. */
  prev: IsoDay | null;
  next: IsoDay | null;
  /** French heading: "Semaine du 9 au 15 mars 2026", "Mars 2026". */
  label: string;
}

const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

function parts(day: IsoDay) {
  return { y: Number(day.slice(0, 4)), m: Number(day.slice(5, 7)), d: Number(day.slice(8, 10)) };
}

function firstOfMonth(day: IsoDay): IsoDay {
  return `${day.slice(0, 7)}-01`;
}

function lastOfMonth(day: IsoDay): IsoDay {
  const { y, m } = parts(day);
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return addDays(next, -1);
}

/** Clamps a day into the period. */
export function clampToPeriod(day: IsoDay, period: { firstDay: IsoDay; lastDay: IsoDay }): IsoDay {
  return day < period.firstDay ? period.firstDay : day > period.lastDay ? period.lastDay : day;
}

function weekLabel(from: IsoDay, to: IsoDay): string {
  const a = parts(from);
  const b = parts(to);
  const day = (p: { d: number }) => (p.d === 1 ? '1er' : String(p.d));
  if (a.y !== b.y)
    return `Semaine du ${day(a)} ${MONTHS[a.m - 1]} ${a.y} au ${day(b)} ${MONTHS[b.m - 1]} ${b.y}`;
  if (a.m !== b.m) return `Semaine du ${day(a)} ${MONTHS[a.m - 1]} au ${day(b)} ${MONTHS[b.m - 1]} ${b.y}`;
  return `Semaine du ${day(a)} au ${day(b)} ${MONTHS[b.m - 1]} ${b.y}`;
}

/** The window containing `anchor` (clamped into the period first). */
export function planningWindow(
  view: PlanningView,
  anchor: IsoDay,
  period: { firstDay: IsoDay; lastDay: IsoDay },
): PlanningWindow {
  const at = clampToPeriod(anchor, period);
  const from = view === 'week' ? mondayOf(at) : firstOfMonth(at);
  const to = view === 'week' ? addDays(from, 6) : lastOfMonth(at);
  const prevAnchor = view === 'week' ? addDays(from, -7) : firstOfMonth(addDays(from, -1));
  const nextAnchor = addDays(to, 1);
  const prevEnd = addDays(from, -1);
  const { y, m } = parts(from);
  const month = MONTHS[m - 1]!;
  return {
    view,
    from,
    to,
    days: eachDay(from, to).map((day) => ({
      day,
      inPeriod: day >= period.firstDay && day <= period.lastDay,
    })),
    prev: prevEnd >= period.firstDay ? clampToPeriod(prevAnchor, period) : null,
    next: nextAnchor <= period.lastDay ? nextAnchor : null,
    label: view === 'week' ? weekLabel(from, to) : `${month[0]!.toUpperCase()}${month.slice(1)} ${y}`,
  };
}
