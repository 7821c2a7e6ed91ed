import { UseInterceptors } from '@nestjs/common';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/**
 * Marks a create or batch route: with an `Idempotency-Key` header, a retry gets the first answer
 * instead of writing again (see the idempotency module). The interceptor runs on these routes
 * only: a route without interceptors skips Nest's interceptor chain altogether.
 */
export const Idempotent = (): MethodDecorator => UseInterceptors(IdempotencyInterceptor);
