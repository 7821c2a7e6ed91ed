import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';

const LOCATION_KEY = 'plinth:created-location';

/** Picks the created resource's path segment from a 201 body; undefined: nothing was created. */
export type LocationSegment = (body: unknown) => string | undefined;

/** The default: every created resource answers its `id`, the segment its own URL ends with. */
export const idSegment: LocationSegment = (body) => {
  const id = typeof body === 'object' && body !== null ? (body as { id?: unknown }).id : undefined;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
};

/** For a 201 whose body does not carry the new resource's `id` (e.g. a property change). */
export const CreatedLocation = (segment: LocationSegment): MethodDecorator =>
  SetMetadata(LOCATION_KEY, segment);

/**
 * Every 201 names what it created in `Location`: the collection's URL plus the new resource's
 * segment. A batch answers an array and has no single resource, so it gets none.
 */
@Injectable()
export class CreatedLocationInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const segmentOf =
      this.reflector.get<LocationSegment | undefined>(LOCATION_KEY, context.getHandler()) ??
      idSegment;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const response = http.getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        const segment = Array.isArray(body) ? undefined : segmentOf(body);
        if (response.statusCode === 201 && segment !== undefined && !response.sent) {
          const collection = (request.originalUrl.split('?')[0] ?? '').replace(/\/+$/, '');
          response.header('Location', `${collection}/${encodeURIComponent(segment)}`);
        }
        return body;
      }),
    );
  }
}
