import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { Observable } from 'rxjs';

const ROUTE = Symbol('route');

type WithRoute = { route?: { path?: unknown }; [ROUTE]?: string };

/**
 * Keeps the matched route's pattern on the request: express no longer has it when the response
 * finishes, which is when the request's log line is written.
 */
@Injectable()
export class RouteLogInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<WithRoute>();
    const pattern = request.route?.path;
    if (typeof pattern === 'string') {
      request[ROUTE] = pattern;
    }
    return next.handle();
  }
}

/** The route pattern (`/api/objects/:object`), or 'unmatched' when no route answered. */
export function routePatternOf(request: object): string {
  return (request as WithRoute)[ROUTE] ?? 'unmatched';
}
