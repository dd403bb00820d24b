import { addMonths, daysBetween } from '../../news/domain/time';

/** What a family sees for one requested document, from its submissions. Pure: no I/O. */

export type DocumentState = 'missing' | 'pending' | 'accepted' | 'refused' | 'expired' | 'expiring_soon';

export interface ValidityRule {
  validityKind: 'none' | 'fixed_date' | 'months' | string;
  validUntil: string | null;
  validityMonths: number | null;
}

export interface SubmissionFacts {
  status: 'pending' | 'accepted' | 'refused' | 'withdrawn' | string;
  submittedAt: Date;
  validUntil: string | null;
  refusalReason: string | null;
}

export interface RequestState {
  state: DocumentState;
  /** Last day the accepted document is valid (inclusive), when it expires. */
  validUntil: string | null;
  refusalReason: string | null;
}

/**
 * The last valid day of a document accepted on `acceptedDay`: none → no end; fixed date → that day;
 * N months → the same day N months later (clamped to the month's end: 31 Jan + 1 month = 28/29 Feb).
 */
export function computeValidUntil(rule: ValidityRule, acceptedDay: string): string | null {
  if (rule.validityKind === 'fixed_date') return rule.validUntil;
  if (rule.validityKind === 'months' && rule.validityMonths && rule.validityMonths > 0)
    return addMonths(acceptedDay, rule.validityMonths);
  return null;
}

/** The state of an accepted document on `today`, given how many days before expiry families are warned. */
export function acceptedState(validUntil: string | null, today: string, reminderDays: number): DocumentState {
  if (!validUntil) return 'accepted';
  const left = daysBetween(today, validUntil);
  if (left < 0) return 'expired';
  if (left <= reminderDays) return 'expiring_soon';
  return 'accepted';
}

/**
 * The state from a request's submissions: the newest one that was not withdrawn decides. A refused or
 * pending renewal does not hide that an earlier accepted document is still valid — the newest wins,
 * because that is what the family acted on last.
 */
export function requestState(
  submissions: SubmissionFacts[],
  today: string,
  reminderDays: number,
): RequestState {
  const latest = submissions
    .filter((s) => s.status !== 'withdrawn')
    .sort((a, b) => b.submittedAt.getTime() - a.submittedAt.getTime())[0];
  if (!latest) return { state: 'missing', validUntil: null, refusalReason: null };
  if (latest.status === 'pending') return { state: 'pending', validUntil: null, refusalReason: null };
  if (latest.status === 'refused')
    return { state: 'refused', validUntil: null, refusalReason: latest.refusalReason ?? '' };
  return {
    state: acceptedState(latest.validUntil, today, reminderDays),
    validUntil: latest.validUntil,
    refusalReason: null,
  };
}

/** States that let an enrollment request through (a document under review counts as given). */
export function satisfiesRequirement(state: DocumentState): boolean {
  return state === 'accepted' || state === 'expiring_soon' || state === 'pending';
}

/** States a family should act on (dashboard). */
export function needsAttention(state: DocumentState): boolean {
  return state === 'missing' || state === 'refused' || state === 'expired' || state === 'expiring_soon';
}

/** Whether an activity requires a type: names compare trimmed and case-insensitively. */
export function isMandatoryFor(mandatoryFor: readonly string[], activityName: string): boolean {
  const wanted = activityName.trim().toLocaleLowerCase('fr');
  return mandatoryFor.some((a) => a.trim().toLocaleLowerCase('fr') === wanted);
}

/** Parses the free-text list of activities (one per line or comma-separated), without duplicates. */
export function parseActivityList(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(/[\n,;]/)) {
    const name = raw.trim().replace(/\s+/g, ' ');
    const key = name.toLocaleLowerCase('fr');
    if (name && !seen.has(key)) {
      seen.add(key);
      out.push(name.slice(0, 100));
    }
  }
  return out;
}

/** Whether the expiry reminder for an accepted document is due on `today` (and not yet sent). */
export function reminderDue(
  validUntil: string | null,
  today: string,
  reminderDays: number,
  alreadySent: boolean,
) {
  if (!validUntil || alreadySent || reminderDays <= 0) return false;
  const left = daysBetween(today, validUntil);
  return left >= 0 && left <= reminderDays;
}
