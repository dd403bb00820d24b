/**
 * PayFiP (DGFiP) web-service flow: `creerPaiementSecurise` gives an idOp, the payer is redirected to
 * `…/tpa/paiementws.web?idop=…`; the notification carries only the idOp and is not signed, so it is
 * confirmed with `recupererDetailPaiementSecurise(idOp)` (resultrans P/V paid, R/Z refused, A
 * abandoned). SOAP goes through an injectable transport: tests use recorded XML, never the network.
 */
import type { ProviderStatus } from '../domain/online';
import {
  type NotificationRequest,
  type PaymentProviderAdapter,
  type PaymentRedirect,
  type PaymentStart,
  ProviderError,
} from './provider';

export const PAYFIP_ENDPOINT = 'https://www.tipi.budget.gouv.fr/tpa/services/securite';
export const PAYFIP_PAYMENT_PAGE = 'https://www.payfip.gouv.fr/tpa/paiementws.web';
const SERVICE_NS =
  'http://securite.service.tpa.cp.finances.gouv.fr/services/mas_securite/contrat_paiement_securise/PaiementSecuriseService';

/** T: test, X: activation, W: production (the tenant's mode). */
export const PAYFIP_MODES = ['T', 'X', 'W'] as const;
export type PayfipMode = (typeof PAYFIP_MODES)[number];

export interface SoapTransport {
  /** Posts a SOAP envelope, returns the response body (also for a SOAP fault, HTTP 500). */
  post(url: string, envelope: string): Promise<string>;
}

/** The real transport (fetch, 10 s timeout). */
export const httpSoapTransport: SoapTransport = {
  async post(url, envelope) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '' },
      body: envelope,
      signal: AbortSignal.timeout(10_000),
    });
    return res.text();
  },
};

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** refdet: `[A-Za-z0-9]{1,30}` — the payment id without dashes (unique, and found back in PayFiP's reports). */
export function payfipRefdet(paymentId: string): string {
  return paymentId.replace(/[^A-Za-z0-9]/g, '').slice(0, 30);
}

/** objet: ≤ 100 characters of `[A-Za-z0-9 ]` (accents and dashes dropped, spaces squeezed). */
export function payfipObjet(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9 ]/g, ' ')
    .replace(/ +/g, ' ')
    .trim()
    .slice(0, 100)
    .trim();
}

