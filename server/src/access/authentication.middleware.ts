import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from 'src/common/errors/app-error';
import { requestIdOf } from 'src/common/http/request-id';
import { attachContext, ORGANIZATION_HEADER } from 'src/organizations/request-context.store';
import { AuthenticationService } from './authentication.service';
import { SESSION_COOKIE } from './credentials';

const AUTHENTICATION = Symbol('authentication');

/** What authentication found; the guard decides what the route makes of it. */
export interface AuthenticationState {
  via: 'api_key' | 'session' | 'none';
  /** The credential was presented but is bad (401) or names an organization it may not (404). */
  error?: AppError;
}

type WithState = object & { [AUTHENTICATION]?: AuthenticationState };

export function authenticationOf(request: object): AuthenticationState {
  return (request as WithState)[AUTHENTICATION] ?? { via: 'none' };
}

/**
 * Builds the request's RequestContext from its credential (docs/architecture.md, "Access"): an
 * API key (`Authorization: Bearer plk_…`) or the session cookie; the organization comes from the
 * credential, and X-Organization-Id only chooses among a member's own organizations.
 */
@Injectable()
export class AuthenticationMiddleware implements NestMiddleware {
  constructor(private readonly authentication: AuthenticationService) {}

  use(request: Request, _response: Response, next: NextFunction): void {
    const cookies = request.cookies as Record<string, string | undefined> | undefined;
    const organization = request.header(ORGANIZATION_HEADER)?.trim();
    this.authentication
      .authenticate({
        authorization: request.header('authorization'),
        sessionToken: cookies?.[SESSION_COOKIE],
        organization: organization === '' ? undefined : organization,
      })
      .then((authenticated) => {
        if (authenticated) {
          // The request's id travels with the context into the events the request writes.
          attachContext(request, { ...authenticated.context, requestId: requestIdOf(request) });
        }
        (request as WithState)[AUTHENTICATION] = { via: authenticated?.via ?? 'none' };
      })
      .catch((error: unknown) => {
        if (!(error instanceof AppError)) {
          throw error;
        }
        (request as WithState)[AUTHENTICATION] = { via: 'none', error };
      })
      .then(() => next(), next);
  }
}
