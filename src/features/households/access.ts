import type { FastifyRequest } from 'fastify';
import { AppError } from '../../platform/http/errors';
import {
  type FamilyActor,
  requireFamily,
  requireStaff,
  requireTenant,
  type StaffActor,
} from '../../platform/http/policies';
import type { StaffRole } from '../accounts/accounts.schema';
import { mayReadHealth } from './domain/health-access';

/**
 * A signed-in person with no membership in this tenant (a family or an agent of another tenant) is told
 * the page does not exist here: cross-tenant answers are 404, not 403.
 */
function hideFromOtherTenants(req: FastifyRequest): void {
  requireTenant(req);
  const a = req.actor;
  if (a && !a.membership && !a.isOperator) throw new AppError('NOT_FOUND');
}

export function familyOf(req: FastifyRequest, options: { allowPending?: boolean } = {}): FamilyActor {
  hideFromOtherTenants(req);
  return requireFamily(req, options);
}

export function staffOf(req: FastifyRequest, roles: readonly StaffRole[]): StaffActor {
  hideFromOtherTenants(req);
  return requireStaff(req, roles);
}

/**
 * Health data is need-to-know: managers (and administrators), and facility directors for the children
 * enrolled at their facilities (see domain/health-access.ts for the per-child rule).
 */
export function canSeeHealth(staff: StaffActor): boolean {
  return mayReadHealth(staff);
}
