import type { FastifyRequest } from 'fastify';
import type { StaffRole } from '../../features/accounts/accounts.schema';
import type { Tenant } from '../../features/tenants/tenants.schema';
import type { Actor } from './actor';
import { AppError } from './errors';

/** Small policy functions, called first in every route or use case. They throw, never return false. */

export function requireTenant(req: FastifyRequest): Tenant {
  if (!req.tenant) throw new AppError('NOT_FOUND');
  return req.tenant;
}

export function requireSignedIn(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED');
  return req.actor;
}

export interface FamilyActor {
  actor: Actor;
  tenant: Tenant;
  householdId: string;
}

/**
 * A guardian of a household of the current tenant. Staff without a household get 403. A household
 * awaiting validation reaches only the pages that allow it (the dashboard, which says so).
 */
export function requireFamily(req: FastifyRequest, options: { allowPending?: boolean } = {}): FamilyActor {
  const tenant = requireTenant(req);
  const actor = requireSignedIn(req);
  const householdId = actor.membership?.householdId;
  if (!householdId) throw new AppError('FORBIDDEN');
  // An online sign-up waits for staff validation; a refused or archived household has no family area.
  const status = actor.membership?.householdStatus;
  if (status === 'pending' && !options.allowPending)
    throw new AppError(
      'FORBIDDEN',
      'Votre inscription attend la validation du service : vous recevrez un e-mail.',
    );
  if (status === 'archived')
    throw new AppError('FORBIDDEN', "Ce foyer n'est plus actif. Contactez le service.");
  return { actor, tenant, householdId };
}

export interface StaffActor {
  actor: Actor;
  tenant: Tenant;
  roles: StaffRole[];
  facilityIds: string[];
}

/**
 * A staff member of the current tenant holding one of the roles. Administrators pass every staff check.
 * Staff of another tenant have no membership here and get 403.
 */
export function requireStaff(req: FastifyRequest, allowed: readonly StaffRole[]): StaffActor {
  const tenant = requireTenant(req);
  const actor = requireSignedIn(req);
  const roles = actor.membership?.roles ?? [];
  if (roles.length === 0 || !roles.some((r) => r === 'admin' || allowed.includes(r)))
    throw new AppError('FORBIDDEN');
  return { actor, tenant, roles, facilityIds: actor.membership?.facilityIds ?? [] };
}

export function requireOperator(req: FastifyRequest): Actor {
  const actor = requireSignedIn(req);
  if (!actor.isOperator) throw new AppError('FORBIDDEN');
  return actor;
}

/** Directors and animators see only their facilities; other staff roles see them all. */
export function canSeeFacility(staff: StaffActor, facilityId: string): boolean {
  if (staff.roles.some((r) => r === 'admin' || r === 'manager' || r === 'accountant')) return true;
  return staff.facilityIds.includes(facilityId);
}
