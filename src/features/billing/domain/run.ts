/**
 * The monthly run's draft, pure: outcomes of the month + tariff versions + households → lines grouped
 * per child × unit × kind × price, and the staff's adjustments applied on top (ADR 0019).
 */
import {
  type BilledReason,
  euros,
  type Outcome,
  priceDay,
  qfOn,
  type TariffRule,
  versionOn,
} from './pricing';

export interface OutcomeRow {
  childId: string;
  day: string;
  unitId: string;
  activityId: string;
  householdId: string;
  outcome: Outcome;
}

export interface VersionRow {
  id: string;
  unitId: string;
  validFrom: string;
  rule: TariffRule;
  taxEligible: boolean;
}

export interface HouseholdInfo {
  resident: boolean;
  /** QF history (value from a day); the current value without a date counts from the beginning. */
  qfHistory: { value: number; validFrom: string }[];
}

export interface ChildInfo {
  name: string;
  birthDate: string | null;
}

export interface UnitInfo {
  activityName: string;
  unitName: string;
}

export type DraftKind = 'service' | 'surcharge';

export interface DraftLine {
  householdId: string;
  childId: string;
  childName: string;
  childBirthDate: string | null;
  activityId: string;
  unitId: string;
  kind: DraftKind;
  label: string;
  days: string[];
  quantity: number;
  unitPriceCents: number;
  amountCents: number;
  pricingNote: string;
  taxEligible: boolean;
}

export interface DraftResult {
  lines: DraftLine[];
  /** Billable days that have no tariff version (not billed; shown to staff). */
  unpriced: { childId: string; unitId: string; day: string; householdId: string }[];
}

const REASON_SUFFIX: Record<BilledReason, (u: string) => string> = {
  present: (u) => u,
  unjustified: (u) => `${u} (absences non justifiées)`,
  unbooked: (u) => `${u} (présent sans réservation)`,
  'unbooked-surcharge': (u) => `Majoration présent sans réservation — ${u}`,
  'late-cancellation': (u) => `Annulation tardive — ${u}`,
};

/**
 * Sibling rank per child: within each household, the children with at least one billable day of the
 * month, eldest first (birth date, then id for twins); the eldest is 1.
 */
export function siblingRanks(
  outcomes: readonly OutcomeRow[],
  children: ReadonlyMap<string, ChildInfo>,
): Map<string, number> {
  const perHousehold = new Map<string, Set<string>>();
  for (const o of outcomes) {
    if (o.outcome === 'justified-absence') continue;
    const s = perHousehold.get(o.householdId) ?? new Set<string>();
    perHousehold.set(o.householdId, s);
    s.add(o.childId);
  }
  const out = new Map<string, number>();
  for (const [hh, kids] of perHousehold) {
    const sorted = [...kids].sort((a, b) => {
      const da = children.get(a)?.birthDate ?? '9999-12-31';
      const db = children.get(b)?.birthDate ?? '9999-12-31';
      return da.localeCompare(db) || a.localeCompare(b);
    });
    for (const [i, c] of sorted.entries()) out.set(`${hh}|${c}`, i + 1);
  }
  return out;
}

