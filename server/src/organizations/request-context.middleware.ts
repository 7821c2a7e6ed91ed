import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { OrganizationsService } from './organizations.service';
import { systemContext, type RequestContext } from './request-context';

export const ORGANIZATION_HEADER = 'x-organization-id';
const CONTEXT = Symbol('requestContext');

type WithContext = Request & { [CONTEXT]?: RequestContext };

/**
 * Resolves which organization a request acts for: the `X-Organization-Id` header (id or slug),
 * else the default organization. Authentication will narrow this to the caller's memberships.
 */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  constructor(private readonly organizations: OrganizationsService) {}

  use(request: Request, _response: Response, next: NextFunction): void {
    this.organizations
      .resolveOrganization(request.header(ORGANIZATION_HEADER))
      .then((organizationId) => {
        (request as WithContext)[CONTEXT] = systemContext(organizationId);
        next();
      })
      .catch(next);
  }
}

export function contextOf(request: Request): RequestContext {
  const context = (request as WithContext)[CONTEXT];
  if (!context) {
    throw new Error('RequestContextMiddleware did not run for this route');
  }
  return context;
}
