import type { ThrottlerStorage } from '@nestjs/throttler';

export type ThrottlerRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** One caller's budget under one throttler: its hits' expiry times, oldest first. */
interface Budget {
  expiries: number[];
  /** Index of the oldest hit still counted: expired ones are skipped, not spliced out. */
  head: number;
  expiresAt: number;
  blockExpiresAt: number;
  isBlocked: boolean;
}

/** Expired entries kept at the front before the array is compacted. */
const COMPACT_AFTER = 1_024;
/** How often callers with no live hit are forgotten (memory stays bounded by active callers). */
const SWEEP_EVERY_MS = 60_000;

/**
 * The rate limits' counters: a sliding window of each caller's hits, as `@nestjs/throttler`'s own
 * storage counts them (same answers, blocks included), at a constant cost per request. Its
 * storage filtered every hit of the window on each request, so at 1,800 requests a second under
 * a high limit each request walked ~100,000 entries (bench/README.md).
 */
export class RateLimitCounters implements ThrottlerStorage {
  private readonly budgets = new Map<string, Budget>();
  private sweep?: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {}

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerRecord> {
    return Promise.resolve(this.hit(key, ttl, limit, blockDuration, throttlerName));
  }

  /**
   * Up to `want` hits at once, for a worker to spend on its own (rate-limit.ts): all of them while
   * the caller has used less than half its budget, else exactly one, as `increment` counts it.
   * Answers the record of the last hit and how many were granted.
   */
  take(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
    want: number,
  ): Promise<{ record: ThrottlerRecord; granted: number }> {
    const now = this.now();
    const budget = this.budgetOf(`${throttlerName}:${key}`, now, ttl);
    dropExpired(budget, now);
    const granted =
      want > 1 && !budget.isBlocked && count(budget) + want <= limit / 2 ? Math.floor(want) : 1;
    for (let i = 1; i < granted; i++) {
      budget.expiries.push(now + ttl);
    }
    return Promise.resolve({
      record: this.hit(key, ttl, limit, blockDuration, throttlerName),
      granted,
    });
  }

  private hit(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): ThrottlerRecord {
    this.startSweep();
    const now = this.now();
    const budget = this.budgetOf(`${throttlerName}:${key}`, now, ttl);
    dropExpired(budget, now);
    let timeToExpire = secondsUntil(budget.expiresAt, now);
    if (timeToExpire <= 0) {
      budget.expiresAt = now + ttl;
      timeToExpire = secondsUntil(budget.expiresAt, now);
    }
    if (blockDuration <= 0) {
      const isBlocked = count(budget) >= limit;
      if (!isBlocked) {
        budget.expiries.push(now + ttl);
      }
      const oldest = budget.expiries[budget.head];
      return {
        totalHits: count(budget) + (isBlocked ? 1 : 0),
        timeToExpire,
        isBlocked,
        timeToBlockExpire: !isBlocked
          ? 0
          : oldest === undefined
            ? timeToExpire
            : secondsUntil(oldest, now),
      };
    }
    if (!budget.isBlocked) {
      budget.expiries.push(now + ttl);
    }
    if (count(budget) > limit && !budget.isBlocked) {
      budget.isBlocked = true;
      budget.blockExpiresAt = now + blockDuration;
    }
    const timeToBlockExpire = secondsUntil(budget.blockExpiresAt, now);
    if (timeToBlockExpire <= 0 && budget.isBlocked) {
      budget.isBlocked = false;
      budget.expiries = [now + ttl];
      budget.head = 0;
    }
    return {
      totalHits: count(budget),
      timeToExpire,
      isBlocked: budget.isBlocked,
      timeToBlockExpire,
    };
  }

  /** Forgets callers with no hit in their window and no block (run every minute). */
  forgetIdle(now = this.now()): void {
    for (const [key, budget] of this.budgets) {
      dropExpired(budget, now);
      const isIdle = count(budget) === 0 && budget.expiresAt <= now;
      if (isIdle && !(budget.isBlocked && budget.blockExpiresAt > now)) {
        this.budgets.delete(key);
      }
    }
  }

  /** How many callers are remembered (tests). */
  get size(): number {
    return this.budgets.size;
  }

  private budgetOf(key: string, now: number, ttl: number): Budget {
    let budget = this.budgets.get(key);
    if (!budget) {
      budget = { expiries: [], head: 0, expiresAt: now + ttl, blockExpiresAt: 0, isBlocked: false };
      this.budgets.set(key, budget);
    }
    return budget;
  }

  private startSweep(): void {
    if (!this.sweep) {
      this.sweep = setInterval(() => this.forgetIdle(), SWEEP_EVERY_MS);
      this.sweep.unref();
    }
  }
}

function count(budget: Budget): number {
  return budget.expiries.length - budget.head;
}

/** Hits expire in the order they came (one ttl per throttler): only the front is looked at. */
function dropExpired(budget: Budget, now: number): void {
  const { expiries } = budget;
  while (budget.head < expiries.length && (expiries[budget.head] ?? 0) <= now) {
    budget.head++;
  }
  if (budget.head >= COMPACT_AFTER && budget.head * 2 >= expiries.length) {
    budget.expiries = expiries.slice(budget.head);
    budget.head = 0;
  }
}

function secondsUntil(time: number, now: number): number {
  return Math.ceil((time - now) / 1000);
}
