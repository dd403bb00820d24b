import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkRoleChoice, leavesNoAdmin, removalRefusal } from './roles';

const F1 = '11111111-1111-4111-8111-111111111111';
const F2 = '22222222-2222-4222-8222-222222222222';
const OTHER = '33333333-3333-4333-8333-333333333333';

describe('role choice', () => {
  it('needs at least one role', () => {
    assert.ok(checkRoleChoice({ roles: [], facilityIds: [] }, [F1]).errors.roles);
  });
  it('ties directors and animators to at least one facility', () => {
    assert.ok(checkRoleChoice({ roles: ['director'], facilityIds: [] }, [F1]).errors.facilityIds);
    assert.ok(checkRoleChoice({ roles: ['animator', 'manager'], facilityIds: [] }, [F1]).errors.facilityIds);
    assert.deepEqual(checkRoleChoice({ roles: ['animator'], facilityIds: [F1] }, [F1, F2]).errors, {});
  });
  it('refuses a facility of another tenant', () => {
    assert.equal(
      checkRoleChoice({ roles: ['director'], facilityIds: [OTHER] }, [F1]).errors.facilityIds,
      'Structure inconnue.',
    );
  });
  it('drops facilities of roles that see every facility, and duplicates', () => {
    const r = checkRoleChoice({ roles: ['manager', 'accountant'], facilityIds: [F1] }, [F1]);
    assert.deepEqual(r.errors, {});
    assert.deepEqual(r.normalized, { roles: ['manager', 'accountant'], facilityIds: [] });
    const d = checkRoleChoice({ roles: ['animator', 'director', 'animator'], facilityIds: [F1, F1] }, [F1]);
    assert.deepEqual(d.normalized, { roles: ['director', 'animator'], facilityIds: [F1] });
  });
  it('allows several roles at once', () => {
    const r = checkRoleChoice({ roles: ['admin', 'manager', 'director'], facilityIds: [F2] }, [F1, F2]);
    assert.deepEqual(r.errors, {});
    assert.deepEqual(r.normalized.roles, ['admin', 'manager', 'director']);
  });
});

describe('removing and demoting members', () => {
  it('refuses removing oneself', () => {
    assert.equal(
      removalRefusal({ actorUserId: 'a', targetUserId: 'a', targetRoles: ['admin'], adminCount: 3 }),
      'self',
    );
  });
  it('refuses removing the last administrator', () => {
    assert.equal(
      removalRefusal({ actorUserId: 'a', targetUserId: 'b', targetRoles: ['admin'], adminCount: 1 }),
      'last_admin',
    );
    assert.equal(
      removalRefusal({ actorUserId: 'a', targetUserId: 'b', targetRoles: ['admin'], adminCount: 2 }),
      null,
    );
    assert.equal(
      removalRefusal({ actorUserId: 'a', targetUserId: 'b', targetRoles: ['manager'], adminCount: 1 }),
      null,
    );
  });
  it('refuses taking the admin role from the last administrator', () => {
    assert.equal(leavesNoAdmin({ currentRoles: ['admin'], nextRoles: ['manager'], adminCount: 1 }), true);
    assert.equal(leavesNoAdmin({ currentRoles: ['admin'], nextRoles: ['manager'], adminCount: 2 }), false);
    assert.equal(
      leavesNoAdmin({ currentRoles: ['admin'], nextRoles: ['admin', 'manager'], adminCount: 1 }),
      false,
    );
    assert.equal(leavesNoAdmin({ currentRoles: ['manager'], nextRoles: ['animator'], adminCount: 0 }), false);
  });
});
