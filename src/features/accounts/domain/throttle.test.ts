import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ACCOUNT_LOCK_MS,
  ACCOUNT_MAX_FAILURES,
  accountLocked,
  afterFailure,
  homeAfterSignIn,
  IP_MAX_FAILURES,
  ipBlocked,
} from './throttle';

const now = new Date('2026-03-29T00:59:00Z'); // just before the DST change in Paris: instants are unaffected

describe('throttling rules', () => {
  it('blocks an IP at its 20th failure in the window', () => {
    assert.equal(IP_MAX_FAILURES, 20);
    assert.equal(ipBlocked(0), false);
    assert.equal(ipBlocked(19), false);
    assert.equal(ipBlocked(20), true);
  });

  it('locks an account for 15 minutes at the 10th failure and starts counting again', () => {
    let state = { failedLogins: 0, lockedUntil: null as Date | null };
    for (let i = 1; i < ACCOUNT_MAX_FAILURES; i++) {
      state = afterFailure(state.failedLogins, now);
      assert.equal(state.failedLogins, i);
      assert.equal(state.lockedUntil, null);
    }
    state = afterFailure(state.failedLogins, now);
    assert.equal(state.failedLogins, 0);
    assert.equal(state.lockedUntil!.getTime() - now.getTime(), ACCOUNT_LOCK_MS);
    assert.equal(ACCOUNT_LOCK_MS, 15 * 60_000);
  });

  it('a lock ends by itself after 15 minutes (an attacker cannot keep a family out for long)', () => {
    const until = new Date(now.getTime() + ACCOUNT_LOCK_MS);
    assert.equal(accountLocked(until, now), true);
    assert.equal(accountLocked(until, new Date(until.getTime() - 1)), true);
    assert.equal(accountLocked(until, until), false);
    assert.equal(accountLocked(null, now), false);
  });

  it('at most 40 password checks an hour reach a single account (QUALITY: ≤ 100)', () => {
    const perHour = (ACCOUNT_MAX_FAILURES * 3_600_000) / ACCOUNT_LOCK_MS;
    assert.ok(perHour <= 100);
  });

  it('sends each kind of person to their home', () => {
    assert.equal(
      homeAfterSignIn('/demo', { isOperator: false, roles: [], householdId: 'h' }),
      '/demo/espace',
    );
    assert.equal(
      homeAfterSignIn('/demo', { isOperator: false, roles: ['manager'], householdId: null }),
      '/demo/gestion',
    );
    assert.equal(homeAfterSignIn('', { isOperator: false, roles: ['admin'], householdId: 'h' }), '/gestion');
    assert.equal(homeAfterSignIn('/demo', { isOperator: true, roles: [], householdId: null }), '/operateur');
  });
});
