/**
 * SEPA Core direct debit: the pain.008 customer direct debit initiation file (ISO 20022), the
 * sequence type of each debit and the earliest collection date. Pure: data in, XML text out.
 *
 * Versions: pain.008.001.02 (the one French banks take by default) and pain.008.001.08 (BIC → BICFI).
 * Every text field is transliterated to the SEPA character set and cut to its length.
 */
import { addDays, diffDays, weekday } from '../../../platform/calendar/days';
import { easterSunday } from '../../../platform/calendar/public-holidays';
import { sepaIdentifier, transliterate } from './transliterate';

export const SEPA_FORMATS = ['pain.008.001.02', 'pain.008.001.08'] as const;
export type SepaFormat = (typeof SEPA_FORMATS)[number];
export type SequenceType = 'FRST' | 'RCUR';

export interface SepaCreditor {
  name: string;
  iban: string;
  bic: string | null;
  /** ICS, e.g. FR72ZZZ123456. */
  creditorId: string;
}

export interface SepaDebit {
  endToEndId: string;
  amountCents: number;
  rum: string;
  /** Date of signature of the mandate, ISO day. */
  signedOn: string;
  debtorName: string;
  debtorIban: string;
  debtorBic: string | null;
  sequenceType: SequenceType;
  /** Unstructured remittance text (the invoice number and period). */
  remittance: string;
}

export interface SepaFile {
  format: SepaFormat;
  messageId: string;
  createdAt: Date;
  initiatingParty: string;
  collectionDate: string;
  creditor: SepaCreditor;
  debits: SepaDebit[];
}

/**
 * FRST for the first debit under a mandate (or after an event that restarts the sequence: MD01 return,
 * change of bank), RCUR after. Since November 2016 both are presented the same way (D-1), so the
 * choice only tells the debtor's bank where the sequence stands.
 */
export function sequenceTypeOf(mandate: { needsFirst: boolean }): SequenceType {
  return mandate.needsFirst ? 'FRST' : 'RCUR';
}

/** Return reason codes (EPC R-transactions) staff can record, with their French labels. */
export const RETURN_REASONS = {
  AC01: 'Identifiant de compte incorrect (IBAN invalide)',
  AC04: 'Compte clôturé',
  AC06: 'Compte bloqué',
  AG01: 'Prélèvement interdit sur ce compte',
  AM04: 'Provision insuffisante',
  MD01: 'Pas de mandat valide',
  MD02: 'Données du mandat manquantes ou erronées',
  MD06: 'Remboursement demandé par le débiteur',
  MS02: 'Refus du débiteur',
  MS03: 'Raison non communiquée',
  SL01: 'Service spécifique de la banque du débiteur',
} as const;
export type ReturnReason = keyof typeof RETURN_REASONS;
export const isReturnReason = (v: unknown): v is ReturnReason =>
  typeof v === 'string' && Object.hasOwn(RETURN_REASONS, v);

/**
 * Whether the next debit under the mandate must be FRST again after a return: only when the bank says
 * there is no valid mandate (MD01) or the account identification changed (AC01). Insufficient funds,
 * refusals and the rest keep the sequence (RCUR).
 */
export function returnRestartsSequence(code: ReturnReason): boolean {
  return code === 'MD01' || code === 'AC01';
}

/** TARGET2 closing days: the interbank system does not settle on them. */
export function isTargetHoliday(day: string): boolean {
  const md = day.slice(5);
  if (md === '01-01' || md === '05-01' || md === '12-25' || md === '12-26') return true;
  const easter = easterSunday(Number(day.slice(0, 4)));
  return day === addDays(easter, -2) || day === addDays(easter, 1);
}

export function isSepaBusinessDay(day: string): boolean {
  return weekday(day) <= 5 && !isTargetHoliday(day);
}

/** The next business day after `today` (D+1): the earliest collection date allowed. */
export function earliestCollectionDate(today: string): string {
  let d = addDays(today, 1);
  while (!isSepaBusinessDay(d)) d = addDays(d, 1);
  return d;
}

/** Days between the invoice's issue and the collection: families must be told 14 days ahead. */
export const PRENOTIFICATION_DAYS = 14;
export function shortNotice(issuedOn: string, collectionDate: string): boolean {
  return diffDays(issuedOn, collectionDate) < PRENOTIFICATION_DAYS;
}

/** Cents as "123.45" (ISO 20022 decimal, always two decimals, '.' separator). */
export function sepaAmount(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents <= 0) throw new RangeError(`bad amount ${cents}`);
  const s = String(cents).padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}

