import { type ExecutionContext, Injectable } from '@nestjs/common';
import {
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { createHash } from 'node:crypto';
import { isWorkerProcess, sharedState } from 'src/common/cluster/primary-state';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { RateLimitCounters, type ThrottlerRecord } from './rate-limit-counters';

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

/** How long a worker may spend hits the primary granted it before asking again. */
const LEASE_MS = 1_000;
/** The most hits a worker asks for at once. */
const MAX_LEASE = 64;

interface Lease {
  /** Hits granted and not spent yet. */
  tokens: number;
  granted: number;
  until: number;
  /** The primary's answer for the last granted hit. */
  record: ThrottlerRecord;
}

/**
 * The rate limits' counters: this process's own, or with `PLINTH_WORKERS` the primary's, so a
 * caller's budget is the same whichever worker its connections land on. A worker does not ask
 * the primary for every request (an IPC round trip each): while a busy caller has used less than
 * half its budget, the primary grants it a few hits at once (doubling while they are spent within
 * a second, up to 64), counted when granted. Near the limit every hit is counted one by one, so a
 * caller never gets more than its limit; a grant left unspent for a second is dropped.
 */
export class SharedThrottlerStorage implements ThrottlerStorage {
  private readonly counters = new RateLimitCounters();
  private readonly shared = sharedState(RATE_LIMIT_STATE, this.counters);
  private readonly leases = new LRUCache<string, Lease>({ max: 10_000 });
  private readonly asking = new Map<string, Promise<unknown>>();

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): ReturnType<ThrottlerStorage['increment']> {
    if (!isWorkerProcess()) {
      return this.counters.increment(key, ttl, limit, blockDuration, throttlerName);
    }
    return this.spend(`${throttlerName}:${key}`, (want) =>
      this.shared('take', key, ttl, limit, blockDuration, throttlerName, want),
    );
  }

  private async spend(
    id: string,
    ask: (want: number) => Promise<{ record: ThrottlerRecord; granted: number }>,
  ): Promise<ThrottlerRecord> {
    for (;;) {
      const lease = this.leases.get(id);
      const now = Date.now();
      if (lease && lease.tokens > 0 && now < lease.until) {
        lease.tokens--;
        return { ...lease.record, totalHits: lease.record.totalHits - lease.tokens };
      }
      const inFlight = this.asking.get(id);
      if (inFlight) {
        await inFlight;
        continue;
      }
      const wasSpent = lease !== undefined && lease.tokens === 0 && now < lease.until;
      const want = !lease
        ? 1
        : wasSpent
          ? Math.min(lease.granted * 2, MAX_LEASE)
          : Math.max(1, lease.granted / 2);
      const asked = ask(want);
      this.asking.set(id, asked);
      try {
        const { record, granted } = await asked;
        this.leases.set(id, { tokens: granted - 1, granted, until: Date.now() + LEASE_MS, record });
        return { ...record, totalHits: record.totalHits - (granted - 1) };
      } finally {
        this.asking.delete(id);
      }
    }
  }
}
