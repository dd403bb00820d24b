/** Staff role rules, pure: which role combinations are valid and who may be removed. */

export const ROLE_VALUES = ['admin', 'manager', 'director', 'animator', 'accountant'] as const;
export type Role = (typeof ROLE_VALUES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrateur',
  manager: 'Gestionnaire',
  director: 'Directeur de structure',
  animator: 'Animateur',
  accountant: 'Régisseur / comptable',
};

/** Roles whose holders work in given facilities only (and must be tied to at least one). */
export const FACILITY_ROLES: readonly Role[] = ['director', 'animator'];

export interface RoleChoice {
  roles: Role[];
  facilityIds: string[];
}

/**
 * Checks a set of roles and facilities against the tenant's facilities. Returns French messages keyed by
 * field (`roles`, `facilityIds`), empty when valid. Facilities are kept only for facility-bound roles.
 */
export function checkRoleChoice(
  choice: RoleChoice,
  tenantFacilityIds: readonly string[],
): { errors: Record<string, string>; normalized: RoleChoice } {
  const errors: Record<string, string> = {};
  const roles = ROLE_VALUES.filter((r) => choice.roles.includes(r));
  const facilityIds = [...new Set(choice.facilityIds)];
  if (roles.length === 0) errors.roles = 'Choisissez au moins un rôle.';
  if (facilityIds.some((id) => !tenantFacilityIds.includes(id))) errors.facilityIds = 'Structure inconnue.';
  const needsFacility = roles.some((r) => FACILITY_ROLES.includes(r));
  if (needsFacility && facilityIds.length === 0 && !errors.facilityIds)
    errors.facilityIds = 'Un directeur ou un animateur doit être rattaché à au moins une structure.';
  return { errors, normalized: { roles, facilityIds: needsFacility ? facilityIds : [] } };
}

export type RemovalRefusal = 'self' | 'last_admin' | null;

/** Why a member may not be removed, or null. An administrator cannot remove themself nor the last admin. */
export function removalRefusal(input: {
  actorUserId: string;
  targetUserId: string;
  targetRoles: readonly string[];
  adminCount: number;
}): RemovalRefusal {
  if (input.actorUserId === input.targetUserId) return 'self';
  if (input.targetRoles.includes('admin') && input.adminCount <= 1) return 'last_admin';
  return null;
}

/** True when changing a member's roles would leave the tenant without any administrator. */
export function leavesNoAdmin(input: {
  currentRoles: readonly string[];
  nextRoles: readonly string[];
  adminCount: number;
}): boolean {
  return input.currentRoles.includes('admin') && !input.nextRoles.includes('admin') && input.adminCount <= 1;
}
