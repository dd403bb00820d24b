/**
 * The family's invoice pages: unpaid and paid invoices, the household's balance, the financial detail
 * per child × activity over the school year, and the paperless choice (audited).
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { todayIn } from '../../platform/calendar/days';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import type { FamilyActor } from '../../platform/http/policies';
import { households } from '../households/households.schema';
import { writeAudit } from '../messaging/kit';
import { billedByChildAndActivity, householdBalanceCents, invoicesOfHousehold } from './invoices.repository';

/**
 * Where the family's « Payer » button leads, set by the payments feature (wiring): the « À payer » list
 * becomes a GET form with one checkbox `factures` per payable invoice, and each unpaid invoice's page gets
 * a « Payer » button sending `factures=<id>`, to the payments feature's review page (which pre-selects
 * them and asks for the confirmation). Unset (no online payment), the pages show no button.
 */
export interface PayAction {
  /** Path under the tenant base, e.g. '/paiements/nouveau'. Opened with `factures` (repeated) in the query. */
  path: string;
  /** The submit button's text, e.g. 'Payer en ligne'. */
  label: string;
}
let payAction: PayAction | null = null;
export function setFamilyPayAction(a: PayAction | null): void {
  payAction = a;
}
export const familyPayAction = (): PayAction | null => payAction;

/** The school year (1 September – 31 August) holding `today`, as the first billed months of each end. */
export function schoolYearOf(today: string): { from: string; to: string; label: string } {
  const y = Number(today.slice(0, 4));
  const start = Number(today.slice(5, 7)) >= 9 ? y : y - 1;
  return { from: `${start}-09-01`, to: `${start + 1}-08-01`, label: `${start}-${start + 1}` };
}

export type FamilyTab = 'a-payer' | 'payees';

export async function familyInvoiceList(db: Db, fam: FamilyActor, tab: FamilyTab, now: Date) {
  const tenantId = fam.tenant.id;
  const today = todayIn(fam.tenant.timeZone, now);
  const year = schoolYearOf(today);
  const [rows, balance, detail, hh] = await Promise.all([
    invoicesOfHousehold(db, tenantId, fam.householdId, { open: tab === 'a-payer' }),
    householdBalanceCents(db, tenantId, fam.householdId),
    billedByChildAndActivity(db, tenantId, fam.householdId, year),
    db
      .select({ paperless: households.paperlessInvoices })
      .from(households)
      .where(and(eq(households.tenantId, tenantId), eq(households.id, fam.householdId))),
  ]);
  return {
    rows,
    balance,
    detail,
    schoolYear: year.label,
    today,
    paperless: hh[0]?.paperless ?? true,
    payAction: familyPayAction(),
  };
}

const ZPaperless = z.object({
  paperless: z.enum(['oui', 'non'], { error: 'Choisissez comment recevoir vos factures.' }),
});

/** The household joins or leaves paperless invoicing (applies to the next invoices issued). */
export async function setPaperless(db: Db, fam: FamilyActor, input: unknown, now: Date): Promise<boolean> {
  const parsed = ZPaperless.safeParse(input ?? {});
  if (!parsed.success)
    throw new AppError('VALIDATION', 'Formulaire invalide', {
      paperless: 'Choisissez comment recevoir vos factures.',
    });
  const paperless = parsed.data.paperless === 'oui';
  await db.transaction(async (tx) => {
    // The household's own row only (the actor's household): nothing else can be reached.
    await tx
      .update(households)
      .set({ paperlessInvoices: paperless })
      .where(and(eq(households.tenantId, fam.tenant.id), eq(households.id, fam.householdId)));
    await writeAudit(tx, {
      tenantId: fam.tenant.id,
      at: now,
      actorUserId: fam.actor.userId,
      action: paperless ? 'household.paperless.join' : 'household.paperless.leave',
      subjectType: 'household',
      subjectId: fam.householdId,
      details: { paperless },
    });
  });
  return paperless;
}
