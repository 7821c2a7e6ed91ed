import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Request } from 'express';
import { createHash } from 'node:crypto';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';

/** The rate limit's window: limits are configured per minute. */
export const RATE_LIMIT_WINDOW_MS = 60_000;

/**
 * Whose budget a request spends: its credential (an API key or the session cookie, hashed so no
 * secret sits in the limiter's memory), the organization it names, and its address.
 */
export function rateLimitKey(request: Pick<Request, 'ip' | 'header'>): string {
  const organization = (request.header('x-organization-id') ?? '').trim().toLowerCase();
  const credential = request.header('authorization') ?? request.header('cookie') ?? '';
  const caller = credential === '' ? '-' : createHash('sha256').update(credential).digest('hex');
  return `${caller.slice(0, 32)}|${organization || '-'}|${request.ip ?? 'unknown'}`;
}

/**
 * `@nestjs/throttler` with the IETF draft's `RateLimit-Limit`, `-Remaining` and `-Reset` headers
 * and the one error body (429 RATE_LIMITED with `Retry-After`) when the budget is spent.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override headerPrefix = 'RateLimit';

  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    return Promise.resolve(rateLimitKey(request as unknown as Request));
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
