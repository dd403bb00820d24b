/**
 * The one interface every online payment provider implements (INTEGRATIONS.md, Online payment). The
 * app writes the pending payment row before calling `createPayment`; notifications and polling both end
 * in the same idempotent transition (online.service.ts), whatever the provider.
 */
import type { ProviderStatus } from '../domain/online';

export const PROVIDER_NAMES = ['simulator', 'payfip', 'systempay'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export function isProviderName(v: unknown): v is ProviderName {
  return typeof v === 'string' && (PROVIDER_NAMES as readonly string[]).includes(v);
}

export interface PaymentStart {
  payment: { id: string; amountCents: number; createdAt: Date };
  invoices: { id: string; number: string; amountCents: number }[];
  payer: { email: string; name: string };
  /** Absolute URLs: the server-to-server notification, and where the payer's browser comes back. */
  urls: { notify: string; return: string };
}

/** Where to send the payer: a redirect (simulator, PayFiP) or a form to post (Systempay). */
export type PaymentRedirect =
  | { providerRef: string; redirectUrl: string }
  | { providerRef: string; formAction: string; formFields: Record<string, string> };

/** A notification as the route received it: the parsed body (urlencoded or JSON) and the query. */
export interface NotificationRequest {
  body: Record<string, string>;
  query: Record<string, string>;
}

export interface ProviderAnswer {
  providerRef: string;
  status: ProviderStatus;
  /** What the provider says was paid (null when it does not say). */
  amountCents: number | null;
  /** False when the signature does not verify (or the provider does not know the reference). */
  authentic: boolean;
}

export interface PaymentProviderAdapter {
  readonly name: ProviderName;
  /** Minutes after which a payment still unanswered is expired (PayFiP: an idOp lives 15 minutes). */
  readonly lifetimeMinutes: number;
  createPayment(input: PaymentStart): Promise<PaymentRedirect>;
  parseNotification(request: NotificationRequest): Promise<ProviderAnswer>;
  fetchStatus(providerRef: string): Promise<{ status: ProviderStatus; amountCents: number | null }>;
}

/** A provider that cannot be reached or answered nonsense (the caller records an error). */
export class ProviderError extends Error {}

/** Only the fields of a parsed body that are strings (urlencoded bodies may repeat a key). */
export function stringFields(body: unknown, maxFields = 100): Record<string, string> {
  const out: Record<string, string> = {};
  if (!body || typeof body !== 'object') return out;
  let n = 0;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (++n > maxFields) break;
    if (typeof v === 'string') out[k] = v.slice(0, 2000);
    else if (typeof v === 'number') out[k] = String(v);
  }
  return out;
}