function envelope(operation: string, fields: Record<string, string>): string {
  const args = Object.entries(fields)
    .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:pai="${SERVICE_NS}"><soapenv:Header/><soapenv:Body><pai:${operation}><arg0>${args}</arg0></pai:${operation}></soapenv:Body></soapenv:Envelope>`;
}

/** The SOAP request of creerPaiementSecurise (fields in the order of the WSDL: alphabetical). */
export function creerPaiementSecuriseRequest(p: {
  numcli: string;
  exer: number;
  refdet: string;
  objet: string;
  montantCents: number;
  mel: string;
  urlnotif: string;
  urlredirect: string;
  saisie: PayfipMode;
}): string {
  if (!/^[0-9]{6}$/.test(p.numcli)) throw new ProviderError('PayFiP: numcli must be 6 digits');
  if (!/^[A-Za-z0-9]{1,30}$/.test(p.refdet)) throw new ProviderError('PayFiP: bad refdet');
  if (!/^[A-Za-z0-9 ]{0,100}$/.test(p.objet)) throw new ProviderError('PayFiP: bad objet');
  if (!Number.isSafeInteger(p.montantCents) || p.montantCents <= 0)
    throw new ProviderError('PayFiP: bad amount');
  return envelope('creerPaiementSecurise', {
    exer: String(p.exer),
    mel: p.mel,
    montant: String(p.montantCents),
    numcli: p.numcli,
    objet: p.objet,
    refdet: p.refdet,
    saisie: p.saisie,
    urlnotif: p.urlnotif,
    urlredirect: p.urlredirect,
  });
}

export function recupererDetailRequest(idOp: string): string {
  return envelope('recupererDetailPaiementSecurise', { idOp });
}

/** The text of the first `<name>` element (namespace prefix allowed), or null. */
export function xmlValue(xml: string, name: string): string | null {
  const m = new RegExp(`<(?:[A-Za-z0-9_]+:)?${name}(?:\\s[^>]*)?>([^<]*)</(?:[A-Za-z0-9_]+:)?${name}>`).exec(
    xml,
  );
  return m ? unescapeXml(m[1]!).trim() : null;
}

function faultOf(xml: string): string | null {
  if (!/<(?:[A-Za-z0-9_]+:)?Fault[\s>]/.test(xml)) return null;
  const code = xmlValue(xml, 'code');
  const text = xmlValue(xml, 'descriptif') ?? xmlValue(xml, 'faultstring') ?? 'SOAP fault';
  return code ? `${code} ${text}` : text;
}

export function parseCreerResponse(xml: string): string {
  const fault = faultOf(xml);
  if (fault) throw new ProviderError(`PayFiP creerPaiementSecurise: ${fault}`);
  const idOp = xmlValue(xml, 'idOp');
  if (!idOp || !/^[A-Za-z0-9-]{1,64}$/.test(idOp)) throw new ProviderError('PayFiP: no idOp in the answer');
  return idOp;
}

/** resultrans P (card) / V (debit) paid; R / Z refused; A abandoned; a fault or nothing yet: waiting. */
export function parseDetailResponse(xml: string): {
  status: ProviderStatus;
  amountCents: number | null;
  idOp: string | null;
  known: boolean;
} {
  const fault = faultOf(xml);
  if (fault) return { status: 'WAITING', amountCents: null, idOp: null, known: false };
  const r = xmlValue(xml, 'resultrans') ?? '';
  const montant = xmlValue(xml, 'montant');
  const amountCents = montant && /^[0-9]{1,9}$/.test(montant) ? Number(montant) : null;
  const status: ProviderStatus =
    r === 'P' || r === 'V' ? 'PAID' : r === 'R' || r === 'Z' ? 'DENIED' : r === 'A' ? 'CANCELLED' : 'WAITING';
  return { status, amountCents, idOp: xmlValue(xml, 'idOp'), known: true };
}

export function payfipProvider(deps: {
  numcli: string | null;
  mode: PayfipMode;
  transport: SoapTransport;
  endpoint?: string;
  now: () => Date;
}): PaymentProviderAdapter {
  const endpoint = deps.endpoint ?? PAYFIP_ENDPOINT;
  const detail = async (idOp: string) =>
    parseDetailResponse(await deps.transport.post(endpoint, recupererDetailRequest(idOp)));
  return {
    name: 'payfip',
    lifetimeMinutes: 15,
    async createPayment(input: PaymentStart): Promise<PaymentRedirect> {
      if (!deps.numcli) throw new ProviderError('PayFiP: the tenant has no numcli');
      const xml = creerPaiementSecuriseRequest({
        numcli: deps.numcli,
        exer: input.payment.createdAt.getUTCFullYear(),
        refdet: payfipRefdet(input.payment.id),
        objet: payfipObjet(`Factures ${input.invoices.map((i) => i.number).join(' ')}`),
        montantCents: input.payment.amountCents,
        mel: input.payer.email,
        urlnotif: input.urls.notify,
        urlredirect: input.urls.return,
        saisie: deps.mode,
      });
      const idOp = parseCreerResponse(await deps.transport.post(endpoint, xml));
      return { providerRef: idOp, redirectUrl: `${PAYFIP_PAYMENT_PAGE}?idop=${encodeURIComponent(idOp)}` };
    },
    async parseNotification(req: NotificationRequest) {
      // Not signed: only the idOp is read, and the web service is asked what happened.
      const idOp = req.body.idOp ?? req.body.idop ?? req.query.idOp ?? req.query.idop ?? '';
      if (!/^[A-Za-z0-9-]{1,64}$/.test(idOp))
        return { providerRef: '', status: 'ERROR' as ProviderStatus, amountCents: null, authentic: false };
      const d = await detail(idOp);
      return {
        providerRef: idOp,
        status: d.status,
        amountCents: d.amountCents,
        authentic: d.known && (d.idOp === null || d.idOp === idOp),
      };
    },
    async fetchStatus(idOp: string) {
      const d = await detail(idOp);
      return { status: d.status, amountCents: d.amountCents };
    },
  };
}
