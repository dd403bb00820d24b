import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client';
import { type NumberSeries, numberSequences } from './billing.schema';
import { formatDocumentNumber } from './domain/numbering';

/**
 * Takes the next number of a series inside the caller's transaction. The upsert locks the
 * (tenant, series, year) row until commit, so concurrent issuers queue behind each other; a rollback
 * gives the number back. Hence numbers are unique and gap-free — as long as the number is taken in the
 * same transaction that inserts the document (never in a transaction of its own).
 */
export async function takeNextNumber(
  tx: Tx,
  input: { tenantId: string; series: NumberSeries; year: number; prefix: string },
): Promise<{ number: string; year: number; sequence: number }> {
  const [row] = await tx
    .insert(numberSequences)
    .values({ tenantId: input.tenantId, series: input.series, year: input.year, lastValue: 1 })
    .onConflictDoUpdate({
      target: [numberSequences.tenantId, numberSequences.series, numberSequences.year],
      set: { lastValue: sql`${numberSequences.lastValue} + 1` },
    })
    .returning({ sequence: numberSequences.lastValue });
  const sequence = row!.sequence;
  return {
    number: formatDocumentNumber(input.series, input.prefix, input.year, sequence),
    year: input.year,
    sequence,
  };
}