/** Builds the draft lines of a month. Each day is priced by the version valid that day. */
export function buildDraft(input: {
  outcomes: readonly OutcomeRow[];
  versions: ReadonlyMap<string, VersionRow[]>;
  households: ReadonlyMap<string, HouseholdInfo>;
  children: ReadonlyMap<string, ChildInfo>;
  units: ReadonlyMap<string, UnitInfo>;
}): DraftResult {
  const ranks = siblingRanks(input.outcomes, input.children);
  const groups = new Map<string, DraftLine>();
  const unpriced: DraftResult['unpriced'] = [];
  for (const o of input.outcomes) {
    if (o.outcome === 'justified-absence') continue;
    const hh = input.households.get(o.householdId);
    if (!hh) continue;
    const version = versionOn(input.versions.get(o.unitId) ?? [], o.day);
    if (!version) {
      unpriced.push({ childId: o.childId, unitId: o.unitId, day: o.day, householdId: o.householdId });
      continue;
    }
    const items = priceDay({
      rule: version.rule,
      qf: qfOn(hh.qfHistory, o.day),
      resident: hh.resident,
      siblingRank: ranks.get(`${o.householdId}|${o.childId}`) ?? 1,
      outcome: o.outcome,
    });
    for (const it of items) {
      const key = [o.householdId, o.childId, o.unitId, it.kind, it.reason, it.unitPriceCents, it.note].join(
        '|',
      );
      let line = groups.get(key);
      if (!line) {
        const u = input.units.get(o.unitId);
        const child = input.children.get(o.childId);
        const unitLabel = u ? `${u.activityName} — ${u.unitName}` : 'Prestation';
        line = {
          householdId: o.householdId,
          childId: o.childId,
          childName: child?.name ?? '',
          childBirthDate: child?.birthDate ?? null,
          activityId: o.activityId,
          unitId: o.unitId,
          kind: it.kind,
          label: REASON_SUFFIX[it.reason](unitLabel),
          days: [],
          quantity: 0,
          unitPriceCents: it.unitPriceCents,
          amountCents: 0,
          pricingNote: it.note,
          // Surcharges and penalties are excluded from the tax certificate (art. 200 quater B CGI).
          taxEligible: it.kind === 'service' && version.taxEligible,
        };
        groups.set(key, line);
      }
      line.days.push(o.day);
      line.quantity += 1;
      line.amountCents += it.unitPriceCents;
    }
  }
  const lines = [...groups.values()];
  for (const l of lines) l.days.sort();
  lines.sort(
    (a, b) =>
      a.householdId.localeCompare(b.householdId) ||
      a.childName.localeCompare(b.childName, 'fr') ||
      a.childId.localeCompare(b.childId) ||
      a.label.localeCompare(b.label, 'fr') ||
      a.kind.localeCompare(b.kind) ||
      a.days[0]!.localeCompare(b.days[0]!),
  );
  return { lines, unpriced };
}

export interface Adjustment {
  childId: string;
  unitId: string;
  kind: DraftKind;
  action: 'exclude' | 'amount';
  amountCents: number | null;
  reason: string;
}

export interface IssuedLine {
  kind: 'service' | 'surcharge' | 'adjustment';
  childId: string;
  childName: string;
  childBirthDate: string | null;
  activityId: string;
  unitId: string;
  label: string;
  days: string[];
  quantity: number;
  unitPriceCents: number;
  amountCents: number;
  pricingNote: string;
  taxEligible: boolean;
}

export const groupKey = (l: { childId: string; unitId: string; kind: string }) =>
  `${l.childId}|${l.unitId}|${l.kind}`;

/**
 * One household's invoice lines: its draft lines with the staff's decisions applied. An excluded group
 * disappears; a group billed at another amount keeps its computed lines (the invoice stays explicable)
 * followed by one adjustment line of the difference, labelled with the reason.
 */
export function applyAdjustments(
  lines: readonly DraftLine[],
  adjustments: readonly Adjustment[],
): IssuedLine[] {
  const byKey = new Map(adjustments.map((a) => [groupKey(a), a]));
  const out: IssuedLine[] = [];
  const done = new Set<string>();
  for (const l of lines) {
    const k = groupKey(l);
    const adj = byKey.get(k);
    if (adj?.action === 'exclude') continue;
    out.push({ ...l });
    if (adj?.action !== 'amount' || done.has(k)) continue;
    // After the group's last line: the difference between the chosen and the computed amount.
    const group = lines.filter((x) => groupKey(x) === k);
    if (group[group.length - 1] !== l) continue;
    done.add(k);
    const computed = group.reduce((s, x) => s + x.amountCents, 0);
    const diff = (adj.amountCents ?? 0) - computed;
    if (diff === 0) continue;
    out.push({
      kind: 'adjustment',
      childId: l.childId,
      childName: l.childName,
      childBirthDate: l.childBirthDate,
      activityId: l.activityId,
      unitId: l.unitId,
      label: `Ajustement : ${adj.reason}`,
      days: [],
      quantity: 1,
      unitPriceCents: diff,
      amountCents: diff,
      pricingNote: `Montant retenu ${euros(adj.amountCents ?? 0)} au lieu de ${euros(computed)}`,
      taxEligible: group.some((x) => x.taxEligible),
    });
  }
  return out;
}

export const totalOf = (lines: readonly { amountCents: number }[]) =>
  lines.reduce((s, l) => s + l.amountCents, 0);
