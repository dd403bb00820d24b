/**
 * Validation of a whole basket at confirmation, on the server clock, against:
 *  - the day rules (accepted enrollment, unit open, unit not started),
 *  - the existing bookings of the cell (nothing to cancel, already booked…),
 *  - the deadlines (late → 'request' or refused, per tenant policy; deadlines exclusive),
 *  - the unit rules of each child × day, considering existing bookings AND the basket together:
 *    incompatible units (Journée excludes Matin) and required units (Repas needs Matin).
 *
 * Outcomes: 'accept' (the service then takes a place: confirmed, or waiting list when full),
 * 'request' (pending staff validation, no place taken), 'refused' (with a code and a French reason).
 *
 * Unit rules are applied until nothing changes (refusing one line can refuse another: a refused
 * cancellation of Matin keeps Matin, so an added Journée now conflicts). Each pass only lowers
 * outcomes (accept → request → refused), so it terminates. Conservative reading:
 *  - for incompatibility, a unit counts as present if it is added (accepted or requested), or exists as
 *    confirmed, requested, cancellation-requested or waiting and is not cancelled by an accepted line;
 *  - for a requirement, it is satisfied by an existing confirmed booking not being cancelled, or by an
 *    added line of the basket (recorded in `dependsOn`; when that line is only a request, the dependent
 *    line becomes a request too, so staff decide both together).
 *  - cancelling a unit that another kept unit requires is refused; when the dependent's cancellation is
 *    a request, the required one's cancellation becomes a request too.
 */
import { type BasketLine, lineKey } from './basket';
import { formatDeadlineFr } from './days';
import {
  type BookingPolicy,
  type BookingStatus,
  type DayRule,
  type FinalStatus,
  type IsoDay,
  isOnTime,
  liveStatus,
  type UnitRef,
} from './types';

export type LineOutcome = 'accept' | 'request' | 'refused';

export type RefusalCode =
  | 'unknown-unit'
  | 'not-enrolled'
  | 'closed'
  | 'started'
  | 'too-late'
  | 'already-booked'
  | 'nothing-to-cancel'
  | 'cancel-pending'
  | 'incompatible'
  | 'requirement-missing'
  | 'required-by';

export interface LineDecision {
  line: BasketLine;
  key: string;
  outcome: LineOutcome;
  code: RefusalCode | null;
  /** French reason of a refusal (or of a request: "Hors délai…"), null when accepted. */
  reason: string | null;
  /** Keys of added basket lines this line needs (its required units added in the same basket). */
  dependsOn: string[];
}

export interface ExistingRow {
  childId: string;
  day: IsoDay;
  unitId: string;
  status: BookingStatus;
}

export interface RulesInput {
  now: Date;
  timeZone: string;
  policy: Pick<BookingPolicy, 'lateBooking' | 'lateCancellation'>;
  units: readonly UnitRef[];
  lines: readonly BasketLine[];
  /** Existing bookings of the children × days concerned (every unit of those days). */
  existing: readonly ExistingRow[];
  /** The rule of a child × day × unit; null when no accepted enrollment covers it. */
  ruleOf(childId: string, day: IsoDay, unitId: string): DayRule | null;
}

const RANK: Record<LineOutcome, number> = { accept: 2, request: 1, refused: 0 };

function base(
  line: BasketLine,
  input: RulesInput,
  units: Map<string, UnitRef>,
  status: BookingStatus | null,
) {
  const refuse = (code: RefusalCode, reason: string) => ({ outcome: 'refused' as const, code, reason });
  const accept = { outcome: 'accept' as const, code: null, reason: null };
  if (!units.has(line.unitId)) return refuse('unknown-unit', 'Unité inconnue pour cette activité');
  const rule = input.ruleOf(line.childId, line.day, line.unitId);
  if (!rule) return refuse('not-enrolled', 'Pas d’inscription acceptée pour cette date');
  if (!rule.open) return refuse('closed', 'Pas d’accueil ce jour-là');
  if (!isOnTime(input.now, rule.startsAt)) return refuse('started', 'Cette date est passée');

  if (line.op === 'add') {
    switch (status) {
      case 'confirmed':
        return refuse('already-booked', 'Déjà réservé');
      case 'requested':
        return refuse('already-booked', 'Une demande est déjà en attente pour cette date');
      case 'waiting':
        return refuse('already-booked', 'Déjà sur liste d’attente pour cette date');
      case 'cancel-requested':
        return refuse('cancel-pending', 'Une annulation est en attente de validation pour cette date');
    }
    if (isOnTime(input.now, rule.bookUntil)) return accept;
    const until = formatDeadlineFr(rule.bookUntil, input.timeZone);
    return input.policy.lateBooking === 'request'
      ? {
          outcome: 'request' as const,
          code: null,
          reason: `Hors délai (jusqu’au ${until}) : à valider par le service`,
        }
      : refuse('too-late', `Délai de réservation dépassé (jusqu’au ${until})`);
  }

  switch (status) {
    case null:
    case 'refused':
      return refuse('nothing-to-cancel', 'Aucune réservation à annuler');
    case 'cancel-requested':
      return refuse('cancel-pending', 'Annulation déjà demandée');
    case 'requested':
    case 'waiting':
      return accept; // withdrawing holds no place: always allowed before the day
  }
  if (isOnTime(input.now, rule.cancelUntil)) return accept;
  const until = formatDeadlineFr(rule.cancelUntil, input.timeZone);
  return input.policy.lateCancellation === 'request'
    ? {
        outcome: 'request' as const,
        code: null,
        reason: `Hors délai (jusqu’au ${until}) : à valider par le service`,
      }
    : refuse('too-late', `Délai d’annulation dépassé (jusqu’au ${until})`);
}

