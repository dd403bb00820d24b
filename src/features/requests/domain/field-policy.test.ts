import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { displayValue, FIELD_BY_KEY, FIELDS, fieldsOf, modeOf, splitByPolicy } from './field-policy';

describe('field policy', () => {
  it('has sensible defaults: phones and e-mail direct, address and QF validated, names staff-only', () => {
    assert.equal(modeOf('household.phone'), 'direct');
    assert.equal(modeOf('household.email'), 'direct');
    assert.equal(modeOf('guardian.mobilePhone'), 'direct');
    assert.equal(modeOf('household.addressLine'), 'validated');
    assert.equal(modeOf('household.familyQuotient'), 'validated');
    assert.equal(modeOf('household.allocataireNumber'), 'validated');
    assert.equal(modeOf('household.familySituation'), 'validated');
    assert.equal(modeOf('child.firstName'), 'staff_only');
    assert.equal(modeOf('child.birthDate'), 'staff_only');
    assert.equal(modeOf('guardian.lastName'), 'staff_only');
  });
  it('treats unknown keys as staff-only', () => {
    assert.equal(modeOf('household.status'), 'staff_only');
    assert.equal(modeOf('nope'), 'staff_only');
  });
  it('applies tenant overrides and ignores invalid ones', () => {
    const o = new Map([
      ['household.phone', 'validated'],
      ['household.addressLine', 'direct'],
      ['household.email', 'whatever'],
    ]);
    assert.equal(modeOf('household.phone', o), 'validated');
    assert.equal(modeOf('household.addressLine', o), 'direct');
    assert.equal(modeOf('household.email', o), 'direct');
  });
  it('keys are unique and entity.column shaped', () => {
    assert.equal(FIELD_BY_KEY.size, FIELDS.length);
    for (const d of FIELDS) assert.equal(d.key, `${d.entity}.${d.column}`);
    assert.ok(fieldsOf('childHealth').every((d) => d.entity === 'childHealth'));
  });
  it('splits a diff by mode', () => {
    const s = splitByPolicy([
      { field: 'household.phone' },
      { field: 'household.city' },
      { field: 'household.name' },
    ]);
    assert.deepEqual(
      s.direct.map((c) => c.field),
      ['household.phone'],
    );
    assert.deepEqual(
      s.validated.map((c) => c.field),
      ['household.city'],
    );
    assert.deepEqual(
      s.refused.map((c) => c.field),
      ['household.name'],
    );
  });
  it('keeps a QF and its start date together under the strictest mode', () => {
    const o = new Map([['household.qfValidFrom', 'direct']]);
    const s = splitByPolicy([{ field: 'household.qfValidFrom' }], o);
    assert.deepEqual(
      s.validated.map((c) => c.field),
      ['household.qfValidFrom'],
    );
  });
  it('displays values for people', () => {
    assert.equal(displayValue(FIELD_BY_KEY.get('household.paperlessInvoices'), 'true'), 'Oui');
    assert.equal(displayValue(FIELD_BY_KEY.get('household.paperlessInvoices'), 'false'), 'Non');
    assert.equal(displayValue(FIELD_BY_KEY.get('household.familySituation'), 'single'), 'Parent seul');
    assert.equal(displayValue(FIELD_BY_KEY.get('household.qfValidFrom'), '2026-01-01'), '01/01/2026');
    assert.equal(displayValue(FIELD_BY_KEY.get('household.city'), null), '—');
    assert.equal(displayValue(undefined, 'x'), 'x');
  });
});
