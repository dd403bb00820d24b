/**
 * Splits an amount over invoices oldest first (the form's default): each invoice gets what it owes
 * until the amount runs out. Pure.
 */
export function allocateOldestFirst(amountCents: number, dues: { id: string; due: number }[]) {
  const out = new Map<string, number>();
  let left = amountCents;
  for (const d of dues) {
    if (left <= 0) break;
    const take = Math.min(left, d.due);
    if (take > 0) out.set(d.id, take);
    left -= take;
  }
  return { allocations: out, left };
}
