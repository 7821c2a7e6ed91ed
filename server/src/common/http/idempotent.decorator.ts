import { SetMetadata } from '@nestjs/common';

export const IDEMPOTENT_KEY = 'plinth:idempotent';
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/**
 * Marks a create or batch route: with an `Idempotency-Key` header, a retry gets the first answer
 * instead of writing again (see the idempotency module).
 */
export const Idempotent = (): MethodDecorator => SetMetadata(IDEMPOTENT_KEY, true);
