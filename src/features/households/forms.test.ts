import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldsOf } from '../requests/domain/field-policy';
import { parseFieldForm, ZAddChild, ZAddContact } from './forms';

const household = fieldsOf('household');

describe('record forms', () => {
  it('reads only the fields the form sent: an absent field stays unchanged', () => {
    const r = parseFieldForm(household, { phone: ' 06 11 22 33 44 ' });
    assert.deepEqual(r.errors, {});
    assert.deepEqual(r.values, { 'household.phone': '06 11 22 33 44' });
  });
  it('reads a checkbox from its hidden false and its checked true (the last wins)', () => {
    assert.equal(
      parseFieldForm(household, { paperlessInvoices: 'false' }).values['household.paperlessInvoices'],
      'false',
    );
    assert.equal(
      parseFieldForm(household, { paperlessInvoices: ['false', 'true'] }).values[
        'household.paperlessInvoices'
      ],
      'true',
    );
  });
  it('validates by kind with French messages keyed by the input name', () => {
    const r = parseFieldForm(household, {
      postalCode: '7500',
      email: 'x@',
      phone: '<b>',
      familyQuotient: '-3',
      qfValidFrom: '2026-02-30',
      familySituation: 'pirate',
    });
    assert.deepEqual(Object.keys(r.errors).sort(), [
      'email',
      'familyQuotient',
      'familySituation',
      'phone',
      'postalCode',
      'qfValidFrom',
    ]);
    assert.match(r.errors.postalCode!, /5 chiffres/);
    assert.deepEqual(r.values, {});
  });
  it('accepts empty optional values, leap days and known options', () => {
    const r = parseFieldForm(household, {
      postalCode: '',
      email: '',
      familyQuotient: '0',
      qfValidFrom: '2024-02-29',
      familySituation: 'single',
    });
    assert.deepEqual(r.errors, {});
    assert.equal(r.values['household.familyQuotient'], '0');
  });
  it('rejects oversize text and arrays where text is expected', () => {
    assert.ok(parseFieldForm(household, { city: 'x'.repeat(201) }).errors.city);
    assert.ok(parseFieldForm(household, { city: ['a', 'b'] }).errors.city);
  });
});

describe('addition forms', () => {
  it('a child needs names, a real birth date and a sex', () => {
    assert.ok(
      !ZAddChild.safeParse({ firstName: 'A', lastName: 'B', birthDate: '2023-02-29', sex: 'F' }).success,
    );
    const ok = ZAddChild.safeParse({ firstName: ' A ', lastName: 'B', birthDate: '2024-02-29', sex: 'M' });
    assert.ok(ok.success);
    assert.equal(ok.data.firstName, 'A');
    assert.equal(ok.data.allergies, '');
  });
  it('a contact needs a name and at least one phone; children ids must be uuids', () => {
    assert.ok(!ZAddContact.safeParse({ name: 'X' }).success);
    const ok = ZAddContact.safeParse({ name: 'X', otherPhone: '01 02 03 04 05', mayPickUp: 'true' });
    assert.ok(ok.success);
    assert.equal(ok.data.mayPickUp, true);
    assert.equal(ok.data.emergency, false);
    assert.deepEqual(ok.data.childIds, []);
    assert.ok(!ZAddContact.safeParse({ name: 'X', mobilePhone: '06', childIds: 'nope' }).success);
  });
});
