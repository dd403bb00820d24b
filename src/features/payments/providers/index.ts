import type { Db } from '../../../platform/db/client';
import { openSecret } from '../../../platform/secrets';
import { findTenantSettings } from '../../settings/settings.repository';
import { httpSoapTransport, type PayfipMode, payfipProvider, type SoapTransport } from './payfip';
import { isProviderName, type PaymentProviderAdapter, type ProviderName } from './provider';
import { simulatorProvider } from './simulator';
import { systempayProvider } from './systempay';

/** What providers need from the process: set once by the payment routes (buildApp), read by jobs too. */
export interface ProviderEnv {
  /** Unseals tenant_settings.systempay_key_sealed. */
  secretsKey: Uint8Array;
  payfipTransport: SoapTransport;
  payfipEndpoint?: string;
  production: boolean;
}

let env: ProviderEnv | null = null;

export function configureProviders(e: ProviderEnv): void {
  env = e;
}

/** Tests swap PayFiP's transport for recorded answers. */
export function setPayfipTransport(transport: SoapTransport): void {
  if (!env) throw new Error('payment providers are not configured');
  env = { ...env, payfipTransport: transport };
}

function currentEnv(): ProviderEnv {
  if (!env) throw new Error('payment providers are not configured (the app registers them)');
  return env;
}

/** The tenant's provider (tenant_settings.payment_provider, simulator by default). */
export async function tenantProviderName(db: Db, tenantId: string): Promise<ProviderName> {
  const s = await findTenantSettings(db, tenantId);
  return isProviderName(s?.paymentProvider) ? s.paymentProvider : 'simulator';
}

/**
 * The adapter of a provider for a tenant. `name` is the payment's own provider (a payment started with
 * PayFiP is confirmed with PayFiP even if the tenant has switched since).
 */
export async function providerFor(
  db: Db,
  tenant: { id: string; slug: string },
  name: ProviderName,
  options: { base?: string; now: () => Date },
): Promise<PaymentProviderAdapter> {
  const e = currentEnv();
  if (name === 'simulator')
    return simulatorProvider({
      db,
      tenantId: tenant.id,
      base: options.base ?? `/${tenant.slug}`,
      now: options.now,
    });
  const s = await findTenantSettings(db, tenant.id);
  if (name === 'payfip')
    return payfipProvider({
      numcli: s?.payfipNumcli ?? null,
      mode: (s?.payfipMode ?? 'T') as PayfipMode,
      transport: e.payfipTransport,
      endpoint: e.payfipEndpoint,
      now: options.now,
    });
  let key: string | null = null;
  if (s?.systempayKeySealed) {
    try {
      key = openSecret(e.secretsKey, s.systempayKeySealed);
    } catch {
      key = null; // A key sealed with another secrets key: every IPN is then refused (not authentic).
    }
  }
  return systempayProvider({
    db,
    tenantId: tenant.id,
    siteId: s?.systempaySiteId ?? null,
    key,
    production: e.production,
    now: options.now,
  });
}

export { httpSoapTransport };
