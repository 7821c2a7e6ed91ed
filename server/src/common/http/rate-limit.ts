import { type ExecutionContext, Injectable } from '@nestjs/common';
import {
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerStorage,
  ThrottlerStorageService,
} from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { sharedState } from 'src/common/cluster/primary-state';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';

/** The rate limit's window: limits are configured per minute. */
export const RATE_LIMIT_WINDOW_MS = 60_000;

/**
 * Whose budget a request spends: its credential (an API key or the session cookie, hashed so no
 * secret sits in the limiter's memory), the organization it names, and its address.
 */
export function rateLimitKey(request: Pick<FastifyRequest, 'ip' | 'headers'>): string {
  const { headers } = request;
  const organization = String(headers['x-organization-id'] ?? '')
    .trim()
    .toLowerCase();
  const credential = headers.authorization ?? headers.cookie ?? '';
  const caller = credential === '' ? '-' : createHash('sha256').update(credential).digest('hex');
  return `${caller.slice(0, 32)}|${organization || '-'}|${request.ip}`;
}

/**
 * `@nestjs/throttler` with the IETF draft's `RateLimit-Limit`, `-Remaining` and `-Reset` headers
 * and the one error body (429 RATE_LIMITED with `Retry-After`) when the budget is spent.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override headerPrefix = 'RateLimit';

  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    return Promise.resolve(rateLimitKey(request as unknown as FastifyRequest));
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new AppError(
      ErrorCode.RateLimited,
      `Too many requests: at most ${detail.limit} a minute; try again in ${detail.timeToBlockExpire} s.`,
    ).withRetryAfter(detail.timeToBlockExpire);
  }
}

/** The name the primary process serves the rate limits' counters under (docs/scaling.md, "Workers"). */
export const RATE_LIMIT_STATE = 'rate-limit';

/**
 * The rate limits' counters: this process's own, or with `PLINTH_WORKERS` the primary's, so a
 * caller's budget is the same whichever worker its connections land on.
 */
export class SharedThrottlerStorage implements ThrottlerStorage {
  private readonly shared = sharedState(RATE_LIMIT_STATE, new ThrottlerStorageService());

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): ReturnType<ThrottlerStorage['increment']> {
    return this.shared('increment', key, ttl, limit, blockDuration, throttlerName);
  }
}
