import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppError } from 'src/common/errors/app-error';
import { cookiesOf } from 'src/common/http/cookies';
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
 * credential, and X-Organization-Id only chooses among a member's own organizations. A request
 * hook (app.setup.ts) on every API request, before its route's guards run.
 */
@Injectable()
export class AuthenticationHook {
  constructor(private readonly authentication: AuthenticationService) {}

  async authenticate(request: FastifyRequest): Promise<void> {
    const header = request.headers[ORGANIZATION_HEADER];
    const organization = typeof header === 'string' ? header.trim() : undefined;
    try {
      const authenticated = await this.authentication.authenticate({
        authorization: request.headers.authorization,
        sessionToken: cookiesOf(request)[SESSION_COOKIE],
        organization: organization === '' ? undefined : organization,
      });
      if (authenticated) {
        // The request's id travels with the context into the events the request writes.
        attachContext(request, { ...authenticated.context, requestId: requestIdOf(request) });
      }
      (request as WithState)[AUTHENTICATION] = { via: authenticated?.via ?? 'none' };
    } catch (error) {
      if (!(error instanceof AppError)) {
        throw error;
      }
      (request as WithState)[AUTHENTICATION] = { via: 'none', error };
    }
  }
}
