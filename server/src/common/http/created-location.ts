import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { pathOf } from './api-paths';

const LOCATION_CONFIG = 'plinthCreatedLocation';

/** Picks the created resource's path segment from a 201 body; undefined: nothing was created. */
export type LocationSegment = (body: unknown) => string | undefined;

/** The default: every created resource answers its `id`, the segment its own URL ends with. */
export const idSegment: LocationSegment = (body) => {
  const id = typeof body === 'object' && body !== null ? (body as { id?: unknown }).id : undefined;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
};

/** For a 201 whose body does not carry the new resource's `id` (e.g. a property change). */
export const CreatedLocation = (segment: LocationSegment): MethodDecorator =>
  RouteConfig({ [LOCATION_CONFIG]: segment });

function segmentOf(request: FastifyRequest): LocationSegment {
  const config = request.routeOptions.config as unknown as Record<string, unknown>;
  const segment = config[LOCATION_CONFIG];
  return typeof segment === 'function' ? (segment as LocationSegment) : idSegment;
}

/**
 * Every 201 names what it created in `Location`: the collection's URL plus the new resource's
 * segment. A batch answers an array and has no single resource, so it gets none. A hook on the
 * answer about to be serialized, so routes that create nothing pay nothing.
 */
export function addCreatedLocation(instance: FastifyInstance): void {
  instance.addHook('preSerialization', (request, reply, payload, done) => {
    if (reply.statusCode === 201 && !Array.isArray(payload) && !reply.hasHeader('location')) {
      const segment = segmentOf(request)(payload);
      if (segment !== undefined) {
        const collection = pathOf(request.originalUrl).replace(/\/+$/, '');
        reply.header('Location', `${collection}/${encodeURIComponent(segment)}`);
      }
    }
    done(null, payload);
  });
}
