import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  birthDateProblem,
  canOpen,
  childSchema,
  firstIncompleteStep,
  householdName,
  isBlank,
  isCalendarDay,
  ZGuardian,
  ZHousehold,
} from './wizard';

const household = { addressLine: '1 rue', postalCode: '75001', city: 'Paris', phone: '01 23 45 67 89' };
const guardian = { firstName: 'A', lastName: 'B', email: 'a@b.fr', mobile: '06 12 34 56 78' };
const child = {
  firstName: 'C',
  lastName: 'B',
  birthDate: '2020-02-29',
  sex: 'F' as const,
  school: '',
  schoolClass: '' as const,
};

describe('wizard order', () => {
  it('opens steps up to the first incomplete one', () => {
    assert.equal(firstIncompleteStep({}), 'foyer');
    assert.equal(firstIncompleteStep({ household }), 'responsables');
    assert.equal(firstIncompleteStep({ household, guardians: [] }), 'responsables');
    assert.equal(firstIncompleteStep({ household, guardians: [guardian] }), 'enfants');
    assert.equal(
      firstIncompleteStep({ household, guardians: [guardian], children: [child] }),
      'recapitulatif',
    );
    assert.equal(canOpen('enfants', { household }), false);
    assert.equal(canOpen('foyer', { household, guardians: [guardian] }), true);
  });
});

describe('calendar days and birth dates', () => {
  it('knows leap years', () => {
    assert.equal(isCalendarDay('2024-02-29'), true);
    assert.equal(isCalendarDay('2023-02-29'), false);
    assert.equal(isCalendarDay('2000-02-29'), true);
    assert.equal(isCalendarDay('1900-02-29'), false);
    assert.equal(isCalendarDay('2026-13-01'), false);
    assert.equal(isCalendarDay('2026-1-01'), false);
  });
  it('refuses future births and people of 18 or more', () => {
    assert.equal(birthDateProblem('2026-11-25', '2026-11-25'), null);
    assert.match(birthDateProblem('2026-11-26', '2026-11-25')!, /futur/);
    assert.match(birthDateProblem('2008-11-25', '2026-11-25')!, /18 ans/);
    assert.equal(birthDateProblem('2008-11-26', '2026-11-25'), null);
    assert.match(birthDateProblem('25/11/2020', '2026-11-25')!, /invalide/);
    assert.match(birthDateProblem('', '2026-11-25')!, /Indiquez/);
  });
});

describe('step schemas', () => {
  it('checks the household', () => {
    assert.equal(ZHousehold.safeParse(household).success, true);
    assert.equal(ZHousehold.safeParse({ ...household, postalCode: '7500' }).success, false);
    assert.equal(ZHousehold.safeParse({ ...household, phone: '12' }).success, false);
    assert.equal(ZHousehold.safeParse({ ...household, city: 'x'.repeat(101) }).success, false);
  });
  it('lowercases guardian e-mails and refuses bad ones', () => {
    const r = ZGuardian.safeParse({ ...guardian, email: ' A@B.FR ' });
    assert.equal(r.success && r.data.email, 'a@b.fr');
    assert.equal(ZGuardian.safeParse({ ...guardian, email: 'pas une adresse' }).success, false);
  });
  it('checks children against the tenant day', () => {
    const schema = childSchema('2026-11-25');
    assert.equal(schema.safeParse(child).success, true);
    assert.equal(schema.safeParse({ ...child, sex: 'X' }).success, false);
    assert.equal(schema.safeParse({ ...child, schoolClass: 'CM3' }).success, false);
    assert.equal(schema.safeParse({ ...child, birthDate: '2027-01-01' }).success, false);
  });
  it('treats an all-blank repeated block as absent', () => {
    assert.equal(isBlank({ a: '', b: '  ' }), true);
    assert.equal(isBlank({ a: '', b: 'x' }), false);
  });
  it('names the household after its guardians', () => {
    assert.equal(householdName([{ lastName: 'Martin' }, { lastName: 'Martin' }]), 'Martin');
    assert.equal(householdName([{ lastName: 'Martin' }, { lastName: 'Durand' }]), 'Martin / Durand');
  });
});
