import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { contextOf } from './request-context.store';

/** Injects the request's RequestContext into a controller method. */
export const Ctx = createParamDecorator((_data: unknown, host: ExecutionContext) =>
  contextOf(host.switchToHttp().getRequest<Request>()),
);
