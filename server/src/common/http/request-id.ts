import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';
const INCOMING_ID = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Every request's id (Fastify's `genReqId`): the caller's X-Request-Id when it is sane, else a
 * new UUID. app.setup.ts echoes it in the response's X-Request-Id.
 */
export function requestIdFor(request: IncomingMessage): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : randomUUID();
}

export function requestIdOf(request: Pick<FastifyRequest, 'id'>): string {
  return typeof request.id === 'string' ? request.id : 'unknown';
}
