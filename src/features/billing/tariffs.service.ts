import { z } from 'zod';
import { isIsoDay } from '../../platform/calendar/days';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import type { StaffActor } from '../../platform/http/policies';
import { parseEurosToCents } from '../../platform/money';
import type { StaffRole } from '../accounts/accounts.schema';
import { fieldErrors, writeAudit } from '../messaging/kit';
import type { Bracket, Surcharge, TariffPrice, TariffRule } from './domain/pricing';
import { findUnit, versionsOfUnit } from './tariffs.repository';
import { tariffVersions } from './tariffs.schema';

/** Billing belongs to the accountant (régisseur) and administrators; managers may read. */
export const BILLING_WRITERS: readonly StaffRole[] = ['accountant'];
export const BILLING_READERS: readonly StaffRole[] = ['accountant', 'manager'];
export const MAX_BRACKETS = 6;

const validation = (errors: Record<string, string>) =>
  new AppError('VALIDATION', 'Formulaire invalide', errors);

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const euroField = (label: string) =>
  z.preprocess(
    (v) => (str(v) === '' ? null : parseEurosToCents(str(v))),
    z
      .number({ error: `${label} : indiquez un montant en euros (par exemple 4,50).` })
      .int()
      .min(0, `${label} : le montant ne peut pas être négatif.`)
      .max(100_000, `${label} : 1 000 € au plus.`),
  );
const intField = (label: string, min: number, max: number) =>
  z.preprocess(
    (v) => (str(v) === '' ? null : /^\d{1,7}$/.test(str(v)) ? Number(str(v)) : Number.NaN),
    z
      .number({ error: `${label} : indiquez un nombre entier.` })
      .int(`${label} : indiquez un nombre entier.`)
      .min(min, `${label} : ${min} au moins.`)
      .max(max, `${label} : ${max} au plus.`),
  );
/** "0,85" (percent, up to four decimals) → ten-thousandths of a percent. */
function parseRate(v: unknown): number | null {
  const m = /^(\d{1,3})(?:[.,](\d{1,4}))?$/.exec(str(v).replace(/\s|%/g, ''));
  if (!m) return null;
  return Number(m[1]) * 10000 + Number((m[2] ?? '').padEnd(4, '0'));
}

const ZCommon = z.object({
  validFrom: z
    .string({ error: 'Indiquez la date de début.' })
    .refine(isIsoDay, 'Indiquez la date de début (une date valide).'),
  mode: z.enum(['flat', 'brackets', 'effort'], { error: 'Choisissez le type de tarif.' }),
  sibling2Percent: intField('Réduction 2e enfant', 0, 100),
  sibling3Percent: intField('Réduction 3e enfant et suivants', 0, 100),
  unjustifiedPercent: intField('Absence non justifiée', 0, 100),
  withoutBookingKind: z.enum(['amount', 'percent'], { error: 'Choisissez montant ou pourcentage.' }),
  lateCancellationKind: z.enum(['amount', 'percent'], { error: 'Choisissez montant ou pourcentage.' }),
});

export interface TariffInput {
  validFrom: string;
  mode: TariffRule['mode'];
  rule: TariffRule;
  taxEligible: boolean;
}

