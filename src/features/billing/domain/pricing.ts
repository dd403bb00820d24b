/**
 * Pricing of one child × day × unit: pure rules (ADR 0019). Money in integer cents; every computed
 * amount (rate of effort, sibling reduction, percentages) is rounded once, half away from zero to the
 * cent, by `mulRoundCents`.
 */
import { mulRoundCents } from '../../../platform/money';

export type Outcome =
  | 'present'
  | 'justified-absence'
  | 'unjustified-absence'
  | 'late-cancellation'
  | 'present-without-booking';

/** A surcharge: a fixed amount or a percentage of the day's price. */
export interface Surcharge {
  kind: 'amount' | 'percent';
  /** Cents (amount) or whole percent (percent). */
  value: number;
}

export interface Bracket {
  qfMin: number;
  /** Inclusive; null = no upper limit. */
  qfMax: number | null;
  residentCents: number;
  nonResidentCents: number;
}

export type TariffPrice =
  | { mode: 'flat'; residentCents: number; nonResidentCents: number }
  | { mode: 'brackets'; brackets: Bracket[] }
  | {
      mode: 'effort';
      /** Rate in ten-thousandths of a percent: 0,85 % = 8500. price (cents) = QF × rate %. */
      rate: number;
      floorCents: number;
      capCents: number;
      /** Non-residents pay this fixed price. */
      nonResidentCents: number;
    };

export type TariffRule = TariffPrice & {
  /** Reduction in whole percent for the 2nd child and for the 3rd and later (by rank in the household). */
  sibling2Percent: number;
  sibling3Percent: number;
  withoutBooking: Surcharge;
  lateCancellation: Surcharge;
  /** Share of the price billed for an unjustified absence (default 100 %). */
  unjustifiedPercent: number;
};

/** Why a day is billed: the label of the invoice line follows from it. */
export type BilledReason =
  | 'present'
  | 'unjustified'
  | 'unbooked'
  | 'unbooked-surcharge'
  | 'late-cancellation';

export interface PricedItem {
  kind: 'service' | 'surcharge';
  reason: BilledReason;
  unitPriceCents: number;
  note: string;
}

export interface PricingInput {
  rule: TariffRule;
  /** The household's family quotient on that day; null = unknown (highest price). */
  qf: number | null;
  resident: boolean;
  /** 1 for the eldest billed child of the household, 2 for the next… */
  siblingRank: number;
  outcome: Outcome;
}

const groupFr = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
/** French number without narrow spaces surprises in notes: "1 000" with a normal no-break space. */
export const qfText = (n: number) => groupFr.format(n).replace(/\u202f/g, '\u00a0');

/** "6,97 €" */
export function euros(cents: number): string {
  const abs = Math.abs(cents);
  const s = `${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}\u00a0€`;
  return cents < 0 ? `-${s}` : s;
}

/** "0,85 %" from ten-thousandths of a percent. */
export function rateText(rate: number): string {
  const whole = Math.floor(rate / 10000);
  const frac = String(rate % 10000)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return `${whole}${frac ? `,${frac}` : ''}\u00a0%`;
}

export function bracketText(b: Pick<Bracket, 'qfMin' | 'qfMax'>): string {
  return b.qfMax === null ? `${qfText(b.qfMin)} et plus` : `${qfText(b.qfMin)}–${qfText(b.qfMax)}`;
}

/** The day's price before sibling reduction, with how it was found. */
export function basePrice(
  rule: TariffPrice,
  qf: number | null,
  resident: boolean,
): { cents: number; note: string } {
  switch (rule.mode) {
    case 'flat':
      return resident
        ? { cents: rule.residentCents, note: 'Tarif unique' }
        : { cents: rule.nonResidentCents, note: 'Tarif unique (hors commune)' };
    case 'brackets': {
      const price = (b: Bracket) => (resident ? b.residentCents : b.nonResidentCents);
      const suffix = resident ? '' : ' (hors commune)';
      const found =
        qf === null
          ? undefined
          : rule.brackets.find((b) => b.qfMin <= qf && (b.qfMax === null || qf <= b.qfMax));
      if (found)
        return { cents: price(found), note: `QF ${qfText(qf!)} : tranche ${bracketText(found)}${suffix}` };
      // Unknown QF (or a QF in no bracket): the highest price, as the tariff rules of the tenants say.
      const highest = Math.max(0, ...rule.brackets.map(price));
      return {
        cents: highest,
        note:
          qf === null
            ? `QF inconnu : tarif le plus élevé${suffix}`
            : `QF ${qfText(qf)} hors tranches : tarif le plus élevé${suffix}`,
      };
    }
    case 'effort': {
      if (!resident) return { cents: rule.nonResidentCents, note: 'Tarif hors commune' };
      const bounds = `plancher ${euros(rule.floorCents)}, plafond ${euros(rule.capCents)}`;
      if (qf === null) return { cents: rule.capCents, note: `QF inconnu : plafond ${euros(rule.capCents)}` };
      const raw = mulRoundCents(qf, rule.rate, 10000);
      const cents = Math.min(rule.capCents, Math.max(rule.floorCents, raw));
      const head = `Taux d’effort ${rateText(rule.rate)} × QF ${qfText(qf)} = ${euros(raw)}`;
      if (cents !== raw)
        return {
          cents,
          note: `${head} → ${cents === rule.floorCents && raw < rule.floorCents ? 'plancher' : 'plafond'} ${euros(cents)}`,
        };
      return { cents, note: `${head} (${bounds})` };
    }
  }
}

