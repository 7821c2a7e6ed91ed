import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { IdempotencyRepository, type StoredResponse } from './idempotency.repository';

/** How long a key and its answer are kept: a client retries within a day or not at all. */
export const IDEMPOTENCY_KEY_HOURS = 24;
/** A first request still "in flight" after this long died with its server; a retry may run. */
const ABANDONED_AFTER_SECONDS = 600;
const CLEANUP_EVERY_MS = 60 * 60 * 1000;
/** Keys are opaque to Plinth: printable ASCII, as long as a UUID or a little longer. */
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

export type IdempotencyOutcome = { kind: 'first' } | { kind: 'replay'; response: StoredResponse };

export interface IdempotentRequest {
  method: string;
  path: string;
  body: unknown;
}

/** Sorts object keys, so the same JSON sent with its keys in another order hashes the same. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(canonical);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

export function requestHashOf(request: IdempotentRequest): string {
  return createHash('sha256')
    .update(JSON.stringify([request.method, request.path, canonical(request.body ?? null)]))
    .digest('hex');
}

/**
 * `Idempotency-Key` on creates and batches: the first request with a key runs and its answer is
 * kept; a retry with the same request gets that answer without writing again; the same key with
 * another request is refused (422); a retry while the first still runs gets 409 with Retry-After.
 */
@Injectable()
export class IdempotencyService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(IdempotencyService.name);
  private cleanup?: NodeJS.Timeout;

  constructor(private readonly repository: IdempotencyRepository) {}

  onModuleInit(): void {
    this.cleanup = setInterval(() => void this.deleteExpiredQuietly(), CLEANUP_EVERY_MS);
    this.cleanup.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.cleanup);
  }

  async begin(
    organizationId: string,
    key: string,
    request: IdempotentRequest,
  ): Promise<IdempotencyOutcome> {
    if (!KEY_FORMAT.test(key)) {
      throw new AppError(
        ErrorCode.BadRequest,
        'Idempotency-Key must be 1 to 255 printable ASCII characters without spaces.',
        { 'Idempotency-Key': 'must be 1 to 255 printable ASCII characters without spaces' },
      );
    }
    const hash = requestHashOf(request);
    const keepSeconds = IDEMPOTENCY_KEY_HOURS * 3600;
    if (
      await this.repository.claim(organizationId, key, hash, keepSeconds, ABANDONED_AFTER_SECONDS)
    ) {
      return { kind: 'first' };
    }
    const stored = await this.repository.find(organizationId, key);
    if (stored && stored.requestHash !== hash) {
      throw new AppError(
        ErrorCode.IdempotencyKeyReused,
        'This Idempotency-Key was used with a different request; use a new key for a new request.',
      );
    }
    if (!stored || stored.responseStatus === null || stored.responseBody === null) {
      // In flight, or released by a failure a moment ago: either way the client should retry.
      throw new AppError(
        ErrorCode.IdempotencyKeyInFlight,
        'A request with this Idempotency-Key is still being answered; retry shortly.',
      ).withRetryAfter(1);
    }
    return {
      kind: 'replay',
      response: {
        status: stored.responseStatus,
        body: stored.responseBody,
        headers: stored.responseHeaders ?? {},
      },
    };
  }

  complete(organizationId: string, key: string, response: StoredResponse): Promise<void> {
    return this.repository.saveResponse(organizationId, key, response);
  }

  release(organizationId: string, key: string): Promise<void> {
    return this.repository.release(organizationId, key);
  }

  /** Removes keys past their 24 hours (also hourly in the background). */
  deleteExpired(): Promise<number> {
    return this.repository.deleteExpired();
  }

  private async deleteExpiredQuietly(): Promise<void> {
    try {
      const deleted = await this.repository.deleteExpired();
      this.logger.debug(`Deleted ${deleted} expired idempotency keys`);
    } catch (error) {
      this.logger.warn(`Could not delete expired idempotency keys: ${String(error)}`);
    }
  }
}