/** Text nodes only (no attributes take user text): &, < and > are enough. */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const txt = (s: string, max: number) => esc(transliterate(s, max) || 'NOTPROVIDED');
const id = (s: string, max = 35) => esc(sepaIdentifier(s, max) || 'NOTPROVIDED');

/** "2026-11-25T23:30:00" in UTC without milliseconds (ISODateTime). */
const isoDateTime = (d: Date) => d.toISOString().slice(0, 19);

function agent(format: SepaFormat, bic: string | null): string {
  const tag = format === 'pain.008.001.02' ? 'BIC' : 'BICFI';
  return bic
    ? `<FinInstnId><${tag}>${esc(bic)}</${tag}></FinInstnId>`
    : '<FinInstnId><Othr><Id>NOTPROVIDED</Id></Othr></FinInstnId>';
}

/** Builds the XML text: one PmtInf per sequence type (all debits share the collection date). */
export function buildPain008(file: SepaFile): string {
  if (file.debits.length === 0) throw new RangeError('a SEPA file needs at least one debit');
  const { format, creditor } = file;
  const total = (ds: SepaDebit[]) => sepaAmount(ds.reduce((s, d) => s + d.amountCents, 0));
  const groups = (['FRST', 'RCUR'] as const)
    .map((seq) => ({ seq, debits: file.debits.filter((d) => d.sequenceType === seq) }))
    .filter((g) => g.debits.length > 0);
  const msgId = sepaIdentifier(file.messageId, 35);
  const reqdColltnDt = `<ReqdColltnDt>${file.collectionDate}</ReqdColltnDt>`;

  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:${format}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`,
    '<CstmrDrctDbtInitn>',
    '<GrpHdr>',
    `<MsgId>${esc(msgId)}</MsgId>`,
    `<CreDtTm>${isoDateTime(file.createdAt)}</CreDtTm>`,
    `<NbOfTxs>${file.debits.length}</NbOfTxs>`,
    `<CtrlSum>${total(file.debits)}</CtrlSum>`,
    `<InitgPty><Nm>${txt(file.initiatingParty, 70)}</Nm></InitgPty>`,
    '</GrpHdr>',
  ];
  for (const g of groups) {
    out.push(
      '<PmtInf>',
      `<PmtInfId>${id(`${msgId.slice(0, 30)}-${g.seq}`)}</PmtInfId>`,
      '<PmtMtd>DD</PmtMtd>',
      '<BtchBookg>true</BtchBookg>',
      `<NbOfTxs>${g.debits.length}</NbOfTxs>`,
      `<CtrlSum>${total(g.debits)}</CtrlSum>`,
      '<PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl><LclInstrm><Cd>CORE</Cd></LclInstrm>',
      `<SeqTp>${g.seq}</SeqTp></PmtTpInf>`,
      reqdColltnDt,
      `<Cdtr><Nm>${txt(creditor.name, 70)}</Nm></Cdtr>`,
      `<CdtrAcct><Id><IBAN>${esc(creditor.iban)}</IBAN></Id></CdtrAcct>`,
      `<CdtrAgt>${agent(format, creditor.bic)}</CdtrAgt>`,
      '<ChrgBr>SLEV</ChrgBr>',
      '<CdtrSchmeId><Id><PrvtId><Othr>',
      `<Id>${esc(creditor.creditorId)}</Id><SchmeNm><Prtry>SEPA</Prtry></SchmeNm>`,
      '</Othr></PrvtId></Id></CdtrSchmeId>',
    );
    for (const d of g.debits) {
      out.push(
        '<DrctDbtTxInf>',
        `<PmtId><EndToEndId>${id(d.endToEndId)}</EndToEndId></PmtId>`,
        `<InstdAmt Ccy="EUR">${sepaAmount(d.amountCents)}</InstdAmt>`,
        '<DrctDbtTx><MndtRltdInf>',
        `<MndtId>${id(d.rum)}</MndtId><DtOfSgntr>${d.signedOn}</DtOfSgntr>`,
        '<AmdmntInd>false</AmdmntInd>',
        '</MndtRltdInf></DrctDbtTx>',
        `<DbtrAgt>${agent(format, d.debtorBic)}</DbtrAgt>`,
        `<Dbtr><Nm>${txt(d.debtorName, 70)}</Nm></Dbtr>`,
        `<DbtrAcct><Id><IBAN>${esc(d.debtorIban)}</IBAN></Id></DbtrAcct>`,
        `<RmtInf><Ustrd>${txt(d.remittance, 140)}</Ustrd></RmtInf>`,
        '</DrctDbtTxInf>',
      );
    }
    out.push('</PmtInf>');
  }
  out.push('</CstmrDrctDbtInitn>', '</Document>', '');
  return out.join('\n');
}
