import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { isBuiltInRole } from 'src/organizations/permissions';
import type { RequestContext } from 'src/organizations/request-context';

/** What a key with explicit scopes reports as its role; no role may take the name. */
export const CUSTOM_ROLE = 'custom';
const ROLE_NAME = /^[a-z][a-z0-9_]{0,62}$/;

export function checkRoleName(name: string): void {
  if (!ROLE_NAME.test(name)) {
    throw new AppError(
      ErrorCode.ValidationFailed,
      'name must be lowercase letters, digits and _, starting with a letter',
      { name: 'must be lowercase letters, digits and _, starting with a letter' },
    );
  }
}

/** Only an owner (or Plinth itself) grants, takes away or hands out the owner role. */
export function checkMayGrant(context: RequestContext, role: string): void {
  if (role === 'owner' && context.role !== 'owner') {
    throw new AppError(ErrorCode.Forbidden, 'Only an owner grants or removes the owner role.');
  }
}

export function isReservedRoleName(name: string): boolean {
  return isBuiltInRole(name) || name === CUSTOM_ROLE;
}

export function notFound(what: string, id: string): AppError {
  return new AppError(ErrorCode.NotFound, `No ${what} "${id}" in this organization`);
}
