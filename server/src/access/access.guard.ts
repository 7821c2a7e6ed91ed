import { type CanActivate, type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { ACCESS_METADATA, type AccessKind } from 'src/organizations/access.decorator';
import { contextOf } from 'src/organizations/request-context.store';
import { authenticationOf } from './authentication.hook';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface GuardedRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Deny by default: every route declares `@Access(kind)`; one that does not is refused (and the
 * routes test fails first). A cookie-authenticated write must carry `X-Requested-With`, which a
 * cross-site form cannot send.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(private readonly reflector: Reflector) {}

  canActivate(execution: ExecutionContext): boolean {
    const kind = this.reflector.getAllAndOverride<AccessKind | undefined>(ACCESS_METADATA, [
      execution.getHandler(),
      execution.getClass(),
    ]);
    if (kind === undefined) {
      this.logger.error(
        `${execution.getClass().name}.${execution.getHandler().name} has no @Access`,
      );
      throw new AppError(ErrorCode.Forbidden, 'This route declares no access rule.');
    }
    if (kind === 'public') {
      return true;
    }
    const request = execution.switchToHttp().getRequest<GuardedRequest>();
    const state = authenticationOf(request);
    if (state.error) {
      throw state.error;
    }
    if (state.via === 'none') {
      throw new AppError(
        ErrorCode.Unauthenticated,
        'Sign in, or send an API key as "Authorization: Bearer plk_…".',
      );
    }
    if (
      state.via === 'session' &&
      UNSAFE_METHODS.has(request.method) &&
      request.headers['x-requested-with'] === undefined
    ) {
      throw new AppError(
        ErrorCode.CsrfRequired,
        'A signed-in browser must send X-Requested-With with every change.',
      );
    }
    const { permissions } = contextOf(request);
    if (kind === 'manage_data_model' && !permissions.manageDataModel) {
      throw new AppError(ErrorCode.Forbidden, 'Your role may not change the data model.');
    }
    if (kind === 'manage_access' && !permissions.manageAccess) {
      throw new AppError(ErrorCode.Forbidden, 'Your role may not manage members, roles or keys.');
    }
    return true;
  }
}
