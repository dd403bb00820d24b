import type { FastifyRequest } from 'fastify';
import { requireStaff, type StaffActor } from '../../platform/http/policies';
import { STAFF_ROLES } from '../accounts/accounts.schema';

/** Any staff role of the current tenant (the back-office home). */
export function requireAnyStaff(req: FastifyRequest): StaffActor {
  return requireStaff(req, STAFF_ROLES);
}

/** Administrators only: staff members, invitations. */
export function requireStaffAdmin(req: FastifyRequest): StaffActor {
  return requireStaff(req, []);
}

/** Managers and administrators: the pending sign-ups queue. */
export function requireSignupReviewer(req: FastifyRequest): StaffActor {
  return requireStaff(req, ['manager']);
}