/** Decides every line of a basket; decisions come back in the basket's canonical order. */
export function validateBasket(input: RulesInput): LineDecision[] {
  const units = new Map(input.units.map((u) => [u.id, u]));
  const name = (id: string) => units.get(id)?.name ?? id;
  const incompatible = (a: string, b: string) =>
    a !== b && (!!units.get(a)?.incompatibleWith.includes(b) || !!units.get(b)?.incompatibleWith.includes(a));
  const statusOf = new Map<string, BookingStatus>();
  for (const e of input.existing) {
    const k = lineKey(e);
    const prev = statusOf.get(k);
    statusOf.set(k, prev ? liveStatus([prev, e.status])! : e.status);
  }

  const decisions: LineDecision[] = input.lines.map((line) => {
    const key = lineKey(line);
    return { line, key, ...base(line, input, units, statusOf.get(key) ?? null), dependsOn: [] };
  });
  decisions.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  // Group per child × day; the unit rules only look inside a group.
  const groups = new Map<string, LineDecision[]>();
  for (const d of decisions) {
    const g = `${d.line.childId}|${d.line.day}`;
    groups.set(g, [...(groups.get(g) ?? []), d]);
  }
  const existingByGroup = new Map<string, Map<string, BookingStatus>>();
  for (const e of input.existing) {
    const g = `${e.childId}|${e.day}`;
    if (!existingByGroup.has(g)) existingByGroup.set(g, new Map());
    const prev = existingByGroup.get(g)!.get(e.unitId);
    existingByGroup.get(g)!.set(e.unitId, prev ? liveStatus([prev, e.status])! : e.status);
  }

  for (const [g, lines] of groups) {
    const existing = existingByGroup.get(g) ?? new Map<string, BookingStatus>();
    const unitIds = [...new Set([...existing.keys(), ...lines.map((d) => d.line.unitId)])].sort();
    for (let changed = true; changed; ) {
      changed = false;
      const lineOf = (u: string) => lines.find((d) => d.line.unitId === u && d.outcome !== 'refused');
      const adding = (u: string) => (lineOf(u)?.line.op === 'add' ? lineOf(u) : undefined);
      const cancelling = (u: string) => (lineOf(u)?.line.op === 'cancel' ? lineOf(u) : undefined);
      const present = (u: string) => {
        if (adding(u)) return true;
        const s = existing.get(u);
        const held = s === 'confirmed' || s === 'requested' || s === 'cancel-requested' || s === 'waiting';
        return held && cancelling(u)?.outcome !== 'accept';
      };
      const surelyHeld = (u: string) => existing.get(u) === 'confirmed' && !cancelling(u);
      const kept = (u: string) => present(u) && !cancelling(u);

      // Decide every line against the same snapshot, then apply (so two conflicting adds both fall).
      const updates: {
        d: LineDecision;
        outcome: LineOutcome;
        code?: RefusalCode;
        reason?: string;
        dependsOn?: string[];
      }[] = [];
      for (const d of lines) {
        if (d.outcome === 'refused') continue;
        const u = d.line.unitId;
        if (d.line.op === 'add') {
          const clash = unitIds.find((v) => incompatible(u, v) && present(v));
          if (clash) {
            updates.push({
              d,
              outcome: 'refused',
              code: 'incompatible',
              reason: `Incompatible avec ${name(clash)} le même jour`,
            });
            continue;
          }
          const reqs = units.get(u)?.requires ?? [];
          const missing = reqs.find((r) => !surelyHeld(r) && !adding(r));
          if (missing) {
            updates.push({
              d,
              outcome: 'refused',
              code: 'requirement-missing',
              reason: `${name(u)} nécessite ${name(missing)} le même jour`,
            });
            continue;
          }
          const dependsOn = reqs
            .filter((r) => !surelyHeld(r))
            .map((r) => adding(r)!.key)
            .sort();
          const weakest = reqs.some((r) => !surelyHeld(r) && adding(r)!.outcome === 'request');
          if (weakest && d.outcome === 'accept')
            updates.push({
              d,
              outcome: 'request',
              reason: 'Dépend d’une demande hors délai : à valider par le service',
              dependsOn,
            });
          else if (dependsOn.join() !== d.dependsOn.join())
            updates.push({ d, outcome: d.outcome, dependsOn });
        } else {
          // Only kept dependents that are not being added: an added dependent of a cancelled unit
          // is refused by its own requirement check, and the cancellation wins.
          const dependent = unitIds.find((x) => units.get(x)?.requires.includes(u) && kept(x) && !adding(x));
          if (dependent) {
            updates.push({
              d,
              outcome: 'refused',
              code: 'required-by',
              reason: `Impossible d’annuler ${name(u)} : ${name(dependent)} le nécessite (annulez aussi ${name(dependent)})`,
            });
            continue;
          }
          const requestDependent = unitIds.some(
            (x) => units.get(x)?.requires.includes(u) && cancelling(x)?.outcome === 'request',
          );
          if (requestDependent && d.outcome === 'accept')
            updates.push({
              d,
              outcome: 'request',
              reason: 'Lié à une annulation hors délai : à valider par le service',
            });
        }
      }
      for (const up of updates) {
        if (RANK[up.outcome] < RANK[up.d.outcome]) {
          up.d.outcome = up.outcome;
          up.d.code = up.code ?? null;
          up.d.reason = up.reason ?? up.d.reason;
          if (up.outcome === 'refused') up.d.dependsOn = [];
          changed = true;
        }
        if (up.dependsOn && up.outcome !== 'refused' && up.dependsOn.join() !== up.d.dependsOn.join()) {
          up.d.dependsOn = up.dependsOn;
          changed = true;
        }
      }
    }
  }
  return decisions;
}

