/**
 * What happened to each line once the confirmation transaction ran, and the summary page's model:
 * request number, then per child each line with its outcome — confirmed, pending staff validation,
 * waiting list (rank), refused (reason).
 */
import { type BasketLine, lineKey } from './basket';
import { formatDayFr } from './days';
import type { LineDecision } from './rules';
import type { BookingStatus, FinalStatus, UnitRef } from './types';

/** Built once: an Intl.Collator is costly to build (one per call showed in the profiles). */
const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

export interface FinalLine {
  line: BasketLine;
  status: FinalStatus;
  waitingRank: number | null;
  reason: string | null;
}

/**
 * The final status of a decided line. `placeTaken` is the result of the conditional capacity UPDATE
 * for an accepted addition (ignored otherwise); `existing` is the cell's status before the change.
 */
export function settleLine(
  decision: LineDecision,
  ctx: {
    placeTaken: boolean;
    waitingList: boolean;
    existing: BookingStatus | null;
    waitingRank?: number | null;
  },
): FinalLine {
  const { line } = decision;
  const out = (
    status: FinalStatus,
    reason: string | null = null,
    waitingRank: number | null = null,
  ): FinalLine => ({
    line,
    status,
    waitingRank,
    reason,
  });
  if (decision.outcome === 'refused') return out('refused', decision.reason);
  if (line.op === 'add') {
    if (decision.outcome === 'request') return out('requested', decision.reason);
    if (ctx.placeTaken) return out('confirmed');
    return ctx.waitingList
      ? out('waiting', null, ctx.waitingRank ?? null)
      : out('refused', 'Complet : plus de place ce jour-là');
  }
  if (decision.outcome === 'request') return out('cancel-requested', decision.reason);
  return ctx.existing === 'confirmed' ? out('cancelled') : out('withdrawn');
}

export function finalLabel(f: Pick<FinalLine, 'status' | 'waitingRank' | 'reason'>): string {
  switch (f.status) {
    case 'confirmed':
      return 'Réservation confirmée';
    case 'cancelled':
      return 'Annulation confirmée';
    case 'withdrawn':
      return 'Demande retirée';
    case 'requested':
      return 'En attente de validation par le service';
    case 'cancel-requested':
      return 'Annulation en attente de validation par le service';
    case 'waiting':
      return f.waitingRank ? `Liste d'attente, rang ${f.waitingRank}` : "Liste d'attente";
    case 'refused':
      return f.reason ? `Refusé : ${f.reason}` : 'Refusé';
  }
}

export interface SummaryModel {
  requestNumber: string;
  children: {
    childId: string;
    name: string;
    lines: {
      key: string;
      day: string;
      dayLabel: string;
      unitName: string;
      op: 'add' | 'cancel';
      status: FinalStatus;
      label: string;
    }[];
  }[];
  counts: Record<FinalStatus, number>;
}

/** The summary page: children by French name, lines by day then unit order. */
export function summarize(input: {
  requestNumber: string;
  lines: readonly FinalLine[];
  children: readonly { id: string; name: string }[];
  units: readonly UnitRef[];
}): SummaryModel {
  const units = new Map(input.units.map((u) => [u.id, u]));
  const names = new Map(input.children.map((c) => [c.id, c.name]));
  const counts: Record<FinalStatus, number> = {
    confirmed: 0,
    cancelled: 0,
    withdrawn: 0,
    requested: 0,
    'cancel-requested': 0,
    waiting: 0,
    refused: 0,
  };
  const byChild = new Map<string, SummaryModel['children'][number]>();
  const sorted = [...input.lines].sort(
    (a, b) =>
      (a.line.day < b.line.day ? -1 : a.line.day > b.line.day ? 1 : 0) ||
      (units.get(a.line.unitId)?.order ?? Number.MAX_SAFE_INTEGER) -
        (units.get(b.line.unitId)?.order ?? Number.MAX_SAFE_INTEGER) ||
      (a.line.unitId < b.line.unitId ? -1 : a.line.unitId > b.line.unitId ? 1 : 0),
  );
  for (const f of sorted) {
    counts[f.status]++;
    let c = byChild.get(f.line.childId);
    if (!c) {
      c = { childId: f.line.childId, name: names.get(f.line.childId) ?? '', lines: [] };
      byChild.set(f.line.childId, c);
    }
    c.lines.push({
      key: lineKey(f.line),
      day: f.line.day,
      dayLabel: formatDayFr(f.line.day),
      unitName: units.get(f.line.unitId)?.name ?? f.line.unitId,
      op: f.line.op,
      status: f.status,
      label: finalLabel(f),
    });
  }
  return {
    requestNumber: input.requestNumber,
    children: [...byChild.values()].sort(
      (a, b) =>
        collator.compare(a.name, b.name) || (a.childId < b.childId ? -1 : a.childId > b.childId ? 1 : 0),
    ),
    counts,
  };
}
