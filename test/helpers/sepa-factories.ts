import { randomBytes } from 'node:crypto';
import { maskIban } from '../../src/features/payments/domain/iban';
import { icsCheckDigits } from '../../src/features/payments/domain/ics';
import { newRum } from '../../src/features/payments/domain/rum';
import { sepaMandates, sepaSettings } from '../../src/features/payments/sepa.schema';
import { tenantSettings } from '../../src/features/settings/settings.schema';
import type { Db } from '../../src/platform/db/client';
import { sealSecret } from '../../src/platform/secrets';

export const TEST_ICS = `FR${icsCheckDigits('FR', '123456')}ZZZ123456`;
export const TEST_IBAN = 'FR7630006000011234567890189';
export const OTHER_IBAN = 'DE89370400440532013000';

/** Direct debit set up for a tenant: the ICS (tenant settings) and the creditor account (SEPA settings). */
export async function setUpSepa(
  db: Db,
  tenantId: string,
  o: { format?: 'pain.008.001.02' | 'pain.008.001.08'; creditorName?: string } = {},
) {
  await db
    .insert(tenantSettings)
    .values({ tenantId, sepaCreditorId: TEST_ICS, updatedAt: new Date('2026-11-01T00:00:00Z') })
    .onConflictDoUpdate({ target: tenantSettings.tenantId, set: { sepaCreditorId: TEST_ICS } });
  await db.insert(sepaSettings).values({
    tenantId,
    format: o.format ?? 'pain.008.001.02',
    creditorName: o.creditorName ?? 'Régie Enfance & Jeunesse',
    creditorIban: TEST_IBAN,
    creditorBic: 'AGRIFRPP',
    updatedAt: new Date('2026-11-01T00:00:00Z'),
  });
}

/** An active mandate written directly (IBAN sealed with `key`, as the app does). */
export async function createMandate(
  db: Db,
  tenantId: string,
  householdId: string,
  key: Uint8Array,
  o: { iban?: string; holder?: string } = {},
) {
  const iban = o.iban ?? TEST_IBAN;
  const [m] = await db
    .insert(sepaMandates)
    .values({
      tenantId,
      householdId,
      rum: newRum(2026, randomBytes(8)),
      accountHolder: o.holder ?? 'Zoé & Jérôme Lefèvre',
      bankName: 'Banque Démo',
      bic: null,
      ibanSealed: sealSecret(key, iban),
      ibanMasked: maskIban(iban),
      signedOn: '2026-11-20',
      createdAt: new Date('2026-11-20T10:00:00Z'),
    })
    .returning();
  return m!;
}