/**
 * Depth of each unit in the "requires" graph (0: requires nothing; Repas → Matin: 1). A property of the
 * activity's units, identical for every transaction; a cycle counts as depth 0 where it closes.
 */
export function unitDepths(units: readonly UnitRef[]): Map<string, number> {
  const byId = new Map(units.map((u) => [u.id, u]));
  const depth = new Map<string, number>();
  const visit = (id: string, seen: Set<string>): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (seen.has(id) || !byId.has(id)) return 0;
    seen.add(id);
    const d = Math.max(0, ...byId.get(id)!.requires.map((r) => 1 + visit(r, seen)));
    seen.delete(id);
    depth.set(id, d);
    return d;
  };
  for (const u of units) visit(u.id, new Set());
  return depth;
}

/**
 * The order in which the service applies decisions inside its transaction, which is also the order
 * in which it touches capacity rows: (day, unit depth, unit id, cancellation before addition, child id).
 * Every transaction of an activity locks capacity rows in this one global order, so concurrent
 * confirmations cannot deadlock; required units come before the units that need them (their depth is
 * lower), and on a same cell a cancellation frees its place before an addition of a sibling takes it.
 * Refused lines are left out (they touch nothing).
 */
export function processingOrder(
  decisions: readonly LineDecision[],
  units: readonly UnitRef[],
): LineDecision[] {
  const depth = unitDepths(units);
  const c = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return decisions
    .filter((d) => d.outcome !== 'refused')
    .sort(
      (a, b) =>
        c(a.line.day, b.line.day) ||
        (depth.get(a.line.unitId) ?? 0) - (depth.get(b.line.unitId) ?? 0) ||
        c(a.line.unitId, b.line.unitId) ||
        (a.line.op === b.line.op ? 0 : a.line.op === 'cancel' ? -1 : 1) ||
        c(a.line.childId, b.line.childId),
    );
}

/**
 * After capacity: an accepted addition whose required line did not end confirmed (waiting list,
 * refused) must not be booked alone. Returns the refusal to record, or null when it may proceed.
 */
export function requirementFailure(
  decision: LineDecision,
  finalOf: (key: string) => FinalStatus | undefined,
  units: readonly UnitRef[],
): { code: RefusalCode; reason: string } | null {
  for (const k of decision.dependsOn) {
    const s = finalOf(k);
    if (s === 'confirmed' || (decision.outcome === 'request' && s === 'requested')) continue;
    const unitId = k.split('|')[2] ?? '';
    const unitName = units.find((u) => u.id === unitId)?.name ?? unitId;
    const what = s === 'waiting' ? 'est sur liste d’attente' : 'n’a pas pu être réservé';
    return { code: 'requirement-missing', reason: `${unitName} ${what} ce jour-là` };
  }
  return null;
}
