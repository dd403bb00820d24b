import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allocateOldestFirst } from './allocation';
import { dunningLevelDue, parseDelays } from './dunning';
import { checkBic, checkIban, maskIban } from './iban';
import { icsCheckDigits, parseIcs } from './ics';
import { isValidRum, newRum } from './rum';
import {
  earliestCollectionDate,
  isSepaBusinessDay,
  returnRestartsSequence,
  sepaAmount,
  sequenceTypeOf,
  shortNotice,
} from './sepa';
import { sepaIdentifier, transliterate } from './transliterate';

/** An IBAN with correct mod-97 check digits for a BBAN (to forge a bad RIB key that passes mod 97). */
function ibanOf(country: string, bban: string): string {
  const digits = `${bban}${country}00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return `${country}${String(98 - rest).padStart(2, '0')}${bban}`;
}

describe('ICS', () => {
  it('accepts a French ICS with good check digits, spaces and lower case', () => {
    const cd = icsCheckDigits('FR', '123456');
    const ics = `FR${cd}ZZZ123456`;
    assert.equal(parseIcs(ics), ics);
    assert.equal(parseIcs(` ${ics.toLowerCase().slice(0, 7)} 123456 `), ics);
  });
  it('ignores the business code in the check digits', () => {
    const cd = icsCheckDigits('FR', '654321');
    assert.equal(parseIcs(`FR${cd}ABC654321`), `FR${cd}ABC654321`);
    assert.equal(parseIcs(`FR${cd}ZZZ654321`), `FR${cd}ZZZ654321`);
  });
  it('refuses wrong check digits, wrong lengths, other countries', () => {
    const cd = Number(icsCheckDigits('FR', '123456'));
    assert.equal(parseIcs(`FR${String((cd + 1) % 100).padStart(2, '0')}ZZZ123456`), null);
    assert.equal(parseIcs(`FR${cd}ZZZ12345`), null);
    assert.equal(parseIcs(`DE${cd}ZZZ123456`), null);
    assert.equal(parseIcs(''), null);
  });
});

describe('RUM', () => {
  it('is random, ≤ 35 SEPA characters, not derived from the account', () => {
    const a = newRum(2026);
    const b = newRum(2026);
    assert.notEqual(a, b);
    assert.match(a, /^MND-2026-[A-Z2-9]{8}$/);
    assert.ok(isValidRum(a));
    assert.equal(newRum(2026, new Uint8Array(8)), 'MND-2026-AAAAAAAA');
  });
  it('validates identifiers: no leading slash, no double slash, ≤ 35', () => {
    assert.equal(isValidRum('/ABC'), false);
    assert.equal(isValidRum('A//B'), false);
    assert.equal(isValidRum('A'.repeat(36)), false);
    assert.equal(isValidRum('A'.repeat(35)), true);
    assert.equal(isValidRum('é'), false);
  });
});

describe('IBAN and BIC', () => {
  it('accepts a French IBAN typed with spaces and lower case', () => {
    const r = checkIban('fr76 3000 6000 0112 3456 7890 189');
    assert.deepEqual(r, { ok: true, iban: 'FR7630006000011234567890189' });
  });
  it('refuses a wrong mod-97', () => {
    const r = checkIban('FR7630006000011234567890188');
    assert.equal(r.ok, false);
  });
  it('refuses a wrong French RIB key even when the IBAN checksum is right', () => {
    const forged = ibanOf('FR', '30006000011234567890188');
    assert.equal(forged.length, 27);
    const r = checkIban(forged);
    assert.equal(r.ok, false);
    assert.match((r as { message: string }).message, /clé RIB/);
  });
  it('refuses empty, too long, non-SEPA', () => {
    assert.equal(checkIban('').ok, false);
    assert.equal(checkIban('FR76'.padEnd(40, '1')).ok, false);
    assert.equal(checkIban('US64SVBKUS6S3300958879').ok, false);
  });
  it('accepts a German IBAN', () => {
    assert.equal(checkIban('DE89 3704 0044 0532 0130 00').ok, true);
  });
  it('BIC optional, 8 or 11 characters', () => {
    assert.deepEqual(checkBic(''), { ok: true, bic: null });
    assert.deepEqual(checkBic('agrifrpp'), { ok: true, bic: 'AGRIFRPP' });
    assert.deepEqual(checkBic('AGRIFRPP882'), { ok: true, bic: 'AGRIFRPP882' });
    assert.equal(checkBic('AGRIFR').ok, false);
  });
  it('masks all but the country, check digits and last four', () => {
    assert.equal(maskIban('FR7630006000011234567890189'), 'FR76 **** **** 0189');
  });
});

describe('transliteration', () => {
  it('maps accents, ligatures, ampersands; strips the rest', () => {
    assert.equal(transliterate('Mairie de Saint-Étienne & Co'), 'Mairie de Saint-Etienne et Co');
    assert.equal(transliterate('Œuvre « Cœur » — l’été'), "OEuvre Coeur - l'ete");
    assert.equal(transliterate('Łucja Şahin Nguyễn'), 'Lucja Sahin Nguyen');
    assert.equal(transliterate('<script>alert(1)</script>'), 'script alert(1) /script');
    assert.equal(transliterate('emoji 😀 ok'), 'emoji ok');
  });
  it('cuts to the length without a trailing space', () => {
    assert.equal(transliterate('abc def', 4), 'abc');
    assert.equal(transliterate('é'.repeat(100), 70).length, 70);
  });
  it('identifiers: no spaces, no leading or double slash', () => {
    assert.equal(sepaIdentifier('//A B//C'), 'AB/C');
    assert.equal(sepaIdentifier('X'.repeat(50)).length, 35);
  });
});

describe('sequence, dates, amounts', () => {
  it('FRST first, RCUR after; only MD01 and AC01 restart the sequence', () => {
    assert.equal(sequenceTypeOf({ needsFirst: true }), 'FRST');
    assert.equal(sequenceTypeOf({ needsFirst: false }), 'RCUR');
    assert.equal(returnRestartsSequence('MD01'), true);
    assert.equal(returnRestartsSequence('AC01'), true);
    assert.equal(returnRestartsSequence('AM04'), false);
    assert.equal(returnRestartsSequence('AC04'), false);
  });
  it('the earliest collection date is the next TARGET business day', () => {
    assert.equal(earliestCollectionDate('2026-11-25'), '2026-11-26'); // Wed → Thu
    assert.equal(earliestCollectionDate('2026-11-27'), '2026-11-30'); // Fri → Mon
    assert.equal(earliestCollectionDate('2026-12-24'), '2026-12-28'); // Christmas, 26th (Sat), Sunday
    assert.equal(earliestCollectionDate('2027-03-25'), '2027-03-30'); // Good Friday 26, Easter Monday 29
    assert.equal(isSepaBusinessDay('2026-05-01'), false);
    assert.equal(isSepaBusinessDay('2026-07-14'), true); // French holiday, TARGET open
  });
  it('warns under 14 days between issue and collection', () => {
    assert.equal(shortNotice('2026-11-05', '2026-11-18'), true);
    assert.equal(shortNotice('2026-11-05', '2026-11-19'), false);
    assert.equal(shortNotice('2028-02-20', '2028-03-05'), false); // leap year: 14 days
  });
  it('amounts: two decimals, point, positive cents only', () => {
    assert.equal(sepaAmount(1), '0.01');
    assert.equal(sepaAmount(5000), '50.00');
    assert.equal(sepaAmount(123456), '1234.56');
    assert.throws(() => sepaAmount(0));
    assert.throws(() => sepaAmount(-5));
    assert.throws(() => sepaAmount(1.5));
  });
});

describe('dunning delays', () => {
  it('parses up to three distinct delays', () => {
    assert.deepEqual(parseDelays('21, 7'), [7, 21]);
    assert.deepEqual(parseDelays('7;14 30'), [7, 14, 30]);
    assert.equal(parseDelays(''), null);
    assert.equal(parseDelays('7,7'), null);
    assert.equal(parseDelays('0'), null);
    assert.equal(parseDelays('366'), null);
    assert.equal(parseDelays('1,2,3,4'), null);
    assert.equal(parseDelays('7.5'), null);
  });
  it('gives the level reached, once', () => {
    const delays = [7, 21];
    assert.equal(dunningLevelDue('2026-11-01', '2026-11-07', delays, 0), 0); // 6 days late
    assert.equal(dunningLevelDue('2026-11-01', '2026-11-08', delays, 0), 1); // 7 days late
    assert.equal(dunningLevelDue('2026-11-01', '2026-11-08', delays, 1), 0); // already sent
    assert.equal(dunningLevelDue('2026-11-01', '2026-11-22', delays, 1), 2);
    assert.equal(dunningLevelDue('2026-11-01', '2026-12-30', delays, 0), 2); // late run: highest only
    assert.equal(dunningLevelDue('2028-02-22', '2028-02-29', delays, 0), 1); // leap day
    assert.equal(dunningLevelDue('2026-11-01', '2026-10-01', delays, 0), 0); // not yet due
  });
});

describe('allocation oldest first', () => {
  it('fills invoices in order and reports what is left', () => {
    const r = allocateOldestFirst(7000, [
      { id: 'a', due: 5000 },
      { id: 'b', due: 5000 },
    ]);
    assert.deepEqual(
      [...r.allocations],
      [
        ['a', 5000],
        ['b', 2000],
      ],
    );
    assert.equal(r.left, 0);
    assert.equal(allocateOldestFirst(20000, [{ id: 'a', due: 5000 }]).left, 15000);
    assert.equal(allocateOldestFirst(0, [{ id: 'a', due: 5000 }]).allocations.size, 0);
  });
});