/** Parses the tariff form into a rule, with French messages keyed by field name. */
export function parseTariffForm(body: unknown): TariffInput {
  const f = (body ?? {}) as Record<string, unknown>;
  const errors: Record<string, string> = {};
  const common = ZCommon.safeParse(f);
  if (!common.success) Object.assign(errors, fieldErrors(common.error));
  const num = (name: string, schema: z.ZodType<number>): number => {
    const r = schema.safeParse(f[name]);
    if (!r.success) {
      errors[name] ??= r.error.issues[0]!.message;
      return 0;
    }
    return r.data;
  };
  const surcharge = (prefix: string, label: string, kind: unknown): Surcharge =>
    kind === 'percent'
      ? { kind: 'percent', value: num(`${prefix}Value`, intField(label, 0, 500)) }
      : { kind: 'amount', value: num(`${prefix}Value`, euroField(label)) };
  const mode = common.success ? common.data.mode : 'flat';
  let price: TariffPrice;
  const extra = {} as Pick<
    TariffRule,
    'sibling2Percent' | 'sibling3Percent' | 'withoutBooking' | 'lateCancellation' | 'unjustifiedPercent'
  >;
  if (mode === 'flat') {
    price = {
      mode,
      residentCents: num('residentPrice', euroField('Prix')),
      nonResidentCents: num('nonResidentPrice', euroField('Prix hors commune')),
    };
  } else if (mode === 'effort') {
    const rate = parseRate(f.rate);
    if (rate === null || rate <= 0 || rate > 1_000_000)
      errors.rate = 'Taux d’effort : indiquez un pourcentage positif, par exemple 0,85.';
    const floorCents = num('floorPrice', euroField('Plancher'));
    const capCents = num('capPrice', euroField('Plafond'));
    if (!errors.floorPrice && !errors.capPrice && floorCents > capCents)
      errors.capPrice = 'Le plafond doit être supérieur ou égal au plancher.';
    price = {
      mode,
      rate: rate ?? 0,
      floorCents,
      capCents,
      nonResidentCents: num('nonResidentPrice', euroField('Prix hors commune')),
    };
  } else {
    const brackets: Bracket[] = [];
    for (let i = 0; i < MAX_BRACKETS; i++) {
      const p = `b${i}_`;
      const filled = ['qfMin', 'qfMax', 'resident', 'nonResident'].some((k) => str(f[p + k]) !== '');
      if (!filled) continue;
      const qfMax =
        str(f[`${p}qfMax`]) === ''
          ? null
          : num(`${p}qfMax`, intField(`Tranche ${i + 1}, QF maximum`, 0, 100_000));
      brackets.push({
        qfMin: num(`${p}qfMin`, intField(`Tranche ${i + 1}, QF minimum`, 0, 100_000)),
        qfMax,
        residentCents: num(`${p}resident`, euroField(`Tranche ${i + 1}, prix`)),
        nonResidentCents: num(`${p}nonResident`, euroField(`Tranche ${i + 1}, prix hors commune`)),
      });
      const b = brackets[brackets.length - 1]!;
      if (b.qfMax !== null && b.qfMax < b.qfMin && !errors[`${p}qfMax`])
        errors[`${p}qfMax`] = `Tranche ${i + 1} : le QF maximum doit être supérieur ou égal au minimum.`;
    }
    if (brackets.length === 0) errors.b0_qfMin = 'Indiquez au moins une tranche de quotient familial.';
    const sorted = brackets.map((b, i) => ({ b, i })).sort((x, y) => x.b.qfMin - y.b.qfMin);
    for (let k = 1; k < sorted.length; k++) {
      const prev = sorted[k - 1]!.b;
      const cur = sorted[k]!;
      if (prev.qfMax === null || prev.qfMax >= cur.b.qfMin)
        errors[`b${cur.i}_qfMin`] ??=
          `Tranche ${cur.i + 1} : elle chevauche une autre tranche (les tranches ne doivent pas se recouvrir).`;
    }
    price = { mode: 'brackets', brackets: sorted.map((x) => x.b) };
  }
  if (common.success) {
    extra.sibling2Percent = common.data.sibling2Percent;
    extra.sibling3Percent = common.data.sibling3Percent;
    extra.unjustifiedPercent = common.data.unjustifiedPercent;
  }
  extra.withoutBooking = surcharge(
    'withoutBooking',
    'Majoration présent sans réservation',
    f.withoutBookingKind,
  );
  extra.lateCancellation = surcharge(
    'lateCancellation',
    'Majoration annulation tardive',
    f.lateCancellationKind,
  );
  if (Object.keys(errors).length > 0) throw validation(errors);
  return {
    validFrom: common.data!.validFrom,
    mode,
    rule: { ...price, ...extra } as TariffRule,
    taxEligible: f.taxEligible === 'on' || f.taxEligible === 'true',
  };
}

/** A new tariff version of a unit from a day (versions are never edited: a later one supersedes it). */
export async function createTariffVersion(
  db: Db,
  args: { staff: StaffActor; now: Date; unitId: string; input: unknown },
): Promise<{ id: string }> {
  const { staff, now } = args;
  const tenantId = staff.tenant.id;
  const unit = await findUnit(db, tenantId, args.unitId);
  if (!unit) throw new AppError('NOT_FOUND');
  const v = parseTariffForm(args.input);
  const existing = await versionsOfUnit(db, tenantId, unit.unitId);
  if (existing.some((e) => e.validFrom === v.validFrom))
    throw validation({ validFrom: 'Une version commence déjà ce jour-là : choisissez une autre date.' });
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(tariffVersions)
        .values({
          tenantId,
          activityId: unit.activityId,
          unitId: unit.unitId,
          validFrom: v.validFrom,
          mode: v.mode,
          rule: v.rule,
          taxEligible: v.taxEligible,
          createdAt: now,
          createdByUserId: staff.actor.userId,
        })
        .returning({ id: tariffVersions.id });
      await writeAudit(tx, {
        tenantId,
        at: now,
        actorUserId: staff.actor.userId,
        action: 'tariff.create',
        subjectType: 'tariff_version',
        subjectId: row!.id,
        details: { unitId: unit.unitId, validFrom: v.validFrom, mode: v.mode },
      });
      return { id: row!.id };
    });
  } catch (err) {
    const code =
      (err as { code?: string; cause?: { code?: string } }).code ??
      (err as { cause?: { code?: string } }).cause?.code;
    if (code === '23505')
      throw validation({ validFrom: 'Une version commence déjà ce jour-là : choisissez une autre date.' });
    throw err;
  }
}
