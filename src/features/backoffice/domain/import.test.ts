import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toCsv } from './csv';
import { headerKey, importTemplate, normalisePhone, parseDay, validateImport } from './import';
import { fold, parseSearch } from './search';

const TODAY = '2026-11-25';
const HEADER = 'type;reference_foyer;reference;nom;prenom;email;telephone;date_naissance;sexe;qf;qf_depuis';
const GOOD = [
  HEADER,
  'foyer;F1;;Martin;;famille@exemple.fr;04 72 00 00 00;;;850;01/01/2026',
  'responsable;F1;R1;Martin;Claire;claire@exemple.fr;+33 6 12 34 56 78;;;;',
  'enfant;F1;E1;Martin;Léa;;;28/02/2018;F;;',
].join('\n');

describe('validateImport', () => {
  it('builds households with their guardians and children', () => {
    const r = validateImport(GOOD, TODAY);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.households.length, 1);
    const h = r.households[0]!;
    assert.equal(h.name, 'Martin');
    assert.deepEqual(h.qf, { value: 850, validFrom: '2026-01-01' });
    assert.equal(h.guardians[0]!.mobilePhone, '06 12 34 56 78');
    assert.deepEqual(
      { ...h.children[0]!, line: 0 },
      {
        ref: 'E1',
        line: 0,
        firstName: 'Léa',
        lastName: 'Martin',
        birthDate: '2018-02-28',
        sex: 'F',
        school: '',
        schoolClass: '',
      },
    );
  });
  it('accepts the downloadable template as it is', () => {
    const [head, ...rows] = importTemplate();
    const r = validateImport(toCsv(head!, rows).slice(1), TODAY);
    assert.ok(r.ok, JSON.stringify(r));
  });
  it('reports every bad row with its line, column and a French message', () => {
    const text = [
      HEADER,
      'foyer;F1;;Martin;;pas-un-mail;;;;abc;',
      'responsable;F1;R1;Martin;;;0612;;;;',
      'enfant;F2;E1;Durand;Tom;;;31/02/2019;X;;',
      'chat;F1;C1;Minou;Félix;;;;;;',
    ].join('\n');
    const r = validateImport(text, TODAY);
    assert.ok(!r.ok);
    const got = r.errors.map((e) => `${e.line}:${e.column}`);
    assert.deepEqual(got, [
      '2:email',
      '2:qf',
      '2:qf_depuis',
      '3:telephone',
      '3:prenom',
      '4:date_naissance',
      '4:sexe',
      '5:type',
    ]);
    assert.match(r.errors[0]!.message, /adresse e-mail invalide/);
  });
  it('refuses formulas (except phone numbers starting with +)', () => {
    const text = [HEADER, 'foyer;F1;;=1+2;;;;;;;', 'responsable;F1;R1;@Martin;Claire;;;;;;'].join('\n');
    const r = validateImport(text, TODAY);
    assert.ok(!r.ok);
    assert.deepEqual(
      r.errors.map((e) => `${e.line}:${e.column}`),
      ['2:nom', '3:nom'],
    );
    assert.match(r.errors[0]!.message, /ne peut pas commencer par « = »/);
  });
  it('checks references: members need a household row, duplicates are named', () => {
    const text = [
      HEADER,
      'foyer;F1;;Martin;;;;;;;',
      'responsable;F1;R1;Martin;Claire;;;;;;',
      'responsable;F1;R1;Martin;Paul;;;;;;',
      'enfant;F9;E1;Durand;Tom;;;01/01/2019;M;;',
      'foyer;F2;;Sans responsable;;;;;;;',
    ].join('\n');
    const r = validateImport(text, TODAY);
    assert.ok(!r.ok);
    assert.deepEqual(
      r.errors.map((e) => `${e.line}:${e.column}:${e.message}`),
      [
        '4:reference:référence « R1 » déjà utilisée ligne 3',
        '5:reference_foyer:aucune ligne « foyer » pour la référence « F9 »',
        '6:reference_foyer:ce foyer n’a aucune ligne « responsable »',
      ],
    );
  });
  it('refuses unknown and missing columns, empty files and birth dates in the future', () => {
    const bad = validateImport('type;reference_foyer;nom;couleur\n', TODAY);
    assert.ok(!bad.ok);
    assert.deepEqual(
      bad.errors.map((e) => e.message),
      ['colonne inconnue « couleur »', 'colonne obligatoire « reference » absente'],
    );
    const empty = validateImport('', TODAY);
    assert.ok(!empty.ok);
    const future = validateImport(
      [HEADER, 'foyer;F1;;M;;;;;;;', 'responsable;F1;R1;M;A;;;;;;', 'enfant;F1;E1;M;B;;;01/01/2027;F;;'].join(
        '\n',
      ),
      TODAY,
    );
    assert.ok(!future.ok);
    assert.equal(future.errors[0]!.message, 'date de naissance dans le futur');
  });
  it('accepts headers with accents, capitals and spaces, and comma separators', () => {
    const text =
      'Type,Référence foyer,Référence,Nom,Prénom\nfoyer,F1,,Martin,\nresponsable,F1,R1,Martin,Claire\n';
    assert.ok(validateImport(text, TODAY).ok);
  });
});

describe('small parsers', () => {
  it('parseDay accepts real dates only', () => {
    assert.equal(parseDay('29/02/2024'), '2024-02-29');
    assert.equal(parseDay('2024-02-29'), '2024-02-29');
    assert.equal(parseDay('29/02/2023'), null);
    assert.equal(parseDay('2024-13-01'), null);
  });
  it('normalisePhone writes French numbers in pairs', () => {
    assert.equal(normalisePhone('0612345678'), '06 12 34 56 78');
    assert.equal(normalisePhone('+33 6 12 34 56 78'), '06 12 34 56 78');
    assert.equal(normalisePhone('12345'), null);
  });
  it('headerKey folds case, accents and spaces', () => {
    assert.equal(headerKey(' Date de naissance '), 'date_de_naissance');
    assert.equal(headerKey('Référence-foyer'), 'reference_foyer');
  });
});

describe('search query', () => {
  it('folds accents and case like the SQL function', () => {
    assert.equal(fold('Élodie GARÇON Noël'), 'elodie garcon noel');
  });
  it('splits words, and reads phone numbers in national form', () => {
    assert.deepEqual(parseSearch('  Léa  Martin '), {
      words: ['lea', 'martin'],
      text: 'lea  martin',
      phoneDigits: null,
    });
    assert.equal(parseSearch('+33 6 12 34')?.phoneDigits, '06 12 34'.replace(/\s/g, ''));
    assert.equal(parseSearch('06.12.34.56.78')?.phoneDigits, '0612345678');
    assert.equal(parseSearch('a'), null);
  });
});
