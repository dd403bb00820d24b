import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import { sealSecret } from '../../platform/secrets';
import { writeAudit } from '../staff/audit';
import type { ActorRef } from '../staff/staff.service';
import type { Tenant } from '../tenants/tenants.schema';
import {
  findTenantForUpdate,
  findTenantSettings,
  updateTenantColumns,
  upsertTenantSettings,
} from './settings.repository';
import type { A11yStatus, PaymentProvider, TenantSettings } from './settings.schema';

/** What the settings form edits (validated by the route's Zod schema). */
export interface SettingsInput {
  name: string;
  legalName: string;
  siret: string;
  address: string;
  contactEmail: string;
  contactPhone: string;
  primaryColor: string;
  timeZone: string;
  schoolZone: 'A' | 'B' | 'C';
  holidayRegion: 'metropole' | 'alsace-moselle' | 'monaco';
  rulesText: string;
  a11yStatus: A11yStatus;
  a11yStatement: string;
  sepaCreditorId: string | null;
  invoicePrefix: string;
  paymentProvider: PaymentProvider;
  payfipNumcli: string | null;
  payfipMode: 'T' | 'X' | 'W';
  systempaySiteId: string | null;
  /** A new Systempay key; empty: keep the stored one. */
  systempayKey: string;
}

const TENANT_FIELDS = [
  'name',
  'legalName',
  'siret',
  'address',
  'contactEmail',
  'contactPhone',
  'primaryColor',
  'timeZone',
  'schoolZone',
  'holidayRegion',
  'a11yStatus',
] as const;
const SETTINGS_FIELDS = [
  'rulesText',
  'a11yStatement',
  'sepaCreditorId',
  'invoicePrefix',
  'paymentProvider',
  'payfipNumcli',
  'payfipMode',
  'systempaySiteId',
] as const;

/** The values the form starts from: the tenant row and its settings, or the defaults. */
export function settingsFormValues(tenant: Tenant, s: TenantSettings | null) {
  return {
    name: tenant.name,
    legalName: tenant.legalName,
    siret: tenant.siret,
    address: tenant.address,
    contactEmail: tenant.contactEmail,
    contactPhone: tenant.contactPhone,
    primaryColor: tenant.primaryColor,
    timeZone: tenant.timeZone,
    schoolZone: tenant.schoolZone,
    holidayRegion: tenant.holidayRegion,
    rulesText: s?.rulesText ?? '',
    a11yStatus: tenant.a11yStatus,
    a11yStatement: s?.a11yStatement ?? '',
    sepaCreditorId: s?.sepaCreditorId ?? '',
    invoicePrefix: s?.invoicePrefix ?? '',
    paymentProvider: s?.paymentProvider ?? 'simulator',
    payfipNumcli: s?.payfipNumcli ?? '',
    payfipMode: (s?.payfipMode ?? 'T') as 'T' | 'X' | 'W',
    systempaySiteId: s?.systempaySiteId ?? '',
    systempayKey: '',
  };
}

/**
 * Saves the tenant settings: the tenant row and its settings row in one transaction with an audit row
 * naming the changed fields (never their values for secrets). The Systempay key is sealed before it is
 * written; an empty key keeps the stored one. Systempay needs a key, stored or new.
 */
export async function updateTenantSettings(
  db: Db,
  input: { tenantId: string; values: SettingsInput; actor: ActorRef; now: Date; secretsKey: Uint8Array },
): Promise<{ ok: true; changed: string[] } | { ok: false; errors: Record<string, string> }> {
  return db.transaction(async (tx) => {
    const tenant = await findTenantForUpdate(tx, input.tenantId);
    if (!tenant) throw new AppError('NOT_FOUND');
    const current = await findTenantSettings(tx, input.tenantId);
    const v = input.values;
    const newKey = v.systempayKey.trim();
    if (v.paymentProvider === 'systempay' && !newKey && !current?.systempayKeySealed)
      return { ok: false as const, errors: { systempayKey: 'Saisissez la clé de production Systempay.' } };

    const before = settingsFormValues(tenant, current);
    const changed: string[] = [];
    const tenantValues: Partial<Tenant> = {};
    for (const f of TENANT_FIELDS)
      if (before[f] !== v[f]) {
        changed.push(f);
        (tenantValues as Record<string, unknown>)[f] = v[f];
      }
    for (const f of SETTINGS_FIELDS) if ((before[f] ?? '') !== (v[f] ?? '')) changed.push(f);
    if (newKey) changed.push('systempayKey');
    if (changed.length === 0) return { ok: true as const, changed };

    await updateTenantColumns(tx, input.tenantId, tenantValues);
    await upsertTenantSettings(tx, input.tenantId, {
      rulesText: v.rulesText,
      a11yStatement: v.a11yStatement,
      sepaCreditorId: v.sepaCreditorId,
      invoicePrefix: v.invoicePrefix,
      paymentProvider: v.paymentProvider,
      payfipNumcli: v.payfipNumcli,
      payfipMode: v.payfipMode,
      systempaySiteId: v.systempaySiteId,
      systempayKeySealed: newKey
        ? sealSecret(input.secretsKey, newKey)
        : (current?.systempayKeySealed ?? null),
      systempayKeySetAt: newKey ? input.now : (current?.systempayKeySetAt ?? null),
      updatedAt: input.now,
    });
    await writeAudit(tx, {
      tenantId: input.tenantId,
      actorUserId: input.actor.userId,
      action: 'tenant.settings_update',
      subjectType: 'tenant',
      subjectId: input.tenantId,
      details: { fields: changed },
      ip: input.actor.ip,
      at: input.now,
    });
    return { ok: true as const, changed };
  });
}

/**
 * Records a new logo (already stored, type checked by magic bytes); returns the previous file key so the
 * caller removes it after the commit.
 */
export async function replaceTenantLogo(
  db: Db,
  input: { tenantId: string; fileKey: string | null; actor: ActorRef; now: Date },
): Promise<{ previous: string | null }> {
  return db.transaction(async (tx) => {
    const tenant = await findTenantForUpdate(tx, input.tenantId);
    if (!tenant) throw new AppError('NOT_FOUND');
    await updateTenantColumns(tx, input.tenantId, { logoFile: input.fileKey });
    await writeAudit(tx, {
      tenantId: input.tenantId,
      actorUserId: input.actor.userId,
      action: input.fileKey ? 'tenant.logo_update' : 'tenant.logo_remove',
      subjectType: 'tenant',
      subjectId: input.tenantId,
      details: { fields: ['logo'] },
      ip: input.actor.ip,
      at: input.now,
    });
    return { previous: tenant.logoFile };
  });
}
