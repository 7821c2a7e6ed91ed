import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { contextOf, optionalContextOf } from './request-context.store';

/** Injects the request's RequestContext into a controller method. */
export const Ctx = createParamDecorator((_data: unknown, host: ExecutionContext) =>
  contextOf(host.switchToHttp().getRequest<FastifyRequest>()),
);

/**
 * Injects the RequestContext, or undefined when the request presents no valid credential: for a
 * public route (`@Access('public')`) whose answer a credential only widens.
 */
export const OptionalCtx = createParamDecorator((_data: unknown, host: ExecutionContext) =>
  optionalContextOf(host.switchToHttp().getRequest<FastifyRequest>()),
);
