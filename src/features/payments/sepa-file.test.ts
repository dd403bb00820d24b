import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { icsCheckDigits } from './domain/ics';
import { buildPain008, SEPA_FORMATS, type SepaFile, type SepaFormat } from './domain/sepa';

const XSD_DIR = fileURLToPath(new URL('../../../test/fixtures/sepa/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pain008-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Validates with xmllint against the ISO 20022 XSD (copied in test/fixtures/sepa); throws with its output. */
export function validateXsd(xml: string, format: SepaFormat): void {
  const file = join(dir, `${format}-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  execFileSync('xmllint', ['--noout', '--schema', join(XSD_DIR, `${format}.xsd`), file], { stdio: 'pipe' });
}

const ICS = `FR${icsCheckDigits('FR', '123456')}ZZZ123456`;

function sample(format: SepaFormat): SepaFile {
  return {
    format,
    messageId: 'PRLV-2026-12-07-ABCD1234',
    createdAt: new Date('2026-11-25T10:00:00.123Z'),
    initiatingParty: 'Régie Enfance & Jeunesse de Saint-Étienne-du-Rouvray — « Les P’tits Loups »',
    collectionDate: '2026-12-07',
    creditor: {
      name: 'Mairie de Démo & Cie',
      iban: 'FR7630006000011234567890189',
      bic: 'AGRIFRPP',
      creditorId: ICS,
    },
    debits: [
      {
        endToEndId: '2026-000001-1a2b3c4d',
        amountCents: 5000,
        rum: 'MND-2026-ABCDEFGH',
        signedOn: '2026-11-20',
        debtorName: 'Zoé & Jérôme Lefèvre-Ñúñez <b>',
        debtorIban: 'FR7630006000011234567890189',
        debtorBic: null,
        sequenceType: 'FRST',
        remittance: `Facture 2026-000001 ${'très long libellé '.repeat(20)}`,
      },
      {
        endToEndId: '2026-000002-9f8e7d6c',
        amountCents: 12345,
        rum: 'MND-2026-ZZZZZZZZ',
        signedOn: '2025-01-31',
        debtorName: 'Łucja Şahin',
        debtorIban: 'DE89370400440532013000',
        debtorBic: 'COBADEFFXXX',
        sequenceType: 'RCUR',
        remittance: 'Facture 2026-000002',
      },
      {
        endToEndId: '2026-000003-00000000',
        amountCents: 1,
        rum: 'MND-2026-YYYYYYYY',
        signedOn: '2026-01-01',
        debtorName: 'Amélie',
        debtorIban: 'FR7630006000011234567890189',
        debtorBic: null,
        sequenceType: 'RCUR',
        remittance: 'Facture 2026-000003',
      },
    ],
  };
}

describe('pain.008 builder', () => {
  for (const format of SEPA_FORMATS) {
    it(`${format}: valid against the XSD, with accents and ampersands transliterated`, () => {
      const xml = buildPain008(sample(format));
      validateXsd(xml, format);
      assert.match(xml, new RegExp(`urn:iso:std:iso:20022:tech:xsd:${format.replace(/\./g, '\\.')}`));
      assert.match(xml, /<Nm>Mairie de Demo et Cie<\/Nm>/);
      assert.match(xml, /<Nm>Zoe et Jerome Lefevre-Nunez b<\/Nm>/);
      assert.doesNotMatch(xml, /[éèàç&<]b>/);
      assert.doesNotMatch(xml.replace(/&(amp|lt|gt|quot|apos);/g, ''), /&/);
      // Group header: 3 debits, control sum with two decimals; one PmtInf per sequence.
      assert.match(xml, /<GrpHdr>[\s\S]*<NbOfTxs>3<\/NbOfTxs>\s*<CtrlSum>173\.46<\/CtrlSum>/);
      assert.match(xml, /<SeqTp>FRST<\/SeqTp>[\s\S]*<SeqTp>RCUR<\/SeqTp>/);
      const rcur = xml.slice(xml.indexOf('<SeqTp>RCUR'));
      assert.match(
        xml.slice(xml.lastIndexOf('<PmtInf>')),
        /<NbOfTxs>2<\/NbOfTxs>\s*<CtrlSum>123\.46<\/CtrlSum>/,
      );
      assert.ok(rcur.includes('MND-2026-ZZZZZZZZ'));
      assert.match(xml, /<InstdAmt Ccy="EUR">0\.01<\/InstdAmt>/);
      assert.match(xml, /<CreDtTm>2026-11-25T10:00:00<\/CreDtTm>/);
      const ustrd = /<Ustrd>([^<]*)<\/Ustrd>/.exec(xml)![1]!;
      assert.ok(ustrd.length <= 140);
      const initg = /<InitgPty><Nm>([^<]*)<\/Nm>/.exec(xml)![1]!;
      assert.ok(initg.length <= 70);
      assert.equal(
        xml.includes(format === 'pain.008.001.02' ? '<BIC>AGRIFRPP</BIC>' : '<BICFI>AGRIFRPP</BICFI>'),
        true,
      );
      assert.match(xml, /<Othr><Id>NOTPROVIDED<\/Id><\/Othr>/);
      assert.match(xml, new RegExp(`<Id>${ICS}</Id><SchmeNm><Prtry>SEPA</Prtry>`));
    });
  }

  it('the XSD check itself fails on a broken file (the test can fail)', () => {
    const xml = buildPain008(sample('pain.008.001.02')).replace('<PmtMtd>DD</PmtMtd>', '<PmtMtd>XX</PmtMtd>');
    assert.throws(() => validateXsd(xml, 'pain.008.001.02'));
    const v8 = buildPain008(sample('pain.008.001.08'));
    assert.throws(() => validateXsd(v8, 'pain.008.001.02'));
  });

  it('refuses an empty file', () => {
    assert.throws(() => buildPain008({ ...sample('pain.008.001.02'), debits: [] }));
  });
});
