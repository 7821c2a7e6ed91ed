import { SetMetadata } from '@nestjs/common';

/**
 * Who may call a route (docs/architecture.md, "Access"). Deny by default: the global guard
 * refuses a route without one, and a test lists every route to find it first.
 * - `public`: anyone (health, sign-in, completing a password reset, the docs page);
 * - `signed_in`: any member or key of the organization (reading definitions, the caller's own
 *   account, the OpenAPI document);
 * - `records`: record and link routes; the per-object scopes apply in the write path's authorize
 *   stage and in the read path;
 * - `manage_data_model`, `manage_access`: the role's two flags.
 */
export type AccessKind = 'public' | 'signed_in' | 'records' | 'manage_data_model' | 'manage_access';

export const ACCESS_KINDS: readonly AccessKind[] = [
  'public',
  'signed_in',
  'records',
  'manage_data_model',
  'manage_access',
];

export const ACCESS_METADATA = 'plinth:access';

export const Access = (kind: AccessKind): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_METADATA, kind);
