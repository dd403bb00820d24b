/**
 * Before → after per field, as strings (the form's language). Pure module: no I/O.
 */

export interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
}

/** Trims and collapses inner runs of whitespace; empty becomes ''. */
export function normalizeText(v: string | null | undefined): string {
  return (v ?? '').replace(/\s+/g, ' ').trim();
}

/** A stored value (text, number, boolean, date, null) as the string a form shows. */
export function asFormValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

/**
 * The changed fields, in the order of `keys`. Values are normalised first, so a change that only adds or
 * removes whitespace is not a change; a key absent from `after` is left as it is.
 */
export function diffFields(
  keys: readonly string[],
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
): FieldChange[] {
  const out: FieldChange[] = [];
  for (const key of keys) {
    if (!(key in after)) continue;
    const b = normalizeText(asFormValue(before[key]));
    const a = normalizeText(asFormValue(after[key]));
    if (a === b) continue;
    out.push({ field: key, before: b === '' ? null : b, after: a === '' ? null : a });
  }
  return out;
}

/**
 * A later request on the same subject replaces the fields the earlier pending one also changes: returns
 * what stays in the earlier request (empty → the earlier request is wholly replaced).
 */
export function remainingAfterReplacement(
  earlier: readonly FieldChange[],
  later: readonly FieldChange[],
): FieldChange[] {
  const taken = new Set(later.map((c) => c.field));
  return earlier.filter((c) => !taken.has(c.field));
}

/** True when the earlier and later requests overlap on at least one field. */
export function overlaps(earlier: readonly FieldChange[], later: readonly FieldChange[]): boolean {
  const taken = new Set(later.map((c) => c.field));
  return earlier.some((c) => taken.has(c.field));
}
