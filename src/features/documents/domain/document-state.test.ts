import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  acceptedState,
  computeValidUntil,
  isMandatoryFor,
  parseActivityList,
  reminderDue,
  requestState,
  satisfiesRequirement,
} from './document-state';

const at = (s: string) => new Date(s);

describe('validity', () => {
  it('none has no end, fixed date is that day, N months clamps to month end', () => {
    assert.equal(
      computeValidUntil({ validityKind: 'none', validUntil: null, validityMonths: null }, '2026-11-25'),
      null,
    );
    assert.equal(
      computeValidUntil(
        { validityKind: 'fixed_date', validUntil: '2027-08-31', validityMonths: null },
        '2026-11-25',
      ),
      '2027-08-31',
    );
    assert.equal(
      computeValidUntil({ validityKind: 'months', validUntil: null, validityMonths: 12 }, '2026-11-25'),
      '2027-11-25',
    );
    assert.equal(
      computeValidUntil({ validityKind: 'months', validUntil: null, validityMonths: 1 }, '2028-01-31'),
      '2028-02-29',
    );
    assert.equal(
      computeValidUntil({ validityKind: 'months', validUntil: null, validityMonths: 12 }, '2028-02-29'),
      '2029-02-28',
    );
  });
  it('is accepted, expiring soon within the reminder window (inclusive), expired the day after', () => {
    assert.equal(acceptedState(null, '2030-01-01', 30), 'accepted');
    assert.equal(acceptedState('2027-08-31', '2027-07-31', 30), 'accepted');
    assert.equal(acceptedState('2027-08-31', '2027-08-01', 30), 'expiring_soon');
    assert.equal(acceptedState('2027-08-31', '2027-08-31', 30), 'expiring_soon');
    assert.equal(acceptedState('2027-08-31', '2027-09-01', 30), 'expired');
    assert.equal(acceptedState('2027-08-31', '2027-08-31', 0), 'expiring_soon');
    assert.equal(acceptedState('2027-08-31', '2027-08-30', 0), 'accepted');
  });
});

describe('request state', () => {
  const base = { validUntil: null, refusalReason: null };
  it('is missing without submissions or with only withdrawn ones', () => {
    assert.equal(requestState([], '2026-11-25', 30).state, 'missing');
    assert.equal(
      requestState([{ ...base, status: 'withdrawn', submittedAt: at('2026-11-01T10:00Z') }], '2026-11-25', 30)
        .state,
      'missing',
    );
  });
  it('follows the newest submission', () => {
    const subs = [
      { ...base, status: 'refused', refusalReason: 'Illisible', submittedAt: at('2026-11-01T10:00Z') },
      { ...base, status: 'accepted', validUntil: '2027-08-31', submittedAt: at('2026-11-02T10:00Z') },
    ];
    assert.deepEqual(requestState(subs, '2026-11-25', 30), {
      state: 'accepted',
      validUntil: '2027-08-31',
      refusalReason: null,
    });
    const refusedAfter = [
      ...subs,
      { ...base, status: 'refused', refusalReason: 'Mauvais nom', submittedAt: at('2026-11-03T10:00Z') },
    ];
    assert.deepEqual(requestState(refusedAfter, '2026-11-25', 30), {
      state: 'refused',
      validUntil: null,
      refusalReason: 'Mauvais nom',
    });
    const pendingAfter = [...subs, { ...base, status: 'pending', submittedAt: at('2026-11-04T10:00Z') }];
    assert.equal(requestState(pendingAfter, '2026-11-25', 30).state, 'pending');
  });
  it('expires', () => {
    const subs = [
      { ...base, status: 'accepted', validUntil: '2026-11-24', submittedAt: at('2025-11-24T10:00Z') },
    ];
    assert.equal(requestState(subs, '2026-11-25', 30).state, 'expired');
  });
  it('lets pending and valid documents through the enrollment gate only', () => {
    assert.deepEqual(
      (['missing', 'pending', 'accepted', 'refused', 'expired', 'expiring_soon'] as const).filter(
        satisfiesRequirement,
      ),
      ['pending', 'accepted', 'expiring_soon'],
    );
  });
});

describe('activities and reminders', () => {
  it('matches activity names trimmed and case-insensitively', () => {
    assert.equal(isMandatoryFor(['Mercredis', ' Vacances '], 'vacances'), true);
    assert.equal(isMandatoryFor(['Mercredis'], 'Cantine'), false);
    assert.equal(isMandatoryFor([], 'Cantine'), false);
  });
  it('parses a free-text list without blanks or duplicates', () => {
    assert.deepEqual(parseActivityList('Mercredis, vacances\n\nMERCREDIS;  Accueil   du soir '), [
      'Mercredis',
      'vacances',
      'Accueil du soir',
    ]);
  });
  it('reminds once within the window, never after expiry', () => {
    assert.equal(reminderDue('2027-08-31', '2027-08-01', 30, false), true);
    assert.equal(reminderDue('2027-08-31', '2027-07-31', 30, false), false);
    assert.equal(reminderDue('2027-08-31', '2027-08-01', 30, true), false);
    assert.equal(reminderDue('2027-08-31', '2027-09-01', 30, false), false);
    assert.equal(reminderDue(null, '2027-08-01', 30, false), false);
    assert.equal(reminderDue('2027-08-31', '2027-08-31', 0, false), false);
  });
});
