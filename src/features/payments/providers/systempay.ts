/**
 * Systempay / PayZen (Lyra): the payer's browser posts a signed form of `vads_*` fields to the gateway;
 * the gateway posts the IPN (same signature scheme) to vads_url_check. vads_trans_id is 6 digits,
 * unique per shop and per (UTC) day: allocated from a counter row in the database.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import type { ProviderStatus } from '../domain/online';
import { systempaySignature, verifySystempaySignature } from '../domain/signature';
import { systempayTransCounters } from '../online.schema';
import {
  type NotificationRequest,
  type PaymentProviderAdapter,
  type PaymentRedirect,
  type PaymentStart,
  ProviderError,
} from './provider';

export const SYSTEMPAY_FORM_ACTION = 'https://paiement.systempay.fr/vads-payment/';

/** vads_trans_date: UTC, YYYYMMDDHHmmss. */
export function transDate(at: Date): string {
  return at.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** The providerRef the app stores: the UTC day and the trans id ("20261125-000042"). */
export const systempayRef = (transDateText: string, transId: string) =>
  `${transDateText.slice(0, 8)}-${transId}`;

/** Next vads_trans_id of the shop for that UTC day, in its own statement (a gap is harmless here). */
export async function allocateTransId(db: Db, tenantId: string, day: string): Promise<string> {
  const [row] = await db
    .insert(systempayTransCounters)
    .values({ tenantId, day, lastValue: 1 })
    .onConflictDoUpdate({
      target: [systempayTransCounters.tenantId, systempayTransCounters.day],
      set: { lastValue: sql`${systempayTransCounters.lastValue} + 1` },
    })
    .returning({ v: systempayTransCounters.lastValue });
  return String(row!.v).padStart(6, '0');
}

/** vads_trans_status → our vocabulary. AUTHORISED_TO_VALIDATE waits for a merchant action: waiting. */
export function systempayStatus(s: string): ProviderStatus {
  switch (s) {
    case 'AUTHORISED':
    case 'CAPTURED':
    case 'ACCEPTED':
      return 'PAID';
    case 'REFUSED':
      return 'DENIED';
    case 'ABANDONED':
    case 'CANCELLED':
      return 'CANCELLED';
    case 'EXPIRED':
      return 'EXPIRED';
    case 'AUTHORISED_TO_VALIDATE':
    case 'WAITING_AUTHORISATION':
    case 'WAITING_AUTHORISATION_TO_VALIDATE':
    case 'UNDER_VERIFICATION':
    case 'INITIAL':
      return 'WAITING';
    default:
      return 'ERROR';
  }
}

export function systempayProvider(deps: {
  db: Db;
  tenantId: string;
  siteId: string | null;
  key: string | null;
  production: boolean;
  now: () => Date;
}): PaymentProviderAdapter {
  return {
    name: 'systempay',
    // The gateway's own payment session is shorter; the IPN retries for a while: one hour of patience.
    lifetimeMinutes: 60,
    async createPayment(input: PaymentStart): Promise<PaymentRedirect> {
      if (!deps.siteId || !deps.key) throw new ProviderError('Systempay: the tenant has no shop id or key');
      const at = deps.now();
      const date = transDate(at);
      const transId = await allocateTransId(deps.db, deps.tenantId, at.toISOString().slice(0, 10));
      const fields: Record<string, string> = {
        vads_action_mode: 'INTERACTIVE',
        vads_amount: String(input.payment.amountCents),
        vads_ctx_mode: deps.production ? 'PRODUCTION' : 'TEST',
        vads_currency: '978',
        vads_cust_email: input.payer.email,
        vads_order_id: input.payment.id.replace(/-/g, '').slice(0, 32),
        vads_page_action: 'PAYMENT',
        vads_payment_config: 'SINGLE',
        vads_site_id: deps.siteId,
        vads_trans_date: date,
        vads_trans_id: transId,
        vads_url_check: input.urls.notify,
        vads_url_return: input.urls.return,
        vads_version: 'V2',
      };
      fields.signature = systempaySignature(fields, deps.key);
      return {
        providerRef: systempayRef(date, transId),
        formAction: SYSTEMPAY_FORM_ACTION,
        formFields: fields,
      };
    },
    async parseNotification(req: NotificationRequest) {
      const b = req.body;
      const authentic =
        Boolean(deps.key) && b.vads_site_id === deps.siteId && verifySystempaySignature(b, deps.key ?? '');
      const ref =
        /^[0-9]{14}$/.test(b.vads_trans_date ?? '') && /^[0-9]{6}$/.test(b.vads_trans_id ?? '')
          ? systempayRef(b.vads_trans_date!, b.vads_trans_id!)
          : '';
      const amount = /^[0-9]{1,9}$/.test(b.vads_amount ?? '') ? Number(b.vads_amount) : null;
      return {
        providerRef: ref,
        status: systempayStatus(b.vads_trans_status ?? ''),
        // Only euros are expected: another currency is not the amount we asked for.
        amountCents: b.vads_currency === '978' ? amount : null,
        authentic: authentic && ref !== '',
      };
    },
    async fetchStatus() {
      // Lyra's status web service needs other credentials (REST password) than the form key: not
      // configured here, so the IPN (which the gateway retries) is the source; polling only expires.
      return { status: 'WAITING' as ProviderStatus, amountCents: null };
    },
  };
}