/** The reduction (whole percent) for a child of this rank. */
export function siblingPercent(
  rule: Pick<TariffRule, 'sibling2Percent' | 'sibling3Percent'>,
  rank: number,
): number {
  if (rank >= 3) return rule.sibling3Percent;
  if (rank === 2) return rule.sibling2Percent;
  return 0;
}

function surchargeCents(s: Surcharge, priceCents: number): number {
  return s.kind === 'amount' ? s.value : mulRoundCents(priceCents, s.value, 100);
}

function surchargeText(s: Surcharge): string {
  return s.kind === 'amount' ? `majoration ${euros(s.value)}` : `majoration ${s.value}\u00a0% du prix`;
}

/**
 * What one outcome costs: the billed items (none for a justified absence or a zero price). Present and
 * unjustified absence bill the price (the latter × the unjustified %), a late cancellation bills its
 * surcharge, present without booking bills the price plus its surcharge.
 */
export function priceDay(input: PricingInput): PricedItem[] {
  const { rule, outcome } = input;
  if (outcome === 'justified-absence') return [];
  const base = basePrice(rule, input.qf, input.resident);
  const pct = siblingPercent(rule, input.siblingRank);
  const price = pct === 0 ? base.cents : mulRoundCents(base.cents, 100 - pct, 100);
  const note =
    pct === 0 ? base.note : `${base.note} ; ${input.siblingRank}e enfant −${pct}\u00a0% = ${euros(price)}`;
  const items: PricedItem[] = [];
  switch (outcome) {
    case 'present':
      items.push({ kind: 'service', reason: 'present', unitPriceCents: price, note });
      break;
    case 'unjustified-absence': {
      const p = rule.unjustifiedPercent;
      const cents = p === 100 ? price : mulRoundCents(price, p, 100);
      items.push({
        kind: 'service',
        reason: 'unjustified',
        unitPriceCents: cents,
        note: `${note} ; absence non justifiée facturée ${p}\u00a0%`,
      });
      break;
    }
    case 'late-cancellation':
      items.push({
        kind: 'surcharge',
        reason: 'late-cancellation',
        unitPriceCents: surchargeCents(rule.lateCancellation, price),
        note: `Annulation tardive : ${surchargeText(rule.lateCancellation)}${rule.lateCancellation.kind === 'percent' ? ` (${note})` : ''}`,
      });
      break;
    case 'present-without-booking':
      items.push({ kind: 'service', reason: 'unbooked', unitPriceCents: price, note });
      items.push({
        kind: 'surcharge',
        reason: 'unbooked-surcharge',
        unitPriceCents: surchargeCents(rule.withoutBooking, price),
        note: `Présent sans réservation : ${surchargeText(rule.withoutBooking)}${rule.withoutBooking.kind === 'percent' ? ` (${note})` : ''}`,
      });
      break;
  }
  // A zero price bills nothing (free units, 0 % rules): no empty line on the invoice.
  return items.filter((i) => i.unitPriceCents > 0);
}

/** The version valid on a day: the latest whose start is on or before it (versions sorted or not). */
export function versionOn<V extends { validFrom: string }>(versions: readonly V[], day: string): V | null {
  let best: V | null = null;
  for (const v of versions)
    if (v.validFrom <= day && (best === null || v.validFrom > best.validFrom)) best = v;
  return best;
}

/** The family quotient on a day from its history (latest start on or before the day), else null. */
export function qfOn(history: readonly { value: number; validFrom: string }[], day: string): number | null {
  return versionOn(history, day)?.value ?? null;
}
